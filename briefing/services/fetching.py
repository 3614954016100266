"""The refresh pipeline behind `briefing fetch`, `briefing feed add` and the reader's `R`.

    report = refresh(store, settings=settings, client=client, progress=..., cancelled=...)

For each feed that is due (or named; gone feeds never are): a conditional GET through the
shared HttpClient (validators always sent), the new HTTP state from the schedule, then, only
when the schedule says the body is new (never after a 304), parsing in worker processes. Items
the library already knows (`store.known` of their identity keys, or seen earlier in this run)
are dropped before any page is fetched; the rest get their page's full text when the feed's
mode (or the run's override) asks for it (page fetches through the same client and limits,
extraction in worker processes), become Articles, are analysed on all cores and stored in
batches. A feed's new HTTP state is written only together with, or after, the last of its
items: a crash at any instant leaves the feed due again, and the next refresh stores what is
missing (nothing twice: the store checks identity keys under its lock).

The stages overlap: while some feeds are still downloading, others are parsed and earlier
items analysed, and store writes run on a thread of their own while the pool keeps working.
Memory stays bounded: a window of feeds and pages is in flight at a time, and analysed
articles wait at most one store write. Everything runs on the calling thread (a CLI command or
a reader's thread worker) plus the HTTP client's thread, the writer thread and the pool;
`cancelled()` is checked several times a second and stops the run, keeping what was stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import queue
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from briefing.config import Settings
from briefing.core.memory import young_collections_only
from briefing.feeds.http import PAGE_ACCEPT, FetchLimits, FetchRequest, FetchResult, HttpClient
from briefing.feeds.model import ExtractedPage, FeedEntry
from briefing.feeds.schedule import apply_result, iso, record_failure
from briefing.services.fetch_report import (
    FeedJob,
    FeedOutcome,
    FetchProgress,
    FetchReport,
    apply_retention,
    choose_jobs,
    credit_new,
    feed_state,
)
from briefing.services.fetch_work import (
    ANALYSE,
    EXTRACT,
    INLINE_ARTICLES,
    PARSE,
    CpuQueue,
    ParseOutcome,
    Workers,
    analyse_task,
    extract_task,
    feed_items,
    is_page,
    parse_task,
    result_or,
    unseen_items,
)

__all__ = ["FeedOutcome", "FetchProgress", "FetchReport", "apply_retention", "feed_state", "refresh"]

ANALYSE_CHUNK = 32  # articles per analysis task (pickling cost vs. balance between workers)
# A store write rewrites the week files it touches whole, so its cost grows with what is already
# there: ten writes of 1,000 articles cost 7x one write of 10,000 (measured). So the first write
# comes early (the reader shows the first articles) and each later one waits for 3x as many
# articles as are stored already (200, 600, 2,400, ...: about 1.6x the cost of one write),
# for BATCH_MAX, or for FLUSH_SECONDS since the last write.
BATCH_MIN = 200
BATCH_GROWTH = 3
BATCH_MAX = 8000
FLUSH_SECONDS = 8.0
PROGRESS_EVERY = 0.1  # seconds between progress callbacks
ProgressFn = Callable[[FetchProgress], None]


def refresh(
    store,
    *,
    settings: Settings | None = None,
    client: HttpClient | None = None,
    feeds: Iterable[str] | None = None,
    force: bool = False,
    full_text: str | None = None,
    jobs: int | None = None,
    start_method: str | None = None,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
    seeds: dict[str, tuple[FetchResult, Any]] | None = None,
    now: dt.datetime | None = None,
) -> FetchReport:
    """Refresh the due feeds (or the feed ids in `feeds`, whatever their next check time) and
    store their new items. `seeds`: {feed id: (FetchResult, ParsedFeed or None)} responses
    already in hand (`feed add` reuses its one GET), used instead of fetching. Raises the
    store's LibraryError if the library cannot be written."""
    settings = settings or Settings()
    own_client = client is None
    client = client if client is not None else HttpClient(FetchLimits.from_settings(settings))
    run = _Refresh(
        store,
        settings,
        client,
        full_text=full_text,
        jobs=jobs,
        start_method=start_method,
        progress=progress,
        cancelled=cancelled or (lambda: False),
        seeds=seeds or {},
        now=now,
    )
    try:
        with young_collections_only():
            run.select(feeds, force)
            run.run()
    except BaseException:
        run.report.cancelled = True  # Ctrl-C, or the library could not be written: stop the workers now
        raise
    finally:
        run.close()
        if own_client:
            client.close()
    if not run.report.cancelled and settings.retention_days:
        run.report.pruned = apply_retention(store, settings.retention_days)
    return run.report


