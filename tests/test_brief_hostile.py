"""Hostile article text in every field of a brief, in every format.

Each field (headline, standfirst, source, URL, tags, notes, summary, entity names, aliases and
labels) carries Rich markup, ANSI / OSC / 8-bit C1 escape sequences, Markdown and HTML. Every
format must show the printable part literally and let nothing act: no escape sequence in text,
Markdown or plain Rich output, only our own colours in colour Rich output, no Markdown
structure we did not write, and JSON that round-trips to the stored strings.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import pytest

from briefing.brief import render
from tests.support.sample_briefs import HOSTILE, LINE_STARTS, LITERALS, as_import, hostile_brief, hostile_records

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_no_controls(output: str, *, shown: bool = True) -> None:
    """No control character at all; for shown text also no leftover of a sequence's payload
    (JSON keeps the stored strings, escaped, so their payload is data there)."""
    found = sorted({repr(c) for c in CONTROL.findall(output)})
    assert found == [], found
    if shown:
        assert "owned" not in output and "ZXZpbA" not in output


@pytest.mark.parametrize("by", ["story", "tag"])
def test_text_shows_everything_literally_and_no_escape(by):
    out = render(hostile_brief(by=by), "text", width=80)
    assert_no_controls(out)
    flat = " ".join(out.split())  # wrapping may break a literal across lines
    for literal in LITERALS:
        assert literal in flat, literal


@pytest.mark.parametrize("color", [False, True])
def test_rich_builds_text_never_markup(color):
    out = render(hostile_brief(), "rich", width=1000, color=color)
    if color:
        assert re.search(r"\x1b\[[0-9;]*m", out)  # our own colours
        out = re.sub(r"\x1b\[[0-9;]*m", "", out)  # and nothing else may remain
    assert_no_controls(out)
    for literal in LITERALS:
        assert literal in out, literal
    assert f"Shared {LITERALS[0]}" in out  # an entity name, in the entities table


def test_the_tui_renderable_survives_markup_in_every_field():
    from rich.console import Console

    from briefing.brief.render_rich import brief_renderable

    console = Console(width=120, record=True, force_terminal=True, color_system="truecolor", file=io.StringIO())
    console.print(brief_renderable(hostile_brief()))  # a MarkupError here would be the bug
    text = console.export_text()
    assert "[link=https://evil.example]x[/link]" in text and "\x1b" not in text


class Structure(HTMLParser):
    """Tags and text of rendered Markdown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_markdown_escapes_so_only_our_structure_renders():
    from markdown_it import MarkdownIt

    brief = hostile_brief()
    source = render(brief, "markdown")
    assert_no_controls(source)
    html = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(source)
    parsed = Structure()
    parsed.feed(html)
    tags = [tag for tag, _ in parsed.tags]
    # What we write: one h1, an h2 per group plus the entities section, an h3 per article of a
    # multi-article story, lists, notes as quotes, bold labels, ids as code. Nothing else.
    assert set(tags) <= {"h1", "h2", "h3", "p", "ul", "li", "strong", "blockquote", "code", "a"}, set(tags)
    assert tags.count("h1") == 1
    assert tags.count("h2") == len(brief.groups) + 1
    assert tags.count("h3") == sum(len(g.articles) for g in brief.groups if len(g.articles) > 1)
    assert tags.count("blockquote") == 1  # the one note
    assert [attrs["href"] for tag, attrs in parsed.tags if tag == "a"] == []  # no unsafe URL became a link
    codes = re.findall(r"<code>(.*?)</code>", html)
    assert codes and all(re.fullmatch(r"[0-9a-f]{8}", c) for c in codes), codes
    text = " ".join("".join(parsed.text).split())
    for literal in LITERALS:
        assert literal in text, literal
    for start in LINE_STARTS:
        assert start.strip() in text, start
    for marker in ("javascript:alert(1)//<b>[x](y)", "https://ok.example/a?b=<c>", "> quoted source", "- Source"):
        assert marker in text, marker


def test_json_round_trips_and_cannot_reach_a_terminal_raw():
    out = render(hostile_brief(), "json")
    assert_no_controls(out, shown=False)
    assert "\u202e" not in out
    data = json.loads(out)
    articles = {a["id"]: a for g in data["groups"] for a in g["articles"]}
    lead = articles["aaaa0001"]
    assert lead["title"] == f"# Lead {HOSTILE}"
    assert lead["source"] == f"- Source {HOSTILE}" and lead["tags"][0] == f"tag{HOSTILE}"
    assert lead["summary"][0] == f"# heading {HOSTILE}"
    assert lead["notes"][0]["text"].splitlines()[0] == f"# heading {HOSTILE}"
    assert lead["entities"][0]["text"] == f"Shared {HOSTILE}"


def test_the_command_with_hostile_text_in_the_library(run_cli, store):
    """End to end: through import into the store and out of `briefing brief` in every format."""
    for r in hostile_records():
        store.add([as_import(r)])
    first = store.rows()[0].id
    store.add_note(first, "\n".join(f"{start} {HOSTILE}" for start in LINE_STARTS))
    for fmt in ("text", "markdown", "json", "rich"):
        result = run_cli("brief", "--date", "2026-11-23", "--tz", "UTC", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert_no_controls(result.stdout, shown=fmt != "json")
        shown = "\\[bold\\]B\\[/\\]" if fmt == "markdown" else "[bold]B[/]"
        assert shown in result.stdout, fmt
