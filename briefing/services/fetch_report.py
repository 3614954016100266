"""What a refresh reports (per feed and in all), its progress, and the helpers around it:
a subscription's stored HTTP state and the retention rule. Pure data, no I/O of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from briefing.feeds.schedule import FeedState, is_due


@dataclass
class FeedOutcome:
    """What a refresh did for one feed."""

    feed_id: str
    url: str  # the URL fetched (as subscribed when the run began)
    title: str | None
    status: str = "pending"  # ok | not-modified | error | gone | cancelled
    new: int = 0
    error: str | None = None
    moved_to: str | None = None  # the new URL after an all-permanent redirect (the subscription follows)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0  # item pages fetched for full text
    page_problems: int = 0  # of which the text could not be used (the feed's text was kept)


@dataclass(frozen=True)
class FetchProgress:
    feeds: int  # feeds in this run
    feeds_done: int
    new: int  # articles stored so far
    failed: int
    not_modified: int
    pages: int  # item pages wanted for full text so far
    pages_done: int


@dataclass
class FetchReport:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (URL, why) of named feeds not fetched
    pruned: int = 0  # articles removed by retention_days afterwards
    cancelled: bool = False

    @property
    def feeds(self) -> int:
        return len(self.outcomes)

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def not_modified(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "not-modified")

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.status in ("error", "gone"))

    @property
    def failures(self) -> list[tuple[str, str]]:
        return [(o.url, o.error or o.status) for o in self.outcomes if o.status in ("error", "gone")]

    @property
    def moved(self) -> list[tuple[str, str]]:
        return [(o.url, o.moved_to) for o in self.outcomes if o.moved_to]

    def summary_line(self) -> str:
        return f"feeds {self.feeds}, new {self.new}, not modified {self.not_modified}, failed {self.failed}"


def feed_state(record: dict) -> FeedState:
    """The stored HTTP state of a subscription (a fresh one for a feed never fetched)."""
    http = dict(record.get("http") or {})
    http["url"] = record["url"]  # the record's URL is the truth (`feed edit --url` changes it)
    try:
        return FeedState.from_dict(http)
    except ValueError:
        return FeedState(url=record["url"])


def apply_retention(store, days: int | None, today: dt.date | None = None) -> int:
    """Remove articles older than `days` (never one with tags, notes or a star); how many went."""
    if not days:
        return 0
    before = (today or dt.date.today()) - dt.timedelta(days=days)
    return len(store.prune(before).removed)


class FeedJob:
    """The refresh pipeline's state of one feed (briefing.services.fetching)."""

    def __init__(self, record: dict, state: FeedState, mode: str) -> None:
        self.record = record
        self.id: str = record["id"]
        self.state = state
        self.new_state: FeedState | None = None
        self.mode = mode
        self.outcome = FeedOutcome(self.id, record["url"], record.get("title"))
        self.open_items = 0  # items found but not yet handed to a store write
        self.parsed = False  # every item it will have is known
        self.saved = False  # its state went into a store write
        self.in_batch = 0  # of its open items, how many are analysed and wait for the next write
        self.changes: dict[str, Any] = {}  # record fields besides "http" (title, site_url, url)

    @property
    def title(self) -> str | None:
        return self.record.get("title") or self.changes.get("title")


def choose_jobs(
    records: list[dict], wanted: Iterable[str] | None, *, force: bool, now: dt.datetime, mode: Callable[[dict], str]
) -> tuple[list[FeedJob], list[tuple[str, str]]]:
    """The feeds a refresh takes, and the (URL, why) of named ones it does not: the named feed
    ids in the order named (unknown ids dropped, whatever their next check), else every feed
    that is due (`force`: every feed); a gone feed never. `mode(record)`: its full-text mode."""
    if wanted is not None:
        by_id = {r["id"]: r for r in records}
        records = [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]
    jobs, skipped = [], []
    for record in records:
        state = feed_state(record)
        if state.status == "gone":
            if wanted is not None:
                why = (
                    f"gone (HTTP 410): not fetched again until it gets a new URL (briefing feed edit "
                    f"{record['id']} --url URL)"
                )
                skipped.append((record["url"], why))
            continue
        if wanted is None and not is_due(state, now, force):
            continue
        jobs.append(FeedJob(record, state, mode(record)))
    return jobs, skipped


def credit_new(batch: Iterable[tuple[Any, Any, FeedJob]], added: Iterable[str]) -> None:
    """Count each article a store write added (`added`: their ids, hash prefixes) as new for
    the feed it came from; `batch`: the (article, analysis, job) the write carried."""
    by_prefix: dict[str, list] = {}
    for article, _, job in batch:
        by_prefix.setdefault(article.hash[:8], []).append((article, job))
    for article_id in added:
        for article, job in by_prefix.get(article_id[:8], ()):
            if article.hash.startswith(article_id):
                job.outcome.new += 1
                break
