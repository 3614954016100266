"""Pilot tests of the reader's feed parts: the feeds view and the feed filter, R refresh against
a loopback server (new articles without moving the cursor), the add-feed dialog, the feed in
the reader's header, and the change polling keeping the cursor on its article."""

from __future__ import annotations

import pytest

from briefing.core.model import Article
from briefing.store import ArticleStore
from briefing.tui.screens.feeds import AddFeedScreen, FeedsScreen
from tests.support.feeds import FeedSite, story
from tests.support.sample_app import build_sample_library, make_app, screen_text, settle
from tests.support.sample_feeds import FEED_ARTICLES, build_feed_library

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture


@pytest.fixture
def feed_library(tmp_path):
    store, ids = build_feed_library(tmp_path / "lib" / "library.json")
    yield store, ids
    store.close()


@pytest.fixture
def site(loopback) -> FeedSite:
    return FeedSite(loopback())


def app_for(store, tmp_path, **kwargs):
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text('[feeds]\nfull_text = "never"\n', encoding="utf-8")
    return make_app(store, config_dir=config, **kwargs)


def listed(app) -> list[str]:
    return [row.title for row in app.main_screen.article_list.rows]


async def test_the_feeds_view_lists_counts_and_errors_and_filters_the_list(feed_library, tmp_path):
    store, _ids = feed_library
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        text = screen_text(app)
        assert "3 feeds · 3 unread · 1 failing" in text
        assert "The Riverton Ledger" in text and "2 articles" in text
        assert "HTTP 503 Service Unavailable: blocked by bot protection" in text
        assert "Harbour Notes" in text and "not fetched yet" in text
        await pilot.press("j", "j", "enter")  # by title: Harbour Notes, Pacific Dispatch, The Riverton Ledger
        await settle(pilot)
        assert not isinstance(app.screen, FeedsScreen)
        ledger = [t for i, t, *_ in FEED_ARTICLES if i == 0]
        assert sorted(listed(app)) == sorted(ledger)
        assert "Feed: The Riverton Ledger" in screen_text(app)
        await pilot.press("escape")  # the feed filter pops
        await settle(pilot)
        assert len(listed(app)) == len(store.rows())
        assert "Feed:" not in screen_text(app)
        # Choosing another feed, then "All feeds", and esc in the view changes nothing.
        await pilot.press("f", "j", "enter")  # Pacific Dispatch
        await settle(pilot)
        assert listed(app) == [t for i, t, *_ in FEED_ARTICLES if i == 1]
        await pilot.press("f", "k", "k", "enter")
        await settle(pilot)
        assert len(listed(app)) == len(store.rows())
        await pilot.press("f", "escape")
        assert len(listed(app)) == len(store.rows())


async def test_the_reader_header_names_the_article_s_feed(feed_library, tmp_path):
    store, ids = feed_library
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")  # "Riverton opens its new river bridge", from the Ledger
        await settle(pilot)
        assert app.main_screen.reader.record.feed == ids[0]
        meta = screen_text(app)
        # The source is the feed: said once, as "via".
        assert "│ Sat 28 Nov 2026 · via The Riverton Ledger · id " in meta


async def test_R_refreshes_and_new_articles_appear_without_moving_the_cursor(tmp_path, site):
    store = build_sample_library(tmp_path / "lib" / "library.json")
    store.add(
        [
            (
                Article(
                    title=f"Older story {n}",
                    paragraphs=(f"Something happened, number {n}.",),
                    published=f"2026-11-2{n % 4}T0{n % 10}:00:00+00:00",
                ),
                None,
            )
            for n in range(30)
        ]
    )
    url = site.feed("/news.xml", [story(n) for n in range(4)], title="Loopback News")
    store.add_feed(url, full_text="never")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_list = app.main_screen.article_list
        await pilot.press(*["j"] * 16)  # the list has scrolled: the cursor is near the bottom
        assert article_list.scroll_offset.y > 0
        before = article_list.current_row
        screen_line = article_list.cursor * article_list.row_height - article_list.scroll_offset.y
        await pilot.press("R")
        await settle(pilot)
        assert not app.main_screen.refreshing
        titles = listed(app)
        assert len(titles) == 39 and all(story(n).title in titles for n in range(4))
        assert article_list.current_row.id == before.id  # the same article under the cursor
        assert article_list.cursor * article_list.row_height - article_list.scroll_offset.y == screen_line
        assert len(site.feed_requests("/news.xml")) == 1
        assert "Feeds refreshed" in [n.title for n in app._notifications]
        # A second R: the feed answers 304; nothing changes.
        await pilot.press("R")
        await settle(pilot)
        assert site.feed_requests("/news.xml")[-1].header("If-None-Match")
        assert len(listed(app)) == 39
    store.close()


async def test_a_failing_feed_during_a_refresh_is_a_warning(tmp_path, site):
    store = build_sample_library(tmp_path / "lib" / "library.json")
    store.add_feed(site.base + "/missing.xml")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        warnings = [n for n in app._notifications if n.title == "Feeds that failed"]
        assert warnings and f"{site.base}/missing.xml: HTTP 404 Not Found" in warnings[0].message
        await pilot.press("f")
        await settle(pilot)
        assert "HTTP 404 Not Found" in screen_text(app)
    store.close()


