"""The command line, driven in-process: contract commands, exit statuses, JSON shapes."""

from __future__ import annotations

import json

import pytest

from tests.support.sample_articles import MARKDOWN, PLAIN, SEED, write

ARTICLE_KEYS = {"id", "title", "dek", "source", "url", "published", "imported_at", "tags", "read", "starred", "notes"}


@pytest.fixture
def imported(run_cli, tmp_path):
    write(tmp_path / "in" / "a.txt", PLAIN)
    write(tmp_path / "in" / "b.md", MARKDOWN)
    result = run_cli("import", str(tmp_path / "in"), str(SEED))
    assert result.exit_code == 0, result.output
    return {row["title"]: row for row in json.loads(run_cli("list", "--json").stdout)}


def test_import_counts_and_partial_failure(run_cli, tmp_path):
    write(tmp_path / "in" / "good.txt", PLAIN)
    write(tmp_path / "in" / "empty.txt", "")
    write(tmp_path / "in" / "bad.json", "{oops")
    result = run_cli("import", str(tmp_path / "in"), str(tmp_path / "missing.md"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "imported 1, duplicates 0, failed 3"
    assert f"{tmp_path / 'in' / 'empty.txt'}: empty file" in lines
    assert any(line.startswith(f"{tmp_path / 'in' / 'bad.json'}: malformed JSON") for line in lines)
    assert f"{tmp_path / 'missing.md'}: no such file or directory" in lines
    assert "Traceback" not in result.output
    again = run_cli("import", str(tmp_path / "in" / "good.txt"))
    assert again.exit_code == 0 and again.stderr.strip().splitlines()[-1] == "imported 0, duplicates 1, failed 0"


def test_import_from_stdin(run_cli):
    result = run_cli("import", "-", input=PLAIN)
    assert result.exit_code == 0 and "imported 1" in result.stderr
    result = run_cli("import", "-", input=json.dumps([{"title": "A", "body": "x y"}, {"title": "B", "body": "z"}]))
    assert "imported 2" in result.stderr


def test_list_json_shape_and_filters(run_cli, imported):
    boj = imported["Central bank holds rates at 4.5 percent"]
    assert set(boj) >= ARTICLE_KEYS
    assert boj["tags"] == ["markets", "asia"] and boj["published"] == "2026-11-27" and boj["read"] is False
    tagged = json.loads(run_cli("list", "--json", "--tag", "asia").stdout)
    assert [a["title"] for a in tagged] == [boj["title"]]
    dated = json.loads(run_cli("list", "--json", "--date", "2026-11-27").stdout)
    assert [a["title"] for a in dated] == [boj["title"]]
    run_cli("star", boj["id"])
    run_cli("read", boj["id"][:5])
    assert [a["id"] for a in json.loads(run_cli("list", "--json", "--starred").stdout)] == [boj["id"]]
    assert boj["id"] not in [a["id"] for a in json.loads(run_cli("list", "--json", "--unread").stdout)]
    bad = run_cli("list", "--date", "someday")
    assert bad.exit_code == 2 and "not a date" in bad.stderr


def test_list_text_is_one_line_per_article_newest_first(run_cli, imported):
    lines = run_cli("list").stdout.splitlines()
    assert len(lines) == 3
    assert "\x1b" not in "".join(lines)
    dates = [line.split()[1] for line in lines]
    assert dates == sorted(dates, reverse=True)


def test_show_json_contract_shape(run_cli, imported):
    boj = imported["Central bank holds rates at 4.5 percent"]
    data = json.loads(run_cli("show", boj["id"][:6], "--json").stdout)
    assert ARTICLE_KEYS | {"summary", "entities"} <= set(data)
    assert data["summary"] and all(isinstance(s, str) for s in data["summary"])
    for entity in data["entities"]:
        assert set(entity) >= {"text", "label", "count", "aliases"}
        assert entity["label"] in {"PERSON", "ORG", "PLACE", "NORP", "EVENT", "DATE", "MISC"}
    assert any(e["text"] == "Bank of Japan" and e["label"] == "ORG" for e in data["entities"])
    text = run_cli("show", boj["id"]).stdout
    assert text.startswith("Central bank holds rates at 4.5 percent")
    assert "Summary" in text and "#markets" in text


def test_tag_untag_note_and_errors(run_cli, imported):
    article_id = imported["Council approves new river bridge"]["id"]
    result = run_cli("tag", article_id[:4], "city", "#Infrastructure")
    assert result.exit_code == 0 and result.stdout.strip() == f"{article_id}  #city #Infrastructure"
    assert run_cli("untag", article_id, "CITY").stdout.strip() == f"{article_id}  #Infrastructure"
    assert run_cli("note", article_id, "Follow", "up", "Tuesday").exit_code == 0
    run_cli("note", article_id, "-", input="from\nstdin\n")
    data = json.loads(run_cli("show", article_id, "--json").stdout)
    assert [n["text"] for n in data["notes"]] == ["Follow up Tuesday", "from\nstdin"]
    assert data["tags"] == ["Infrastructure"]
    unknown = run_cli("tag", "ffffffff", "x")
    assert unknown.exit_code == 1 and unknown.stderr.strip() == "briefing: no article with id 'ffffffff'"
    short = run_cli("show", "ab")
    assert short.exit_code == 1 and "at least 4 characters" in short.stderr
    empty = run_cli("note", article_id, "  ")
    assert empty.exit_code == 2 and "cannot be empty" in empty.stderr


def test_corrupt_library_exits_2_with_the_path(run_cli, tmp_path):
    lib = write(tmp_path / "broken.json", '{"articles": {')
    result = run_cli("list", db=lib)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"briefing: {lib}: corrupt library file")
    assert "Traceback" not in result.output
    assert lib.read_text() == '{"articles": {'


def test_env_var_selects_library(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from briefing.cli import cli

    lib = tmp_path / "env" / "lib.json"
    monkeypatch.setenv("BRIEFING_DB", str(lib))
    result = CliRunner().invoke(cli, ["import", str(SEED)])
    assert result.exit_code == 0 and lib.exists()


def test_analyze_does_not_touch_the_library(run_cli, tmp_path, library_path):
    md = write(tmp_path / "b.md", MARKDOWN)
    result = run_cli("analyze", str(md), "--json", "--sentences", "2")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["title"] == "Central bank holds rates at 4.5 percent"
    assert len(data["summary"]) == 2 and "entities" in data
    several = json.loads(run_cli("analyze", str(md), str(SEED), "--json").stdout)
    assert isinstance(several, list) and len(several) == 2
    assert not library_path.exists()
    bad = run_cli("analyze", str(md), "--algorithm", "nope")
    assert bad.exit_code == 2


def test_analyze_reads_text_without_a_headline(run_cli, tmp_path, library_path):
    story = (
        "The council voted on Tuesday night to build a new bridge over the river Wensum. "
        "Work on the crossing will begin in March and take two years, officials said. "
        "Local shopkeepers welcomed the decision after a decade of traffic jams in the centre. "
        "Opponents had argued that the 40 million pound cost should go to schools instead. "
        "The mayor said the bridge would also carry a cycle lane and a bus route. "
        "A public inquiry last year found no objection from the environment agency."
    )
    write(tmp_path / "story.txt", story + "\n")
    write(tmp_path / "body.json", json.dumps({"body": story}))
    result = run_cli("analyze", str(tmp_path / "story.txt"), str(tmp_path / "body.json"), "--json")
    assert result.exit_code == 0 and result.stderr == ""
    for data in json.loads(result.stdout):
        assert data["title"].startswith("The council voted on Tuesday night") and data["title"].endswith("…")
        assert len(data["summary"]) == 3 and all(s in story for s in data["summary"])
    imported = run_cli("import", str(tmp_path / "story.txt"), str(tmp_path / "body.json"))
    assert imported.exit_code == 1  # the JSON without a title is refused by import, as the contract says
    assert "not a headline" in imported.stderr and "body.json: no title" in imported.stderr


def test_hostile_text_never_reaches_output_as_escapes(run_cli, tmp_path):
    hostile = "Evil [bold]x[/] \x1b[2J\x1b]0;title\x07\x9b31m head\nDek [link=http://e]y[/link]\nBody \x1b]52;c;ZXZpbA==\x07 text.\n"
    write(tmp_path / "h.txt", hostile)
    run_cli("import", str(tmp_path / "h.txt"))
    listing = run_cli("list").stdout
    assert "[bold]x[/]" in listing
    [row] = json.loads(run_cli("list", "--json").stdout)
    shown = run_cli("show", row["id"]).stdout
    for output in (listing, shown):
        assert not any((ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) <= 0x9F for c in output)


def test_demo_print_uses_seeds_and_leaves_user_library_alone(run_cli, library_path):
    result = run_cli("demo", "--print")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) >= 13
    assert not library_path.exists()


def test_help_for_every_command(run_cli):
    from briefing.cli import COMMANDS

    for name in COMMANDS:
        result = run_cli(name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout, name


def test_reanalyze_refreshes_stale_analyses_and_keeps_user_data(run_cli, imported, library_path):
    from briefing.analysis import ANALYZER_VERSION
    from briefing.store import ArticleStore

    article_id = imported["Council approves new river bridge"]["id"]
    run_cli("tag", article_id, "keep")
    run_cli("note", article_id, "mine")
    with ArticleStore(library_path) as store:
        store.update_analysis(
            {article_id: {"summary": ["stale"], "summary_spans": [], "entities": [], "analyzer": "old"}}
        )
        assert store.stale(ANALYZER_VERSION) == [article_id]
    result = run_cli("reanalyze")
    assert result.exit_code == 0 and result.stderr.strip() == "reanalyzed 1"
    data = json.loads(run_cli("show", article_id, "--json").stdout)
    assert data["summary"] != ["stale"] and data["tags"] == ["keep"] and data["notes"][0]["text"] == "mine"
    with ArticleStore(library_path) as store:
        assert store.stale(ANALYZER_VERSION) == []


def test_importing_the_folder_that_holds_the_library_skips_the_library(run_cli, tmp_path):
    folder = tmp_path / "news"
    write(folder / "a.txt", PLAIN)
    lib = folder / "library.json"
    assert run_cli("import", str(folder), db=lib).exit_code == 0
    run_cli("tag", json.loads(run_cli("list", "--json", db=lib).stdout)[0]["id"], "x", db=lib)
    again = run_cli("import", str(folder), db=lib)
    assert again.exit_code == 0 and again.stderr.strip() == "imported 0, duplicates 1, failed 0"
