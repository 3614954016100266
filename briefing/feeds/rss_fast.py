"""A fast path for plain RSS 2.0: well-formed UTF-8 feeds whose items carry only the common
elements are read with lxml (a fraction of a millisecond for a 50-item feed, against ~8 ms in
feedparser) into the same item dictionaries feedparser would give, so the rest of the parser
(`parse._feedparser_entry`) and the items' identity (GUID, link) are the same either way.

Anything else returns None and goes through feedparser: a DOCTYPE or entity declaration,
another encoding, RSS 1.0, Atom, xml:base, markup as elements inside a field, an element this
module does not know in an item, a repeated field, an author that needs parsing. The rules
copied from feedparser (tests/test_feeds_fast.py compares both on every fixture):

- text is the element's text, stripped; a UTF-8 string that is really mis-decoded Latin-1 is
  repaired and C1 controls become their cp1252 characters, as feedparser does;
- a title is HTML when it looks like HTML (a close tag or a character reference of the
  markup subset), else plain text; a description and content:encoded are HTML;
- the GUID is the item's link when it has no <link> and isPermaLink is not "false";
- pubDate is the published date, dc:date the updated one, both read by feedparser's own date
  parser.
"""

from __future__ import annotations

import contextlib
import re

from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin

from briefing.feeds.parse import _CHARSET, _is_utf8

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
_SY = "{http://purl.org/rss/1.0/modules/syndication/}"
_ITEM_FIELDS = frozenset({"title", "link", "description", "guid", "pubDate", _CONTENT, _DC + "creator", _DC + "date"})
_MEDIA = "{http://search.yahoo.com/mrss/}"
# item elements that feed no field we read (feedparser keeps them elsewhere), when they have no
# child elements: a media:title inside media:content would become the item's title in feedparser
_ITEM_IGNORED = frozenset(
    {
        "category",
        "comments",
        "enclosure",
        "source",
        _MEDIA + "content",
        _MEDIA + "thumbnail",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
        "{http://wellformedweb.org/CommentAPI/}commentRss",
    }
)
_CHANNEL_IGNORED = frozenset(
    """description language copyright managingEditor webMaster pubDate lastBuildDate category
    generator docs cloud ttl rating skipHours skipDays""".split()
) | {_SY + "updatePeriod", _SY + "updateFrequency", _SY + "updateBase"}
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']""")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def parse_rss_fast(body: bytes, content_type: str | None) -> tuple[dict, list[dict]] | None:
    """(channel, items) as feedparser's `feed` and `entries` would hold them for the fields
    briefing reads, or None when the feed needs feedparser."""
    head = body[:4096]
    if b"<!" in head.replace(b"<![CDATA[", b"") or b"<!ENTITY" in body or b"xml:base" in body:
        return None  # DOCTYPE, declarations, comments before the root: feedparser's job
    declared = _ENCODING.match(head)
    if declared and declared.group(1).decode("ascii").lower() not in _UTF8_NAMES:
        return None
    charset = _CHARSET.search(content_type or "")
    if charset and charset.group(1).lower() not in _UTF8_NAMES and not body.isascii():
        return None
    if not _is_utf8(body):
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None
    if root.tag != "rss" or root.get("version") not in ("2.0", "0.91", "0.92"):
        return None
    channels = [c for c in root if c.tag == "channel"]
    if len(channels) != 1 or len(root) != 1:
        return None
    channel: dict = {}
    items: list[dict] = []
    for child in channels[0]:
        tag = child.tag
        if tag == "item":
            item = _item(child)
            if item is None:
                return None
            items.append(item)
        elif tag in ("title", "link"):
            if tag in channel or len(child):
                return None
            text = _text(child)
            if tag == "title":
                channel["title"] = text
                channel["title_detail"] = {"type": _title_type(text), "value": text}
            else:
                channel["link"] = text
        elif tag == "image":
            if "title" not in channel:
                return None  # feedparser may take the image's title for the feed's
        elif tag == _ATOM_LINK:
            if child.get("rel") not in ("self", "hub"):
                return None
        elif tag not in _CHANNEL_IGNORED:
            return None
    return channel, items


def _item(element) -> dict | None:
    seen: dict[str, str] = {}
    permalink = True
    for child in element:
        tag = child.tag
        if tag in _ITEM_IGNORED:
            if len(child):
                return None
            continue
        if tag not in _ITEM_FIELDS or tag in seen or len(child) or (child.attrib and tag != "guid"):
            return None
        if tag == "guid":
            permalink = child.get("isPermaLink", "true") == "true"
            if set(child.attrib) - {"isPermaLink"}:
                return None
        seen[tag] = _text(child)
    item: dict = {}
    if "title" in seen:
        item["title"] = seen["title"]
        item["title_detail"] = {"type": _title_type(seen["title"]), "value": seen["title"]}
    if "description" in seen:
        item["summary"] = seen["description"]
        item["summary_detail"] = {"type": "text/html", "value": seen["description"]}
    if _CONTENT in seen:
        item["content"] = [{"type": "text/html", "value": seen[_CONTENT]}]
        if "summary" not in item:
            item["summary"] = seen[_CONTENT]  # feedparser fills a missing summary with the content
    if "guid" in seen:
        item["id"] = seen["guid"]
    if "link" in seen:
        link = seen["link"].replace("&amp;", "&")
        item["link"] = re.sub("&([A-Za-z0-9_]+);", r"&\g<1>", link)
    elif "guid" in seen and permalink:
        item["link"] = seen["guid"]
    if "pubDate" in seen:
        item["published"] = seen["pubDate"]
        item["published_parsed"] = _parse_date(seen["pubDate"])
    if _DC + "date" in seen:
        item["updated"] = seen[_DC + "date"]
        item["updated_parsed"] = _parse_date(seen[_DC + "date"])
    creator = seen.get(_DC + "creator")
    if creator:
        if "@" in creator or "(" in creator or "<" in creator:
            return None  # an address to take apart: feedparser's rules
        item["author"] = creator
        item["author_detail"] = {"name": creator}
    return item


def _text(element) -> str:
    text = (element.text or "").strip()
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")  # UTF-8 that was decoded as Latin-1
    return text.translate(_cp1252)


def _title_type(text: str) -> str:
    return "text/html" if _FeedParserMixin.looks_like_html(text) else "text/plain"
