"""OPML 1.0/2.0 subscription lists, read tolerantly and written as OPML 2.0.

Real OPML files are often not well-formed XML: a bare `&` inside a URL is the most common fault,
and lxml's recover mode silently corrupts such URLs (`...rssfeed&widgetId=1150&getXmlFeed=true`
became `...rssfeed=1150=true`). So bare ampersands (and HTML entities XML does not know) are
escaped first and the document parsed strictly; a file that is still not XML is read by a
tolerant tokenizer of `<outline>` tags that decodes only complete character references. Either
way not a single character of a URL changes.

Nested outlines are folders: their names become tags of the feeds inside, as do the entries of
`category="/a/b,c"`. `write_opml` puts a feed in the folder of its first tag and lists all its
tags in `category`, so export then import gives the same subscriptions.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html.entities
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from briefing.core.model import normalise_tag
from briefing.core.text import clean_line, strip_controls
from briefing.core.urls import canonical_url
from briefing.feeds.html import unescape_references

MAX_OPML_BYTES = 10 * 1024 * 1024
MAX_OUTLINES = 20_000
MAX_TITLE_CHARS = 300

_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
# A reference XML accepts as is; any other '&' is a bare ampersand (or an HTML-only entity).
_AMPERSAND = re.compile(r"&(#[0-9]+;|#[xX][0-9A-Fa-f]+;|[A-Za-z_][\w.-]*;)?")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)
_TAG = re.compile(r"<(/?)outline\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@dataclass(frozen=True)
class OpmlFeed:
    """One subscription of an OPML file."""

    url: str
    title: str | None = None
    site_url: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpmlDocument:
    feeds: tuple[OpmlFeed, ...]
    problems: tuple[str, ...] = ()  # one line each: skipped outlines, duplicates, recovery
    title: str | None = None


class OpmlError(ValueError):
    """The file is not an OPML subscription list at all (the message is the reason)."""


class Subscription(Protocol):
    """What write_opml needs of a subscription (OpmlFeed, or the store's feed records)."""

    # read-only (properties), so that a frozen dataclass such as OpmlFeed is one
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def site_url(self) -> str | None: ...
    @property
    def tags(self) -> tuple[str, ...] | list[str]: ...


# --------------------------------------------------------------------------- reading


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    data = data.removeprefix(b"\xef\xbb\xbf")
    match = _ENCODING.match(data[:200])
    encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")


def escape_ampersands(text: str) -> str:
    """Make every '&' well-formed XML without changing what a reader sees: a bare '&' becomes
    `&amp;`, an HTML entity XML does not define (`&nbsp;`) becomes a numeric reference."""

    def fix(match: re.Match[str]) -> str:
        reference = match.group(1)
        if not reference:
            return "&amp;"
        if reference[0] == "#" or reference[:-1] in _XML_ENTITIES:
            return match.group(0)
        char = html.entities.html5.get(reference)
        return "".join(f"&#{ord(c)};" for c in char) if char else "&amp;" + reference

    return _AMPERSAND.sub(fix, text)


@dataclass
class _Outline:
    attrs: dict[str, str]
    children: list[_Outline] = field(default_factory=list)


def _strict_outlines(text: str) -> tuple[list[_Outline], str | None]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)
    root = etree.fromstring(_DECLARATION.sub("", text, count=1).encode("utf-8"), parser)
    if root.tag.rsplit("}", 1)[-1].lower() != "opml":
        raise OpmlError(f"not an OPML file (its root element is <{root.tag}>)")
    head_title = root.findtext("head/title")

    def build(element) -> _Outline:
        attrs = {str(k).rsplit("}", 1)[-1]: v for k, v in element.attrib.items()}
        return _Outline(attrs, [build(c) for c in element if isinstance(c.tag, str) and c.tag.lower() == "outline"])

    body = root.find("body")
    outlines = [build(c) for c in (body if body is not None else root) if c.tag == "outline"]
    return outlines, head_title


def _tolerant_outlines(text: str) -> list[_Outline]:
    """Outlines found by a tokenizer, for files that are not XML even after escaping."""
    top: list[_Outline] = []
    stack: list[_Outline] = []
    for closing, attributes, self_closing in (m.groups() for m in _TAG.finditer(text)):
        if closing:
            if stack:
                stack.pop()
            continue
        attrs: dict[str, str] = {}
        for name, double, single, bare in _ATTRIBUTE.findall(attributes):
            value = double if double or not (single or bare) else single or bare
            attrs.setdefault(name, unescape_references(value))
        outline = _Outline(attrs)
        (stack[-1].children if stack else top).append(outline)
        if not self_closing:
            stack.append(outline)
    return top


def _attribute(attrs: dict[str, str], name: str) -> str:
    for key, value in attrs.items():
        if key.lower() == name.lower():
            return value
    return ""


def _feed_url(value: str) -> str | None:
    url = value.strip()
    if url.lower().startswith("feed:"):  # feed://example.com/rss and feed:https://...
        url = url[5:].lstrip("/") if url[5:].lower().startswith(("http:", "https:")) else "http:" + url[5:]
    return url if canonical_url(url) else None


