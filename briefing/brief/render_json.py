"""The brief as JSON: CONTRACT.md's `brief --format json` shape (see `Brief.to_dict`).

Keys keep their insertion order (never sorted), so the output is stable and diff-friendly.
The data is the stored text, unchanged, but the JSON is terminal-safe: orjson escapes C0
controls, and this module escapes the rest JSON allows raw (DEL, the C1 range including the
8-bit CSI 0x9b, line separators and bidi overrides) as \\u escapes, which decode to the same
strings.
"""

from __future__ import annotations

import re

import orjson

from briefing.brief.model import Brief

# Outside strings JSON is ASCII, so these can only be inside strings, where \uXXXX is valid.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def render_json(brief: Brief) -> str:
    """The brief as indented JSON text (ends with a newline)."""
    text = orjson.dumps(brief.to_dict(), option=orjson.OPT_INDENT_2).decode("utf-8")
    return _UNSAFE.sub(_escape, text) + "\n"
