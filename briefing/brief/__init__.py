"""The daily brief: one page of the day's news, grouped by story, for any output.

`build_brief(store, BriefQuery(...))` makes a `Brief` (plain data, no UI import); the renderers
turn it into plain text (`render_text`), Markdown (`render_markdown`), JSON (`render_json`) or
a Rich renderable (`briefing.brief.render_rich.brief_renderable`, imported on demand so that the
other formats never load Rich). `briefing brief` (briefing/cli/brief_cmd.py) and the TUI use
exactly these.
"""

from __future__ import annotations

from briefing.brief.build import BriefQuery, brief_from_records, build_brief, select_rows
from briefing.brief.model import Brief, BriefArticle, BriefGroup, EntityName, TopEntity
from briefing.brief.period import Period, parse_since, parse_tz
from briefing.brief.render_json import render_json
from briefing.brief.render_markdown import render_markdown
from briefing.brief.render_text import render_text

FORMATS = ("rich", "text", "markdown", "json")


def render(brief: Brief, fmt: str, *, width: int = 80, color: bool = False) -> str:
    """The brief in one of FORMATS as a string (`width` for text and rich; `color` for rich)."""
    if fmt == "text":
        return render_text(brief, width=width)
    if fmt == "markdown":
        return render_markdown(brief)
    if fmt == "json":
        return render_json(brief)
    if fmt == "rich":
        from briefing.brief.render_rich import render_rich

        return render_rich(brief, width=width, color=color)
    raise ValueError(f"unknown brief format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "Brief",
    "BriefArticle",
    "BriefGroup",
    "BriefQuery",
    "EntityName",
    "Period",
    "TopEntity",
    "brief_from_records",
    "build_brief",
    "parse_since",
    "parse_tz",
    "render",
    "render_json",
    "render_markdown",
    "render_text",
    "select_rows",
]
