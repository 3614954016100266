"""The CPU work of a refresh, and where it runs: parsing feeds, extracting pages and analysing
articles, in worker processes (`Workers`) or, for a little work, in the calling thread.

The task functions run in worker processes: they take and return plain picklable data, never
raise (a failure comes back as a reason), and import the heavy libraries (feedparser,
trafilatura, the analyzer) only when first called. Why processes: feedparser costs ~0.5-1 ms
per KB and holds the GIL, so in a thread it would stall the reader's event loop and use one
core; trafilatura and the analyzer are the same.

Start method: `forkserver` by default (safe in a process that already runs threads, such as
the HTTP client's; workers fork from a clean server that has imported the task modules once),
`spawn` where asked (the reader) or where forkserver does not exist.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeGuard

from briefing.core.model import Article
from briefing.feeds.model import ExtractedPage, FeedEntry

# Below this many articles, analysing them in the calling thread costs less than waking a pool.
INLINE_ARTICLES = 24
# Links to files that hold no article text: never fetched for full text.
_NOT_PAGES = (
    ".mp3",
    ".m4a",
    ".ogg",
    ".opus",
    ".wav",
    ".mp4",
    ".m4v",
    ".webm",
    ".mov",
    ".pdf",
    ".zip",
    ".gz",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".epub",
)
# Modules the fork server imports once, so that every worker starts with them loaded.
PRELOAD = ["briefing.services.fetch_work", "briefing.feeds.parse", "briefing.feeds.articles"]


@dataclass(frozen=True)
class FeedItem:
    """One entry of a parsed feed: its identity keys, and either its Article or, when the
    page's full text is wanted first, the entry that waits for its page (only one of the two
    travels back from the worker: the text would otherwise be pickled twice)."""

    keys: tuple[str, ...]
    article: Article | None = None
    entry: FeedEntry | None = None


@dataclass(frozen=True)
class ParseOutcome:
    title: str | None = None
    site_url: str | None = None
    items: tuple[FeedItem, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None  # why the body is not a feed; None when it parsed
    alternates: tuple[str, ...] = ()  # the feed URLs an HTML page names


def feed_items(parsed, *, feed_id: str, feed_title: str | None, mode: str, first_seen: str) -> tuple[FeedItem, ...]:
    """Every entry of a ParsedFeed as a FeedItem (the decisions of briefing.feeds.articles)."""
    from briefing.feeds.articles import entry_article, entry_keys, needs_full_text

    title = feed_title or parsed.title
    items = []
    for entry in parsed.entries:
        keys = entry_keys(feed_id, entry)
        if needs_full_text(entry, mode):
            items.append(FeedItem(keys, entry=entry))
        else:
            items.append(
                FeedItem(
                    keys, entry_article(entry, feed_id=feed_id, feed_title=title, page=None, first_seen=first_seen)
                )
            )
    return tuple(items)


def parse_task(
    body: bytes, url: str, content_type: str | None, feed_id: str, feed_title: str | None, mode: str, first_seen: str
) -> ParseOutcome:
    """Parse a fetched feed body into items (in a worker process)."""
    from briefing.feeds.model import NotAFeed
    from briefing.feeds.parse import parse_document

    try:
        parsed = parse_document(body, url=url, content_type=content_type)
    except NotAFeed as exc:
        return ParseOutcome(error=str(exc), alternates=tuple(link.url for link in exc.alternates))
    except Exception as exc:
        return ParseOutcome(error=f"could not be parsed ({type(exc).__name__}: {str(exc)[:200]})")
    try:
        items = feed_items(parsed, feed_id=feed_id, feed_title=feed_title, mode=mode, first_seen=first_seen)
    except Exception as exc:
        return ParseOutcome(error=f"items could not be read ({type(exc).__name__}: {str(exc)[:200]})")
    return ParseOutcome(title=parsed.title, site_url=parsed.site_url, items=items, warnings=parsed.warnings)


def extract_task(body: bytes, url: str, content_type: str | None) -> ExtractedPage:
    """The article in a fetched page (in a worker process); a failure is the page's problem."""
    from briefing.feeds.extract import extract_page

    try:
        return extract_page(body, url=url, content_type=content_type)
    except Exception as exc:
        return ExtractedPage(paragraphs=(), problem=f"page text could not be extracted ({type(exc).__name__})")


def analyse_task(articles: list[Article]) -> list[dict | None]:
    """Analyses of a chunk of articles, in order (in a worker process)."""
    from briefing.services.importing import analyse_one

    out: list[dict | None] = []
    for article in articles:
        try:
            out.append(analyse_one(article))
        except Exception:
            out.append(None)
    return out


def _worker_init(owner: int) -> None:
    # One BLAS thread per process (the pool already uses every core), and Ctrl-C is the
    # parent's to handle: workers would otherwise each print a KeyboardInterrupt traceback.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with(owner)


