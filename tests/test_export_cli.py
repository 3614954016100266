"""`briefing export`, `backup` and `restore` on the command line: options, defaults, one-line
errors (never a traceback), no overwriting without --force, and the README documenting every
option."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from tests.support.sample_app import build_sample_library
from tests.support.terminal import run_on_a_terminal

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample(library_path):
    store = build_sample_library(library_path)
    yield store
    store.close()


def ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def one_line_error(result, status: int, *fragments: str) -> str:
    assert result.exit_code == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    for fragment in fragments:
        assert fragment in message
    return message


def test_md_export_goes_to_a_dated_folder_by_default(run_cli, sample, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ok(run_cli("export"))
    folder = tmp_path / f"briefing-export-{dt.date.today().isoformat()}"
    files = sorted(folder.iterdir())
    assert len(files) == 5 and all(f.suffix == ".md" for f in files)
    assert result.stderr.strip() == f"exported 5 articles to {folder}"
    assert files[0].name.startswith("2026-11-") and not any(f.name.startswith(".") for f in files)


def test_the_format_follows_the_output_suffix(run_cli, sample, tmp_path):
    ok(run_cli("export", "-o", str(tmp_path / "a.jsonl")))
    lines = (tmp_path / "a.jsonl").read_bytes().splitlines()
    assert len(lines) == 5 and all(json.loads(line)["briefing_export"] == 1 for line in lines)
    ok(run_cli("export", "-o", str(tmp_path / "a.csv")))
    data = (tmp_path / "a.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode(), newline="")))
    assert len(rows) == 5 and rows[0]["first_note"] == "Follow up on the ratification vote." and rows[0]["notes"] == "1"


def test_jsonl_and_csv_go_to_standard_output_without_output(run_cli, sample):
    result = ok(run_cli("export", "--format", "jsonl", "--starred"))
    data = [json.loads(line) for line in result.stdout.splitlines()]
    assert {d["title"] for d in data} == {
        "Riverton transit strike averted after overnight talks",
        "Scientists map a deep-sea coral reef off Tasmania",
    }
    assert result.stderr.strip() == "exported 2 articles to standard output"
    result = ok(run_cli("export", "-f", "csv", "-o", "-", "--tag", "asia", "-q"))
    assert result.stdout.count("\n") == 2 and result.stderr == ""


def test_filters(run_cli, sample):
    def titles(*args):
        return [
            json.loads(line)["title"].split()[0]
            for line in ok(run_cli("export", "-f", "jsonl", *args)).stdout.splitlines()
        ]

    assert sorted(titles("--date", "2026-11-27")) == ["Black", "Typhoon"]
    assert titles("--tag", "asia", "--tag", "WEATHER") == ["Typhoon"]
    assert titles("--tag", "asia", "--tag", "local") == []
    # The undated article counts by the day it was imported (2026-11-28).
    assert titles("--since", "100w", "--starred") == ["Riverton", "Scientists"]
    assert titles("--since", "1m") == []


def test_existing_files_are_never_overwritten_without_force(run_cli, sample, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("precious")
    message = one_line_error(run_cli("export", "-o", str(out)), 1, str(out), "already exists", "--force")
    assert "\n" not in message and out.read_text() == "precious"
    ok(run_cli("export", "-o", str(out), "--force"))
    assert out.read_text().count("\n") == 5
    folder = tmp_path / "md"
    ok(run_cli("export", "-o", str(folder)))
    first = sorted(folder.iterdir())[0]
    first.write_text("edited by hand")
    one_line_error(run_cli("export", "-o", str(folder)), 1, "already exists (and 4 more)")
    assert first.read_text() == "edited by hand"
    ok(run_cli("export", "-o", str(folder), "--force"))
    assert first.read_text().startswith("---\nbriefing_export: 1\n")


@pytest.mark.parametrize(
    ("args", "status", "fragment"),
    [
        (("--date", "2026-13-45"), 2, "is not a date"),
        (("--since", "soon"), 2, "is not a duration"),
        (("--date", "today", "--since", "1d"), 2, "not both"),
        (("--tz", "Mars/Olympus"), 2, "unknown time zone"),
        (("--format", "pdf"), 2, "pdf"),
        (("-o", "-"), 2, "needs --format jsonl or csv"),
        (("--feed", "nope"), 1, "no feed 'nope'"),
    ],
)
def test_user_mistakes_are_one_line(run_cli, sample, args, status, fragment):
    one_line_error(run_cli("export", *args), status, fragment)


def test_a_file_where_the_md_folder_should_be_is_one_line(run_cli, sample, tmp_path):
    (tmp_path / "taken").write_text("x")
    one_line_error(run_cli("export", "-o", str(tmp_path / "taken")), 1, "is not a folder")


def test_no_progress_bar_or_escape_sequence_in_a_pipe(run_cli, sample, tmp_path):
    result = ok(run_cli("export", "-o", str(tmp_path / "x")))
    assert "\x1b" not in result.stderr and "\x1b" not in result.stdout


def test_export_then_import_through_the_cli_restores_list_and_show(run_cli, sample, tmp_path):
    ok(run_cli("export", "-o", str(tmp_path / "md")))
    other = tmp_path / "other" / "library.json"
    result = ok(run_cli("import", str(tmp_path / "md"), db=other))
    assert result.stderr.strip() == "imported 5, duplicates 0, failed 0"
    assert json.loads(ok(run_cli("list", "--json", db=other)).stdout) == json.loads(
        ok(run_cli("list", "--json")).stdout
    )
    # Importing it again into the same library: duplicates, nothing changes.
    again = ok(run_cli("import", str(tmp_path / "md"), db=other))
    assert again.stderr.strip() == "imported 0, duplicates 5, failed 0"


def test_backup_and_restore_on_the_command_line(run_cli, sample, tmp_path):
    archive = tmp_path / "b.tar.gz"
    result = ok(run_cli("backup", str(archive)))
    assert re.fullmatch(r"backed up 5 articles \(\d+ files, [\d.]+ MB\) to .*b\.tar\.gz", result.stderr.strip())
    one_line_error(run_cli("backup", str(archive)), 2, "already exists")
    target = tmp_path / "new" / "library.json"
    result = ok(run_cli("restore", str(archive), db=target))
    assert result.stderr.strip().startswith("restored 5 articles")
    assert ok(run_cli("list", db=target)).stdout == ok(run_cli("list")).stdout
    one_line_error(run_cli("restore", str(archive), db=target), 2, "already holds a library")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"junk")
    one_line_error(run_cli("restore", str(junk), db=tmp_path / "t" / "library.json"), 2, "not a usable briefing backup")
    one_line_error(
        run_cli("restore", str(tmp_path / "missing.tar.gz"), db=tmp_path / "t" / "library.json"), 2, "no such file"
    )


def test_restore_never_creates_the_default_library_first(run_cli, sample, tmp_path, monkeypatch):
    archive = tmp_path / "b.tar.gz"
    ok(run_cli("backup", str(archive)))
    home = tmp_path / "home" / "library.json"
    monkeypatch.setenv("BRIEFING_DB", str(home))
    from click.testing import CliRunner

    from briefing.cli import cli

    result = CliRunner().invoke(cli, ["restore", str(archive)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(CliRunner().invoke(cli, ["list", "--json"]).stdout)) == 5


@pytest.mark.parametrize("command", ["export", "backup", "restore"])
def test_every_option_has_help_and_is_in_the_readme(command):
    import click

    from briefing.cli import cli

    cmd = cli.get_command(click.Context(cli), command)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"briefing {command}" in readme
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, (command, param.name)
            for flag in param.opts:
                if flag.startswith("--"):
                    assert flag in readme, (command, flag)


def test_progress_bar_on_a_terminal(tmp_path):

    from briefing.core.model import Article
    from briefing.store import ArticleStore

    library = tmp_path / "lib" / "library.json"
    with ArticleStore(library) as store:
        store.add(
            [
                (Article(title=f"Story {i}", paragraphs=(f"Body {i}.",), published="2026-11-20"), None)
                for i in range(300)
            ]
        )
    status, screen = run_on_a_terminal("--db", str(library), "export", "-o", str(tmp_path / "out"))
    assert status == 0
    assert "exporting" in screen and "exported 300 articles to" in screen
    assert len(list((tmp_path / "out").iterdir())) == 300


def test_a_date_reads_only_its_weeks_and_bodies_are_read_in_batches(tmp_path, monkeypatch):
    from briefing.brief.period import Period
    from briefing.core.model import Article
    from briefing.services import exporting
    from briefing.store import ArticleStore

    store = ArticleStore(tmp_path / "lib" / "library.json")
    start = dt.date(2026, 1, 5)
    store.add(
        [
            (
                Article(
                    title=f"Story {i}",
                    paragraphs=(f"Body {i}.",),
                    published=(start + dt.timedelta(days=i // 3)).isoformat(),
                ),
                None,
            )
            for i in range(600)
        ]
    )
    read_weeks, batches = [], []
    real_rows, real_records = store.partition_rows, store.records
    monkeypatch.setattr(store, "partition_rows", lambda key, **kw: read_weeks.append(key) or real_rows(key, **kw))
    monkeypatch.setattr(store, "records", lambda rows, **kw: batches.append(len(rows)) or real_records(rows, **kw))
    rows = exporting.select_rows(store, exporting.ExportFilter(period=Period.resolve("2026-02-10")))
    assert {r.published for r in rows} == {"2026-02-10"} and len(rows) == 3
    assert len(read_weeks) <= 2 < len(store.partitions())
    monkeypatch.setattr(exporting, "BATCH", 50)
    report = exporting.export_articles(store, store.rows(), "jsonl", tmp_path / "all.jsonl")
    assert report.articles == 600 and max(batches) == 50
