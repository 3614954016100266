"""File names made from untrusted text (an article's headline) that are safe on every OS.

A name is Unicode-normalised (NFC), keeps letters, digits and combining marks of any script,
turns everything else (path separators, Windows' reserved `<>:"/\\|?*`, controls, bidi and
other invisible characters, punctuation) into single hyphens, never starts with a dot (a hidden
file, which `briefing import` skips), never ends with a dot or a space (Windows drops them),
is never a reserved device name (CON, NUL, COM1 ...) and is bounded in UTF-8 bytes, cut on a
character boundary. Two names that differ only by case or normalisation collide on macOS and
Windows, so `UniqueNames` numbers them as collisions too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

MAX_STEM_BYTES = 120  # well under the 255 bytes most file systems allow, leaving room for "-NNN.md"
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"COM{n}" for n in "0123456789¹²³"),
    *(f"LPT{n}" for n in "0123456789¹²³"),
}


def _keeps(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category[0] == "M"


def slug(text: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """Lower-case words of `text` joined by hyphens: only letters, digits and marks, at most
    `max_bytes` of UTF-8. '' when nothing is left."""
    text = unicodedata.normalize("NFC", text).lower()
    out: list[str] = []
    size = 0
    pending_hyphen = False
    for char in text:
        if not _keeps(char):
            pending_hyphen = bool(out)
            continue
        piece = ("-" if pending_hyphen else "") + char
        cost = len(piece.encode("utf-8"))
        if size + cost > max_bytes:
            break
        out.append(piece)
        size += cost
        pending_hyphen = False
    return "".join(out).strip("-")


def is_reserved(stem: str) -> bool:
    """A Windows device name, with or without an extension ("nul", "com1.tar")."""
    return stem.split(".", 1)[0].strip().upper() in _RESERVED


def safe_stem(text: str, fallback: str = "article", max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file name stem from any text (see the module docstring)."""
    stem = slug(text, max_bytes) or slug(fallback, max_bytes) or "article"
    stem = stem.lstrip(".").rstrip(". ")
    if not stem or is_reserved(stem):
        stem = f"_{stem}" if stem else "article"
    return stem


def article_stem(day: dt.date, title: str, fallback: str) -> str:
    """`YYYY-MM-DD-headline-words` for an article's file (the id when the headline has no
    letters or digits)."""
    return f"{day.isoformat()}-{safe_stem(title, fallback, MAX_STEM_BYTES - 11)}"


class UniqueNames:
    """Hands out file names, numbering collisions (`name-2.md`, `name-3.md` ...), comparing
    names as a case-insensitive file system would."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    @staticmethod
    def _key(name: str) -> str:
        return unicodedata.normalize("NFC", name).casefold()

    def claim(self, stem: str, suffix: str) -> str:
        name = f"{stem}{suffix}"
        number = 1
        while self._key(name) in self._taken:
            number += 1
            name = f"{stem}-{number}{suffix}"
        self._taken.add(self._key(name))
        return name
