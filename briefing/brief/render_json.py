"""The brief as JSON: CONTRACT.md's `brief --format json` shape (see `Brief.to_dict`).

Keys keep their insertion order (never sorted), so the output is stable and diff-friendly;
orjson escapes every control character inside strings, so the JSON is terminal-safe too.
"""

from __future__ import annotations

import orjson

from briefing.brief.model import Brief


def render_json(brief: Brief) -> str:
    """The brief as indented JSON text (ends with a newline)."""
    return orjson.dumps(brief.to_dict(), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
