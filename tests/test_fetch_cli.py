"""`briefing fetch` and `briefing import URL|PAGE.html` end to end, in-process, against real
loopback HTTP servers: the summary line and exit status, conditional GETs, the schedule,
redirects and 410, dedup across feeds and changed GUIDs, full text with a paywall, hostile
items, retention."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from briefing.store import ArticleStore
from tests.support.feeds import DATE, FeedSite, Story, page_html, story
from tests.support.loopback import Reply

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture

ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def site(loopback) -> FeedSite:
    return FeedSite(loopback())


def subscribe(run_cli, *urls: str, mode: str = "never") -> None:
    for url in urls:
        result = run_cli("feed", "add", url, "--full-text", mode)
        assert result.exit_code == 0, result.output


def last_line(result) -> str:
    return result.stderr.strip().splitlines()[-1]


def test_fetch_summary_exit_status_and_304_with_both_validators(site, run_cli):
    a = site.feed("/a.xml", [story(1), story(2)], etag='"a1"')
    b = site.feed("/b.xml", [story(3)], etag='"b1"')
    subscribe(run_cli, a, b)
    site.feed("/a.xml", [story(0), story(1), story(2)], etag='"a2"')  # a new story on a
    result = run_cli("fetch", "--force")
    assert result.exit_code == 0, result.output
    assert last_line(result) == "feeds 2, new 1, not modified 1, failed 0"
    sent = site.feed_requests("/b.xml")[-1]
    assert sent.header("If-None-Match") == '"b1"' and sent.header("If-Modified-Since") == DATE
    again = run_cli("fetch", "--force")
    assert last_line(again) == "feeds 2, new 0, not modified 2, failed 0"
    assert site.feed_requests("/a.xml")[-1].header("If-None-Match") == '"a2"'
    # Not due: nothing fetched without --force; a named feed is fetched whatever its schedule.
    requests = len(site.server.requests)
    assert last_line(run_cli("fetch")) == "feeds 0, new 0, not modified 0, failed 0"
    assert len(site.server.requests) == requests
    assert last_line(run_cli("fetch", b)) == "feeds 1, new 0, not modified 1, failed 0"
    # A broken feed: one line `URL: reason`, counted, exit 1; the rest still fetched.
    site.server.route("/b.xml", Reply(404))
    broken = run_cli("fetch", "--force")
    assert broken.exit_code == 1
    assert broken.stderr.strip().splitlines() == [
        f"{b}: HTTP 404 Not Found",
        "feeds 2, new 0, not modified 1, failed 1",
    ]


def test_unknown_feed_argument_is_one_line_and_exit_1(site, run_cli):
    a = site.feed("/a.xml", [story(1)])
    subscribe(run_cli, a)
    result = run_cli("fetch", "nope", a)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[0].startswith("briefing: no feed 'nope'")
    assert last_line(result) == "feeds 1, new 0, not modified 1, failed 0"


def test_same_story_through_two_feeds_and_a_changed_guid_is_stored_once(site, run_cli, library_path):
    shared = story(7)
    tracked = Story(
        shared.title,
        shared.link + "?utm_source=rss&utm_medium=feed#top",
        shared.text,
        guid="other-7",
        published=shared.published,
    )
    a = site.feed("/a.xml", [shared, story(8)])
    b = site.feed("/b.xml", [tracked, story(9)])
    subscribe(run_cli, a)
    add_b = run_cli("feed", "add", b, "--full-text", "never")
    assert add_b.stdout.strip().endswith("1 new article")
    assert len(ArticleStore(library_path)) == 3
    # Feed a changes the GUID of story 8 (same link) and adds story 10: one new article.
    renamed = Story(story(8).title, story(8).link, story(8).text, guid="a-new-guid-8", published=story(8).published)
    site.feed("/a.xml", [shared, renamed, story(10)])
    result = run_cli("fetch", "--force")
    assert last_line(result) == "feeds 2, new 1, not modified 1, failed 0"
    titles = sorted(r.title for r in ArticleStore(library_path).rows())
    assert len(titles) == 4 and len(set(titles)) == 4


def test_full_text_always_with_a_paywalled_page_keeps_the_feed_text(site, run_cli, library_path):
    free, walled = story(1, words=30), story(2, words=30)
    site.page(walled.link, page_html(walled.title, paywall=True))
    url = site.feed("/a.xml", [free, walled])
    subscribe(run_cli, url)  # never: no page fetched yet
    assert not [r for r in site.server.requests if r.path.startswith("/articles/")]
    site.feed("/a.xml", [free, walled, story(3, words=30)], pages=True)
    result = run_cli("fetch", "--force", "--full-text", "always")
    assert result.exit_code == 0, result.output
    assert last_line(result) == "feeds 1, new 1, not modified 0, failed 0"  # only the new item's page is fetched
    assert [r.path for r in site.server.requests if r.path.startswith("/articles/")] == ["/articles/3.html"]
    # A new library: every item's page fetched; the paywalled one keeps the feed's text, flagged.
    fresh = library_path.parent / "fresh" / "library.json"
    assert run_cli("feed", "add", url, "--full-text", "always", db=fresh).exit_code == 0
    rows = {r.title: r for r in ArticleStore(fresh).rows()}
    assert rows[walled.title].text_source == "feed"
    assert "paywall" in rows[walled.title].text_problem
    assert rows[free.title].text_source == "page" and rows[free.title].text_problem is None
    record = ArticleStore(fresh).get(rows[walled.title].id)
    assert record.paragraphs and "voted on" in record.body  # the feed's text, not an empty article
    assert len(ArticleStore(fresh).get(rows[free.title].id).body.split()) > 300  # the page's full text


def test_auto_fetches_pages_for_teasers_only(site, run_cli, library_path):
    teaser, full = story(1, words=20), story(2, words=400)
    url = site.feed("/a.xml", [teaser, full])
    subscribe(run_cli, url, mode="auto")
    assert [r.path for r in site.server.requests if r.path.startswith("/articles/")] == ["/articles/1.html"]
    rows = {r.title: r for r in ArticleStore(library_path).rows()}
    assert rows[teaser.title].text_source == "page" and rows[full.title].text_source == "feed"


HOSTILE_TITLE = "[bold red]Boom[/] \x1b[2J\x1b]0;pwned\x07 <script>alert(1)</script> [link=http://evil]x[/link]"


def test_hostile_items_never_reach_the_output_as_markup_or_escape_sequences(site, run_cli):
    hostile = Story(
        HOSTILE_TITLE,
        "/articles/h.html",
        "Text with \x1b[31mred\x1b[0m and \x9b2J and <b>bold</b>.",
        guid="h1",
        extra="<category>\x1b]52;c;ZXZpbA==\x07</category>",
    )
    url = site.feed("/h.xml", [hostile, story(2)], title="Evil \x1b[5mfeed\x1b[0m [blink]")
    subscribe(run_cli, url)
    for args in (("list",), ("feed", "list"), ("feed", "list", "--json"), ("list", "--json"), ("fetch", "--force")):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
        assert not ESCAPES.search(result.stdout.replace("\n", "")), args
        assert "\x1b" not in result.stderr and "\x9b" not in result.stderr
    listed = run_cli("list").stdout
    assert "[bold red]Boom[/]" in listed  # shown as the characters it is, never interpreted
    [row] = [r for r in json.loads(run_cli("list", "--json").stdout) if "Boom" in r["title"]]
    assert row["title"].startswith("[bold red]Boom[/]") and "pwned" not in row["title"]
    shown = run_cli("show", row["id"]).stdout
    assert not ESCAPES.search(shown.replace("\n", "")) and "<script>" not in shown.split("Article")[-1]


def test_redirects_gone_feeds_and_what_the_user_is_told(site, run_cli):
    moved = site.feed("/new.xml", [story(1)])
    old = site.server.route("/old.xml", Reply.redirect(301, "/mid.xml"))
    site.server.route("/mid.xml", Reply.redirect(308, "/new.xml"))
    temporary = site.server.route("/temp.xml", Reply.redirect(302, "/new2.xml"))
    site.feed("/new2.xml", [story(2)])
    subscribe(run_cli, moved)
    # Subscribing through a permanent redirect subscribes to where it leads.
    result = run_cli("feed", "add", old, "--full-text", "never")
    assert "moved permanently" in result.stderr and "already subscribed" in result.stderr
    subscribe(run_cli, temporary)
    urls = [f["url"] for f in json.loads(run_cli("feed", "list", "--json").stdout)]
    assert temporary in urls and moved in urls
    gone = site.feed("/gone.xml", [story(3)])
    subscribe(run_cli, gone)
    site.server.route("/gone.xml", Reply(410))
    result = run_cli("fetch", "--force")
    assert result.exit_code == 1
    assert (
        f"{gone}: HTTP 410 Gone (the server says it was removed for good); not fetched again until it gets a new "
        "URL" in result.stderr
    )
    requests = len(site.feed_requests("/gone.xml"))
    assert last_line(run_cli("fetch", "--force")) == "feeds 2, new 0, not modified 2, failed 0"
    named = run_cli("fetch", gone)
    assert named.exit_code == 1 and "not fetched again until it gets a new URL" in named.stderr
    assert len(site.feed_requests("/gone.xml")) == requests
    status = {f["url"]: f["status"] for f in json.loads(run_cli("feed", "list", "--json").stdout)}
    assert status[gone] == "gone"


def test_a_fetch_follows_a_permanent_move_and_says_so(site, run_cli):
    url = site.feed("/feed.xml", [story(1)])
    subscribe(run_cli, url)
    site.feed("/moved.xml", [story(1), story(2)])
    site.server.route("/feed.xml", Reply.redirect(301, "/moved.xml"))
    result = run_cli("fetch", "--force")
    assert f"{url}: moved permanently to {site.base}/moved.xml" in result.stderr
    assert last_line(result) == "feeds 1, new 1, not modified 0, failed 0"
    assert [f["url"] for f in json.loads(run_cli("feed", "list", "--json").stdout)] == [f"{site.base}/moved.xml"]


def test_a_body_that_is_not_a_feed_is_a_failure_with_its_reason(site, run_cli):
    url = site.feed("/feed.xml", [story(1)])
    subscribe(run_cli, url)
    site.server.route(
        "/feed.xml", Reply(200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html><body>maintenance</body></html>")
    )
    result = run_cli("fetch", "--force")
    assert result.exit_code == 1
    assert f"{url}: an HTML page, not a feed, and it names no feed" in result.stderr


def test_retention_days_prunes_after_fetch_and_import_but_never_tagged(
    site, run_cli, library_path, tmp_path, monkeypatch
):
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    url = site.feed("/a.xml", [story(1), story(2, published=old)])
    subscribe(run_cli, url)  # no retention yet: both stored
    store = ArticleStore(library_path)
    old_id = next(r.id for r in store.rows() if r.title == story(2).title)
    store.tag(old_id, ["keep"])
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text("[feeds]\nretention_days = 30\nbogus = 1\n", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    site.feed("/a.xml", [story(1), story(2, published=old), story(3, published=old)])
    result = run_cli("fetch", "--force")
    assert result.stderr.count("unknown setting feeds.bogus") == 1  # config problems: once
    assert "removed 1 article older than 30 days" in result.stderr
    assert sorted(r.title for r in ArticleStore(library_path).rows()) == sorted([story(1).title, story(2).title])
    page = tmp_path / "old.md"
    page.write_text("---\ntitle: Old news\ndate: 2001-01-01\n---\n\nSomething happened long ago.\n", encoding="utf-8")
    result = run_cli("import", str(page))
    assert "removed 1 article older than 30 days" in result.stderr
    assert len(ArticleStore(library_path)) == 2
    # A pruned feed item never comes back.
    site.feed("/a.xml", [story(1), story(2, published=old), story(3, published=old), story(4)])
    assert last_line(run_cli("fetch", "--force")) == "feeds 1, new 1, not modified 0, failed 0"
    assert story(3).title not in {r.title for r in ArticleStore(library_path).rows()}


def test_import_url_and_html_pages_and_folders(site, run_cli, library_path, tmp_path):
    url = site.page("/story.html", page_html("Harbour plan approved", words=300))
    site.page("/wall.html", page_html("Members only", paywall=True))
    feed = site.feed("/feed.xml", [story(1)])
    result = run_cli("import", url, site.base + "/wall.html", feed, site.base + "/missing.html")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "imported 1, duplicates 0, failed 3"
    assert any(line.startswith(f"{site.base}/wall.html: ") and "paywall" in line for line in lines)
    assert f"{feed}: a feed, not an article page (subscribe with: briefing feed add URL)" in lines
    assert f"{site.base}/missing.html: HTTP 404 Not Found" in lines
    [row] = ArticleStore(library_path).rows()
    assert (row.title, row.url, row.text_source) == ("Harbour plan approved", url, "page")
    folder = tmp_path / "saved"
    (folder / "deep").mkdir(parents=True)
    (folder / "one.html").write_bytes(page_html("Bridge opens in Halden", words=250, place="Halden"))
    (folder / "deep" / "two.HTM").write_bytes(page_html("Rail line extended", words=250, place="Lowmoor"))
    (folder / "note.txt").write_text(
        "A plain headline\nIts standfirst.\nA plain body paragraph here.\n", encoding="utf-8"
    )
    result = run_cli("import", str(folder))
    assert result.exit_code == 0, result.output
    assert last_line(result) == "imported 3, duplicates 0, failed 0"
    again = run_cli("import", str(folder / "one.html"))
    assert last_line(again) == "imported 0, duplicates 1, failed 0"
    assert len(site.server.requests) == 4  # pages are never fetched for files
