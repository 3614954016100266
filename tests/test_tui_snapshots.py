"""Snapshot tests (pytest-textual-snapshot) of the reader on the fixed sample library.

Update after an intended change of the screen with `pytest tests/test_tui_snapshots.py
--snapshot-update`, and look at the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest

from tests.support.sample_app import build_sample_library, keys, make_app

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def sample_app(tmp_path, monkeypatch):
    # The help screen names the config directory: a fixed (absent) one.
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", "/home/reader/.config/briefing")
    store = build_sample_library(tmp_path / "lib" / "library.json")
    app = make_app(store)
    # The window title would show the temporary library path.
    app.sub_title = "sample library"
    yield app
    store.close()


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, sample_app, size):
    # open the first article (marks it read)
    assert snap_compare(sample_app, terminal_size=size, run_before=keys("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, sample_app, size):
    assert snap_compare(sample_app, terminal_size=size, run_before=keys("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_note_editor(snap_compare, sample_app, size):
    typed = [*"Ask the union", "enter", *"about the vote."]
    assert snap_compare(sample_app, terminal_size=size, run_before=keys("j", "j", "n", *typed))


@pytest.mark.parametrize("size", SIZES)
def test_filtered_list(snap_compare, sample_app, size):
    # open the strike story, filter by the place Riverton, then unread only
    assert snap_compare(sample_app, terminal_size=size, run_before=keys("enter", "e", "G", "enter", "u"))


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, sample_app, size):
    assert snap_compare(sample_app, terminal_size=size, run_before=keys("slash", *"#asia typhoon", "enter"))
