"""Golden outputs: the sample day (tests/support/sample_briefs.py) in every format, byte for byte.

A change to a renderer shows up here as a diff against tests/golden/brief/. When the change
is intended, look at the new output, then rewrite the files with

    BRIEFING_UPDATE_GOLDEN=1 pytest tests/test_brief_golden.py

and commit them with the change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.brief import render
from briefing.brief.render_rich import make_console
from tests.support.sample_briefs import sample_brief

GOLDEN = Path(__file__).resolve().parent / "golden" / "brief"


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no golden file {path}; run with BRIEFING_UPDATE_GOLDEN=1 to create it"
    with open(path, encoding="utf-8", newline="") as golden:
        assert actual == golden.read(), f"{name} differs from {path}"


@pytest.mark.parametrize(
    "name, fmt",
    [("day.txt", "text"), ("day.md", "markdown"), ("day.json", "json"), ("day.rich.txt", "rich")],
)
def test_sample_day(name, fmt):
    check(name, render(sample_brief(), fmt, width=80))


def test_sample_day_rich_in_colour():
    """Rich as a colour terminal 80 columns wide shows it (standard 16-colour palette)."""
    console = make_console(width=80, color=True, color_system="standard", file=None)
    from briefing.brief.render_rich import brief_renderable

    with console.capture() as capture:
        console.print(brief_renderable(sample_brief()))
    check("day.rich.ansi", capture.get())


def test_variants():
    check("by-tag.txt", render(sample_brief(by="tag", sentences=1), "text"))
    check("starred-one-sentence.md", render(sample_brief(starred=True, sentences=1), "markdown"))
    check("since.txt", render(sample_brief(date=None, since="24h"), "text", width=60))
    check("empty.txt", render(sample_brief(date="2026-01-01", tags=("x",)), "text"))
    check("empty.md", render(sample_brief(date="2026-01-01"), "markdown"))


def test_golden_files_are_what_the_brief_promises():
    """Guard the goldens themselves, so a careless update cannot bless a broken output."""
    text = (GOLDEN / "day.txt").read_text(encoding="utf-8")
    assert all(len(line) <= 80 for line in text.splitlines())
    for name in ("day.txt", "day.md", "day.json", "day.rich.txt", "by-tag.txt", "since.txt", "empty.txt"):
        assert "\x1b" not in (GOLDEN / name).read_text(encoding="utf-8"), name
    ansi = (GOLDEN / "day.rich.ansi").read_text(encoding="utf-8")
    assert "\x1b[" in ansi and "\x1b]" not in ansi  # colour, but no OSC (links, titles)
