"""The reader's one door to the store: writes in order on one thread, reads from worker
threads, change detection per partition, and store errors turned into one-line problems.

No Textual here. The screens never touch the store's files, signatures or fields: they ask
this client, from thread workers for reads and with `await client.write(...)` for writes.
A write that has to wait for another briefing process (a `briefing fetch` holding the
library) waits on the writer thread, never on the event loop, and `on_lock_wait(True/False)`
lets the app say so.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from briefing.core.text import clean_line
from briefing.store import ArticleNotFound, LibraryError

FIRST_ROWS = 400  # rows read before the first frame shows the list (the rest follow in the background)
KEEP_PARSED_WEEKS = 2
_ERRORS = (LibraryError, ArticleNotFound, ValueError, OSError)


class StoreProblem(Exception):
    """A store error, as one line to show in a notification."""


def problem(exc: BaseException) -> StoreProblem:
    message = exc.args[0] if isinstance(exc, ArticleNotFound) and exc.args else str(exc)
    return StoreProblem(clean_line(str(message)) or type(exc).__name__)


class StoreClient:
    def __init__(self, store, *, on_lock_wait: Callable[[bool], None] | None = None) -> None:
        self.store = store
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-store")
        self._seen: dict[str, object] = {}
        self._seen_lock = threading.Lock()
        self.on_lock_wait = on_lock_wait
        store.on_lock_wait = self._lock_wait

    @property
    def path(self):
        return self.store.path

    def _lock_wait(self, waiting: bool) -> None:
        if self.on_lock_wait:
            self.on_lock_wait(waiting)

    def close(self) -> None:
        self._writer.shutdown(wait=True)

    # ------------------------------------------------------------------ writes

    async def write(self, function: Callable, *args: Any) -> Any:
        """Run a store write on the writer thread (writes happen in the order asked)."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._writer, partial(function, *args))
        except _ERRORS as exc:
            raise problem(exc) from None

    def submit(self, function: Callable, *args: Any):
        """A write from a thread or a callback: returns a Future."""
        return self._writer.submit(self._mapped, function, *args)

    @staticmethod
    def _mapped(function: Callable, *args: Any) -> Any:
        try:
            return function(*args)
        except _ERRORS as exc:
            raise problem(exc) from None

    # ------------------------------------------------------------------ reads (worker threads only)

    def read(self, function: Callable, *args: Any, **kwargs: Any) -> Any:
        return self._mapped(partial(function, **kwargs), *args)

    def partitions(self) -> list[str]:
        return self.read(self.store.partitions)

    def count(self) -> int:
        return self.read(len, self.store)

    def signatures(self) -> dict[str, object]:
        return self.read(self.store.partition_signatures)

    def rows(self, key: str, *, keep: bool = True) -> list:
        return self.read(self.store.partition_rows, key, keep=keep)

    def first_rows(self) -> Iterator[tuple[str, object, list]]:
        """(partition, signature, rows) newest first: what the list shows, as it is read. Only
        the newest weeks' files stay parsed in the store (they are the ones saves touch); the
        rows of older weeks keep what they show, not the parsed files."""
        signatures = self.signatures()
        for n, key in enumerate(sorted(signatures, reverse=True)):
            yield key, signatures[key], self.rows(key, keep=n < KEEP_PARSED_WEEKS)

    def get(self, article_id: str):
        return self.read(self.store.get, article_id)

    def mentioning(self, label: str, names) -> set[str]:
        return self.read(self.store.mentioning, label, names)

    def mentioning_text(self, terms) -> set[str]:
        return self.read(self.store.mentioning_text, terms)

    def stale(self, version: str) -> list[str]:
        return self.read(self.store.stale, version)

    def export(self, rows, fmt: str, output, *, force: bool = False, tz=None):
        """Write `rows` as an export (services/exporting.py); from a worker thread. Store errors
        become StoreProblem; ExportError (a file exists, a folder cannot be written) passes."""
        from briefing.services.exporting import export_articles

        return self.read(export_articles, self.store, rows, fmt, output, force=force, tz=tz)

    def bodies(self, key: str) -> Iterator[tuple[str, str]]:
        try:
            yield from self.store.iter_bodies([key])
        except _ERRORS as exc:
            raise problem(exc) from None

    # ------------------------------------------------------------------ feeds (worker threads only)

    def feed_views(self) -> list[dict]:
        """Every subscription in the contract's shape (counts, status, error)."""
        from briefing.services.subscriptions import feed_views

        return self.read(feed_views, self.store)

    def feeds_signature(self) -> object:
        """Changes when the subscriptions file does (another process added, edited or fetched)."""
        return self.read(self.store.signature)[1]

    def refresh(self, **options: Any):
        """The refresh pipeline (briefing.services.fetching.refresh) on this library: it writes
        from the calling worker thread, under the store's own locks, batch by batch."""
        from briefing.services.fetching import refresh

        return self.read(refresh, self.store, **options)

    def subscribe(self, url: str, **options: Any):
        """Subscribe and import the feed's items (briefing.services.subscriptions.subscribe)."""
        from briefing.services.subscriptions import subscribe

        return self.read(subscribe, self.store, url, **options)

    # ------------------------------------------------------------------ change detection

    def adopt(self, key: str, signature: object) -> None:
        """The screen now shows partition `key` as of `signature`."""
        with self._seen_lock:
            self._seen[key] = signature

    def forget(self, key: str) -> None:
        with self._seen_lock:
            self._seen.pop(key, None)

    def changes(self) -> tuple[dict[str, object], set[str]]:
        """({partition: signature} changed or new since adopted, partitions gone)."""
        current = self.signatures()
        with self._seen_lock:
            seen = dict(self._seen)
        changed = {key: sig for key, sig in current.items() if seen.get(key) != sig}
        return changed, set(seen) - set(current)
