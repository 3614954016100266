"""Feed parsing: the 68 real-world feeds of feed-rs, RSS/Atom/JSON Feed specifics, dates, titles,
links, teasers, and documents that are not feeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing.core.text import clean_line
from briefing.feeds.html import html_to_text
from briefing.feeds.model import FeedLink, NotAFeed
from briefing.feeds.parse import looks_truncated, parse_date, parse_document, plausible_date

FEED_RS = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "feed-rs" / "fixture"
URL = "https://fixture.example/feed.xml"
# Documents of feed-rs's fixture folder that are not feeds: XML samples for its XML reader.
NOT_FEEDS = {"xml_iso8859.xml", "xml_sample_1.xml", "xml_sample_2.xml"}
# A Reuters RSS channel cut off before its first item (feed-rs expects an error, so it has no
# .serde.json): we read it as an RSS feed with no items and a warning.
TRUNCATED = {"rss_2.0_invalid_1.xml"}


def _fixtures() -> list[Path]:
    if not FEED_RS.is_dir():
        return []
    return sorted(p for p in FEED_RS.glob("*/*") if not p.name.endswith(".serde.json"))


def _utc(value: str | None) -> str | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def test_the_feed_rs_fixtures_are_all_there():
    assert len(_fixtures()) == 68, f"expected the 68 feed-rs fixtures in {FEED_RS}"


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.name)
def test_feed_rs_fixture(path: Path):
    """Every real-world feed parses with feed-rs's item count; titles, links and dates agree
    with feed-rs's expected parse, allowing for these differences of convention:

    - links: we resolve relative links against the feed's URL (feed-rs keeps them relative),
      keep the host's case ("Dicas-L.com.br") and do not add a trailing "/" to a bare host;
      like feedparser we take an RSS <guid isPermaLink> or an Atom URL <id> as the link of an
      item that has no <link> (feed-rs gives none);
    - titles: an item without a title gets one from its text (feed-rs leaves it empty);
      HTML titles are plain text;
    - dates: one date per item, published else updated, in UTC; feedparser also reads two
      dates feed-rs rejects (NBC's "Sat, Dec 16 2023 02:02:33 PM", a "+00:0" offset).
    """
    body = path.read_bytes()
    if path.name in NOT_FEEDS:
        with pytest.raises(NotAFeed):
            parse_document(body, url=URL)
        return
    feed = parse_document(body, url=URL)
    if path.name in TRUNCATED:
        assert feed.kind == "rss" and feed.entries == () and feed.warnings
        assert feed.title == "Reuters: Most Read Articles"
        return
    expected = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".serde.json").read_text(encoding="utf-8"))
    assert len(feed.entries) == len(expected["entries"])
    assert (
        feed.kind == {"Atom": "atom", "JSON": "json"}.get(expected["feed_type"], "rss")
        or path.name == "rss_2.0_reddit.xml"
    )
    for ours, theirs in zip(feed.entries, expected["entries"]):
        title = theirs["title"]
        want = ""
        if title:
            want = html_to_text(title["content"]) if "html" in title["content_type"] else clean_line(title["content"])
        assert ours.title == want or (not want and ours.title), (ours.title, want)
        links = [link["href"] for link in theirs["links"]]
        if links:
            assert ours.link is not None
            assert ours.link.lower().rstrip("/").endswith(links[0].lower().rstrip("/").lstrip("."))
        want_date = _utc(theirs["published"]) or _utc(theirs["updated"])
        if want_date:
            assert ours.published == want_date
        if ours.published:
            assert ours.date_source in ("published", "updated")
        assert all(p and "<" not in p[:1] for p in ours.paragraphs)


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News</title><link>https://news.example/</link>
<item>
  <title>Ministers meet in Brussels</title>
  <link>/2026/12/01/ministers</link>
  <guid isPermaLink="false">item-1</guid>
  <pubDate>Tue, 01 Dec 2026 09:30:00 +0100</pubDate>
  <dc:creator>Jane Reporter</dc:creator>
  <description>Ministers met on Tuesday.</description>
  <content:encoded><![CDATA[<p>Ministers met on <b>Tuesday</b> in Brussels.</p><p>Talks go on.</p>]]></content:encoded>
</item>
<item>
  <title>No guid here</title>
  <link>https://news.example/2</link>
  <description>&lt;p&gt;Only a description.&lt;/p&gt;</description>
</item>
<item>
  <description>An item without a title but with enough words to make one from its first sentence here.</description>
</item>
</channel></rss>"""


def test_rss_item_fields():
    feed = parse_document(RSS, url="https://news.example/feed.xml")
    assert (feed.kind, feed.title, feed.site_url) == ("rss", "Example News", "https://news.example/")
    first, second, third = feed.entries
    assert first.title == "Ministers meet in Brussels"
    assert first.link == "https://news.example/2026/12/01/ministers"  # relative link resolved
    assert first.guid == "item-1"
    assert first.published == "2026-12-01T08:30:00+00:00" and first.date_source == "published"
    assert first.paragraphs == ("Ministers met on Tuesday in Brussels.", "Talks go on.")
    assert first.summary == "Ministers met on Tuesday."
    assert first.author == "Jane Reporter"
    assert second.guid is None  # feedparser: no id at all
    assert second.paragraphs == ("Only a description.",)
    assert second.published is None and second.date_source is None
    assert third.title.startswith("An item without a title but with enough words")
    assert third.title.endswith("…") and len(third.title) <= 81


def test_atom_dates_content_and_xml_base():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/sub/">
<title type="html">My &lt;i&gt;blog&lt;/i&gt;</title><link href="https://blog.example/"/>
<entry><title>Only updated</title><id>tag:blog.example,2026:1</id><updated>2026-11-30T10:00:00-05:00</updated>
<link href="posts/1"/><content type="html">&lt;p&gt;Body one&lt;/p&gt;</content></entry>
<entry><title>Both dates</title><id>tag:blog.example,2026:2</id><published>2026-11-29T00:00:00Z</published>
<updated>2026-11-30T00:00:00Z</updated><summary>Short summary</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para A</p><p>Para B</p></div></content></entry>
</feed>"""
    feed = parse_document(atom, url="https://blog.example/atom.xml")
    assert feed.kind == "atom" and feed.title == "My blog"
    one, two = feed.entries
    assert one.published == "2026-11-30T15:00:00+00:00" and one.date_source == "updated"
    assert one.link == "https://blog.example/sub/posts/1"
    assert one.guid == "tag:blog.example,2026:1"
    assert one.summary is None  # feedparser copies the content into summary; that is not a summary
    assert two.published == "2026-11-29T00:00:00+00:00" and two.date_source == "published"
    assert two.paragraphs == ("Para A", "Para B") and two.summary == "Short summary"
    assert two.link is None  # a tag: id is not a link


def test_json_feed_1_1_and_1_0():
    v11 = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON &amp; news",
        "home_page_url": "https://json.example/",
        "authors": [{"name": "Feed Author"}],
        "items": [
            {
                "id": "1",
                "url": "/a/1",
                "title": "First",
                "content_html": "<p>One</p><script>x()</script><p>Two</p>",
                "summary": "The first.",
                "date_published": "2026-11-30T08:00:00+01:00",
            },
            {
                "id": 2,
                "external_url": "https://elsewhere.example/x",
                "content_text": "Plain one\n\nPlain two",
                "date_modified": "2026-11-30T09:00:00Z",
                "authors": [{"name": "Item Author"}],
            },
            "not an object",
        ],
    }
    feed = parse_document(json.dumps(v11).encode(), url="https://json.example/feed.json")
    assert (feed.kind, feed.title, feed.site_url) == ("json", "JSON & news", "https://json.example/")
    first, second = feed.entries
    assert first.link == "https://json.example/a/1" and first.guid == "1"
    assert first.paragraphs == ("One", "Two") and first.summary == "The first."
    assert first.published == "2026-11-30T07:00:00+00:00" and first.author == "Feed Author"
    assert second.guid == "2" and second.link == "https://elsewhere.example/x"
    assert second.paragraphs == ("Plain one", "Plain two")
    assert second.date_source == "updated" and second.author == "Item Author"
    assert second.title == "Plain one"
    assert any("not JSON objects" in w for w in feed.warnings)
    v10 = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Old",
        "items": [
            {"id": "x", "url": "https://json.example/x", "title": "T", "content_text": "Body", "author": {"name": "A"}}
        ],
    }
    old = parse_document(
        json.dumps(v10).encode(), url="https://json.example/feed.json", content_type="application/json"
    )
    assert old.entries[0].author == "A" and old.entries[0].paragraphs == ("Body",)
    with pytest.raises(NotAFeed, match="not a JSON Feed"):
        parse_document(b'{"hello": "world"}', url="https://json.example/x.json")
    with pytest.raises(NotAFeed, match="invalid JSON"):
        parse_document(b'{"items": [', url="https://json.example/x.json")


def test_feedparser_pitfalls_are_cleaned_up():
    # A bare "&" makes the XML malformed: feedparser recovers, keeps \x08 and makes "D&D;" of "D&D".
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Games & more</title>
<item><title>D&D night \x08at the \x1b[31mclub</title><guid>g1</guid><description>AT&T and D&D</description></item>
<item><title>AT&amp;amp;T doubly escaped</title><guid>g2</guid><description>x</description></item>
</channel></rss>"""
    feed = parse_document(body, url="https://games.example/rss")
    assert feed.entries[0].title == "D&D night at the club"
    assert feed.entries[1].title == "AT&T doubly escaped"
    assert feed.warnings and feed.warnings[0].startswith("malformed feed")


def test_repeated_guids_keep_the_first_and_shared_links_are_marked():
    items = "".join(
        f"<item><title>Episode {i}</title><guid>{g}</guid><link>https://pod.example/show</link></item>"
        for i, g in ((1, "a"), (2, "b"), (3, "a"))
    )
    body = f'<rss version="2.0"><channel><title>P</title>{items}</channel></rss>'.encode()
    feed = parse_document(body, url="https://pod.example/feed")
    assert [e.title for e in feed.entries] == ["Episode 1", "Episode 2"]
    assert all(not e.link_unique for e in feed.entries)
    assert any("repeat" in w for w in feed.warnings)


def test_dates_absurd_or_unreadable_become_none():
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    assert plausible_date(dt.datetime(1970, 1, 1, tzinfo=dt.UTC), now) is None
    assert plausible_date(dt.datetime(2027, 6, 1, tzinfo=dt.UTC), now) is None
    assert plausible_date(dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC), now) == "2026-12-02T12:00:00+00:00"
    assert parse_date("not a date") is None
    assert parse_date("2026-11-30T10:00:00+02:00") == "2026-11-30T08:00:00+00:00"
    assert parse_date("Mon, 30 Nov 2026 10:00:00 GMT") == "2026-11-30T10:00:00+00:00"
    body = b"""<rss version="2.0"><channel><title>D</title>
<item><title>epoch</title><guid>1</guid><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>
<item><title>future</title><guid>2</guid><pubDate>Fri, 01 Jan 2999 00:00:00 GMT</pubDate></item>
<item><title>garbage</title><guid>3</guid><pubDate>yesterday-ish</pubDate></item>
<item><title>italian</title><guid>4</guid><pubDate>mer, 16 nov 2022 00:38:15 +0100</pubDate></item>
</channel></rss>"""
    entries = parse_document(body, url="https://d.example/rss").entries
    assert [e.published for e in entries] == [None, None, None, "2022-11-15T23:38:15+00:00"]
    assert [e.date_source for e in entries] == [None, None, None, "published"]


