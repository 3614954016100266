"""Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed 1.0/1.1) as plain-text `ParsedFeed`s.

RSS and Atom go through feedparser (plain RSS 2.0 through briefing.feeds.rss_fast, which gives
the same item fields by feedparser's rules, much faster): it recovers from the malformed XML
real feeds serve and it resists XXE and entity expansion (tests/test_feeds_parse_hostile.py
checks both). Then we clean up after it: its titles keep control characters and turn a bare
"D&D" into "D&D;", its `id` is missing when an item has no GUID, it uses a tag: id as the link.
JSON Feed (which feedparser does not read) is parsed here with orjson. Anything that is not a feed raises `NotAFeed`; an
HTML page carries the feeds it names (`<link rel="alternate">`) so `feed add PAGE` can follow.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import io
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from briefing.core.prose import clean_body
from briefing.core.text import clean_line, clean_paragraph, title_from_text
from briefing.core.urls import canonical_url
from briefing.feeds.discover import find_alternates
from briefing.feeds.html import (
    html_to_paragraphs,
    html_to_text,
    text_to_paragraphs,
    unescape_references,
    word_count,
)
from briefing.feeds.model import FeedEntry, NotAFeed, ParsedFeed

MAX_FEED_BYTES = 16 * 1024 * 1024  # above the HTTP client's 15 MiB body limit: only a bound on direct callers
MAX_ENTRIES = 10_000
MAX_TITLE_CHARS = 300
MAX_SUMMARY_CHARS = 2_000
MAX_AUTHOR_CHARS = 200
MAX_GUID_CHARS = 2_000
TEASER_MAX_WORDS = 300
EARLIEST_YEAR = 1990  # an item "published" before the web had news feeds is a broken date (often the epoch)
FUTURE_SLACK = dt.timedelta(days=2)  # wrong time zones put items hours ahead; days ahead is a broken date

_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "div", "p", "script", "link", "style", "table"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_PROLOGUE = re.compile(
    rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype\b[^\[>]*(?:\[.*?\]\s*)?>|\s)*", re.IGNORECASE | re.DOTALL
)
_ROOT_TAG = re.compile(rb"<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)")
_DOCTYPE_HTML = re.compile(rb"<!doctype\s+html", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# feedparser's loose parser turns a bare "&D" into "&D;": an unknown reference it made up.
_MADE_UP_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_TEASER_END = re.compile(
    r"(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.|\(more…?\)|"
    r"(?:read|see) (?:the )?(?:more|rest|full (?:story|article|post))\W*|continue reading\W*|"
    r"keep reading\W*|read on\W*|full (?:story|article)\W*|more\s*[»›→]+)\s*$",
    re.IGNORECASE,
)
# Markup that a "plain text" title carries (RSS does not say whether titles are HTML): stripped.
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|em|strong|span|br|p|div|sup|sub|small|big|font|code|mark|s|strike|q|cite|abbr|time|img|"
    r"script|style|iframe|object|embed|svg)(?:\s[^>]*)?/?>",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]]$")


# --------------------------------------------------------------------------- sniffing


def _decode_prefix(body: bytes) -> bytes:
    """The document's start as ASCII-compatible bytes (UTF-16/32 with a BOM re-encoded)."""
    head = body[:4096]
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if head.startswith(bom):
            return head.decode(codec, errors="ignore").encode("utf-8", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def _sniff(body: bytes) -> str:
    """ "json", "html", "feed" (a feed root element), "xml" (some other markup) or "text"."""
    head = _decode_prefix(body)
    start = head.lstrip()
    if start[:1] in (b"{", b"["):
        return "json"
    if _DOCTYPE_HTML.search(head[:1024]):
        return "html"
    prologue = _PROLOGUE.match(head)  # always matches: every part of it is optional
    rest = head[prologue.end() :] if prologue else head
    root = _ROOT_TAG.match(rest)
    if not root:
        return "text"
    name = root.group(2).decode("ascii", "replace").lower()
    if name in _FEED_ROOTS:
        return "feed"
    return "html" if name in _HTML_ROOTS else "xml"


def _html_page(body: bytes, url: str, content_type: str | None) -> NotAFeed:
    from briefing.feeds.extract import decode_html

    alternates = find_alternates(decode_html(body, content_type), url=url)
    if not alternates:
        return NotAFeed("an HTML page, not a feed, and it names no feed")
    count = f"{len(alternates)} feeds" if len(alternates) > 1 else "a feed"
    return NotAFeed(f"an HTML page, not a feed (it names {count})", alternates)


def parse_document(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """The feed in `body` (the bytes fetched from `url`). Raises NotAFeed with a one-line reason."""
    if not body or not body.strip():
        raise NotAFeed("empty document")
    if len(body) > MAX_FEED_BYTES:
        raise NotAFeed(f"document too large ({len(body) / 1048576:.1f} MB, limit {MAX_FEED_BYTES // 1048576} MB)")
    kind = _sniff(body)
    mime = (content_type or "").split(";")[0].strip().lower()
    if kind == "json" or (mime in ("application/feed+json", "application/json") and kind == "text"):
        from briefing.feeds.jsonfeed import parse_json_feed

        return parse_json_feed(body, url=url)
    if kind == "html":
        raise _html_page(body, url, content_type)
    if kind == "text" and b"<" not in body[:4096]:
        raise NotAFeed("not a feed: neither XML nor JSON")
    return _parse_xml_feed(body, url=url, content_type=content_type, looks_like=kind)


# --------------------------------------------------------------------------- RSS and Atom


def _response_headers(body: bytes, url: str, content_type: str | None) -> dict[str, str]:
    # No content-location: feedparser would resolve GUIDs ("t3_glvkc5") against it like links.
    # Links are made absolute here instead (absolute_link).
    headers = {"content-type": "application/xml"}
    match = _CHARSET.search(content_type or "")
    if match:
        charset = match.group(1).lower()
        # A server that labels a UTF-8 feed ISO-8859-1 (a web server default) would turn every
        # accent into mojibake; bytes that are valid, non-ASCII UTF-8 are UTF-8 whatever it says.
        mislabelled = not charset.startswith("utf") and not body.isascii() and _is_utf8(body)
        if not mislabelled:
            headers["content-type"] = f"application/xml; charset={charset}"
    return headers


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parse_xml_feed(body: bytes, *, url: str, content_type: str | None, looks_like: str) -> ParsedFeed:
    from briefing.feeds.rss_fast import parse_rss_fast

    fast = parse_rss_fast(body, content_type) if FAST_RSS else None
    if fast is not None:
        return _parsed("rss", fast[0], fast[1], url, [])
    result = _feedparser_result(body, url=url, content_type=content_type)
    version = result.get("version") or ""
    if not version:
        if looks_like == "html":
            raise _html_page(body, url, content_type)
        problem = result.get("bozo_exception")
        detail = f" ({_problem_line(problem)})" if problem and looks_like != "feed" else ""
        raise NotAFeed(f"not a feed: no RSS, RDF or Atom document{detail}")
    warnings: list[str] = []
    if result.get("bozo") and result.get("bozo_exception") is not None:
        warnings.append(f"malformed feed, recovered what could be read: {_problem_line(result['bozo_exception'])}")
    kind = "atom" if version.startswith("atom") else "rss"
    return _parsed(kind, result.get("feed", {}), result.get("entries", []), url, warnings)


FAST_RSS = True  # plain RSS 2.0 through briefing.feeds.rss_fast; False: feedparser for every feed


def _feedparser_result(body: bytes, *, url: str, content_type: str | None):
    import feedparser

    # Markup in items ends as plain text (briefing.feeds.html drops scripts, styles and frames
    # itself), so feedparser's HTML sanitiser and relative-URI rewriting would only cost time.
    # A stream, never the bytes themselves: feedparser first tries to open() bytes as a file
    # name, so a server answering "/etc/passwd" would have it read a local file.
    return feedparser.parse(
        io.BytesIO(body),
        response_headers=_response_headers(body, url, content_type),
        sanitize_html=False,
        resolve_relative_uris=False,
    )


def _parsed(kind: str, feed: dict, raw_entries: list, url: str, warnings: list[str]) -> ParsedFeed:
    """The ParsedFeed of feedparser's (or the fast path's) `feed` and `entries`."""
    base = feed.get("link") or url
    if len(raw_entries) > MAX_ENTRIES:
        warnings.append(f"{len(raw_entries)} items; only the first {MAX_ENTRIES} were read")
    entries = [_feedparser_entry(item, url) for item in raw_entries[:MAX_ENTRIES]]
    return ParsedFeed(
        kind=kind,
        title=_text_field(feed.get("title_detail"), feed.get("title")) or None,
        site_url=absolute_link(base if feed.get("link") else None, url),
        entries=finish_entries(entries, warnings),
        warnings=tuple(warnings),
    )


def _problem_line(problem: object) -> str:
    return clean_line(str(problem), 200) or type(problem).__name__


def _text_field(detail: dict | None, value: str | None) -> str:
    """A feedparser text construct (title) as one plain line."""
    value = (detail or {}).get("value", value) or ""
    kind = (detail or {}).get("type", "text/plain")
    if "html" in kind or _HTML_TAG.search(value):
        return html_to_text(value)
    # Plain text: undo the reference feedparser made up for a bare "&D", then decode the
    # references of doubly-escaped feeds ("AT&amp;amp;T").
    value = _MADE_UP_REFERENCE.sub(
        lambda m: m.group(0) if unescape_references(m.group(0)) != m.group(0) else "&" + m.group(1), value
    )
    return clean_line(unescape_references(value))


def _content_paragraphs(detail: dict) -> tuple[str, ...]:
    value = detail.get("value") or ""
    if "html" in (detail.get("type") or "text/html"):
        return html_to_paragraphs(value)
    return text_to_paragraphs(unescape_references(value))


def _struct_to_iso(value) -> str | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None
    return plausible_date(moment)


def plausible_date(moment: dt.datetime, now: dt.datetime | None = None) -> str | None:
    """`moment` as UTC ISO 8601, or None when it cannot be a news item's date (before 1990, or
    days in the future)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    if moment.year < EARLIEST_YEAR or moment > now + FUTURE_SLACK:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def parse_date(text: str | None) -> str | None:
    """An RFC 3339 / ISO 8601 or RFC 822 date string as UTC ISO 8601; None if unreadable or absurd."""
    text = (text or "").strip()[:64]
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return plausible_date(moment)


# Month names feedparser does not read in RFC 822 dates ("mer, 16 nov 2022 00:38:15 +0100").
_MONTHS = {
    "jan": 1,
    "ene": 1,
    "gen": 1,
    "janv": 1,
    "jän": 1,
    "feb": 2,
    "fev": 2,
    "fév": 2,
    "févr": 2,
    "mar": 3,
    "mär": 3,
    "mars": 3,
    "apr": 4,
    "abr": 4,
    "avr": 4,
    "mai": 5,
    "may": 5,
    "mag": 5,
    "mei": 5,
    "mayo": 5,
    "jun": 6,
    "juin": 6,
    "giu": 6,
    "jul": 7,
    "juil": 7,
    "lug": 7,
    "aug": 8,
    "ago": 8,
    "août": 8,
    "aou": 8,
    "sep": 9,
    "set": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "ott": 10,
    "out": 10,
    "nov": 11,
    "dec": 12,
    "dez": 12,
    "dic": 12,
    "déc": 12,
    "dés": 12,
}
_RFC822_LIKE = re.compile(
    r"^(?:[^\W\d]+\.?,?\s+)?(\d{1,2})\s+([^\W\d]+)\.?\s+(\d{4})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*(\S+)?$"
)


def _localised_date(text: object) -> str | None:
    """An RFC 822 date with French, Italian, Spanish, German, Portuguese or Dutch names."""
    if not isinstance(text, str):
        return None
    match = _RFC822_LIKE.match(text.strip()[:64])
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if not match or month is None:
        return None
    day, _, year, clock, zone = match.groups()
    english = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[month]
    return parse_date(f"{day} {english} {year} {clock} {zone or '+0000'}")


def absolute_link(link: str | None, base: str) -> str | None:
    """An absolute http(s) URL, or None (tag: ids, javascript:, mailto: are not links)."""
    if not link or not isinstance(link, str):
        return None
    link = link.strip()
    try:
        absolute = urljoin(base, link)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in absolute):
        return None
    return absolute


def _feedparser_entry(item: dict, url: str) -> FeedEntry:
    contents = [c for c in item.get("content") or () if isinstance(c, dict) and c.get("value")]
    content = max(contents, key=lambda c: len(c["value"]), default=None)
    summary_detail = item.get("summary_detail") or {}
    summary_value = summary_detail.get("value") or item.get("summary") or ""
    # feedparser copies the content into `summary` when an item has no summary of its own.
    if content is not None and summary_value.strip() == content["value"].strip():
        summary_value = ""
    raw = _content_paragraphs(content) if content is not None else ()
    summary_paragraphs = _content_paragraphs({**summary_detail, "value": summary_value}) if summary_value else ()
    if not raw:
        raw, summary_paragraphs = summary_paragraphs, summary_paragraphs
    # dict.get: FeedParserDict.get maps a missing "updated" to "published" (with a warning).
    published = _struct_to_iso(dict.get(item, "published_parsed")) or _localised_date(dict.get(item, "published"))
    updated = None
    if not published:
        updated = _struct_to_iso(dict.get(item, "updated_parsed")) or _localised_date(dict.get(item, "updated"))
    guid = item.get("id")
    author = item.get("author_detail", {}).get("name") or item.get("author")
    return make_entry(
        title=_text_field(item.get("title_detail"), item.get("title")),
        raw_paragraphs=raw,
        summary=" ".join(summary_paragraphs),
        guid=guid if isinstance(guid, str) else None,
        link=absolute_link(item.get("link"), url),
        published=published or updated,
        date_source="published" if published else "updated" if updated else None,
        author=author if isinstance(author, str) else None,
    )


# --------------------------------------------------------------------------- shared clean-up


def looks_truncated(paragraphs: tuple[str, ...]) -> bool:
    """True when item text reads like a teaser: it ends in "…", "[…]", "Read more", "Continue
    reading", or stops in the middle of a long sentence."""
    if not paragraphs:
        return False
    last = paragraphs[-1].rstrip()
    if _TEASER_END.search(last[-60:]):
        return True
    # A long last sentence without its end: cut by the feed's generator. Only in short texts:
    # a full article that ends on a list item or a footnote is no teaser.
    if len(last.split()) < 12 or _SENTENCE_END.search(last) or not (last[-1].isalnum() or last[-1] == ","):
        return False
    return word_count(" ".join(paragraphs)) < TEASER_MAX_WORDS


def bounded_line(text: str, limit: int) -> str:
    text = clean_line(text)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def make_entry(
    *,
    title: str,
    raw_paragraphs: tuple[str, ...],
    summary: str,
    guid: str | None,
    link: str | None,
    published: str | None,
    date_source: str | None,
    author: str | None,
) -> FeedEntry:
    """A FeedEntry from the fields both parsers read: prose cleaned, fields one line and bounded."""
    paragraphs = clean_body(raw_paragraphs)
    title = bounded_line(title, MAX_TITLE_CHARS) or title_from_text(paragraphs or raw_paragraphs)
    if not title:
        title = bounded_line(link or "", MAX_TITLE_CHARS) or "(untitled item)"
    guid = clean_line(guid or "")[:MAX_GUID_CHARS] or None
    return FeedEntry(
        title=title,
        paragraphs=paragraphs,
        summary=bounded_line(clean_paragraph(summary), MAX_SUMMARY_CHARS) or None,
        guid=guid,
        link=link,
        published=published,
        date_source=date_source if published else None,
        author=bounded_line(author or "", MAX_AUTHOR_CHARS) or None,
        truncated=looks_truncated(raw_paragraphs),
    )


def finish_entries(entries: Iterable[FeedEntry], warnings: list[str]) -> tuple[FeedEntry, ...]:
    """Drop repeats of a GUID (the first occurrence wins) and mark links that several items
    share (a podcast's show page, the site's home page): those do not identify an item."""
    kept: list[FeedEntry] = []
    seen: set[str] = set()
    repeated = 0
    for entry in entries:
        if entry.guid is not None:
            if entry.guid in seen:
                repeated += 1
                continue
            seen.add(entry.guid)
        kept.append(entry)
    if repeated:
        warnings.append(f"{repeated} item(s) repeat an earlier item's id: the first occurrence was kept")
    links = Counter(canonical_url(e.link) for e in kept if e.link)
    shared = {link for link, count in links.items() if count > 1 and link}
    if not shared:
        return tuple(kept)
    from dataclasses import replace

    return tuple(replace(e, link_unique=False) if canonical_url(e.link) in shared else e for e in kept)
