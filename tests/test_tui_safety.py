"""Untrusted text in the reader, start-up imports, the key map, themes, and the Line API list."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.core.model import Article
from briefing.store import ArticleRow, ArticleStore
from tests.support.sample_app import analysis_for, build_sample_library, frozen_clock, make_app, screen_text, settle

REPO = Path(__file__).resolve().parents[1]
HOSTILE = ["[bold]x", "[/]", "[link=http://e]x[/link]", "\x1b[2J", "\x1b]0;pwn\x07", "\x9b31m", "[red]"]


def frame_segments(app):
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def assert_frame_is_clean(app) -> None:
    """No control character and no link in anything the compositor would send."""
    for segment in frame_segments(app):
        bad = [c for c in segment.text if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0]
        assert not bad, f"control characters {bad!r} in {segment.text!r}"
        style = segment.style
        assert style is None or not style.link, f"a link reached the screen: {segment!r}"


@pytest.fixture
def hostile_store(tmp_path):
    """A library whose every text field carries markup and escape sequences. The store cleans
    tags and notes on the way in; titles, deks, bodies and entity names written through
    `add` directly keep their raw characters, as a damaged or foreign library might."""
    store = ArticleStore(tmp_path / "hostile" / "library.json")
    joined = " ".join(HOSTILE)
    article = Article(
        title=f"Headline {joined} end",
        dek=f"Dek {joined}",
        source="[b]Src\x1b[31m",
        url="http://example.com/[link=x]",
        published="2026-11-28",
        paragraphs=(
            f"Body {joined} with Mallory [bold] named.",
            "Second \x1b]8;;http://evil\x07link\x1b]8;;\x07 para.",
        ),
    )
    analysis = analysis_for(article, {"PERSON": ["Mallory [bold]"], "ORG": ["[link=http://e]x[/link]"]})
    analysis["summary"] = [f"Summary {joined}"]
    with frozen_clock():
        [article_id] = store.add([(article, analysis)]).added
        store.tag(article_id, ["[bold]tag", "[/]", "\x1b[2Jclear"])
        store.add_note(article_id, f"note {joined}")
    yield store
    store.close()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_hostile_text_is_shown_as_text_and_never_reaches_the_terminal(hostile_store, size):
    app = make_app(hostile_store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "[bold]x" in screen_text(app)
        assert_frame_is_clean(app)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        for shown in ("[bold]x", "[/]", "[red]", "Mallory [bold]"):
            assert shown in text
        assert_frame_is_clean(app)
        if size[0] >= 100:
            assert "[link=http://e]x[/link]" in text
            assert "#[bold]tag" in text  # the tag in the reader
        await pilot.press("e")  # entity names from the article
        await settle(pilot)
        assert "Mallory [bold]" in screen_text(app)
        assert_frame_is_clean(app)
        await pilot.press("escape", "n")  # the note picker shows the note's first line
        await settle(pilot)
        assert "note [bold]x" in screen_text(app)
        assert_frame_is_clean(app)
        await pilot.press("escape", "T")
        await settle(pilot)
        assert "#[/]" in screen_text(app)
        assert_frame_is_clean(app)


async def test_hostile_search_text_is_not_markup(hostile_store):
    app = make_app(hostile_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("slash", *"[/]")
        await settle(pilot)
        assert "“[/]”" in screen_text(app)
        assert_frame_is_clean(app)


# ---------------------------------------------------------------------- start-up imports

STARTUP = """
import asyncio, json, sys, time
from briefing.cli import cli  # what `briefing` imports first
from briefing.store import ArticleStore
from briefing.tui import run_app  # noqa: F401
from briefing.tui.app import BriefingApp