@pytest.mark.parametrize(
    "paragraphs, truncated",
    [
        (("The minister said on Tuesday that talks would […]",), True),
        (("The minister said on Tuesday that talks would...",), True),
        (("Ministers met.", "Continue reading →"), True),
        (("Ministers met. Read more",), True),
        (("Ministers met. The post Ministers met appeared first on Example.", "(more…)"), True),
        (("The minister said on Tuesday that the talks in Brussels would continue well into the",), True),
        (("Ministers met on Tuesday in Brussels and agreed on a budget.",), False),
        (("Marcus Aurelius",), False),
        (("A full article. " * 200 + "and a footnote that has no full stop at its end for some reason",), False),
        ((), False),
    ],
)
def test_teasers_are_flagged(paragraphs, truncated):
    assert looks_truncated(paragraphs) is truncated


def test_a_teaser_item_is_flagged_and_read_more_is_not_body():
    body = b"""<rss version="2.0"><channel><title>T</title><item><title>Teaser</title><guid>t</guid>
<description>&lt;p&gt;The council voted on Monday.&lt;/p&gt;&lt;p&gt;&lt;a href="/x"&gt;Read more&lt;/a&gt;&lt;/p&gt;</description>
</item></channel></rss>"""
    entry = parse_document(body, url="https://t.example/rss").entries[0]
    assert entry.truncated
    assert entry.paragraphs == ("The council voted on Monday.",)  # clean_body dropped "Read more"


