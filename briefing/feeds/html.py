"""Item HTML (and plain text) from feeds as plain paragraphs.

Feeds carry their items as HTML fragments of every quality. What leaves this module is plain
text: block elements become paragraphs, inline markup disappears, scripts, styles, frames and
other non-text content are dropped with what they contain, entities are decoded, control
characters, escape sequences and bidi overrides are removed (briefing.core.text) and whitespace
is collapsed. Input and output are bounded in size.

lxml's HTML parser (libxml2, C) is used rather than the stdlib's: it is many times faster on the
tens of thousands of items a first fetch brings, and it recovers from any markup.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from briefing.core.text import clean_line, clean_paragraph, strip_controls

MAX_HTML_CHARS = 2_000_000  # an item's HTML beyond this is cut before parsing
MAX_TEXT_CHARS = 500_000  # the plain text kept from one item

# Elements whose content is never article text.
_DROP = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "noscript",
        "noembed",
        "noframes",
        "template",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "map",
        "head",
        "title",
        "select",
        "option",
        "button",
        "textarea",
        "input",
        "form",
        "nav",
        "aside",
    }
)
# Elements that end a paragraph where they start and where they end.
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "address",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "figure",
        "figcaption",
        "hr",
        "br",
        "center",
        "details",
        "summary",
        "fieldset",
        "legend",
        "body",
        "html",
        "hgroup",
        "menu",
        "dir",
    }
)
# Inline elements whose neighbours must not run into each other ("<td>a</td><td>b</td>").
_SPACED = frozenset({"td", "th", "img", "wbr"})

_TAG = re.compile(r"<[A-Za-z!/?]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# A character reference that ends with ';' (entities without one are left alone: "AT&T",
# "?a=1&region=2" must not become "AT&T" or "?a=1®ion=2").
_REFERENCE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_WORD = re.compile(r"\w+")
# Scripts written without spaces between words: each character counts as half a word.
_UNSPACED = re.compile("[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def unescape_references(text: str) -> str:
    """Decode character references that end with ';' (`&amp;`, `&#8217;`, `&eacute;`); leave
    everything else, including unknown names and references without ';', as it is."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name[0] == "#":
            try:
                code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
            except ValueError:
                return match.group(0)
        return html.entities.html5.get(name + ";", match.group(0))

    return _REFERENCE.sub(replace, text) if "&" in text else text


def word_count(text: str) -> int:
    """Words in a text, for thresholds ("less than about 150 words"): runs of letters and digits,
    plus half a word per character of Chinese, Japanese, Thai or Burmese (written without spaces)."""
    unspaced = len(_UNSPACED.findall(text))
    if unspaced:
        text = _UNSPACED.sub(" ", text)
    return len(_WORD.findall(text)) + unspaced // 2


def text_to_paragraphs(text: str) -> tuple[str, ...]:
    """Plain text as paragraphs: split on blank lines when it has any (inner line breaks are
    wrapping), else one paragraph per line."""
    text = strip_controls(text[:MAX_TEXT_CHARS])
    blocks = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    return tuple(p for p in (clean_paragraph(block) for block in blocks) if p)


def _bounded(paragraphs: list[str]) -> tuple[str, ...]:
    kept, total = [], 0
    for paragraph in paragraphs:
        if total + len(paragraph) > MAX_TEXT_CHARS:
            paragraph = paragraph[: max(0, MAX_TEXT_CHARS - total)].rsplit(" ", 1)[0]
            if paragraph:
                kept.append(paragraph)
            break
        kept.append(paragraph)
        total += len(paragraph)
    return tuple(kept)


def html_to_paragraphs(markup: str | None) -> tuple[str, ...]:
    """An HTML fragment (or a whole page) as plain paragraphs, in document order."""
    if not markup or not markup.strip():
        return ()
    # NUL and other controls make lxml refuse a string; escape sequences must go before parsing
    # so that "ESC[2J" does not leave "[2J" behind.
    markup = strip_controls(markup[:MAX_HTML_CHARS])
    if not _TAG.search(markup):  # no markup at all: plain text with entities
        return _bounded(list(text_to_paragraphs(unescape_references(markup))))
    from lxml import etree

    # lxml-stubs 0.5 leaves out HTMLParser's default_doctype argument, which lxml's parser takes
    parser = etree.HTMLParser(  # type: ignore[call-arg]
        remove_comments=True, remove_pis=True, no_network=True, recover=True, default_doctype=False
    )
    try:
        root = etree.fromstring(f"<html><body>{markup}</body></html>", parser)
    except (etree.ParserError, ValueError):
        return ()
    if root is None:
        return ()
    paragraphs = element_paragraphs(root, blocks=_BLOCK, spaced=_SPACED, skip=_hidden, nfc=True)
    return _bounded(paragraphs)


def _hidden(tag: str, element) -> bool:
    return tag in _DROP or element.get("hidden") is not None or element.get("aria-hidden") == "true"


def element_paragraphs(
    root,
    *,
    blocks: frozenset[str],
    spaced: frozenset[str] = frozenset(),
    skip: Callable[[str, Any], bool] = lambda tag, element: False,
    nfc: bool = False,
) -> list[str]:
    """The text of an element tree (lxml) as cleaned paragraphs, in document order: a paragraph
    ends where a block element starts and where it ends, `spaced` elements (table cells,
    images) are a space either side, a `skip(tag, element)` element is left out with all it
    holds. Tags are compared lower-case without their namespace. `nfc`: NFC-normalise the text
    (HTML from the web; trafilatura's tree is normalised already)."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = "".join(current)
            text = clean_paragraph(unicodedata.normalize("NFC", text) if nfc else text)
            if text:
                paragraphs.append(text)
            current.clear()

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if skip(tag, element):
            return
        block = tag in blocks
        if block:
            flush()
        elif tag in spaced:
            current.append(" ")
        if element.text and tag:
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()
        elif tag in spaced:
            current.append(" ")

    if root is not None:
        walk(root)
    flush()
    return paragraphs


def html_to_text(markup: str | None) -> str:
    """An HTML fragment as one line of plain text (titles, summaries)."""
    return clean_line(" ".join(html_to_paragraphs(markup)))