async def main():
    # The background re-analysis starts a while after the first frame, by design: keep it
    # out of this run, which checks start-up and the keys (its timing varies with load).
    app = BriefingApp(ArticleStore(sys.argv[1]), poll_interval=None, reanalyse_delay=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()  # the list loads in a worker: wait for it, as a reader does
        await pilot.pause()
        await pilot.press("enter", "j", "s")
        await app.workers.wait_for_complete()
        await pilot.pause()

asyncio.run(main())
heavy = ["sumy", "numpy", "nupunkt", "pycrfsuite", "briefing.analysis"]
print(json.dumps([name for name in heavy if name in sys.modules]))
"""


def test_the_app_starts_without_the_analysis_stack(tmp_path):
    build_sample_library(tmp_path / "library.json").close()
    result = subprocess.run(
        [sys.executable, "-c", STARTUP, str(tmp_path / "library.json")],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "BRIEFING_CONFIG_DIR": str(tmp_path / "config")},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_importing_briefing_tui_does_not_import_textual():
    code = "import sys, briefing.tui; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env={"PYTHONPATH": str(REPO)}
    )
    assert result.stdout.strip() == "False", result.stderr


# ---------------------------------------------------------------------- key map


async def test_keys_toml_remaps_keys(tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "keys.toml").write_text('star = "f"\n"list.down" = "ctrl+n,down"\n')
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    store = build_sample_library(tmp_path / "lib" / "library.json")
    ids = {row.title.split()[0]: row.id for row in store.rows()}
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("ctrl+n", "ctrl+n", "f")
        await settle(pilot)
        assert store.row(ids["Black"]).starred
        await pilot.press("s", "j")  # no longer bound
        await settle(pilot)
        assert store.row(ids["Black"]).starred
        assert app.main_screen.article_list.cursor == 2
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert re.search(r" f +star / unstar +\[star\]", text)
        assert re.search(r" \^n / ↓ +next article", text)
    store.close()


async def test_a_broken_keys_toml_is_reported_and_ignored(tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "keys.toml").write_text("star = [1\n")
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    store = build_sample_library(tmp_path / "lib" / "library.json")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("keys.toml: not valid TOML" in m for m in messages)
        await pilot.press("j", "j", "s")
        await settle(pilot)
        assert store.rows()[2].starred
    store.close()


def test_unknown_binding_ids_are_reported(tmp_path):
    from briefing.tui.keymap import load_keymap

    (tmp_path / "keys.toml").write_text('star = "f"\nfly = "x"\nquit = 3\n')
    keymap, problems = load_keymap(tmp_path, {"star", "quit"})
    assert keymap == {"star": "f"}
    assert len(problems) == 2 and "unknown binding id 'fly'" in problems[0]


# ---------------------------------------------------------------------- themes


async def test_theme_option_and_switching_is_remembered(tmp_path):
    from briefing.store import ArticleStore

    store = build_sample_library(tmp_path / "lib" / "library.json")
    app = make_app(store, theme="briefing-paper")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "briefing-paper"
        assert store.setting("theme") is None  # --theme alone is not a choice to remember
        app.theme = "briefing-contrast"
        await settle(pilot)
        app.client.submit(lambda: None).result()  # the save runs on the store thread
        with ArticleStore(store.path) as other:  # remembered in the library, as another process sees it
            assert other.setting("theme") == "briefing-contrast"
        # the entity colours follow the theme
        reader = app.main_screen.reader
        assert (
            reader.get_component_styles("reader--person").color.hex.lower()
            == app.current_theme.variables["entity-person"].lower()
        )
    config = Path(os.environ["BRIEFING_CONFIG_DIR"])
    assert not config.exists() or not any(config.iterdir())  # nothing written outside the library
    app2 = make_app(store)
    async with app2.run_test(size=(120, 40)):
        assert app2.theme == "briefing-contrast"
    store.close()


async def test_unknown_theme_and_broken_theme_files_are_notified(tmp_path, monkeypatch):
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "broken.toml").write_text("dark = maybe\n")
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    store = build_sample_library(tmp_path / "lib" / "library.json")
    app = make_app(store, theme="no-such-theme")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("broken.toml" in m for m in messages)
        assert any("unknown theme 'no-such-theme'" in m for m in messages)
        assert app.theme == "briefing-night"
    store.close()


# ---------------------------------------------------------------------- the Line API list


def _rows(count: int) -> list[ArticleRow]:
    day = dt.date(2026, 1, 1)
    return [
        ArticleRow(
            id=f"{i:08x}",
            title=f"Article number {i}",
            dek=None,
            source="Wire",
            url=None,
            published=(day + dt.timedelta(days=i % 300)).isoformat(),
            imported_at="2026-11-28T08:00:00+00:00",
        )
        for i in range(count)
    ]


async def test_the_list_draws_only_visible_rows(tmp_path):
    """50,000 rows: a frame renders as many rows as fit on screen, whatever the total."""
    from briefing.tui.widgets.article_list import ArticleList

    store = ArticleStore(tmp_path / "empty" / "library.json")
    app = make_app(store)
    async with app.run_test(size=(200, 50)) as pilot:
        article_list = app.main_screen.article_list
        calls = []
        original = ArticleList._marks  # drawn once per visible article, in both row layouts

        def counting(self, text, row):
            calls.append(row.id)
            return original(self, text, row)

        ArticleList._marks = counting
        try:
            article_list.set_rows(_rows(50_000))
            await pilot.pause()
            first = len(calls)
            assert 0 < first <= 3 * article_list.size.height
            calls.clear()
            await pilot.press("G")
            await pilot.pause()
            assert article_list.cursor == 49_999
            assert 0 < len(calls) <= 3 * article_list.size.height
            assert article_list.border_title == "Articles 50,000"
        finally:
            ArticleList._marks = original
    store.close()


async def test_an_empty_library_says_how_to_import(tmp_path):
    store = ArticleStore(tmp_path / "empty" / "library.json")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the list loads in a worker: wait for it, as a reader does
        await pilot.press("enter", "s", "t")
        await settle(pilot)
        assert "briefing import PATH" in screen_text(app)
        assert "Articles 0" in screen_text(app)
    store.close()
