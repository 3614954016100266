"""Pilot tests of the reader: every action, each checked against what the library saved."""

from __future__ import annotations

import pytest

from briefing.store import ArticleStore
from briefing.tui.screens.dialogs import AddTagsScreen, ConfirmScreen, HelpScreen, RemoveTagScreen
from briefing.tui.screens.notes import NoteEditorScreen, NotePickerScreen
from briefing.tui.widgets.article_list import ArticleList
from tests.support.sample_app import build_sample_library, make_app, screen_text, settle


@pytest.fixture
def sample(tmp_path):
    store = build_sample_library(tmp_path / "lib" / "library.json")
    yield store
    store.close()


def ids_by_title(store) -> dict[str, str]:
    return {row.title.split()[0]: row.id for row in store.rows()}


def fresh(store, article_id):
    """The row as stored on disk now, read by a separate store object."""
    with ArticleStore(store.path) as other:
        return other.row(article_id)


def listed_titles(app) -> list[str]:
    return [row.title for row in app.main_screen.article_list.rows]


# ---------------------------------------------------------------------- list and moving


async def test_first_screen_lists_every_article_newest_first(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = listed_titles(app)
        assert titles == [row.title for row in sample.rows()]
        assert titles[0].startswith("Riverton transit strike")
        article_list = app.main_screen.article_list
        assert article_list.border_title == "Articles 5"
        text = screen_text(app)
        assert "Riverton transit strike averted" in text
        assert "#local #transit" in text
        assert app.focused is article_list


async def test_j_k_g_G_move_the_cursor(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.main_screen.article_list
        await pilot.press("j", "j")
        assert article_list.cursor == 2
        await pilot.press("k")
        assert article_list.cursor == 1
        await pilot.press("G")
        assert article_list.cursor == 4
        await pilot.press("g")
        assert article_list.cursor == 0
        await pilot.press("down", "down", "up")
        assert article_list.cursor == 1


async def test_enter_opens_the_article_and_marks_it_read(sample):
    ids = ids_by_title(sample)
    assert not fresh(sample, ids["Black"]).read
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        reader = app.main_screen.reader
        assert reader.record.id == ids["Black"]
        assert fresh(sample, ids["Black"]).read
        text = screen_text(app)
        assert "Summary" in text and "Priya Natarajan" in text
        assert "People (1)" in text and "Adobe Analytics" in text
        # the list shows it read now: no unread marker on its row
        row = app.main_screen.article_list.rows[2]
        assert row.read


async def test_clicking_a_row_opens_it(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.main_screen.article_list
        # two lines per article at this width: the fifth article starts on line 8 (+1: border)
        assert article_list.row_height == 2
        await pilot.click(ArticleList, offset=(10, 1 + 8))
        await settle(pilot)
        assert app.main_screen.reader.record.id == ids["Senate"]
        assert fresh(sample, ids["Senate"]).read


# ---------------------------------------------------------------------- article keys


async def test_s_stars_and_unstars(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "j", "s")
        await settle(pilot)
        assert fresh(sample, ids["Black"]).starred
        assert app.main_screen.article_list.rows[2].starred
        await pilot.press("s")
        await settle(pilot)
        assert not fresh(sample, ids["Black"]).starred


async def test_quick_presses_are_saved_in_order(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "j", "s", "s", "s")
        await settle(pilot)
        assert fresh(sample, ids["Black"]).starred  # three toggles from unstarred


async def test_r_toggles_read(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("r")
        await settle(pilot)
        assert fresh(sample, ids["Riverton"]).read
        await pilot.press("r")
        await settle(pilot)
        assert not fresh(sample, ids["Riverton"]).read


async def test_t_adds_several_tags_with_completion(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("G", "t")
        await settle(pilot)
        assert isinstance(app.screen, AddTagsScreen)
        await pilot.press(*"loc")
        await settle(pilot)
        await pilot.press("right")  # accept the completion "local"
        await pilot.press(*" urgent, #Follow-Up", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, AddTagsScreen)
        assert fresh(sample, ids["Senate"]).tags == ("us-politics", "ai", "local", "urgent", "Follow-Up")
        assert app.main_screen.article_list.rows[4].tags[-1] == "Follow-Up"
        assert "#us-politics #ai" in screen_text(app)


async def test_t_escape_adds_nothing(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("t", *"nope", "escape")
        await settle(pilot)
        assert fresh(sample, ids["Riverton"]).tags == ("local", "transit")


async def test_T_removes_the_chosen_tag(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, RemoveTagScreen)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert fresh(sample, ids["Riverton"]).tags == ("local",)


async def test_n_adds_a_multi_line_note_with_ctrl_s(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "n")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press(*"first line", "enter", *"second line", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditorScreen)
        notes = fresh(sample, ids["Scientists"]).notes
        assert [note.text for note in notes] == ["first line\nsecond line"]


async def test_n_edits_an_existing_note_and_an_empty_text_deletes_it(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NotePickerScreen)
        await pilot.press("j", "enter")  # the existing note
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press(*" Tuesday.", "ctrl+s")
        await settle(pilot)
        notes = fresh(sample, ids["Riverton"]).notes
        assert [n.text for n in notes] == ["Follow up on the ratification vote. Tuesday."]
        await pilot.press("n", "j", "enter", "ctrl+a")
        await settle(pilot)
        app.screen.query_one("TextArea").clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert fresh(sample, ids["Riverton"]).notes == ()


async def test_note_escape_asks_before_discarding(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "n", *"draft", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.text == "draft"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, (ConfirmScreen, NoteEditorScreen))
        assert fresh(sample, ids["Scientists"]).notes == ()


async def test_note_escape_without_changes_closes_at_once(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "n", "escape")
        await settle(pilot)
        assert app.screen is app.main_screen


async def test_keys_act_on_the_open_article_when_the_reader_has_focus(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "j", "enter")  # open Black Friday
        await settle(pilot)
        await pilot.press("g", "tab")  # cursor back to the top, focus the reader
        await settle(pilot)
        assert app.focused is app.main_screen.reader
        await pilot.press("s")
        await settle(pilot)
        assert fresh(sample, ids["Black"]).starred
        assert fresh(sample, ids["Riverton"]).starred  # unchanged: was starred before


async def test_article_keys_type_into_the_search_box(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("/", "s", "t")
        await settle(pilot)
        assert app.main_screen.search_input.value == "st"
        assert fresh(sample, ids["Riverton"]).tags == ("local", "transit")
        assert fresh(sample, ids["Riverton"]).starred  # s did not toggle it


# ---------------------------------------------------------------------- filters


async def test_u_shows_unread_only(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("u")
        await settle(pilot)
        unread = [row.title for row in sample.rows() if not row.read]
        assert listed_titles(app) == unread and len(unread) == 3
        assert "unread only" in screen_text(app)
        assert app.main_screen.article_list.border_title == "Articles 3 of 5"
        await pilot.press("u")
        await settle(pilot)
        assert len(listed_titles(app)) == 5


async def test_search_finds_words_in_bodies(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("/", *"shelters full")
        await settle(pilot)
        assert [t.split()[0] for t in listed_titles(app)] == ["Typhoon"]
        await pilot.press("enter")
        assert app.focused is app.main_screen.article_list
        assert "“shelters full”" in screen_text(app)
        await pilot.press("escape")  # in the list: drops the search
        await settle(pilot)
        assert len(listed_titles(app)) == 5
        assert app.main_screen.search_input.value == ""


async def test_escape_in_the_search_box_clears_it(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("/", *"typhoon")
        await settle(pilot)
        assert len(listed_titles(app)) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed_titles(app)) == 5
        assert app.focused is app.main_screen.article_list


async def test_search_notes_tags_and_entities(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        search = app.main_screen.search_input
        for query, expected in [
            ("ratification", ["Riverton"]),  # a note
            ("#retail", ["Black"]),
            ("#RETAIL", ["Black"]),
            ("@whitfield", ["Riverton"]),
            ("@riverton", ["Riverton", "Black"]),
            ('@"southern ocean"', ["Scientists"]),
            ("#asia typhoon", ["Typhoon"]),
            ("#asia riverton", []),
        ]:
            search.value = query
            await settle(pilot)
            assert [t.split()[0] for t in listed_titles(app)] == expected, query


async def test_choosing_an_entity_filters_the_library(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("enter")  # open the transit story
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        panel = app.main_screen.entity_panel
        assert app.focused is panel
        # People (3), Organisations (2), Places (1): Riverton is the last option
        await pilot.press("G", "enter")
        await settle(pilot)
        expected = sample.mentioning("PLACE", ["Riverton"])
        assert {row.id for row in app.main_screen.article_list.rows} == expected
        assert len(expected) == 2
        assert "Place: Riverton" in screen_text(app)
        assert app.focused is app.main_screen.article_list
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed_titles(app)) == 5


async def test_filters_stack_and_pop(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("enter", "e", "G", "enter", "u")
        await settle(pilot)
        # Riverton is mentioned in 2 articles; the strike story was just opened, so it is read
        assert [t.split()[0] for t in listed_titles(app)] == ["Black"]
        text = screen_text(app)
        assert "unread only › Place: Riverton" in text
        await pilot.press("escape")
        await settle(pilot)
        assert [t.split()[0] for t in listed_titles(app)] == ["Black", "Senate"]  # unread only stays
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed_titles(app)) == 5


# ---------------------------------------------------------------------- panes, help, palette


async def test_tab_cycles_the_panes(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is screen.reader
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is screen.entity_panel
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is screen.article_list
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused is screen.entity_panel


async def test_narrow_terminal_shows_one_pane_at_a_time(sample):
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        assert screen.has_class("-narrow")
        assert not screen.reader.display or not screen.reader.region.width
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is screen.reader
        assert screen.reader.region.width >= 78
        assert screen.article_list.region.width == 0
        assert "Riverton transit strike averted" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is screen.article_list
        assert screen.article_list.region.width >= 78


async def test_question_mark_opens_help_with_the_current_keys(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for line in ("star / unstar", "add tags", "remove a tag", "unread only", "quit"):
            assert line in text
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_palette_runs_article_actions(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.main_screen)}
        assert {
            "Search",
            "Add tags",
            "Remove tag",
            "Note",
            "Toggle read",
            "Toggle star",
            "Unread only",
            "Theme",
        } <= titles
        await pilot.press("j", "j", "ctrl+p", *"toggle star")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert fresh(sample, ids["Black"]).starred


async def test_q_quits(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# ---------------------------------------------------------------------- other processes


async def test_changes_by_another_process_are_shown(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with ArticleStore(sample.path) as other:
            other.tag(ids["Typhoon"], ["from-cli"])
        app.main_screen.check_for_changes()  # what the 2-second poll does
        await settle(pilot)
        assert "from-cli" in app.main_screen.article_list.rows[3].tags
        with ArticleStore(sample.path) as other:
            other.set_starred(ids["Typhoon"], True)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.main_screen.article_list.rows[3].starred


async def test_polling_notices_changes_on_its_own(sample):
    ids = ids_by_title(sample)
    app = make_app(sample, poll_interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with ArticleStore(sample.path) as other:
            other.tag(ids["Senate"], ["polled"])
        await pilot.pause(0.5)
        await settle(pilot)
        assert "polled" in app.main_screen.article_list.rows[4].tags


async def test_the_app_never_overwrites_another_process_change(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with ArticleStore(sample.path) as other:
            other.tag(ids["Riverton"], ["cli-tag"])
            other.add_note(ids["Riverton"], "from the CLI")
        # the app has not reloaded yet: it still shows the old tags, and now changes the row
        await pilot.press("t", *"app-tag", "enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        row = fresh(sample, ids["Riverton"])
        assert row.tags == ("local", "transit", "cli-tag", "app-tag")
        assert [n.text for n in row.notes] == ["Follow up on the ratification vote.", "from the CLI"]
        assert row.read and row.starred


# ---------------------------------------------------------------------- type-ahead


def burst(app, keys: str) -> None:
    """Queue keys all at once, as a terminal delivers a fast typist's (or a paste's) bytes."""
    from textual import events

    names = {"/": "slash", " ": "space", "\r": "enter"}
    for char in keys:
        event = events.Key(names.get(char, char), char)
        event.set_sender(app)
        app._driver.send_message(event)  # as the terminal driver does, with no pause between keys


async def test_keys_typed_in_one_burst_reach_the_search_box_and_dialogs(sample):
    ids = ids_by_title(sample)
    before = {row.id: (row.read, row.starred, row.tags) for row in sample.rows()}
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "/rates")
        await settle(pilot)
        assert app.main_screen.search_input.value == "rates"
        assert {row.id: (row.read, row.starred, row.tags) for row in sample.rows()} == before
        burst(app, "/x")  # in the search box, / is text
        await settle(pilot)
        assert app.main_screen.search_input.value == "rates/x"
        assert fresh(sample, ids["Riverton"]).tags == ("local", "transit")


async def test_a_note_typed_in_one_burst_is_saved_whole(sample):
    ids = ids_by_title(sample)
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("j", "n")
        await settle(pilot)
        burst(app, "typed fast")
        event = __import__("textual.events", fromlist=["Key"]).Key("ctrl+s", None)
        event.set_sender(app)
        app._driver.send_message(event)
        await settle(pilot)
        assert [n.text for n in fresh(sample, ids["Scientists"]).notes] == ["typed fast"]


# ---------------------------------------------------------------------- background re-analysis


async def test_stale_analyses_are_recomputed_in_the_background_without_touching_user_data(sample):
    import asyncio

    from briefing.analysis import ANALYZER_VERSION

    ids = ids_by_title(sample)
    target = next(iter(ids.values()))
    sample.tag(target, ["keep-me"])
    before = sample.add_note(target, "and me")
    assert sample.stale(ANALYZER_VERSION)  # the sample library's analyses are from a "test" analyzer
    app = make_app(sample, reanalyse_delay=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):  # up to ~20 s on a loaded machine
            await asyncio.sleep(0.1)
            await settle(pilot)
            if not sample.stale(ANALYZER_VERSION):
                break
        assert sample.stale(ANALYZER_VERSION) == []
    row = fresh(sample, target)
    assert "keep-me" in row.tags and (row.tags, row.notes, row.read) == (before.tags, before.notes, before.read)
    record = sample.get(target)
    assert record.analysis["analyzer"] == ANALYZER_VERSION and record.summary


# ---------------------------------------------------------------------- the daily brief


async def test_b_shows_todays_brief_and_escape_returns(sample):
    from briefing.tui.screens.brief import BriefScreen

    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        await settle(pilot)  # the brief is built in a worker
        text = screen_text(app)
        assert "Brief" in text and "Riverton transit strike averted after overnight talks" in text
        assert "\x1b" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BriefScreen)


async def test_daily_brief_is_in_the_command_palette(sample):
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Daily brief" in titles