HTML_PAGE = b"""<!DOCTYPE html><html><head><title>Home</title><base href="https://site.example/blog/">
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts &amp; news" href="feed.xml">
<link rel="alternate" type="application/atom+xml" title="Atom" href="https://site.example/atom.xml">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
<link rel="alternate" type="application/feed+json" href="/feed.json">
<link rel="alternate" type="application/rss+xml" href="feed.xml">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><p>Hello</p></body></html>"""


def test_an_html_page_is_not_a_feed_and_names_its_alternates():
    with pytest.raises(NotAFeed) as caught:
        parse_document(HTML_PAGE, url="https://site.example/", content_type="text/html; charset=utf-8")
    assert "HTML page" in str(caught.value) and "3 feeds" in str(caught.value)
    assert caught.value.alternates == (
        FeedLink("https://site.example/blog/feed.xml", "Posts & news", "rss"),
        FeedLink("https://site.example/atom.xml", "Atom", "atom"),
        FeedLink("https://site.example/feed.json", None, "json"),
    )


def test_an_html_page_without_alternates_and_pages_without_doctype():
    with pytest.raises(NotAFeed, match="names no feed") as caught:
        parse_document(b"<html><body><p>Just a page</p></body></html>", url="https://p.example/")
    assert caught.value.alternates == ()
    with pytest.raises(NotAFeed, match="HTML page"):
        parse_document(
            b"\n\n<head><link rel=alternate type=application/rss+xml href=/rss></head>", url="https://p.example/"
        )


