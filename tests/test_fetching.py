"""The refresh pipeline (briefing.services.fetching) in-process, against loopback servers:
progress, cancellation, the order of writes (items before their feed's state), a failing
store, no parsing after a 304, the worker pool."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.config import Settings
from briefing.services import fetching
from briefing.services.fetching import feed_state, refresh
from briefing.store import ArticleStore, LibraryError
from tests.support.feeds import FeedSite, story

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture

NEVER = Settings(full_text="never")


@pytest.fixture
def site(loopback) -> FeedSite:
    return FeedSite(loopback())


def subscribe_all(store, site: FeedSite, feeds: int, items: int) -> list[str]:
    urls = []
    for f in range(feeds):
        urls.append(
            site.feed(f"/f{f}.xml", [story(f * 1000 + i) for i in range(items)], title=f"Feed {f}", pages=False)
        )
        store.add_feed(urls[-1], full_text="never")
    return urls


def test_a_refresh_with_the_worker_pool_stores_every_item_once_and_reports_progress(site, store):
    subscribe_all(store, site, feeds=6, items=30)
    seen = []
    report = refresh(store, settings=NEVER, progress=seen.append, jobs=2)
    assert report.summary_line() == "feeds 6, new 180, not modified 0, failed 0"
    assert len(store) == 180 and len({r.title for r in store.rows()}) == 180
    assert all(o.new == 30 and o.status == "ok" for o in report.outcomes)
    assert seen[-1].feeds_done == 6 and seen[-1].new == 180 and seen[-1].feeds == 6
    assert [p.new for p in seen] == sorted(p.new for p in seen)
    assert all(r.text_source == "feed" for r in store.rows())
    analysed = store.get_many([r.id for r in store.rows()[:5]])
    assert all(record.summary for record in analysed)  # analysed in the pool
    # Every feed answers 304 now: nothing parsed, nothing stored, all states saved.
    again = refresh(store, settings=NEVER, force=True, jobs=2)
    assert again.summary_line() == "feeds 6, new 0, not modified 6, failed 0"
    assert all(feed_state(r).status == "not-modified" for r in store.feeds())


def test_no_parsing_after_a_304_and_a_feed_s_state_is_written_after_its_items(site, store, monkeypatch):
    [url] = subscribe_all(store, site, feeds=1, items=5)
    parsed = []
    original_parse = fetching.parse_task

    def counting_parse(*args):
        parsed.append(args[1])
        return original_parse(*args)

    monkeypatch.setattr(fetching, "parse_task", counting_parse)
    original_update = store.update_feeds
    checked = []

    def update_after_items(changes):
        for feed_id in changes:
            checked.append(sum(1 for r in store.rows() if r.feed == feed_id))
        return original_update(changes)

    monkeypatch.setattr(store, "update_feeds", update_after_items)
    assert refresh(store, settings=NEVER, jobs=1).new == 5
    assert checked == [5]  # the state went to the store only once its 5 items were there
    assert refresh(store, settings=NEVER, force=True, jobs=1).not_modified == 1
    assert parsed == [url]  # the 304 was not parsed


def test_cancel_mid_refresh_keeps_what_was_stored_and_the_rest_stays_due(site, store, monkeypatch):
    monkeypatch.setattr(fetching, "FLUSH_SECONDS", 0.0)
    subscribe_all(store, site, feeds=8, items=10)
    fast = {f"/f{f}.xml": site.server.routes[f"/f{f}.xml"] for f in range(4, 8)}
    for path, route in fast.items():  # half the feeds answer slowly: the cancel comes while they are in flight
        site.server.route(path, lambda request, route=route: dataclasses.replace(route(request), hold=60.0))
    state = {"stop": False}

    def progress(p):
        if p.new >= 40:
            state["stop"] = True

    # (The slow feeds would hold the refresh for a minute: returning at all shows they were not waited for.)
    report = refresh(store, settings=NEVER, jobs=1, progress=progress, cancelled=lambda: state["stop"])
    assert report.cancelled
    assert len(store) == 40
    saved = [r for r in store.feeds() if feed_state(r).status == "ok"]
    due = [r for r in store.feeds() if feed_state(r).next_check is None]
    assert len(saved) == 4 and len(due) == 4
    for record in saved:  # a saved state means all of that feed's items are in the library
        assert sum(1 for r in store.rows() if r.feed == record["id"]) == 10
    assert {o.status for o in report.outcomes} == {"ok", "cancelled"}
    for path, route in fast.items():
        site.server.route(path, route)
    rest = refresh(store, settings=NEVER, jobs=1)
    assert rest.feeds == 4 and len(store) == 80
    assert len({r.title for r in store.rows()}) == 80


def test_a_store_that_fails_mid_refresh_loses_nothing_on_the_next_run(site, store, monkeypatch):
    subscribe_all(store, site, feeds=5, items=12)
    monkeypatch.setattr(fetching, "BATCH_MIN", 12)
    monkeypatch.setattr(fetching, "FLUSH_SECONDS", 0.0)
    original_add = store.add
    calls = {"n": 0}

    def failing_add(items):
        calls["n"] += 1
        if calls["n"] == 2:
            raise LibraryError(store.path, "disk full (simulated)")
        return original_add(items)

    monkeypatch.setattr(store, "add", failing_add)
    with pytest.raises(LibraryError, match="disk full"):
        refresh(store, settings=NEVER, jobs=1)
    assert 0 < len(store) < 60
    monkeypatch.setattr(store, "add", original_add)
    report = refresh(store, settings=NEVER, jobs=1)
    assert len(store) == 60 and len({r.title for r in store.rows()}) == 60
    assert report.failed == 0
    assert all(feed_state(r).status in ("ok", "not-modified") for r in store.feeds())


def test_named_feeds_and_gone_ones(site, store):
    urls = subscribe_all(store, site, feeds=3, items=2)
    records = {r["url"]: r for r in store.feeds()}
    store.update_feeds({records[urls[2]]["id"]: {"http": {"url": urls[2], "status": "gone"}}})
    report = refresh(store, settings=NEVER, feeds=[records[urls[0]]["id"], records[urls[2]]["id"]], jobs=1)
    assert [o.url for o in report.outcomes] == [urls[0]]
    assert report.skipped and report.skipped[0][0] == urls[2]
    assert not site.feed_requests("/f2.xml")
    due = refresh(store, settings=NEVER, jobs=1)
    assert [o.url for o in due.outcomes] == [urls[1]]  # f0 is not due; f2 is gone


def test_a_shared_client_is_left_open_for_its_owner(site, store):
    from briefing.feeds.http import HttpClient

    subscribe_all(store, site, feeds=2, items=3)
    with HttpClient() as client:
        assert refresh(store, settings=NEVER, client=client, jobs=1).new == 6
        assert client.fetch(site.base + "/f0.xml").ok  # still usable


def test_store_opens_after_the_refresh(site, library_path):
    store = ArticleStore(library_path)
    subscribe_all(store, site, feeds=2, items=4)
    refresh(store, settings=NEVER, jobs=1)
    assert len(ArticleStore(library_path)) == 8
