"""Canonical URLs, identity keys, the full-text decision and the Articles made from feed items
and pages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefing.core.urls import canonical_url, is_tracking_parameter
from briefing.feeds.articles import (
    PageNotUsable,
    entry_article,
    entry_keys,
    needs_full_text,
    page_article,
)
from briefing.feeds.model import ExtractedPage, FeedEntry
from briefing.feeds.parse import parse_document


@pytest.mark.parametrize(
    "url, canonical",
    [
        ("HTTPS://News.Example.COM:443/a/B?utm_source=rss&id=7#top", "https://news.example.com/a/B?id=7"),
        ("http://news.example:80/x", "http://news.example/x"),
        ("http://news.example:8080/x", "http://news.example:8080/x"),
        ("https://news.example", "https://news.example/"),
        ("https://n.example/p?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&UTM_Medium=x", "https://n.example/p"),
        ("https://n.example/p?b=2&a=1&utm_campaign=z", "https://n.example/p?b=2&a=1"),  # order kept
        ("https://n.example/%7Euser/a%2Fb?q=%20x&ID=1", "https://n.example/%7Euser/a%2Fb?q=%20x&ID=1"),  # byte-exact
        ("https://n.example/p?x=1&&y", "https://n.example/p?x=1&&y"),  # untouched without tracking
        ("https://user:pw@N.example/p", "https://user:pw@n.example/p"),
        ("http://[2001:DB8::1]:80/p", "http://[2001:db8::1]/p"),
        ("  https://n.example/p  ", "https://n.example/p"),
        ("ftp://n.example/file", None),
        ("javascript:alert(1)", None),
        ("/relative/path", None),
        ("https://n.example:99999/", None),
        ("https://n.example/a b", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_tracking_parameters():
    assert is_tracking_parameter("utm_source") and is_tracking_parameter("UTM_Content")
    assert is_tracking_parameter("fbclid") and is_tracking_parameter("gclid")
    assert not is_tracking_parameter("id") and not is_tracking_parameter("page") and not is_tracking_parameter("utm")


def entry(**fields) -> FeedEntry:
    base = {
        "title": "Ministers meet",
        "paragraphs": ("Ministers met on Tuesday.",),
        "link": "https://news.example/a?utm_source=rss",
        "guid": "g-1",
        "published": "2026-12-01T08:00:00+00:00",
        "date_source": "published",
    }
    base.update(fields)
    return FeedEntry(**base)


def test_entry_keys():
    assert entry_keys("f1", entry()) == ("guid:f1:g-1", "url:https://news.example/a")
    assert entry_keys("f1", entry(guid=None)) == ("url:https://news.example/a",)
    no_id = entry_keys("f1", entry(guid=None, link=None))
    assert len(no_id) == 1 and no_id[0].startswith("title:f1:")
    assert no_id == entry_keys("f1", entry(guid=None, link=None, title="  MINISTERS   meet "))  # normalised
    assert no_id != entry_keys("f1", entry(guid=None, link=None, published="2026-12-02T08:00:00+00:00"))
    assert no_id != entry_keys("f2", entry(guid=None, link=None))
    # A home page or a link several items share does not identify an item.
    assert entry_keys("f1", entry(link="https://news.example/")) == ("guid:f1:g-1",)
    assert entry_keys("f1", entry(link_unique=False)) == ("guid:f1:g-1",)
    assert entry_keys("f1", entry(guid=None, link="https://news.example/?utm_source=x"))[0].startswith("title:")


def test_the_same_story_through_two_feeds_or_a_changed_guid_shares_a_key():
    one = set(entry_keys("feedA", entry(link="https://news.example/story?utm_source=feedA#comments")))
    two = set(entry_keys("feedB", entry(guid="other", link="HTTPS://NEWS.example:443/story?utm_medium=rss")))
    assert one & two == {"url:https://news.example/story"}
    renamed = set(entry_keys("feedA", entry(guid="g-2", link="https://news.example/story")))
    assert one & renamed


def test_needs_full_text():
    short = entry(paragraphs=("A short teaser.",))
    long_text = entry(paragraphs=("word " * 200,))
    assert needs_full_text(short, "auto") and not needs_full_text(long_text, "auto")
    assert needs_full_text(replace(long_text, truncated=True), "auto")
    assert needs_full_text(long_text, "always") and not needs_full_text(short, "never")
    assert not needs_full_text(replace(short, link=None), "always")  # nothing to fetch
    with pytest.raises(ValueError, match="full-text mode"):
        needs_full_text(short, "sometimes")


PAGE = ExtractedPage(
    paragraphs=tuple(f"Paragraph {i} of the full article, with enough words to count as text." for i in range(10)),
    title="Ministers meet in Brussels",
    author="Jane",
    published="2026-11-30",
    site_name="News Example",
    url="https://news.example/a",
)


def test_entry_article_with_the_pages_full_text():
    teaser = entry(paragraphs=("Ministers met on Tuesday […]",), summary="Ministers met on Tuesday […]", truncated=True)
    article = entry_article(
        teaser, feed_id="f1", feed_title="Example News", page=PAGE, first_seen="2026-12-01T10:00:00+00:00"
    )
    assert article.paragraphs == PAGE.paragraphs and article.text_source == "page" and article.text_problem is None
    assert article.dek == "Ministers met on Tuesday"  # the feed's summary is the standfirst, teaser marks gone
    assert article.title == "Ministers meet" and article.source == "Example News"
    assert article.url == "https://news.example/a?utm_source=rss"
    assert article.feed == "f1" and article.keys == ("guid:f1:g-1", "url:https://news.example/a")
    assert (article.published, article.date_source) == ("2026-12-01T08:00:00+00:00", "published")


def test_an_untitled_item_takes_the_pages_title_when_the_page_is_used():
    untitled = entry(title="Ministers met on Tuesday.", paragraphs=("Ministers met on Tuesday.",))
    article = entry_article(untitled, feed_id="f", feed_title="F", page=PAGE, first_seen="x")
    assert article.title == PAGE.title
    titled = entry_article(entry(paragraphs=("Short.",)), feed_id="f", feed_title="F", page=PAGE, first_seen="x")
    assert titled.title == "Ministers meet"


def test_entry_article_keeps_the_feed_text_when_the_page_is_unusable():
    teaser = entry(paragraphs=("Ministers met on Tuesday and more.",), summary="Ministers met on Tuesday and more.")
    walled = replace(PAGE, paragraphs=("Subscribe",), problem="page text too short (1 words): paywall?")
    article = entry_article(teaser, feed_id="f1", feed_title=None, page=walled, first_seen="2026-12-01T10:00:00+00:00")
    assert article.paragraphs == teaser.paragraphs and article.text_source == "feed"
    assert article.text_problem == walled.problem
    assert article.dek is None  # the summary is the body itself: no standfirst repeating it
    assert article.source == "News Example"  # no feed title: the page's site name
    full_feed = entry(paragraphs=tuple("A long paragraph of the feed's own full text here." for _ in range(30)))
    short_page = replace(PAGE, paragraphs=PAGE.paragraphs[:2])
    kept = entry_article(full_feed, feed_id="f1", feed_title="F", page=short_page, first_seen="x")
    assert kept.text_source == "feed" and "shorter than the feed's" in kept.text_problem


def test_entry_article_dates_fall_back_to_the_page_then_first_seen():
    undated = entry(published=None, date_source=None)
    assert (
        entry_article(
            undated, feed_id="f", feed_title="F", page=PAGE, first_seen="2026-12-01T10:00:00+00:00"
        ).date_source
    ) == "page"
    article = entry_article(undated, feed_id="f", feed_title="F", page=None, first_seen="2026-12-01T10:00:00+00:00")
    assert (article.published, article.date_source) == ("2026-12-01T10:00:00+00:00", "first-seen")
    updated = entry(date_source="updated")
    assert entry_article(updated, feed_id="f", feed_title="F", page=None, first_seen="x").date_source == "updated"


def test_entry_article_of_a_title_only_item():
    bare = entry(paragraphs=(), summary=None, link="https://elsewhere.example/story")
    article = entry_article(bare, feed_id="f", feed_title=None, page=None, first_seen="2026-12-01T10:00:00+00:00")
    assert article.paragraphs == ("Ministers meet",) and article.text_problem == "the feed gives no text for this item"
    assert article.source == "elsewhere.example"


def test_a_feed_parsed_end_to_end_becomes_articles():
    body = b"""<rss version="2.0"><channel><title>Wire</title>