def test_a_feed_served_as_text_html_is_still_a_feed():
    feed = parse_document(RSS, url="https://news.example/feed.xml", content_type="text/html; charset=iso-8859-1")
    assert len(feed.entries) == 3 and feed.title == "Example News"


def test_a_utf8_feed_mislabelled_latin1_keeps_its_accents():
    body = '<rss version="2.0"><channel><title>Café</title><item><title>Crème brûlée</title><guid>1</guid></item></channel></rss>'
    feed = parse_document(
        body.encode("utf-8"), url="https://c.example/rss", content_type="application/rss+xml; charset=ISO-8859-1"
    )
    assert feed.title == "Café" and feed.entries[0].title == "Crème brûlée"
    latin = body.replace("<rss", '<?xml version="1.0" encoding="ISO-8859-1"?><rss', 1).encode("latin-1")
    assert parse_document(latin, url="https://c.example/rss").entries[0].title == "Crème brûlée"


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02garbage\xff\xfe", "not a feed"),
        (b"just some words", "neither XML nor JSON"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "not a feed"),
        (b"<rss", "not a feed"),
    ],
)
def test_documents_that_are_not_feeds(body, reason):
    with pytest.raises(NotAFeed, match=reason):
        parse_document(body, url="https://x.example/feed")


def test_an_rss_channel_without_items_is_an_empty_feed():
    feed = parse_document(b'<rss version="2.0"><channel><title>Empty</title></channel></rss>', url="https://e.example/")
    assert feed.entries == () and feed.title == "Empty" and feed.warnings == ()
