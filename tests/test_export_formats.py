"""The export formats (core/export.py, core/filenames.py): Markdown escaping that reverses
exactly, front matter that survives hostile text, safe file names, CSV that a spreadsheet
cannot evaluate, JSON Lines in the contract's shape, and the parser recognising an export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import orjson
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.export import (
    BODY_END,
    BODY_START,
    MARKER,
    csv_cells,
    csv_lines,
    escape,
    jsonl_line,
    markdown_body,
    neutralise,
    render_markdown,
    unescape,
)
from briefing.core.filenames import MAX_STEM_BYTES, UniqueNames, article_stem, safe_stem
from briefing.core.model import Article
from briefing.core.parsing import Problem, parse_text
from briefing.core.records import ArticleRecord, Note
from briefing.core.text import clean_line, clean_paragraph
from tests.support.contract import ARTICLE_KEYS

HOSTILE_LINES = [
    "---",
    "--- ",
    "-----",
    "...",
    BODY_START,
    BODY_END,
    "<!-- briefing: body -->",
    "## Summary",
    "# Heading",
    "> quote",
    "- item",
    "+ item",
    "* item",
    "1. first",
    "2024) a year",
    "title: injected: yes",
    "[link](javascript:alert(1)) <script>alert(1)</script>",
    "[bold]rich markup[/bold] [/]",
    "back\\slash \\* \\\\ end\\",
    "&amp; &lt; %%obsidian comment%% ==highlight== [[wikilink]] ^block $math$",
    "'single' \"double\" `tick` ``` fence",
    "Ünïcödé — emoji 🎉 — 中文 — עברית",
    "key: value # comment",
    "{flow: mapping}",
    "!!python/object:os.system",
    "null",
    "true",
    "2026-11-27",
    "~",
    "= SUM(A1:A9)",
]
# Paragraphs as the library stores them (trimmed, whitespace collapsed).
HOSTILE_PARAGRAPHS = tuple(dict.fromkeys(clean_paragraph(line) for line in HOSTILE_LINES))


def record(**fields) -> ArticleRecord:
    base = {
        "id": "0123abcd",
        "title": "A headline",
        "dek": "A standfirst.",
        "source": "Wire",
        "url": "https://example.com/a",
        "published": "2026-11-27",
        "imported_at": "2026-11-27T10:00:00+00:00",
        "tags": ("asia", "follow up"),
        "notes": (Note("First note.", "2026-11-27T11:00:00+00:00"),),
        "read": True,
        "starred": False,
        "paragraphs": ("First paragraph.", "Second paragraph."),
        "analysis": {"summary": ["First paragraph."], "entities": [], "analyzer": "test"},
    }
    base.update(fields)
    return ArticleRecord(**base)


def parse_one(text: str, kind: str) -> Article:
    items = list(parse_text(text, "export-file", kind))
    problems = [i for i in items if isinstance(i, Problem)]
    assert not problems, problems
    (article,) = items
    return article


# ---------------------------------------------------------------------- escaping


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_escape_reverses_exactly_and_never_leaves_a_marker_or_block(line):
    escaped = escape(line)
    assert unescape(escaped) == line
    assert escaped.strip() not in (BODY_START, BODY_END)
    assert not escaped.startswith(("#", ">", "-", "+", "*", "<", "=", "["))
    if re.match(r"\d+[.)]", line):  # an ordered list item
        assert re.match(r"\d+\\[.)]", escaped)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=80))
def test_escape_unescape_is_the_identity(text):
    assert unescape(escape(text)) == text


# ---------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Typhoon Halona: 400,000 flee", "typhoon-halona-400-000-flee"),
        ("../../etc/passwd", "etc-passwd"),
        ('a<b>c:d"e/f\\g|h?i*j', "a-b-c-d-e-f-g-h-i-j"),
        ("...hidden", "hidden"),
        ("CON", "_con"),
        ("nul", "_nul"),
        ("com1", "_com1"),
        ("\x1b[2J\x00bell\x07", "2j-bell"),
        ("   ", "fallback"),
        ("???", "fallback"),
        ("Cafe\u0301 déjà vu", "café-déjà-vu"),
        ("evil\u202eoverride", "evil-override"),
    ],
)
def test_safe_stem(title, expected):
    assert safe_stem(title, "fallback") == expected


def test_stems_are_bounded_in_bytes_and_cut_on_a_character():
    stem = safe_stem("é" * 500)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    stem.encode("utf-8").decode("utf-8")
    full = article_stem(dt.date(2026, 11, 27), "中文标题" * 100, "id")
    assert full.startswith("2026-11-27-") and len((full + "-999.md").encode("utf-8")) <= 255


def test_collisions_are_numbered_ignoring_case_and_normalisation():
    names = UniqueNames()
    assert names.claim("news", ".md") == "news.md"
    assert names.claim("NEWS", ".md") == "NEWS-2.md"
    assert names.claim("news", ".md") == "news-3.md"
    assert names.claim("cafe\u0301", ".md") == "cafe\u0301.md"
    assert names.claim("caf\u00e9", ".md") == "caf\u00e9-2.md"


# ---------------------------------------------------------------------- Markdown


def test_markdown_export_reads_back_exactly_with_its_state():
    rec = record(notes=(Note("Line one\n\nline two", "2026-11-27T11:00:00+00:00", "2026-11-28T09:00:00+00:00"),))
    text = render_markdown(rec)
    assert text.startswith("---\n" + MARKER + ": 1\n")
    article = parse_one(text, "markdown")
    assert article.title == rec.title and article.dek == rec.dek and article.paragraphs == rec.paragraphs
    assert article.published == "2026-11-27" and article.tags == rec.tags
    assert article.exported_id == "0123abcd" and article.imported_at == rec.imported_at
    assert article.notes == rec.notes and article.read is True and article.starred is False
    assert article.has_user_state
    assert "## Summary" in text and "## Notes" in text


def test_hostile_text_survives_the_markdown_round_trip_uninterpreted():
    # Titles are stored as one clean line; the note keeps its line breaks.
    hostile = clean_line("---\ntitle: injected: yes # [/] <script> " + " ".join(HOSTILE_LINES[:7]))
    rec = record(
        title=hostile,
        dek="--- dek: {x: 1}",
        source="!!python/object:os.system",
        tags=("---", "a: b"),
        paragraphs=HOSTILE_PARAGRAPHS,
        notes=(Note("---\nnotes: []\n...\n" + "\n".join(HOSTILE_LINES), "2026-11-27T11:00:00+00:00"),),
    )
    text = render_markdown(rec)
    # The front matter ends where the export says, whatever the notes hold.
    front, _, after = text[4:].partition("\n---\n")
    meta = yaml.safe_load(front)
    assert meta["title"] == hostile and meta["notes"][0]["text"] == rec.notes[0].text
    assert markdown_body(after) == list(rec.paragraphs)
    article = parse_one(text, "markdown")
    assert article.title == hostile and article.paragraphs == rec.paragraphs
    assert article.notes == rec.notes and article.tags == ("---", "a: b") and article.source == rec.source
    assert article.dek == rec.dek


def test_a_plain_markdown_file_gives_no_user_state():
    text = "---\ntitle: T\nread: true\nstarred: true\nid: 0123abcd\nnotes: [{text: x, created: '2026-11-27T11:00:00+00:00'}]\n---\n\nBody.\n"
    article = parse_one(text, "markdown")
    assert article.read is None and article.starred is None and article.notes == () and article.exported_id is None
    assert not article.has_user_state


def test_export_without_body_markers_or_with_bad_state_is_one_problem():
    text = render_markdown(record()).replace(BODY_START, "")
    (problem,) = list(parse_text(text, "f.md", "markdown"))
    assert isinstance(problem, Problem) and "body markers" in problem.reason
    bad = render_markdown(record()).replace("read: true", "read: perhaps")
    (problem,) = list(parse_text(bad, "f.md", "markdown"))
    assert isinstance(problem, Problem) and "read" in problem.reason


def test_an_export_from_a_newer_format_imports_as_a_plain_article_with_a_warning():
    text = render_markdown(record()).replace(f"{MARKER}: 1", f"{MARKER}: 7")
    items = list(parse_text(text, "f.md", "markdown"))
    assert isinstance(items[0], Problem) and items[0].warning and "newer" in items[0].reason
    assert not items[-1].has_user_state


# ---------------------------------------------------------------------- JSON Lines


def test_jsonl_line_is_the_contract_shape_plus_body_and_reads_back():
    rec = record(feed="feed1234", paragraphs=HOSTILE_PARAGRAPHS)
    line = jsonl_line(rec)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    data = orjson.loads(line)
    for key in (*ARTICLE_KEYS, "feed", "body", MARKER):
        assert key in data
    assert data["notes"] == [{"text": "First note.", "created": "2026-11-27T11:00:00+00:00"}]
    article = parse_one(line.decode(), "jsonl")
    assert article.paragraphs == rec.paragraphs and article.feed == "feed1234" and article.read is True
    assert article.notes == rec.notes and article.exported_id == rec.id


# ---------------------------------------------------------------------- CSV


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start):
    assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("a" + start) == "a" + start


def test_csv_has_a_bom_a_header_and_neutralised_quoted_cells():
    rows = [
        record(
            title='=HYPERLINK("http://evil","click")',
            source="@SUM(1)",
            tags=("-x", "y"),
            notes=(Note('+1 call\nthe desk, "now"', "2026-11-27T11:00:00+00:00"),),
        ),
        record(id="89abcdef", title="Plain, with comma", source=None, url=None, tags=(), notes=()),
    ]
    data = b"".join(csv_lines(rows))
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert parsed[0] == ["id", "date", "source", "title", "url", "tags", "notes", "first_note"]
    assert parsed[1] == [
        "0123abcd",
        "2026-11-27",
        "'@SUM(1)",
        '\'=HYPERLINK("http://evil","click")',
        "https://example.com/a",
        "'-x, y",
        "1",
        '\'+1 call\nthe desk, "now"',
    ]
    assert parsed[2] == ["89abcdef", "2026-11-27", "", "Plain, with comma", "", "", "0", ""]
    assert csv_cells(rows[0])[3].startswith("'=")


def test_a_jsonl_file_is_bounded_per_line_not_per_file(tmp_path):
    from briefing.core.parsing import read_file

    line = orjson.dumps({"title": "T", "body": "x" * 500}).decode()
    path = tmp_path / "big.jsonl"
    huge = orjson.dumps({"title": "Huge", "body": "y" * 5000}).decode()
    path.write_text("\ufeff" + "\n".join([line.replace('"T"', f'"T{i}"') for i in range(30)] + [huge, line]) + "\n")
    assert path.stat().st_size > 4096
    items = list(read_file(path, max_bytes=4096))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(articles) == 31 and articles[0].title == "T0"
    assert [p.reason for p in problems] == ["line 31: larger than the 0.00390625 MB limit"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_jsonl_file_in_utf16_or_32_is_still_read(tmp_path, encoding):
    from briefing.core.parsing import read_file

    path = tmp_path / "wide.jsonl"
    path.write_bytes(orjson.dumps({"title": "Wide", "body": "Body."}).decode().encode(encoding))
    (article,) = list(read_file(path))
    assert article.title == "Wide"


def test_bad_lines_of_a_jsonl_file_are_problems_and_the_rest_imports(tmp_path):
    from briefing.core.parsing import read_file

    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"title": "A", "body": "x"}\n{not json\n\xff\xfe\xfa\n\n{"title": "B", "body": "y"}\n')
    items = list(read_file(path))
    assert [i.title for i in items if isinstance(i, Article)] == ["A", "B"]
    reasons = [i.reason for i in items if isinstance(i, Problem)]
    assert reasons[0].startswith("line 2: malformed JSON") and reasons[1].startswith("line 3: not UTF-8")