def _exit_with(owner: int) -> None:
    """End this worker when the process that owns the pool dies (a SIGKILLed `briefing fetch`):
    the pool's queues would keep an orphaned worker, and the fork server, waiting for ever."""
    import threading

    def watch() -> None:
        try:
            fd = os.pidfd_open(owner)
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            import select

            select.select([fd], [], [])  # readable when the owner has exited
        else:
            import time

            while True:
                time.sleep(1.0)
                try:
                    os.kill(owner, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        os._exit(0)

    threading.Thread(target=watch, name="briefing-owner-watch", daemon=True).start()


def start_resource_tracker() -> None:
    """multiprocessing starts its resource tracker passing it `sys.stderr`'s file descriptor.
    Under Textual (the reader), sys.stderr is an object without one, and every worker start
    failed ("bad value(s) in fds_to_keep"): start the tracker with the process's real stderr.
    Call it before making any process pool in the reader (Workers does)."""
    import sys
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        saved.fileno()
        usable = True
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable and saved.fileno() >= 0:
        resource_tracker.ensure_running()
        return
    try:
        sys.stderr = sys.__stderr__ if sys.__stderr__ is not None else open(os.devnull, "w")  # noqa: SIM115
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def default_start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class Workers:
    """Where the CPU work goes: a process pool made when first needed, or the calling thread
    for small work (`inline=True` at submit). Results come back as Futures either way."""

    def __init__(self, jobs: int | None = None, start_method: str | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.start_method = start_method or default_start_method()
        self._pool: ProcessPoolExecutor | None = None
        self.broken = 0  # pools replaced after a worker died

    @property
    def inline_possible(self) -> bool:
        """Whether `submit(..., inline=True)` would run here (no pool has been made yet)."""
        return self.jobs <= 1 or self._pool is None

    def submit(self, function: Callable[..., Any], *args: Any, inline: bool = False) -> Future:
        if self.jobs <= 1 or (inline and self._pool is None):
            future: Future = Future()
            try:
                future.set_result(function(*args))
            except Exception as exc:
                future.set_exception(exc)
            return future
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._ensure_pool().submit(function, *args)
        except (BrokenProcessPool, RuntimeError):
            # A worker died (killed, out of memory): its tasks fail, later work gets a new pool.
            self._drop_pool()
            self.broken += 1
            return self._ensure_pool().submit(function, *args)

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            start_resource_tracker()
            context = multiprocessing.get_context(self.start_method)
            if self.start_method == "forkserver":
                context.set_forkserver_preload(PRELOAD)
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=_worker_init, initargs=(os.getpid(),)
            )
        return self._pool

    def _drop_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self, *, terminate: bool = False) -> None:
        """Stop the pool. `terminate`: kill workers in the middle of a task (a cancelled
        refresh: nothing they compute is needed, and they write nothing)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values()) if terminate else []
        pool.shutdown(wait=not terminate, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(OSError, AttributeError):
                process.terminate()


def is_page(url: str | None) -> TypeGuard[str]:
    """Whether a link may lead to an article page (not an audio file, a PDF, an image ...)."""
    if not url:
        return False
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return not path.endswith(_NOT_PAGES)


ANALYSE, EXTRACT, PARSE = 0, 1, 2  # CPU work, most urgent first


class CpuQueue:
    """CPU work waiting for the workers. The pool gets a few tasks per worker at a time,
    downstream work first (analyses, then page extraction, then parsing): analysed articles
    reach the store while feeds are still being parsed, so store writes overlap the rest of the
    run. `when_done(future, handler, context)` hands each result back to the caller's loop."""

    def __init__(self, workers: Workers, when_done: Callable[[Future, Callable, Any], None]) -> None:
        self.workers = workers
        self.when_done = when_done
        self.in_pool = 0  # tasks handed to the workers and not finished
        self.queues: tuple[deque, deque, deque] = (deque(), deque(), deque())  # ANALYSE, EXTRACT, PARSE
        self.window = workers.jobs * 6  # enough queued to cover a store write holding the GIL

    def add(self, function, args: tuple, handler: Callable, context: Any, priority: int, inline: bool) -> None:
        if inline and self.workers.inline_possible:
            self._submit(function, args, handler, context, inline=True)
        else:
            self.queues[priority].append((function, args, handler, context))
            self.drain()

    def drain(self) -> None:
        while self.in_pool < self.window:
            waiting = next((q for q in self.queues if q), None)
            if waiting is None:
                return
            self._submit(*waiting.popleft())

    def clear(self) -> None:
        for waiting in self.queues:
            waiting.clear()

    def _submit(self, function, args: tuple, handler: Callable, context: Any, inline: bool = False) -> None:
        self.in_pool += 1

        def done(context_: Any, future: Future) -> None:
            self.in_pool -= 1
            handler(context_, future)

        self.when_done(self.workers.submit(function, *args, inline=inline), done, context)


def unseen_items(
    items: Iterable[FeedItem], seen_keys: set[str], known: Callable[[Iterable[str]], Any]
) -> list[FeedItem]:
    """The items neither the library (`known(keys)`: the stored ones among `keys`) nor this run
    (`seen_keys`, updated) has seen, by any identity key."""
    candidates = [item for item in items if not any(key in seen_keys for key in item.keys)]
    stored = known(key for item in candidates for key in item.keys) if candidates else {}
    fresh = []
    for item in candidates:
        if any(key in stored or key in seen_keys for key in item.keys):
            continue
        seen_keys.update(item.keys)
        fresh.append(item)
    return fresh


def result_or(future: Future, failed: Any) -> Any:
    """A worker's result, or `failed` when the task raised (the worker died or the task failed)."""
    try:
        return future.result()
    except Exception:
        return failed