def _category_tags(value: str) -> list[str]:
    tags: list[str] = []
    for entry in value.split(","):
        entry = entry.strip()
        parts = entry.strip("/").split("/") if entry.startswith("/") else [entry]
        tags.extend(parts)
    return tags


def _walk(outlines: list[_Outline], folders: tuple[str, ...]) -> Iterator[tuple[_Outline, tuple[str, ...]]]:
    for outline in outlines:
        yield outline, folders
        if outline.children:
            name = _attribute(outline.attrs, "text") or _attribute(outline.attrs, "title")
            yield from _walk(outline.children, folders + ((name,) if name else ()))


def read_opml(data: bytes) -> OpmlDocument:
    """The subscriptions in an OPML file. Raises OpmlError for a file that is not OPML."""
    if not data.strip():
        raise OpmlError("empty file")
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"file too large ({len(data) / 1048576:.1f} MB, limit {MAX_OPML_BYTES // 1048576} MB)")
    text = strip_controls(_decode(data))
    if "<outline" not in text.lower():
        raise OpmlError("not an OPML file (no <outline> elements)")
    problems: list[str] = []
    head_title = None
    try:
        outlines, head_title = _strict_outlines(escape_ampersands(text))
    except OpmlError:
        raise
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends: read it tolerantly
        problems.append(f"not well-formed XML ({clean_line(str(exc))[:120]}): read tolerantly")
        outlines = _tolerant_outlines(text)
    feeds: list[OpmlFeed] = []
    by_url: dict[str, int] = {}
    count = 0
    for outline, folders in _walk(outlines, ()):
        count += 1
        if count > MAX_OUTLINES:
            problems.append(f"more than {MAX_OUTLINES} outlines: the rest were skipped")
            break
        attrs = outline.attrs
        raw_url = _attribute(attrs, "xmlUrl")
        label = clean_line(_attribute(attrs, "title") or _attribute(attrs, "text"))[:MAX_TITLE_CHARS]
        if not raw_url:
            if not outline.children and (label or attrs):
                problems.append(f"outline {label[:60]!r}: no xmlUrl, skipped")
            continue
        url = _feed_url(raw_url)
        if url is None:
            problems.append(f"{clean_line(raw_url)[:120]}: not an http(s) feed URL, skipped")
            continue
        tags = [normalise_tag(t) for t in (*folders, *_category_tags(_attribute(attrs, "category")))]
        tags = list(dict.fromkeys(t for t in tags if t))
        key = canonical_url(url) or url
        if key in by_url:  # the same feed again (often in a second folder): one subscription, all tags
            index = by_url[key]
            earlier = feeds[index]
            merged = tuple(dict.fromkeys((*earlier.tags, *tags)))
            feeds[index] = OpmlFeed(earlier.url, earlier.title, earlier.site_url, merged)
            problems.append(f"{url}: listed again, skipped (tags merged)")
            continue
        site = _attribute(attrs, "htmlUrl").strip()
        title = label if label and label != raw_url.strip() else None
        by_url[key] = len(feeds)
        feeds.append(OpmlFeed(url=url, title=title, site_url=site if canonical_url(site) else None, tags=tuple(tags)))
    return OpmlDocument(tuple(feeds), tuple(problems), clean_line(head_title or "") or None)


# --------------------------------------------------------------------------- writing


def _attr(value: str) -> str:
    value = clean_line(value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _outline(feed: Subscription, indent: str) -> str:
    title = feed.title or ""
    parts = [f'text="{_attr(title or feed.url)}"']
    if title:
        parts.append(f'title="{_attr(title)}"')
    parts += ['type="rss"', f'xmlUrl="{_attr(feed.url)}"']
    if feed.site_url:
        parts.append(f'htmlUrl="{_attr(feed.site_url)}"')
    if feed.tags:
        parts.append(f'category="{_attr(",".join(feed.tags))}"')
    return f"{indent}<outline {' '.join(parts)}/>"


def write_opml(
    feeds: Iterable[Subscription], *, title: str = "briefing subscriptions", now: dt.datetime | None = None
) -> bytes:
    """An OPML 2.0 document: feeds in folders named after their first tag, all tags in `category`."""
    folders: dict[str, list[Subscription]] = {}
    loose: list[Subscription] = []
    for feed in feeds:
        tags = tuple(feed.tags)
        (folders.setdefault(tags[0], []) if tags else loose).append(feed)
    created = email.utils.format_datetime(now or dt.datetime.now(dt.UTC))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_attr(title)}</title>",
        f"    <dateCreated>{created}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for name, members in folders.items():
        lines.append(f'    <outline text="{_attr(name)}" title="{_attr(name)}">')
        lines.extend(_outline(feed, "      ") for feed in members)
        lines.append("    </outline>")
    lines.extend(_outline(feed, "    ") for feed in loose)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")
