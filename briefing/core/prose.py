"""What counts as article prose: the one place that decides it, for files, feed items and
extracted pages alike.

`clean_body` is applied to a body before it is stored: lines that are page furniture and never
news ("Advertisement", "Scroll down for video", share prompts) are dropped. Pure functions, no
I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Whole paragraphs that are page furniture, compared case-insensitively without surrounding
# punctuation.
_FURNITURE = re.compile(
    r"^(?:advertisement|advertisements|sponsored|scroll down for (?:the )?video|read more|"
    r"share this (?:article|story)|share|click here to (?:read more|subscribe)|"
    r"sign up for our newsletter|subscribe to our newsletter)$",
    re.IGNORECASE,
)
_EDGE_PUNCT = " \t.:!-\u2013\u2014\u2026>»|"


def is_furniture(paragraph: str) -> bool:
    """True for a paragraph that is page furniture, never news prose."""
    return bool(_FURNITURE.match(paragraph.strip(_EDGE_PUNCT)))


def clean_body(paragraphs: Iterable[str]) -> tuple[str, ...]:
    """The paragraphs worth storing as an article's body, in order."""
    return tuple(p for p in paragraphs if p.strip() and not is_furniture(p))