async def test_the_add_feed_dialog_subscribes_in_a_worker(tmp_path, site):
    store = build_sample_library(tmp_path / "lib" / "library.json")
    url = site.feed("/feed.xml", [story(n) for n in range(3)], title="Dialog News")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AddFeedScreen)
        await pilot.press(*"ftp://nope", "enter")
        assert "only http and https" in screen_text(app)  # refused before any request
        app.screen.query_one("#feed-url").value = ""
        await pilot.press(*url, "enter", *"local, harbour", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, AddFeedScreen)
        [feed] = ArticleStore(store.path).feeds()
        assert (feed["url"], feed["title"], feed["tags"]) == (url, "Dialog News", ["local", "harbour"])
        assert len(site.server.requests) == 1
        assert all(story(n).title in listed(app) for n in range(3))
        assert any("Subscribed to Dialog News: 3 new articles." in n.message for n in app._notifications)
        # From the feeds view: a opens the same dialog; esc cancels it.
        await pilot.press("f")
        await settle(pilot)
        assert "Dialog News" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddFeedScreen)
        await pilot.press("escape")
        assert len(ArticleStore(store.path).feeds()) == 1
    store.close()


async def test_change_polling_merges_new_weeks_and_keeps_the_cursor_on_its_article(tmp_path):
    store = build_sample_library(tmp_path / "lib" / "library.json")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_list = app.main_screen.article_list
        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        before, open_id = article_list.current_row.id, app.main_screen.reader.record.id
        scroll = app.main_screen.reader.scroll_offset
        # Another process adds newer articles (this week) and older ones (another week).
        with ArticleStore(store.path) as other:
            other.add(
                [
                    (
                        Article(
                            title=f"Breaking {n}",
                            paragraphs=(f"News number {n} broke today.",),
                            published=f"2026-11-28T1{n}:00:00+00:00",
                        ),
                        None,
                    )
                    for n in range(5)
                ]
                + [(Article(title="An old story", paragraphs=("It happened long ago.",), published="2026-10-01"), None)]
            )
        app.main_screen.check_for_changes()
        await settle(pilot)
        assert len(listed(app)) == 11 and "Breaking 3" in listed(app)
        assert article_list.current_row.id == before
        assert app.main_screen.reader.record.id == open_id
        assert app.main_screen.reader.scroll_offset == scroll
    store.close()


async def test_auto_refresh_from_config(tmp_path, site):
    from dataclasses import replace

    store = build_sample_library(tmp_path / "lib" / "library.json")
    url = site.feed("/news.xml", [story(1)])
    store.add_feed(url, full_text="never")
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text("[reader]\nauto_refresh = 30\n", encoding="utf-8")
    app = make_app(store, config_dir=config)
    assert app.settings.auto_refresh == 1800
    app.settings = replace(app.settings, auto_refresh=0.05)  # the test cannot wait half an hour
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.1)
            if story(1).title in listed(app):
                break
        await settle(pilot)
        assert story(1).title in listed(app)
        # Automatic refreshes fetch only due feeds: the feed is not due again for an hour.
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(site.feed_requests("/news.xml")) == 1
        assert "Feeds refreshed" in [n.title for n in app._notifications]  # it brought something new
    store.close()


@pytest.mark.slow
async def test_R_with_several_feeds_uses_the_spawned_worker_pool(tmp_path, loopback):
    """Several feeds: parsing and analysis go to worker processes started with spawn from the
    reader, whose sys.stderr (Textual's) has no file descriptor (that once failed every start)."""
    store = build_sample_library(tmp_path / "lib" / "library.json")
    sites = [FeedSite(loopback("127.0.0.1")), FeedSite(loopback("127.0.0.2"))]
    for n in range(4):
        url = sites[n % 2].feed(f"/f{n}.xml", [story(100 * n + i) for i in range(30)], pages=False)
        store.add_feed(url, full_text="never")
    app = app_for(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        for _ in range(600):
            await pilot.pause(0.1)
            if not app.main_screen.refreshing:
                break
        await settle(pilot)
        assert "Feeds 4, new 120, not modified 0, failed 0" in [n.message for n in app._notifications]
        assert len(listed(app)) == 125
        record = ArticleStore(store.path).get(next(r.id for r in store.rows() if r.feed))
        assert record.summary  # analysed in the pool
    store.close()


@pytest.mark.slow
async def test_background_reanalysis_of_many_articles_starts_its_worker_processes(tmp_path):
    """The same trap for the reader's other process pool: more than a handful of stale analyses
    are recomputed in spawned workers, which could not start under Textual's sys.stderr."""
    from briefing.analysis import ANALYZER_VERSION

    store = build_sample_library(tmp_path / "lib" / "library.json")
    store.add(
        [
            (
                Article(title=f"Council meets in Riverton ({n})", paragraphs=(f"The council met on day {n}.",)),
                {"summary": [], "entities": [], "analyzer": "old"},
            )
            for n in range(30)
        ]
    )
    app = app_for(store, tmp_path, reanalyse_delay=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(300):
            await pilot.pause(0.1)
            if not ArticleStore(store.path).stale(ANALYZER_VERSION):
                break
        await settle(pilot)
        assert ArticleStore(store.path).stale(ANALYZER_VERSION) == []
    store.close()
