"""What the feed and page parsers return: plain, cleaned text only (no markup, no control
characters), ready to become `briefing.core.model.Article`s."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed."""

    title: str
    # The item's content (content:encoded, Atom content, JSON content_html/content_text,
    # else its summary) as plain paragraphs.
    paragraphs: tuple[str, ...]
    # The feed's own summary/description as one plain paragraph: the standfirst when the
    # page's full text replaces the body. None when the feed gives none.
    summary: str | None = None
    guid: str | None = None
    link: str | None = None  # absolute URL of the article page
    published: str | None = None  # ISO 8601 datetime in UTC ("2026-11-28T09:30:00+00:00")
    date_source: str | None = None  # "published" or "updated"; None when the feed gives no date
    author: str | None = None
    truncated: bool = False  # the content looks like a teaser ("Read more", "[…]", a cut-off sentence)
    # False when other items of the same feed share this link (a podcast's show page, the site's
    # home page): then the link does not identify the item and is no identity key.
    link_unique: bool = True


@dataclass(frozen=True)
class ParsedFeed:
    kind: str  # "rss", "atom" or "json"
    title: str | None
    site_url: str | None
    entries: tuple[FeedEntry, ...]
    warnings: tuple[str, ...] = ()  # problems the parser recovered from (malformed XML, ...)


@dataclass(frozen=True)
class FeedLink:
    """A feed an HTML page names with <link rel="alternate" type="application/rss+xml" ...>."""

    url: str
    title: str | None
    kind: str  # "rss", "atom" or "json"


class NotAFeed(ValueError):
    """The document is not a feed (one-line reason). `alternates` holds the feeds an HTML page
    names, so `feed add PAGE` can subscribe to one of them."""

    def __init__(self, reason: str, alternates: tuple[FeedLink, ...] = ()) -> None:
        super().__init__(reason)
        self.alternates = alternates


@dataclass(frozen=True)
class ExtractedPage:
    """The article in a web page, as full-text extraction found it."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date or datetime
    site_name: str | None = None
    url: str | None = None  # the URL the page declares for itself (canonical link, og:url), if any
    # Why the page cannot stand in for the feed's text (paywall, consent wall, bot challenge,
    # almost no text), None when it can.
    problem: str | None = None
