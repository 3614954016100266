"""Text hygiene for untrusted article text.

Article text is data. Control characters (C0 except newline and tab, DEL, C1) are removed when
text enters the library and again before it reaches a terminal, so an escape sequence in a
headline can never clear the screen, retitle the window, write the clipboard or forge a link.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except \t and \n, DEL, and the C1 range (U+0080..U+009F, e.g. the 8-bit CSI 0x9b).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A whole escape sequence, so that "ESC[2J" disappears instead of leaving a visible "[2J".
# CSI ... final byte; OSC ... BEL or ST; other ESC + one char.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS / SOS / PM / APC
    r"|\x1b[ -/]*[0-~]"  # two-char escapes
)
# Unicode line/paragraph separators and bidi overrides that can make text lie about itself.
_INVISIBLE = re.compile("[\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Remove escape sequences and control characters; keep newlines and tabs if asked."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _INVISIBLE.sub(" ", text)
    text = _CONTROL.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def clean_line(text: str | None, limit: int | None = None) -> str:
    """One line of display text: no escape sequences or controls, whitespace runs collapsed,
    trimmed ("" for None), cut to `limit` characters with an ellipsis if given. The one cleaner
    of untrusted text for a single line: the reader, the CLI, the renderers and error messages
    all use it."""
    line = " ".join(strip_controls(text or "", keep_newlines=False).split())
    return line if limit is None or len(line) <= limit else line[: limit - 1] + "…"


def clean_paragraph(text: str) -> str:
    """A paragraph: normalised Unicode (NFC), no controls, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", strip_controls(text)).split())


def title_from_text(paragraphs: tuple[str, ...] | list[str], limit: int = 80) -> str:
    """A title for an article that has none (a feed item without one, a file of text with no
    headline): the start of its text, cut at a word."""
    text = clean_line(" ".join(paragraphs[:1]))
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def written_headline(title: str, paragraphs: tuple[str, ...] | list[str]) -> str:
    """``title`` as an editor wrote it, for analysis: "" when it is only the start of the text
    (title_from_text: a feed item or a file that had none), which a summariser must not read as
    a headline nor count as mentions of its names."""
    return "" if title == title_from_text(paragraphs) else title


def normalise_for_hash(text: str) -> str:
    """Text as compared for duplicate detection: case- and whitespace-insensitive."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