class _Refresh:
    def __init__(
        self,
        store,
        settings: Settings,
        client: HttpClient,
        *,
        full_text: str | None,
        jobs: int | None,
        start_method: str | None,
        progress: ProgressFn | None,
        cancelled: Callable[[], bool],
        seeds: dict,
        now: dt.datetime | None,
    ) -> None:
        self.store, self.settings, self.client = store, settings, client
        self.override = full_text
        self.workers = Workers(jobs, start_method)
        self.progress_fn, self.cancelled = progress, cancelled
        self.seeds = seeds
        self.now = now or dt.datetime.now(dt.UTC)
        self.first_seen = iso(self.now)
        self.report = FetchReport()
        self.events: queue.Queue = queue.Queue()
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-fetch-store")
        self.jobs: list[FeedJob] = []
        self.unsaved: set[FeedJob] = set()  # parsed feeds whose state is not written yet
        self.waiting: deque[FeedJob] = deque()  # feeds not requested yet
        self.pages: deque[tuple[FeedJob, FeedEntry, str]] = deque()  # entries waiting for their page (at this link)
        self.to_analyse: list[tuple[FeedJob, Any]] = []
        self.analysed: list[tuple[Any, dict | None, FeedJob]] = []  # waiting for a store write
        self.http: set[Future] = set()  # feed and page requests in flight
        self.feeds_in_flight = 0  # feeds requested or parsing
        self.pages_in_flight = 0  # pages requested or extracting
        self.cpu = 0  # CPU tasks queued or running
        self.cpu_work = CpuQueue(self.workers, self._when_done)
        self.writing: Future | None = None
        self.stored = 0
        self.last_write = time.monotonic()
        self.seen_keys: set[str] = set()
        self.seen_hashes: set[str] = set()
        self.pages_wanted = self.pages_done = 0
        self.done_feeds = 0
        self.last_progress = 0.0
        self.last_told: FetchProgress | None = None
        self.failure: BaseException | None = None
        concurrency = max(1, client.limits.concurrency)
        self.feed_window = concurrency * 4
        self.page_window = concurrency * 4

    def select(self, wanted: Iterable[str] | None, force: bool) -> None:
        def mode(record: dict) -> str:
            return self.override or record.get("full_text") or self.settings.full_text

        self.jobs, skipped = choose_jobs(self.store.feeds(), wanted, force=force, now=self.now, mode=mode)
        self.report.skipped.extend(skipped)
        self.report.outcomes.extend(job.outcome for job in self.jobs)
        self.waiting.extend(self.jobs)

    # ------------------------------------------------------------------ the loop

    def run(self) -> None:
        self._small = len(self.jobs) <= 1  # one feed: its CPU work runs here unless it is large
        self._pump()
        while self._busy():
            if self.cancelled():
                self._cancel()
                return
            try:
                handler, context, future = self.events.get(timeout=0.2)
            except queue.Empty:
                self._pump()
                continue
            handler(context, future)
            if self.failure is not None:
                self._cancel()
                raise self.failure
            self._pump()
        self._tell(final=True)

    def _busy(self) -> bool:
        return bool(
            self.waiting
            or self.http
            or self.cpu
            or self.pages
            or self.to_analyse
            or self.analysed
            or self.writing
            or any(j.open_items == 0 for j in self.unsaved)
            or not self.events.empty()
        )

    def _when_done(self, future: Future, handler: Callable, context: Any) -> None:
        future.add_done_callback(lambda f: self.events.put((handler, context, f)))

    def _pump(self) -> None:
        """Start whatever work has room: feed requests, page requests, analyses, a store write."""
        room = len(self.analysed) <= BATCH_MAX  # the store write is behind: wait for it
        while self.waiting and self.feeds_in_flight < self.feed_window and room:
            job = self.waiting.popleft()
            self.feeds_in_flight += 1
            seed = self.seeds.get(job.id)
            if seed is not None:
                self._fetched(job, seed[0], parsed=seed[1])
            else:
                future = self.client.submit(job.state.request(key=job.id))
                self.http.add(future)
                self._when_done(future, self._on_fetched, job)
        while self.pages and self.pages_in_flight < self.page_window and room:
            job, entry, link = self.pages.popleft()
            self.pages_in_flight += 1
            future = self.client.submit(FetchRequest(link, accept=PAGE_ACCEPT))
            self.http.add(future)
            self._when_done(future, self._on_page, (job, entry))
        upstream_idle = not (self.waiting or self.http or self.pages or self.feeds_in_flight or self.pages_in_flight)
        # A full chunk, or whatever is there when a worker would idle or nothing more will come.
        while self.to_analyse and (
            len(self.to_analyse) >= ANALYSE_CHUNK
            or upstream_idle
            or self.cpu_work.in_pool + len(self.cpu_work.queues[ANALYSE]) < self.workers.jobs
        ):
            chunk, self.to_analyse = self.to_analyse[:ANALYSE_CHUNK], self.to_analyse[ANALYSE_CHUNK:]
            articles = [article for _, article in chunk]
            self._cpu(
                analyse_task,
                (articles,),
                self._on_analysed,
                chunk,
                ANALYSE,
                inline=self._small and len(articles) < INLINE_ARTICLES,
            )
        self.cpu_work.drain()
        if self.writing is None and self._should_write():
            self._write()
        self._tell()

    def _cpu(self, function, args: tuple, handler: Callable, context: Any, priority: int, inline: bool) -> None:
        self.cpu += 1
        self.cpu_work.add(function, args, handler, context, priority, inline)

    # ------------------------------------------------------------------ feeds

    def _on_fetched(self, job: FeedJob, future: Future) -> None:
        self.http.discard(future)
        if future.cancelled():  # the run was cancelled or the client closed: nothing is saved for it
            self.feeds_in_flight -= 1
            job.outcome.status = "cancelled"
            return
        self._fetched(job, future.result())

    def _fetched(self, job: FeedJob, result: FetchResult, parsed: Any = None) -> None:
        interval = self.settings.refresh_interval
        new = apply_result(job.state, result, self.now, interval=interval)
        job.new_state = new
        if new.url != job.state.url:
            job.outcome.moved_to = new.url
            job.changes["url"] = new.url
        if new.status in ("gone", "error", "not-modified"):
            job.outcome.status = new.status
            job.outcome.error = new.error
            if new.status == "gone":
                job.outcome.error = f"{new.error or 'HTTP 410 Gone'}; not fetched again until it gets a new URL"
            self._parsed(job)
            return
        body, content_type = result.body or b"", result.content_type
        if parsed is not None:  # `feed add` parsed the response already
            items = feed_items(parsed, feed_id=job.id, feed_title=job.title, mode=job.mode, first_seen=self.first_seen)
            outcome = ParseOutcome(title=parsed.title, site_url=parsed.site_url, items=items, warnings=parsed.warnings)
            self.cpu += 1
            done: Future = Future()
            done.set_result(outcome)
            self._on_parsed(job, done)
            return
        self._cpu(
            parse_task,
            (body, result.final_url, content_type, job.id, job.title, job.mode, self.first_seen),
            self._on_parsed,
            job,
            PARSE,
            inline=self._small,
        )

    def _on_parsed(self, job: FeedJob, future: Future) -> None:
        self.cpu -= 1
        self.feeds_in_flight -= 1
        outcome = result_or(future, ParseOutcome(error="the parser stopped (worker process died)"))
        if outcome.error:
            reason = outcome.error
            if outcome.alternates:
                reason += f"; it names {outcome.alternates[0]} (briefing feed edit {job.id} --url URL)"
            job.new_state = record_failure(
                job.new_state or job.state, reason, self.now, interval=self.settings.refresh_interval
            )
            job.outcome.status, job.outcome.error = "error", reason
            self._parsed(job, counted=False)
            return
        job.outcome.status = "ok"
        job.outcome.warnings.extend(outcome.warnings)
        if outcome.title and not job.record.get("title"):
            job.changes["title"] = outcome.title
            job.outcome.title = outcome.title
        if outcome.site_url and outcome.site_url != job.record.get("site_url"):
            job.changes["site_url"] = outcome.site_url
        for item in unseen_items(outcome.items, self.seen_keys, self.store.known):
            job.open_items += 1
            if item.article is not None:
                self._article(job, item.article)
                continue
            entry = item.entry
            assert entry is not None  # an item without its article carries the entry that waits for its page
            if is_page(entry.link):
                self.pages_wanted += 1
                job.outcome.pages += 1
                self.pages.append((job, entry, entry.link))
            else:
                self._with_page(job, entry, None)
        self._parsed(job, counted=False)

    def _parsed(self, job: FeedJob, counted: bool = True) -> None:
        """Every item of the feed is known now (or there are none)."""
        if counted:
            self.feeds_in_flight -= 1
        job.parsed = True
        self.unsaved.add(job)

    # ------------------------------------------------------------------ pages and articles

    def _on_page(self, context: tuple[FeedJob, FeedEntry], future: Future) -> None:
        self.http.discard(future)
        if future.cancelled():
            return
        job, entry = context
        result: FetchResult = future.result()
        if not result.ok or not result.body:
            self.pages_in_flight -= 1
            self.pages_done += 1
            reason = result.error or f"HTTP {result.status}"
            self._with_page(job, entry, ExtractedPage(paragraphs=(), problem=f"page not fetched: {reason}"))
            return
        self._cpu(
            extract_task,
            (result.body, result.final_url, result.content_type),
            self._on_extracted,
            context,
            EXTRACT,
            inline=self._small and self.pages_wanted < 4,
        )

    def _on_extracted(self, context: tuple[FeedJob, FeedEntry], future: Future) -> None:
        self.cpu -= 1
        self.pages_in_flight -= 1
        self.pages_done += 1
        job, entry = context
        page = result_or(future, ExtractedPage(paragraphs=(), problem="page extraction stopped (worker died)"))
        self._with_page(job, entry, page)

    def _with_page(self, job: FeedJob, entry: FeedEntry, page: ExtractedPage | None) -> None:
        from briefing.feeds.articles import entry_article, page_usable

        if page is not None and not page_usable(entry, page)[0]:
            job.outcome.page_problems += 1
        article = entry_article(entry, feed_id=job.id, feed_title=job.title, page=page, first_seen=self.first_seen)
        self._article(job, article)

    def _article(self, job: FeedJob, article) -> None:
        if article.hash in self.seen_hashes:  # the same text through another feed in this run
            job.open_items -= 1
            return
        self.seen_hashes.add(article.hash)
        self.to_analyse.append((job, article))

    def _on_analysed(self, chunk: list[tuple[FeedJob, Any]], future: Future) -> None:
        self.cpu -= 1
        analyses = result_or(future, None) or [None] * len(chunk)
        for (job, article), analysis in zip(chunk, analyses):
            self.analysed.append((article, analysis, job))
            job.in_batch += 1

    # ------------------------------------------------------------------ storing

    def _should_write(self) -> bool:
        states = any(j.open_items == j.in_batch for j in self.unsaved)
        if not self.analysed and not states:
            return False
        if not (self.waiting or self.http or self.cpu or self.pages or self.to_analyse):
            return True  # nothing else will come
        target = min(max(BATCH_MIN, BATCH_GROWTH * self.stored), BATCH_MAX)
        return len(self.analysed) >= target or time.monotonic() - self.last_write >= FLUSH_SECONDS

    def _write(self) -> None:
        batch, self.analysed = self.analysed, []
        for _, _, job in batch:
            job.open_items -= 1
            job.in_batch -= 1
        finished = [j for j in self.unsaved if j.open_items == 0]
        for job in finished:
            job.saved = True
            self.unsaved.discard(job)
        states = {job.id: {**job.changes, "http": (job.new_state or job.state).to_dict()} for job in finished}
        items = [(article, analysis) for article, analysis, _ in batch]
        self.writing = self.writer.submit(self._store, items, states)
        self._when_done(self.writing, self._on_written, (batch, finished))
        self.last_write = time.monotonic()

    def _store(self, items: list, states: dict[str, dict]):
        result = self.store.add(items) if items else None
        if states:
            self.store.update_feeds(states)
        return result

    def _on_written(self, context: tuple[list, list[FeedJob]], future: Future) -> None:
        self.writing = None
        self.last_write = time.monotonic()
        batch, finished = context
        error = future.exception()
        if error is not None:
            self.failure = error
            return
        result = future.result()
        if result is not None:
            credit_new(batch, result.added)
            self.stored += len(result.added)
        self.done_feeds += len(finished)
        self._tell(force=True)

    # ------------------------------------------------------------------ the end

    def _tell(self, force: bool = False, final: bool = False) -> None:
        if self.progress_fn is None:
            return
        moment = time.monotonic()
        if not (force or final) and moment - self.last_progress < PROGRESS_EVERY:
            return
        self.last_progress = moment
        progress = FetchProgress(
            feeds=len(self.jobs),
            feeds_done=self.done_feeds,
            new=self.stored,
            failed=self.report.failed,
            not_modified=self.report.not_modified,
            pages=self.pages_wanted,
            pages_done=self.pages_done,
        )
        if progress != self.last_told or final:
            self.last_told = progress
            self.progress_fn(progress)

    def _cancel(self) -> None:
        self.report.cancelled = True
        self.waiting.clear()
        self.pages.clear()
        self.cpu_work.clear()
        for future in list(self.http):
            future.cancel()
        self.workers.close(terminate=True)
        if self.writing is not None:
            # A store write is never abandoned half-way (it is atomic anyway); its failure was reported.
            with contextlib.suppress(Exception):
                self.writing.result()
        for job in self.jobs:
            if not job.saved and job.outcome.status in ("pending", "ok"):
                job.outcome.status = "cancelled"

    def close(self) -> None:
        self.workers.close(terminate=self.report.cancelled)
        self.writer.shutdown(wait=True)
