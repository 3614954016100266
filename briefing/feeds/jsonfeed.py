"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with orjson.

The released feedparser returns no entries for JSON Feed, so it is read here, into the same
`FeedEntry`s and through the same clean-up (briefing.feeds.parse.make_entry) as RSS and Atom.
"""

from __future__ import annotations

from briefing.core.text import clean_line
from briefing.feeds.html import html_to_paragraphs, text_to_paragraphs, unescape_references
from briefing.feeds.model import FeedEntry, NotAFeed, ParsedFeed
from briefing.feeds.parse import MAX_ENTRIES, absolute_link, finish_entries, make_entry, parse_date

VERSION_PREFIX = "https://jsonfeed.org/version/"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _author(item: dict, feed: dict) -> str | None:
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    if not authors:
        authors = feed.get("authors") or ([feed["author"]] if isinstance(feed.get("author"), dict) else [])
    names = [name for a in authors if isinstance(a, dict) and isinstance(name := a.get("name"), str)]
    return ", ".join(names) or None


def _entry(item: object, feed: dict, url: str) -> FeedEntry | None:
    if not isinstance(item, dict):
        return None
    html = _text(item.get("content_html"))
    text = _text(item.get("content_text"))
    summary = _text(item.get("summary"))
    raw = html_to_paragraphs(html) if html else text_to_paragraphs(text) if text else ()
    if not raw and summary:
        raw = text_to_paragraphs(summary)
    guid = item.get("id")
    if isinstance(guid, (int, float)) and not isinstance(guid, bool):  # 1.0 feeds in the wild use numbers
        guid = str(guid)
    published = parse_date(_text(item.get("date_published")))
    updated = parse_date(_text(item.get("date_modified"))) if not published else None
    link = absolute_link(_text(item.get("url")), url) or absolute_link(_text(item.get("external_url")), url)
    return make_entry(
        title=unescape_references(_text(item.get("title"))),  # plain text by the spec; entities in the wild
        raw_paragraphs=raw,
        summary=summary,
        guid=guid if isinstance(guid, str) else None,
        link=link,
        published=published or updated,
        date_source="published" if published else "updated" if updated else None,
        author=_author(item, feed),
    )


def parse_json_feed(body: bytes, *, url: str) -> ParsedFeed:
    """A JSON Feed document; NotAFeed for JSON that is not one."""
    import orjson

    try:
        feed = orjson.loads(body.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        raise NotAFeed(f"not a feed: invalid JSON ({str(exc).splitlines()[0][:120]})") from None
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise NotAFeed('JSON, but not a JSON Feed (no "items" list)')
    warnings: list[str] = []
    version = _text(feed.get("version"))
    if not version.startswith(VERSION_PREFIX):
        warnings.append(f"JSON Feed without a known version ({version[:60] or 'none'}): read as 1.1")
    items = feed["items"]
    if len(items) > MAX_ENTRIES:
        warnings.append(f"{len(items)} items; only the first {MAX_ENTRIES} were read")
    entries = [e for e in (_entry(item, feed, url) for item in items[:MAX_ENTRIES]) if e is not None]
    skipped = min(len(items), MAX_ENTRIES) - len(entries)
    if skipped:
        warnings.append(f"{skipped} item(s) are not JSON objects: skipped")
    title = clean_line(unescape_references(_text(feed.get("title")))) or None
    return ParsedFeed(
        kind="json",
        title=title,
        site_url=absolute_link(_text(feed.get("home_page_url")), url),
        entries=finish_entries(entries, warnings),
        warnings=tuple(warnings),
    )
