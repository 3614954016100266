"""briefing.feeds.schedule: a feed's HTTP state through fetch results (pure), and the whole
loop against a real loopback server (validators carried, URL moved, gone, backoff)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from briefing.feeds.http import FetchRequest, FetchResult, HttpClient, RedirectHop
from briefing.feeds.schedule import (
    MAX_BACKOFF,
    FeedState,
    apply_result,
    backoff_delay,
    is_due,
    record_failure,
    reset,
)
from tests.support.loopback import Reply, conditional

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture

NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
URL = "http://127.0.0.1/feed.xml"
HOUR = 3600


def result(
    status: int | None,
    *,
    body: bytes | None = None,
    error: str | None = None,
    url: str = URL,
    redirects: tuple[RedirectHop, ...] = (),
    final_url: str | None = None,
    **fields,
) -> FetchResult:
    return FetchResult(
        FetchRequest(url), final_url or url, status=status, body=body, error=error, redirects=redirects, **fields
    )


def at(state_time: str | None) -> datetime:
    assert state_time is not None
    return datetime.fromisoformat(state_time)


def test_a_new_feed_is_due_and_round_trips_through_a_dict():
    state = FeedState(URL)
    assert state.status == "new" and is_due(state, NOW)
    fetched = apply_result(state, result(200, body=b"<rss/>", etag='"a"', last_modified="Tue, 1 Dec 2026"), NOW)
    assert FeedState.from_dict(fetched.to_dict()) == fetched
    assert set(fetched.to_dict()) >= {
        "url",
        "etag",
        "last_modified",
        "status",
        "error",
        "last_fetched",
        "next_check",
        "error_count",
        "consecutive_failures",
        "last_status",
        "interval",
    }


def test_from_dict_tolerates_bad_fields_but_needs_a_url():
    state = FeedState.from_dict(
        {
            "url": URL,
            "status": "exploded",
            "error_count": "many",
            "next_check": "soon",
            "interval": -5,
            "etag": 42,
            "unknown": 1,
        }
    )
    assert state == FeedState(URL)
    with pytest.raises(ValueError):
        FeedState.from_dict({"status": "ok"})


def test_success_stores_validators_and_schedules_the_next_check():
    state = apply_result(
        FeedState(URL), result(200, body=b"<rss/>", etag='W/"x"', last_modified="D1"), NOW, interval=2 * HOUR
    )
    assert (state.status, state.error, state.etag, state.last_modified, state.last_status) == (
        "ok",
        None,
        'W/"x"',
        "D1",
        200,
    )
    assert state.last_fetched == "2026-11-28T09:30:00+00:00"
    assert at(state.next_check) == NOW + timedelta(hours=2)
    assert not is_due(state, NOW + timedelta(minutes=119)) and is_due(state, NOW + timedelta(hours=2))
    assert state.request().etag == 'W/"x"' and state.request().last_modified == "D1"


def test_a_feeds_own_interval_wins_over_the_configured_one():
    state = apply_result(FeedState(URL, interval=600), result(200, body=b"x"), NOW, interval=HOUR)
    assert at(state.next_check) == NOW + timedelta(minutes=10)


def test_304_keeps_the_validators_unless_new_ones_come():
    state = FeedState(URL, etag='"a"', last_modified="D1", status="ok")
    same = apply_result(state, result(304), NOW)
    assert (same.status, same.etag, same.last_modified) == ("not-modified", '"a"', "D1")
    newer = apply_result(state, result(304, etag='"b"'), NOW)
    assert (newer.etag, newer.last_modified) == ('"b"', "D1")


def test_a_200_drops_a_validator_the_server_no_longer_sends():
    state = FeedState(URL, etag='"a"', last_modified="D1", status="ok")
    assert apply_result(state, result(200, body=b"x", last_modified="D2"), NOW).etag is None


def test_an_identical_body_counts_as_not_modified_and_a_parse_failure_undoes_that():
    first = apply_result(FeedState(URL), result(200, body=b"<rss>same</rss>"), NOW)
    assert first.status == "ok"
    again = apply_result(first, result(200, body=b"<rss>same</rss>"), NOW)
    assert again.status == "not-modified"
    changed = apply_result(again, result(200, body=b"<rss>new</rss>"), NOW)
    assert changed.status == "ok"
    broken = record_failure(changed, "not a feed (an HTML page)", NOW)
    assert broken.status == "error" and broken.error == "not a feed (an HTML page)" and broken.error_count == 1
    assert apply_result(broken, result(200, body=b"<rss>new</rss>"), NOW).status == "ok"


def test_url_changes_only_when_every_hop_was_permanent():
    moved = "http://127.0.0.2/new.xml"
    hops = (RedirectHop(301, URL, "http://127.0.0.1/mid"), RedirectHop(308, "http://127.0.0.1/mid", moved))
    state = apply_result(FeedState(URL), result(200, body=b"x", redirects=hops, final_url=moved), NOW)
    assert state.url == moved
    mixed = (hops[0], RedirectHop(302, "http://127.0.0.1/mid", moved))
    assert apply_result(FeedState(URL), result(200, body=b"x", redirects=mixed, final_url=moved), NOW).url == URL


def test_410_is_gone_for_good_even_when_forced():
    state = apply_result(FeedState(URL, status="ok"), result(410, error="HTTP 410 Gone"), NOW)
    assert state.status == "gone" and state.next_check is None and state.error.startswith("HTTP 410")
    assert not is_due(state, NOW) and not is_due(state, NOW + timedelta(days=365), force=True)
    revived = reset(state, "http://127.0.0.1/elsewhere.xml")
    assert revived.status == "new" and revived.etag is None and is_due(revived, NOW)


def test_force_ignores_the_next_check_but_keeps_the_validators():
    state = apply_result(FeedState(URL), result(200, body=b"x", etag='"a"'), NOW)
    assert not is_due(state, NOW) and is_due(state, NOW, force=True)
    assert state.request().etag == '"a"'


def test_failures_back_off_exponentially_capped_at_a_day_and_reset_on_success():
    state = FeedState(URL)
    delays = []
    for _ in range(8):
        state = apply_result(state, result(None, error="connection refused by 127.0.0.1:80"), NOW)
        delays.append(at(state.next_check) - NOW)
    assert delays == [timedelta(hours=h) for h in (1, 2, 4, 8, 16, 24, 24, 24)]
    assert (state.status, state.error_count, state.consecutive_failures) == ("error", 8, 8)
    assert state.error == "connection refused by 127.0.0.1:80" and state.last_status is None
    healthy = apply_result(state, result(304), NOW)
    assert (healthy.status, healthy.error, healthy.consecutive_failures, healthy.error_count) == (
        "not-modified",
        None,
        0,
        8,
    )
    assert at(healthy.next_check) == NOW + timedelta(hours=1)


def test_backoff_is_never_sooner_than_the_interval():
    assert backoff_delay(1, 2 * 86400) == 2 * 86400
    assert backoff_delay(40, 60) == MAX_BACKOFF
    assert backoff_delay(0, 300) == 300


def test_retry_after_later_than_the_backoff_sets_the_next_check():
    later = NOW + timedelta(hours=5)
    state = apply_result(FeedState(URL), result(429, error="HTTP 429", retry_after=later), NOW)
    assert at(state.next_check) == later and state.status == "error" and state.last_status == 429
    soon = apply_result(FeedState(URL), result(503, error="HTTP 503", retry_after=NOW + timedelta(seconds=5)), NOW)
    assert at(soon.next_check) == NOW + timedelta(hours=1)  # never more often than the schedule
    absurd = apply_result(FeedState(URL), result(503, error="x", retry_after=NOW + timedelta(days=300)), NOW)
    assert at(absurd.next_check) == NOW + timedelta(days=7)


def test_the_whole_loop_against_a_server(loopback):
    """fetch -> apply -> fetch again with the stored validators -> 304; moved -> new URL."""
    server = loopback()
    feed = server.route("/feed.xml", conditional(b"<rss/>", etag='"v1"', last_modified="Tue, 01 Dec 2026 10:00:00 GMT"))
    server.route("/old.xml", Reply.redirect(301, "/feed.xml"))
    with HttpClient() as client:
        state = FeedState(server.url("/old.xml"))
        state = apply_result(state, client.fetch(state.request()), NOW)
        assert state.url == feed and state.status == "ok" and state.etag == '"v1"'
        state = apply_result(state, client.fetch(state.request()), NOW + timedelta(hours=1))
        assert state.status == "not-modified"
    last = server.requests_to("/feed.xml")[-1]
    assert last.header("If-None-Match") == '"v1"'
    assert last.header("If-Modified-Since") == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_repeated_real_failures_back_off(loopback):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    state = FeedState(f"http://127.0.0.1:{port}/feed.xml")
    now = NOW
    with HttpClient() as client:
        for expected in (1, 2, 4):
            assert is_due(state, now)
            state = apply_result(state, client.fetch(state.request()), now)
            assert state.error == f"connection refused by 127.0.0.1:{port}"
            assert at(state.next_check) - now == timedelta(hours=expected)
            assert not is_due(state, now + timedelta(hours=expected) - timedelta(seconds=1))
            now = at(state.next_check)
    assert state.consecutive_failures == 3 and state.error_count == 3
