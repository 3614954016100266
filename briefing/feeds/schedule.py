"""A feed's HTTP state and how each fetch changes it: validators, status, error counting,
backoff, next check time. Pure: no I/O, no clock unless the caller leaves `now` out.

The store persists `FeedState.to_dict()` as is; `FeedState.from_dict` reads it back (and
tolerates a hand-edited or older record). How `briefing fetch` uses it:

    if is_due(state, now, force):
        result = client.fetch(state.request(key=feed_id))     # validators go back, even forced
        new = apply_result(state, result, now, interval=settings.refresh_interval)
        if new.url != state.url: tell the user the feed moved (every hop was 301/308)
        if new.status == "ok": parse result.body                # never after a 304
        ... store the items, then the new state (a parse failure: record_failure(new, reason))

Rules:
- 2xx: "ok", validators replaced by the response's (a validator the server stopped sending
  is dropped), next check after the feed's interval. A 2xx whose body is byte-identical to
  the last one parsed counts as "not-modified" (for servers that ignore validators), so it
  is not parsed again either.
- 304: "not-modified", validators kept (or updated when the 304 carries new ones).
- The URL changes only when `FetchResult.permanent_redirect` (every hop 301/308).
- 410: "gone", never due again (not even with --force) until `reset` (a new URL).
- Any other failure: "error" with the reason; `error_count` (all failures) and
  `consecutive_failures` grow, and the next check backs off exponentially: the interval,
  then 2x, 4x ... capped at a day (never sooner than the interval). A 429/503 Retry-After
  that is later than that wins (capped at a week). Success resets the streak.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from briefing.feeds.http import FEED_ACCEPT, FetchRequest, FetchResult

STATUSES = ("new", "ok", "not-modified", "error", "gone")
DEFAULT_INTERVAL = 3600  # seconds; config.toml's feeds.refresh_interval normally decides
MAX_BACKOFF = 24 * 3600
MAX_RETRY_AFTER = 7 * 24 * 3600


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None = None  # as the server sent it (Latin-1 str: sent back byte for byte)
    last_modified: str | None = None
    status: str = "new"  # one of STATUSES
    error: str | None = None  # the reason of the last failure, None after a success
    last_fetched: str | None = None  # ISO 8601 UTC of the last fetch attempt
    next_check: str | None = None  # ISO 8601 UTC; None: due now (gone: never)
    error_count: int = 0  # failed fetches in all
    consecutive_failures: int = 0  # failed fetches since the last success (drives the backoff)
    last_status: int | None = None  # HTTP status of the last response, None if none came
    interval: int | None = None  # seconds between checks for this feed; None: the configured one
    content_hash: str | None = None  # of the last 2xx body that was parsed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedState:
        """Read a stored record back; a field of the wrong type or value gets its default."""
        url = data.get("url")
        if not isinstance(url, str) or not url:
            raise ValueError("feed state without a URL")
        values: dict[str, Any] = {"url": url}
        for f in fields(cls):
            if f.name == "url" or f.name not in data:
                continue
            value = data[f.name]
            if f.name in ("error_count", "consecutive_failures"):
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            elif f.name in ("last_status", "interval"):
                ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)
            elif f.name == "status":
                ok = value in STATUSES
            elif f.name in ("last_fetched", "next_check"):
                ok = value is None or _parse_time(value) is not None
            else:
                ok = value is None or isinstance(value, str)
            if ok:
                values[f.name] = value
        return cls(**values)

    def request(self, accept: str = FEED_ACCEPT, key: Any = None) -> FetchRequest:
        """The conditional GET for this feed."""
        return FetchRequest(self.url, etag=self.etag, last_modified=self.last_modified, accept=accept, key=key)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now


def backoff_delay(failures: int, interval: int) -> int:
    """Seconds until the next check after `failures` consecutive failures: the interval,
    doubled for each further failure, capped at a day, never less than the interval."""
    if failures <= 0:
        return interval
    return max(interval, min(interval * 2 ** min(failures - 1, 30), MAX_BACKOFF))


def _interval(state: FeedState, interval: int | None) -> int:
    return state.interval or interval or DEFAULT_INTERVAL


def apply_result(
    state: FeedState, result: FetchResult, now: datetime | None = None, interval: int | None = None
) -> FeedState:
    """The state after `result`. `interval`: the configured refresh interval in seconds (a
    feed's own `interval` wins)."""
    now = _now(now)
    every = _interval(state, interval)
    new = replace(state, last_fetched=iso(now), last_status=result.status)
    if result.permanent_redirect:
        new = replace(new, url=result.final_url)
    if result.gone:
        return replace(
            new, status="gone", error=result.error or "HTTP 410 Gone", next_check=None, consecutive_failures=0
        )
    if result.not_modified:
        return replace(
            new,
            status="not-modified",
            error=None,
            consecutive_failures=0,
            etag=result.etag or state.etag,
            last_modified=result.last_modified or state.last_modified,
            next_check=iso(now + timedelta(seconds=every)),
        )
    if result.ok and result.body is not None:
        digest = hashlib.sha256(result.body).hexdigest()[:32]
        unchanged = digest == state.content_hash and state.status in ("ok", "not-modified")
        return replace(
            new,
            status="not-modified" if unchanged else "ok",
            error=None,
            consecutive_failures=0,
            etag=result.etag,
            last_modified=result.last_modified,
            content_hash=digest,
            next_check=iso(now + timedelta(seconds=every)),
        )
    return _failed(new, result.error or f"HTTP {result.status}", now, every, result.retry_after)


def record_failure(
    state: FeedState, reason: str, now: datetime | None = None, interval: int | None = None
) -> FeedState:
    """The state after a failure found past HTTP (the body is not a feed, cannot be parsed):
    counted and backed off like an HTTP failure, and the body is parsed again next time even
    if unchanged."""
    now = _now(now)
    failed = _failed(replace(state, last_fetched=iso(now)), reason, now, _interval(state, interval), None)
    return replace(failed, content_hash=None)


def _failed(state: FeedState, reason: str, now: datetime, every: int, retry_after: datetime | None) -> FeedState:
    failures = state.consecutive_failures + 1
    next_check = now + timedelta(seconds=backoff_delay(failures, every))
    if retry_after is not None:
        next_check = max(next_check, min(retry_after, now + timedelta(seconds=MAX_RETRY_AFTER)))
    return replace(
        state,
        status="error",
        error=reason,
        error_count=state.error_count + 1,
        consecutive_failures=failures,
        next_check=iso(next_check),
    )


def is_due(state: FeedState, now: datetime | None = None, force: bool = False) -> bool:
    """Whether `briefing fetch` should fetch the feed now. Gone feeds never are; `force`
    ignores the next check time (the validators are still sent)."""
    if state.status == "gone":
        return False
    if force or state.next_check is None:
        return True
    when = _parse_time(state.next_check)
    return when is None or _now(now) >= when


def reset(state: FeedState, url: str | None = None) -> FeedState:
    """A fresh state for the feed (a new URL given by the user, or a gone feed revived):
    validators, errors and schedule forgotten; the interval kept."""
    return FeedState(url=url or state.url, interval=state.interval)
