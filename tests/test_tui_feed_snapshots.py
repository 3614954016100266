"""Snapshot tests (pytest-textual-snapshot) of the feeds view and the add-feed dialog on the
pinned sample library with subscriptions (tests/support/sample_feeds.py).

Update after an intended change with `pytest tests/test_tui_feed_snapshots.py --snapshot-update`
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest

from tests.support.sample_app import keys, make_app
from tests.support.sample_feeds import build_feed_library

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def feeds_app(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", "/home/reader/.config/briefing")
    store, _ = build_feed_library(tmp_path / "lib" / "library.json")
    app = make_app(store)
    app.sub_title = "sample library"
    yield app
    store.close()


@pytest.mark.parametrize("size", SIZES)
def test_feeds_view(snap_compare, feeds_app, size):
    assert snap_compare(feeds_app, terminal_size=size, run_before=keys("f"))


@pytest.mark.parametrize("size", SIZES)
def test_list_filtered_to_a_feed(snap_compare, feeds_app, size):
    # the Ledger (third by title), then its newest article opened: "via" the feed in the header
    assert snap_compare(feeds_app, terminal_size=size, run_before=keys("f", "j", "j", "enter", "enter"))


def test_add_feed_dialog(snap_compare, feeds_app):
    assert snap_compare(feeds_app, terminal_size=(120, 40), run_before=keys("a", *"https://example.org/feed"))
