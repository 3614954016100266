"""`briefing feed ...` end to end, in-process, against real loopback HTTP servers: add (one
request, discovery, --pick), list (the contract's JSON shape), edit, remove --purge, OPML
import and export."""

from __future__ import annotations

import json

import pytest

from briefing.store import ArticleStore
from tests.support.feeds import FeedSite, story
from tests.support.loopback import Reply

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture

FEED_KEYS = [
    "id",
    "url",
    "title",
    "site_url",
    "tags",
    "full_text",
    "status",
    "error",
    "last_fetched",
    "next_check",
    "article_count",
    "unread_count",
]


@pytest.fixture
def site(loopback) -> FeedSite:
    return FeedSite(loopback())


def feeds_json(run_cli) -> list[dict]:
    result = run_cli("feed", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_feed_add_makes_one_request_and_imports_its_items(site, run_cli, library_path):
    url = site.feed("/news.xml", [story(n) for n in range(3)], title="Riverton Ledger")
    result = run_cli("feed", "add", url, "--tag", "local", "--tag", "Local", "--full-text", "never")
    assert result.exit_code == 0, result.output
    assert len(site.server.requests) == 1  # one GET, reused for the first import
    feed_id, title, new = result.stdout.strip().split("  ")
    assert (title, new) == ("Riverton Ledger", "3 new articles")
    [feed] = feeds_json(run_cli)
    assert list(feed) == FEED_KEYS
    assert feed["id"] == feed_id and feed["url"] == url and feed["tags"] == ["local"]
    assert (feed["status"], feed["error"], feed["full_text"]) == ("ok", None, "never")
    assert (feed["article_count"], feed["unread_count"]) == (3, 3)
    assert feed["last_fetched"] and feed["next_check"] > feed["last_fetched"]
    rows = ArticleStore(library_path).rows()
    assert {r.feed for r in rows} == {feed_id} and {r.source for r in rows} == {"Riverton Ledger"}
    # The same URL again: no request at all.
    again = run_cli("feed", "add", url)
    assert again.exit_code == 0 and "already subscribed" in again.stderr
    assert len(site.server.requests) == 1


def test_feed_add_follows_the_feed_a_page_names(site, run_cli):
    feed = site.feed("/feed.rss", [story(1)], title="Named feed")
    page = site.html_with_feeds("/", [("/feed.rss", "RSS")])
    result = run_cli("feed", "add", page, "--full-text", "never")
    assert result.exit_code == 0, result.output
    assert f"names the feed {feed}" in result.stderr
    assert feeds_json(run_cli)[0]["url"] == feed


def test_several_named_feeds_take_the_first_off_a_terminal_or_the_picked_one(site, run_cli, library_path, tmp_path):
    first = site.feed("/one.xml", [story(1)], title="One")
    second = site.feed("/two.xml", [story(2)], title="Two")
    page = site.html_with_feeds("/home", [("/one.xml", "One"), ("/two.xml", "Two")])
    result = run_cli("feed", "add", page, "--full-text", "never")
    assert result.exit_code == 0 and "the first of 2" in result.stderr
    assert [f["url"] for f in feeds_json(run_cli)] == [first]
    other = tmp_path / "other" / "library.json"
    picked = run_cli("feed", "add", page, "--pick", "2", "--full-text", "never", db=other)
    assert picked.exit_code == 0, picked.output
    assert [f["url"] for f in json.loads(run_cli("feed", "list", "--json", db=other).stdout)] == [second]
    out_of_range = run_cli("feed", "add", page, "--pick", "3", db=other)
    assert out_of_range.exit_code == 1 and "names 2 feed(s)" in out_of_range.stderr


def test_several_named_feeds_on_a_terminal_are_listed_and_one_must_be_picked(site, run_cli, monkeypatch):
    site.feed("/one.xml", [story(1)])
    site.feed("/two.xml", [story(2)])
    page = site.html_with_feeds("/home", [("/one.xml", "One"), ("/two.xml", "Two")])
    monkeypatch.setattr("briefing.cli.feed_cmds.on_terminal", lambda: True)
    result = run_cli("feed", "add", page)
    assert result.exit_code == 2
    assert "1. " + site.base + "/one.xml" in result.stderr and "2. " + site.base + "/two.xml" in result.stderr
    assert "--pick N" in result.stderr
    assert feeds_json(run_cli) == []


@pytest.mark.parametrize("path, reason", [("/missing.xml", "HTTP 404"), ("/page.html", "names no feed")])
def test_feed_add_failures_are_one_line_and_subscribe_nothing(site, run_cli, path, reason):
    site.page("/page.html", b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>")
    result = run_cli("feed", "add", site.base + path)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"briefing: {site.base}{path}: ") and reason in line
    assert feeds_json(run_cli) == []


def test_feed_add_refuses_a_non_url_without_a_request(run_cli):
    result = run_cli("feed", "add", "file:///etc/passwd")
    assert result.exit_code == 1 and "only http and https" in result.stderr


def test_feed_list_table_shows_status_counts_and_the_error(site, run_cli):
    good = site.feed("/good.xml", [story(1), story(2)], title="Good feed")
    assert run_cli("feed", "add", good, "--tag", "news", "--full-text", "never").exit_code == 0
    site.server.route("/good.xml", Reply(500))
    assert run_cli("fetch", "--force").exit_code == 1
    table = run_cli("feed", "list")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["ID", "STATUS", "UNREAD", "TOTAL"]
    assert "error" in lines[1] and "Good feed" in lines[1] and "#news" in lines[1] and good in lines[1]
    assert lines[2].strip() == "error: HTTP 500 Internal Server Error"
    [feed] = feeds_json(run_cli)
    assert feed["status"] == "error" and feed["error"] == "HTTP 500 Internal Server Error"
    assert (feed["article_count"], feed["unread_count"]) == (2, 2)


def test_feed_edit_changes_tags_title_mode_and_url(site, run_cli):
    url = site.feed("/a.xml", [story(1)], title="A")
    new_url = site.feed("/b.xml", [story(2)], title="B")
    assert run_cli("feed", "add", url, "--tag", "one", "--tag", "two", "--full-text", "never").exit_code == 0
    feed_id = feeds_json(run_cli)[0]["id"]
    result = run_cli(
        "feed", "edit", feed_id[:5], "--tag", "three", "--untag", "ONE", "--title", "Renamed", "--full-text", "always"
    )
    assert result.exit_code == 0, result.output
    [feed] = feeds_json(run_cli)
    assert (feed["tags"], feed["title"], feed["full_text"]) == (["two", "three"], "Renamed", "always")
    moved = run_cli("feed", "edit", url, "--url", new_url)
    assert moved.exit_code == 0
    [feed] = feeds_json(run_cli)
    assert feed["url"] == new_url and feed["status"] == "new" and feed["next_check"] is None
    assert run_cli("feed", "edit", feed_id).exit_code == 2  # nothing to change
    assert run_cli("feed", "edit", feed_id, "--url", "not a url").exit_code == 2
    missing = run_cli("feed", "edit", "ffffffff", "--title", "x")
    assert missing.exit_code == 1 and missing.stderr.startswith("briefing: no feed 'ffffffff'")


def test_feed_remove_purge_keeps_tagged_noted_and_starred_articles(site, run_cli, library_path):
    url = site.feed("/a.xml", [story(n) for n in range(5)])
    other = site.feed("/b.xml", [story(n) for n in range(10, 12)])
    assert run_cli("feed", "add", url, "--full-text", "never").exit_code == 0
    assert run_cli("feed", "add", other, "--full-text", "never").exit_code == 0
    store = ArticleStore(library_path)
    feed_id = store.feed_by_url(url)["id"]
    mine = [r.id for r in store.rows() if r.feed == feed_id]
    store.tag(mine[0], ["keep"])
    store.add_note(mine[1], "my note")
    store.set_starred(mine[2], True)
    store.set_read(mine[3], True)
    result = run_cli("feed", "remove", feed_id, "--purge")
    assert result.exit_code == 0, result.output
    assert "removed 2 articles (kept 3 with tags, notes or a star)" in result.stderr
    store = ArticleStore(library_path)
    left = {r.id for r in store.rows()}
    assert set(mine[:3]) <= left and not set(mine[3:]) & left
    assert len([r for r in store.rows() if r.feed != feed_id]) == 2  # the other feed's articles stay
    assert [f["url"] for f in store.feeds()] == [other]
    # Without --purge the articles stay; an unknown FEED is one line and exit 1, the rest done.
    result = run_cli("feed", "remove", other, "nope")
    assert result.exit_code == 1 and "no feed 'nope'" in result.stderr
    assert ArticleStore(library_path).feeds() == [] and len(ArticleStore(library_path)) == 5


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="News" title="News">
    <outline type="rss" text="Ledger" title="Ledger" xmlUrl="{base}/ledger.xml?a=1&b=2" htmlUrl="{base}/"/>
    <outline text="Local"><outline type="rss" text="Gazette" xmlUrl="{base}/gazette.xml" category="/weather,town"/></outline>
  </outline>
  <outline type="rss" text="Loose" xmlUrl="{base}/loose.xml"/>
  <outline type="rss" text="Again" xmlUrl="{base}/loose.xml"/>
  <outline type="rss" text="Bad" xmlUrl="ftp://example.org/feed"/>
</body></opml>
"""


def test_opml_import_export_round_trip_through_the_cli(site, run_cli, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML.replace("{base}", site.base), encoding="utf-8")
    result = run_cli("feed", "import", str(opml))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("subscribed 3, already subscribed 0, problems ")
    assert site.server.requests == []  # subscribing fetches nothing
    before = {(f["url"], f["title"], tuple(f["tags"])) for f in feeds_json(run_cli)}
    assert (f"{site.base}/ledger.xml?a=1&b=2", "Ledger", ("News",)) in before  # the bare & kept
    assert any(
        url.endswith("/gazette.xml") and set(tags) == {"News", "Local", "weather", "town"} for url, _, tags in before
    )
    assert all(f["status"] == "new" for f in feeds_json(run_cli))
    exported = tmp_path / "out.opml"
    assert run_cli("feed", "export", "--output", str(exported)).exit_code == 0
    printed = run_cli("feed", "export").stdout_bytes
    undated = [line for line in exported.read_bytes().splitlines() if b"<dateCreated>" not in line]
    assert [line for line in printed.splitlines() if b"<dateCreated>" not in line] == undated
    fresh = tmp_path / "fresh" / "library.json"
    assert run_cli("feed", "import", str(exported), db=fresh).exit_code == 0
    after = {
        (f["url"], f["title"], tuple(f["tags"])) for f in json.loads(run_cli("feed", "list", "--json", db=fresh).stdout)
    }
    assert {(u, t, frozenset(g)) for u, t, g in after} == {(u, t, frozenset(g)) for u, t, g in before}
    again = run_cli("feed", "import", str(exported), db=fresh)
    assert "subscribed 0, already subscribed 3" in again.stderr


def test_opml_import_of_a_file_that_is_not_opml(run_cli, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just text", encoding="utf-8")
    result = run_cli("feed", "import", str(bad))
    assert result.exit_code == 1 and result.stderr.startswith(f"briefing: {bad}: not an OPML file")
    missing = run_cli("feed", "import", str(tmp_path / "missing.opml"))
    assert missing.exit_code == 1 and "No such file" in missing.stderr
