"""Feed discovery: the feeds an HTML page names with `<link rel="alternate" type="...">`.

`briefing feed add https://example.com/` subscribes to the feed the site's home page names.
Only the standard alternate link types count (RSS, Atom, JSON Feed); links are resolved
against the page's `<base href>` and URL, kept in page order, without duplicates.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from briefing.core.text import clean_line
from briefing.feeds.model import FeedLink

MAX_SCAN_CHARS = 1_000_000  # feeds are named in the head; a page's first megabyte is plenty

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "application/x-rss+xml": "rss",
}
MAX_TITLE_CHARS = 200
# Not "application/json": WordPress names its REST API that way (`/wp-json/wp/v2/posts/1`) on every page.


class _LinkScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str | None, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("link", "base"):
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        href = values.get("href", "").strip()
        if not href:
            return
        if tag == "base":
            if self.base is None:
                self.base = href
            return
        rel = values.get("rel", "").lower().split()
        kind = FEED_TYPES.get(values.get("type", "").split(";")[0].strip().lower())
        if "alternate" in rel and kind and "stylesheet" not in rel:
            self.links.append((href, values.get("title"), kind))

    handle_startendtag = handle_starttag


def find_alternates(page: str, *, url: str) -> tuple[FeedLink, ...]:
    """The feeds `page` (HTML text) names, as absolute http(s) URLs, in page order."""
    scanner = _LinkScanner()
    try:
        scanner.feed(page[:MAX_SCAN_CHARS])
        scanner.close()
    except (AssertionError, ValueError):  # HTMLParser on pathological markup; keep what was found
        pass
    base = urljoin(url, scanner.base) if scanner.base else url
    found: list[FeedLink] = []
    seen: set[str] = set()
    for href, title, kind in scanner.links:
        absolute = urljoin(base, href)
        if urlsplit(absolute).scheme.lower() not in ("http", "https") or absolute in seen:
            continue
        seen.add(absolute)
        name = clean_line(title or "")[:MAX_TITLE_CHARS] or None
        found.append(FeedLink(url=absolute, title=name, kind=kind))
    return tuple(found)