<item><title>Story</title><link>https://wire.example/s?utm_source=rss</link><guid>w1</guid>
<description>Teaser text of the story [&#8230;]</description></item></channel></rss>"""
    item = parse_document(body, url="https://wire.example/rss").entries[0]
    assert needs_full_text(item, "auto")
    article = entry_article(item, feed_id="wire", feed_title="Wire", page=None, first_seen="2026-12-01T10:00:00+00:00")
    assert article.keys == ("guid:wire:w1", "url:https://wire.example/s")
    assert article.text_source == "feed" and article.date_source == "first-seen"


def test_page_article():
    article = page_article(PAGE, url="https://news.example/a?utm_source=x", first_seen="2026-12-01T10:00:00+00:00")
    assert article.title == PAGE.title and article.paragraphs == PAGE.paragraphs
    assert article.source == "News Example" and article.url == "https://news.example/a?utm_source=x"
    assert (article.published, article.date_source, article.text_source) == ("2026-11-30", "page", "page")
    assert article.keys == ("url:https://news.example/a",) and article.feed is None
    saved = page_article(
        replace(PAGE, title=None, published=None, site_name=None),
        url=None,
        first_seen="2026-12-01T10:00:00+00:00",
        origin="/tmp/page.html",
    )
    assert saved.url == "https://news.example/a" and saved.origin == "/tmp/page.html"
    assert (
        saved.title.startswith("Paragraph 0") and saved.date_source == "first-seen" and saved.source == "news.example"
    )
    with pytest.raises(PageNotUsable, match="paywall"):
        page_article(
            replace(PAGE, problem="page text too short (3 words): paywall?"), url="https://x.example/", first_seen="x"
        )
