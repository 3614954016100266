"""The daily brief: choosing the day's articles, merging entities, grouping, ordering, the JSON
shape, and `briefing brief` end to end, on the sample day of tests/support/sample_briefs.py
(which the golden and hostile-text tests use too)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.brief import BriefQuery, brief_from_records, parse_since, parse_tz, render_json, select_rows
from briefing.brief.entities import DayEntities
from briefing.brief.period import Period, tz_name
from tests.support.contract import ARTICLE_KEYS
from tests.support.sample_briefs import DAY, NOW, UTC, as_import, entity, record, sample_brief, sample_records

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"


# ------------------------------------------------------------------ choosing the articles


def test_since_and_tz_values():
    assert parse_since("24h") == dt.timedelta(hours=24)
    assert parse_since("3d") == dt.timedelta(days=3)
    assert parse_since("90m") == dt.timedelta(minutes=90)
    assert parse_since("2w") == dt.timedelta(weeks=2)
    assert parse_since(" 1.5 hours ") == dt.timedelta(minutes=90)
    for bad in ("", "24", "h", "-3d", "0h", "3 fortnights", "99999w"):
        with pytest.raises(ValueError):
            parse_since(bad)
    assert parse_tz("UTC") is dt.UTC
    assert parse_tz("+02:00").utcoffset(None) == dt.timedelta(hours=2)
    assert parse_tz("-0530").utcoffset(None) == -dt.timedelta(hours=5, minutes=30)
    assert tz_name(parse_tz("Europe/Paris")) == "Europe/Paris"
    assert tz_name(parse_tz("-0530")) == "-05:30"
    for bad in ("Mars/Olympus", "+25:00", "../../etc/passwd"):
        with pytest.raises(ValueError):
            parse_tz(bad)


def test_an_article_belongs_to_its_published_day_in_the_brief_time_zone():
    late = "2026-11-23T23:30:00-05:00"  # 04:30 on the 24th in UTC
    assert not Period.resolve(DAY, tz=UTC, now=NOW).contains(late, "2026-11-25T00:00:00+00:00")
    assert Period.resolve("2026-11-24", tz=UTC, now=NOW).contains(late, "x")
    assert Period.resolve(DAY, tz=parse_tz("America/New_York"), now=NOW).contains(late, "x")
    # A date without a time is that calendar day everywhere.
    assert Period.resolve(DAY, tz=parse_tz("Pacific/Kiritimati"), now=NOW).contains("2026-11-23", "x")
    # No published date: the import day decides.
    assert Period.resolve(DAY, tz=UTC, now=NOW).contains(None, "2026-11-23T22:00:00+00:00")
    assert not Period.resolve(DAY, tz=parse_tz("+05:00"), now=NOW).contains(None, "2026-11-23T22:00:00+00:00")
    # today / yesterday follow the clock in the brief's zone.
    assert Period.resolve("today", tz=parse_tz("+05:00"), now=NOW).day == dt.date(2026, 11, 24)
    assert Period.resolve("yesterday", tz=UTC, now=NOW).day == dt.date(2026, 11, 22)
    with pytest.raises(ValueError):
        Period.resolve("someday", tz=UTC, now=NOW)
    with pytest.raises(ValueError):
        Period.resolve("today", "24h", tz=UTC, now=NOW)


def test_since_window():
    period = Period.resolve(since="24h", tz=UTC, now=NOW)
    assert period.since == NOW - dt.timedelta(hours=24) and period.until == NOW
    assert period.contains("2026-11-22T20:00:00+00:00", "x")
    assert not period.contains("2026-11-22T19:59:00+00:00", "x")
    assert period.contains("2026-11-22", "x")  # the cutoff's own day counts, as a date
    assert not period.contains("2026-11-21", "x")
    ids = [r.id for r in select_rows(sample_records(), BriefQuery(since="3d", tz=UTC, now=NOW))]
    assert ids == ["a1f0c001", "b2e0c002", "c3d0c003", "d4c0c004", "e5b0c005", "f6a0c006"]


def test_filters_tags_starred_unread():
    records = sample_records()

    def ids(**options):
        return [r.id for r in select_rows(records, BriefQuery(date=DAY, tz=UTC, now=NOW, **options))]

    assert ids() == ["a1f0c001", "b2e0c002", "c3d0c003", "d4c0c004", "e5b0c005"]
    assert ids(tags=("HEALTH",)) == ["a1f0c001", "b2e0c002"]
    assert ids(tags=("#health", "africa")) == ["a1f0c001"]
    assert ids(tags=("health", "europe")) == []
    assert ids(starred=True) == ["a1f0c001"]
    assert ids(unread=True) == ["a1f0c001", "c3d0c003", "d4c0c004", "e5b0c005"]


# ------------------------------------------------------------------ entities, groups, order


def test_entities_merge_across_articles_but_never_two_people_on_a_shared_surname():
    merged = DayEntities(
        [
            [
                entity("World Health Organization", "ORG", 2, "World Health Organization", "WHO"),
                entity("John Smith", "PERSON", 2, "John Smith", "Smith"),
            ],
            [entity("WHO", "ORG", 3), entity("Jane Smith", "PERSON", 1, "Jane Smith", "Smith")],
            [entity("Smith", "PERSON", 1), entity("who", "ORG", 1)],
        ]
    )
    by_text = {(e.text, e.label): e for e in merged.entities}
    who = by_text[("World Health Organization", "ORG")]
    assert who.articles == {0, 1, 2} and who.mentions == 6
    assert set(by_text) == {
        ("World Health Organization", "ORG"),
        ("John Smith", "PERSON"),
        ("Jane Smith", "PERSON"),
        ("Smith", "PERSON"),
    }
    assert merged.per_article[1] == {who.key: 3, by_text[("Jane Smith", "PERSON")].key: 1}


def test_the_day_in_groups():
    brief = sample_brief()
    assert brief.date == DAY and brief.article_count == 5 and brief.timezone == "UTC"
    assert brief.sources == ("East Africa Wire", "Paris Wire", "The Continental", "The Nation Desk")
    assert [[a.id for a in g.articles] for g in brief.groups] == [
        ["a1f0c001", "b2e0c002"],  # two articles and a star
        ["d4c0c004", "c3d0c003"],  # equally central: the newer leads
        ["e5b0c005"],
    ]
    kenya, france, opera = brief.groups
    assert kenya.title == "Kenya confirms Rift Valley fever outbreak in flooded northeast; 14 dead"
    assert [e.text for e in kenya.entities] == ["Kenya", "Garissa", "World Health Organization"]
    assert [e.text for e in france.entities] == ["Sébastien Lecornu", "Socialist Party", "France", "National Assembly"]
    assert opera.entities == () and opera.tag is None
    top = [(e.text, e.label, e.articles, e.mentions) for e in brief.top_entities]
    # Most articles, then most mentions, then name; "WHO" and "Socialists" joined their long names.
    assert top[:7] == [
        ("Kenya", "PLACE", 2, 8),
        ("Garissa", "PLACE", 2, 7),
        ("Sébastien Lecornu", "PERSON", 2, 7),
        ("Socialist Party", "ORG", 2, 4),
        ("France", "PLACE", 2, 3),
        ("National Assembly", "ORG", 2, 3),
        ("World Health Organization", "ORG", 2, 3),
    ]
    assert len(top) == 10 and top[7] == ("Václav Hrubý", "PERSON", 1, 3)
    first = kenya.articles[0]
    assert first.starred and first.when == "2026-11-23 07:30" and first.tags == ("health", "africa")
    # Key entities: most mentions in the article, then those the day shares, then name.
    assert [e.text for e in first.key_entities] == [
        "Kenya",
        "Garissa",
        "World Health Organization",
        "Wajir",
        "Wanjiku Mbugua-Otieno",
    ]
    assert kenya.articles[1].when == "2026-11-23"
    assert opera.articles[0].when == "imported 2026-11-23"


def test_a_starred_single_article_outranks_other_single_articles_but_not_stories():
    records = sample_records()[:5]
    records.append(
        record("0000aaaa", "A starred story of its own", published="2026-11-23", starred=True, summary=("Alone.",))
    )
    query = BriefQuery(date=DAY, tz=UTC, now=NOW)
    order = [[a.id for a in g.articles] for g in brief_from_records(records, query).groups]
    assert order == [["a1f0c001", "b2e0c002"], ["d4c0c004", "c3d0c003"], ["0000aaaa"], ["e5b0c005"]]


def test_summary_sentences():
    assert [len(a.summary) for g in sample_brief(sentences=1).groups for a in g.articles] == [1, 1, 1, 1, 1]
    assert all(a.summary == () for g in sample_brief(sentences=0).groups for a in g.articles)
    assert [len(a.summary) for g in sample_brief().groups for a in g.articles] == [3, 2, 2, 2, 1]


def test_more_sentences_than_stored_are_summarised_afresh():
    body = [
        "The city council approved a new budget on Monday after a long debate.",
        "The budget raises spending on schools by four percent.",
        "Council members argued for hours about the cost of road repairs.",
        "The mayor said the budget protects every public library.",
        "Opponents said the plan relies on optimistic tax forecasts.",
        "A final vote on the transport levy is expected next month.",
    ]
    stored = body[:3]
    long = record("abcd0001", "Council passes budget", published="2026-11-23", summary=stored, paragraphs=body)
    query = BriefQuery(date=DAY, tz=UTC, now=NOW, sentences=5)
    [group] = brief_from_records([long], query).groups
    summary = group.articles[0].summary
    assert len(summary) == 5 and set(summary) <= set(body)
    # Only two stored sentences means the analyzer took all the article had: nothing to redo.
    short = record("abcd0002", "Short", published="2026-11-23", summary=body[:2], paragraphs=body[:2])
    assert brief_from_records([short], query).groups[0].articles[0].summary == tuple(body[:2])


def test_by_tag_puts_each_article_once_under_its_most_used_tag():
    brief = sample_brief(by="tag")
    assert brief.group_by == "tag"
    groups = [(g.title, g.tag, [a.id for a in g.articles]) for g in brief.groups]
    assert groups == [
        ("#health", "health", ["a1f0c001", "b2e0c002"]),
        ("#europe", "europe", ["c3d0c003"]),
        ("Untagged", "", ["d4c0c004", "e5b0c005"]),
    ]
    assert sum(len(g.articles) for g in brief.groups) == brief.article_count


def test_json_shape_follows_the_contract_in_a_stable_order():
    data = json.loads(render_json(sample_brief()))
    assert list(data)[:4] == ["date", "article_count", "top_entities", "groups"]
    assert data["date"] == "2026-11-23" and data["article_count"] == 5
    assert list(data["top_entities"][0])[:4] == ["text", "label", "articles", "mentions"]
    group = data["groups"][0]
    assert list(group)[:2] == ["title", "articles"]
    article = group["articles"][0]
    assert list(article)[:13] == list(ARTICLE_KEYS)
    assert article["notes"] == [
        {"text": "Call the WHO Nairobi office about vaccine stocks.", "created": "2026-11-23T10:15:00+00:00"}
    ]
    assert list(article["entities"][0]) == ["text", "label", "count", "aliases"]
    assert render_json(sample_brief()) == render_json(sample_brief())
    empty = json.loads(render_json(sample_brief(date="2026-01-01")))
    assert empty["article_count"] == 0 and empty["groups"] == [] and empty["top_entities"] == []


def test_the_brief_data_never_imports_a_ui_library():
    for path in sorted((PACKAGE / "brief").glob("*.py")):
        if path.name == "render_rich.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in names if m.split(".")[0] in {"rich", "textual", "click"}}, path
    code = (
        "import sys\n"
        "from tests.support.sample_briefs import sample_brief\n"
        "from briefing.brief import render\n"
        "for fmt in ('text', 'markdown', 'json'): render(sample_brief(), fmt)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'textual', 'click'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ `briefing brief`


@pytest.fixture
def day_library(store):
    items = [as_import(r) for r in sample_records()]
    # The opera has no date: its day is the import day, today; keep it out of these tests.
    items.pop(4)
    added = store.add(items).added  # four of the day, one of the day before
    store.set_starred(added[0], True)
    store.add_note(added[0], "Call the WHO Nairobi office.")
    store.set_read(added[1], True)
    return added


def test_cli_default_is_plain_text_in_a_pipe(run_cli, day_library):
    import gc

    result = run_cli("brief", "--date", "2026-11-23", "--tz", "UTC")
    assert result.exit_code == 0, result.output
    assert gc.isenabled()  # paused for the command only
    out = result.stdout
    assert "\x1b" not in out and out.startswith("BRIEF · Monday 23 November 2026\n")
    assert "4 articles from 4 sources, 2 stories" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    for article_id in day_library[:4]:
        assert f"id {article_id}" in out
    assert f"id {day_library[4]}" not in out  # the day before
    assert "Note (" in out and "Call the WHO Nairobi office." in out


def test_cli_formats_filters_and_output_file(run_cli, day_library, tmp_path):
    data = json.loads(run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "-f", "json").stdout)
    assert data["article_count"] == 4 and [len(g["articles"]) for g in data["groups"]] == [2, 2]
    starred = json.loads(run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "-f", "json", "--starred").stdout)
    assert [a["id"] for g in starred["groups"] for a in g["articles"]] == [day_library[0]]
    tagged = json.loads(run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "-f", "json", "-t", "europe").stdout)
    assert tagged["article_count"] == 1 and tagged["filters"]["tags"] == ["europe"]
    markdown = run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "-f", "markdown").stdout
    assert markdown.startswith("# Brief: Monday 23 November 2026\n")

    target = tmp_path / "out" / "brief.md"
    target.parent.mkdir()
    result = run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == markdown  # the suffix chose Markdown
    assert f"wrote {target} (markdown): 4 articles" in result.stderr
    assert [p.name for p in target.parent.iterdir()] == ["brief.md"]  # no temporary file left
    as_json = tmp_path / "out" / "brief.json"
    run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "-o", str(as_json))
    assert json.loads(as_json.read_text(encoding="utf-8"))["article_count"] == 4
    forced = tmp_path / "out" / "brief.md.txt"
    run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "-o", str(forced), "-f", "rich")
    assert "\x1b" not in forced.read_text(encoding="utf-8") and "╭" in forced.read_text(encoding="utf-8")

    missing = run_cli("brief", "-o", str(tmp_path / "nowhere" / "x.md"))
    assert missing.exit_code == 1 and missing.stderr.startswith(
        f"briefing: {tmp_path / 'nowhere' / 'x.md'}: cannot write"
    )


def test_cli_rich_without_a_terminal_or_with_no_color_has_no_escapes(run_cli, day_library):
    for env in ({}, {"NO_COLOR": "1"}):
        out = run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", "-f", "rich", env=env).stdout
        assert "\x1b" not in out and "Brief · Monday 23 November 2026" in out
    plain = run_cli("brief", "-d", "2026-11-23", "--tz", "UTC", env={"NO_COLOR": "1"}).stdout
    assert plain.startswith("BRIEF · ")


def test_cli_empty_day_is_a_friendly_line_and_success(run_cli, day_library):
    result = run_cli("brief", "--date", "2025-01-01", "--tz", "UTC")
    assert result.exit_code == 0
    assert result.stdout.startswith("No articles for Wednesday 1 January 2025.")
    assert len(result.stdout.strip().splitlines()) <= 2
    starred = run_cli("brief", "--date", "2026-11-23", "--tz", "UTC", "--starred", "--unread", "-t", "sport")
    assert starred.exit_code == 0 and starred.stdout.startswith("No starred unread articles tagged #sport for Monday")
    as_json = run_cli("brief", "--date", "2025-01-01", "-f", "json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout)["article_count"] == 0
    assert as_json.stderr.startswith("No articles")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "someday"], "not a date"),
        (["--since", "3 fortnights"], "not a duration"),
        (["--tz", "Mars/Olympus"], "unknown time zone"),
        (["--date", "today", "--since", "24h"], "not both"),
        (["--format", "html"], "html"),
        (["--sentences", "-1"], "-1"),
    ],
)
def test_cli_bad_usage_exits_2(run_cli, args, message):
    result = run_cli("brief", *args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_choose_format():
    from briefing.cli.brief_cmd import choose_format

    class Stream:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

    assert choose_format(None, None, Stream(True)) == "rich"
    assert choose_format(None, None, Stream(False)) == "text"
    assert choose_format("json", None, Stream(True)) == "json"
    assert choose_format(None, Path("x.MD"), Stream(True)) == "markdown"
    assert choose_format(None, Path("x.json"), Stream(True)) == "json"
    assert choose_format(None, Path("brief"), Stream(True)) == "text"


def test_choose_format_honours_no_color(monkeypatch):
    from briefing.cli.brief_cmd import choose_format

    class Tty:
        def isatty(self):
            return True

    monkeypatch.setenv("NO_COLOR", "")
    assert choose_format(None, None, Tty()) == "text"


async def test_the_tui_can_show_the_brief_renderable():
    """What the reader's palette command shows: the Rich renderable inside a Textual Static."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    from briefing.brief.render_rich import brief_renderable
    from tests.support.sample_briefs import hostile_brief

    class BriefApp(App):
        def __init__(self, brief) -> None:
            super().__init__()
            self.brief = brief

        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static(brief_renderable(self.brief))

    async def screenshot(brief) -> str:
        app = BriefApp(brief)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            return app.export_screenshot().replace("&#160;", " ")

    sample = await screenshot(sample_brief())
    assert "Kenya" in sample and "Monday" in sample
    hostile = await screenshot(hostile_brief())
    assert "[bold]B[/]" in hostile  # markup shown, not applied
