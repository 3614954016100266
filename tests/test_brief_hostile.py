"""Hostile article text in every field of a brief, in every format.

Each field (headline, standfirst, source, URL, tags, notes, summary, entity names, aliases and
labels) carries Rich markup, ANSI / OSC / 8-bit C1 escape sequences, Markdown and HTML. Every
format must show the printable part literally and let nothing act: no escape sequence in text,
Markdown or plain Rich output, only our own colours in colour Rich output, no Markdown
structure we did not write, and JSON that round-trips to the stored strings.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from briefing.brief import BriefQuery, brief_from_records, render
from briefing.store import Note
from tests.test_brief import DAY, NOW, UTC, entity, record

# Shown literally wherever they appear.
LITERALS = [
    "[bold]B[/]",
    "[/]",
    "[link=https://evil.example]x[/link]",
    "*star*",
    "_under_",
    "`tick`",
    "[x](y)",
    "![i](j)",
    "<script>alert(1)</script>",
    "&amp;",
    "~~del~~",
    "$m$",
    "a|b",
    "back\\slash",
]
# Acting sequences: clear screen, window title, hyperlink, clipboard write, 8-bit CSI and OSC.
SEQUENCES = "\x1b[2J \x1b]0;owned\x07 \x1b]8;;https://evil.example\x1b\\\\ \x1b]52;c;ZXZpbA==\x07 \x9b31m \x9d0;t\x9c \x07\x08\x7f"
HOSTILE = " ".join(LITERALS) + " " + SEQUENCES
# Markdown that would open a block at the start of a line.
LINE_STARTS = ["# heading", "- item", "+ item", "1. ordered", "2) ordered", "> quote", "---", "===", "    indented"]


def hostile_records():
    def ents(tag):
        return (
            entity(f"{tag} {HOSTILE}", "PERSON", 3, f"{tag} {HOSTILE}", f"[b]{tag}[/b]"),
            entity(f"Org {tag} *x*", "\x1b[31mORG", 2),
        )

    return [
        record(
            "aaaa0001",
            f"# Lead {HOSTILE}",
            dek=f"Dek {HOSTILE}",
            source=f"- Source {HOSTILE}",
            url="javascript:alert(1)//<b>[x](y)",
            published="2026-11-23T08:00:00+00:00",
            tags=(f"tag{HOSTILE}", "*t*"),
            starred=True,
            notes=(Note("\n".join(f"{start} {HOSTILE}" for start in LINE_STARTS), "2026-11-23T09:00:00+00:00\x1b[2J"),),
            summary=tuple(f"{start} {HOSTILE}" for start in LINE_STARTS),
            entities=ents("Shared"),
        ),
        record(
            "aaaa0002",
            f"1. Second {HOSTILE}",
            source="> quoted source",
            url="https://ok.example/a?b=<c>",
            published="2026-11-23",
            summary=(f"Shared story again {HOSTILE}", f"=== {HOSTILE}"),
            entities=ents("Shared"),
        ),
        record("aaaa0003", f"[/] {HOSTILE}", published="2026-11-23", summary=(f"--- {HOSTILE}",), entities=ents("Other")),
    ]


def hostile_brief(**options):
    query = BriefQuery(date=DAY, tz=UTC, now=NOW, **options)
    return brief_from_records(hostile_records(), query)


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

    console = Console(width=120, record=True, force_terminal=True, color_system="truecolor", file=open("/dev/null", "w"))
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
    from briefing.core.model import Article

    for r in hostile_records():
        store.add([(Article(title=r.title, paragraphs=r.paragraphs, dek=r.dek, source=r.source, url=r.url, published=r.published, tags=r.tags), dict(r.analysis))])
    first = store.rows()[0].id
    store.add_note(first, "\n".join(f"{start} {HOSTILE}" for start in LINE_STARTS))
    for fmt in ("text", "markdown", "json", "rich"):
        result = run_cli("brief", "--date", "2026-11-23", "--tz", "UTC", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert_no_controls(result.stdout, shown=fmt != "json")
        shown = "\\[bold\\]B\\[/\\]" if fmt == "markdown" else "[bold]B[/]"
        assert shown in result.stdout, fmt
