""" "Export..." in the reader's command palette: the list as shown (the current filter), the
format and path from a dialog, written in a worker, a notification either way."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Checkbox, Input

from briefing.tui.screens.export import ExportScreen
from tests.support.sample_app import build_sample_library, make_app, screen_text, settle


@pytest.fixture
def sample(tmp_path):
    store = build_sample_library(tmp_path / "lib" / "library.json")
    yield store
    store.close()


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_dialog(pilot):
    await pilot.press("ctrl+p", *"export")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def submit(pilot, dialog, path) -> None:
    field = dialog.query_one("#path", Input)
    field.value = str(path)
    field.focus()
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


async def test_export_is_in_the_palette(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)):
        assert "Export..." in {command.title for command in app.get_system_commands(app.main_screen)}


async def test_export_writes_what_the_list_shows_in_the_chosen_format(sample, tmp_path):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")  # unread only
        await settle(pilot)
        shown = [row.id for row in app.main_screen.article_list.rows]
        assert 0 < len(shown) < 5
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#path", Input).value == "~/briefing-export-2026-11-28"
        assert "unread" in screen_text(app)
        await pilot.click("#format-jsonl", offset=(2, 0))
        await pilot.pause()
        assert dialog.query_one("#path", Input).value == "~/briefing-export-2026-11-28.jsonl"
        out = tmp_path / "out" / "shown.jsonl"
        await submit(pilot, dialog, out)
        assert app.screen is app.main_screen
        exported = [json.loads(line)["id"] for line in out.read_text().splitlines()]
        assert exported == shown
        assert f"Exported {len(shown)} articles to {out}." in messages(app)


async def test_md_export_from_the_reader_imports_back(sample, tmp_path):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        await submit(pilot, dialog, tmp_path / "md")
    files = sorted((tmp_path / "md").glob("*.md"))
    assert len(files) == 5 and all(f.read_text().startswith("---\nbriefing_export: 1\n") for f in files)


async def test_an_existing_file_is_kept_unless_overwrite_is_ticked(sample, tmp_path):
    out = tmp_path / "taken.csv"
    out.write_text("precious")
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        await pilot.click("#format-csv", offset=(2, 0))
        await submit(pilot, dialog, out)  # a failure is a notification, not a failed worker
        assert out.read_text() == "precious"
        assert any("already exists; tick “Overwrite existing files”" in m for m in messages(app))
        dialog = await open_dialog(pilot)
        await pilot.click("#format-csv", offset=(2, 0))
        dialog.query_one("#force", Checkbox).value = True
        await submit(pilot, dialog, out)
        assert out.read_bytes().startswith(b"\xef\xbb\xbfid,date,")


async def test_escape_cancels_and_writes_nothing(sample, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen
    assert list(home.iterdir()) == []
