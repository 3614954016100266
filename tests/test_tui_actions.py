"""The one table of the reader's actions (briefing/tui/actions.py): every entry names an action
its owner really has, keys and ids are unambiguous, and the help screen and the palette show
exactly what the table describes."""

from __future__ import annotations

from collections import Counter

from briefing.tui import actions
from briefing.tui.app import BriefingApp
from briefing.tui.screens.main import MainScreen
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.entity_panel import EntityPanel
from briefing.tui.widgets.reader import ReaderPane

OWNERS = {"app": BriefingApp, "screen": MainScreen, "list": ArticleList, "reader": ReaderPane, "entities": EntityPanel}


def test_every_action_exists_on_its_owner():
    for entry in actions.ACTIONS:
        name = entry.action.split("(")[0]
        assert hasattr(OWNERS[entry.owner], f"action_{name}"), f"{entry.owner} has no action_{name}"


def test_ids_and_keys_are_unambiguous_per_owner():
    ids = [entry.id for entry in actions.ACTIONS if entry.id]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for owner in actions.OWNERS:
        keys = [key for entry in actions.ACTIONS if entry.owner == owner for key in entry.keys.split(",") if key]
        assert [k for k, n in Counter(keys).items() if n > 1] == [], owner


def test_help_and_palette_come_from_the_table():
    described = [entry for _, entries in actions.help_sections() for entry in entries]
    assert all(entry.description for entry in described)
    assert {entry.section for entry in described} == set(actions.SECTIONS)
    assert all(entry.description for entry in actions.palette())
    assert [b.id for b in MainScreen.BINDINGS] == [e.id for e in actions.ACTIONS if e.owner == "screen" and e.keys]


async def test_the_palette_shows_each_action_once_with_its_description(tmp_path):
    from tests.support.sample_app import build_sample_library, make_app

    store = build_sample_library(tmp_path / "library.json")
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        commands = {c.title: c.help for c in app.get_system_commands(app.main_screen)}
        for entry in actions.palette():
            assert commands[entry.title].lower() == entry.description.lower()
    store.close()
