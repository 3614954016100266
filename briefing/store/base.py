"""The state every part of the store shares: the paths, the file cache, the locks, the
manifest and the directory; opening (and upgrading) a library.

Reads never lock: they see each file's old or new version and never wait for another
process. Writes (writing.py, retention.py, feedstore.py, archive.py) take the in-process write
lock and the cross-process file lock through `_locked`, which first reconciles an interrupted
write (`_recover`, writing.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, overload

from filelock import FileLock, Timeout

from briefing.core.dates import now_iso
from briefing.core.model import MIN_PREFIX
from briefing.core.records import ArticleRow, Note
from briefing.store import layout
from briefing.store.errors import ArticleNotFound, LibraryError, LibraryLocked
from briefing.store.files import FileCache
from briefing.store.layout import BUCKETS, SCHEMA_VERSION
from briefing.store.paths import LibraryPaths, default_library_path

FORMAT = "briefing-library"
LOCK_POLL = 0.2  # seconds a writer waits for the file lock before telling `on_lock_wait`

ProgressFn = Callable[[int, int], None]


def _user_defaults() -> dict:
    return {"tags": [], "notes": [], "read": False, "starred": False}


Row = TypeVar("Row", bound=ArticleRow)


@overload
def make_row(record: dict, user: dict | None, **extra: Any) -> ArticleRow: ...
@overload
def make_row(record: dict, user: dict | None, cls: type[Row], **extra: Any) -> Row: ...


def make_row(record: dict, user: dict | None, cls: type[ArticleRow] = ArticleRow, **extra: Any) -> ArticleRow:
    """A row (or record) from an index record and the user's data for it."""
    user = user or _user_defaults()
    return cls(
        id=record["id"],
        title=record["title"],
        dek=record.get("dek"),
        source=record.get("source"),
        url=record.get("url"),
        published=record.get("published"),
        imported_at=record["imported_at"],
        origin=record.get("origin"),
        hash=record.get("hash", ""),
        analyzer=record.get("analyzer"),
        feed=record.get("feed"),
        date_source=record.get("date_source"),
        text_source=record.get("text_source"),
        text_problem=record.get("text_problem"),
        tags=tuple(user.get("tags", ())),
        notes=tuple(Note(n["text"], n["created"], n.get("edited")) for n in user.get("notes", ())),
        read=bool(user.get("read", False)),
        starred=bool(user.get("starred", False)),
        **extra,
    )


class StoreBase:
    """The shared state of ArticleStore (see library.py for the whole class)."""

    paths: LibraryPaths
    _files: FileCache
    _file_lock: FileLock | None

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        lock_timeout: float = 15.0,
        migrate_progress: ProgressFn | None = None,
        on_lock_wait: Callable[[bool], None] | None = None,
    ) -> None:
        self.paths = LibraryPaths(Path(path).expanduser() if path else default_library_path())
        self._lock_timeout = lock_timeout
        self._write_lock = threading.RLock()
        self._file_lock: FileLock | None = None
        self._files = FileCache()
        self.on_lock_wait = on_lock_wait
        self._open(migrate_progress)

    # ------------------------------------------------------------------ opening

    @property
    def path(self) -> Path:
        return self.paths.main

    def _open(self, migrate_progress: ProgressFn | None) -> None:
        if self.paths.main.is_symlink():
            # Write through the link (to the file it names), never over the link itself.
            self.paths = LibraryPaths(self.paths.main.resolve())
        main = self.paths.main
        if main.exists() and main.is_dir():
            raise LibraryError(main, "is a directory; --db names the library file (e.g. library.json)")
        for path in (main, self.paths.user, self.paths.feeds):
            # Atomic writes replace the file: never do that to a device, a FIFO or a socket
            # (`--db /dev/null` must not replace /dev/null with a library).
            if path.exists() and not path.is_file():
                raise LibraryError(path, "is not a regular file; --db names the library file (e.g. library.json)")
        try:
            main.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(main.parent, f"cannot create the library directory: {exc.strerror or exc}") from None
        self._file_lock = FileLock(str(self.paths.lock), timeout=self._lock_timeout)
        for path in (main, self.paths.user, self.paths.feeds):
            self._check_meta(path)
        if self._schema() == 1:
            with self._locked(recover=False):
                if self._schema() == 1:  # another process may have upgraded it while we waited
                    from briefing.store.migrate import migrate_v1

                    migrate_v1(self, migrate_progress)
        missing = [p for p in (main, self.paths.user) if not self._files.read(p)]
        if missing:
            with self._locked():
                for path in missing:
                    if not self._files.read(path):
                        self._files.write(path, {"meta": {"1": self._meta()}})
        elif self._manifest()["pending"] or self._manifest()["cleanup"]:
            self._recover_if_free()

    @staticmethod
    def _meta() -> dict:
        return {"format": FORMAT, "schema": SCHEMA_VERSION, "created": now_iso()}

    def _check_meta(self, path: Path) -> None:
        data = self._files.read(path)
        if not data:
            return
        meta = data.get("meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise LibraryError(path, "not a briefing library (no briefing metadata); left untouched")
        schema = meta.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise LibraryError(
                path,
                f"library schema {schema} was written by a newer briefing (this one reads up to "
                f"{SCHEMA_VERSION}); upgrade briefing to open it",
            )

    def _schema(self) -> int:
        meta = self._files.read(self.paths.main).get("meta", {}).get("1") or {}
        return int(meta.get("schema", SCHEMA_VERSION))

    @contextmanager
    def _locked(self, *, recover: bool = True) -> Iterator[None]:
        """Hold the cross-process lock (and the in-process one) for a read-modify-write. The
        in-process lock is only for writers: reads never take either."""
        with self._write_lock:
            assert self._file_lock is not None
            try:
                try:
                    self._file_lock.acquire(timeout=min(LOCK_POLL, self._lock_timeout))
                except Timeout:
                    if self.on_lock_wait:
                        self.on_lock_wait(True)
                    try:
                        self._file_lock.acquire(timeout=max(self._lock_timeout - LOCK_POLL, 0))
                    finally:
                        if self.on_lock_wait:
                            self.on_lock_wait(False)
            except Timeout:
                raise LibraryLocked(
                    self.paths.lock, f"another briefing process has held the lock for {self._lock_timeout:g} s"
                ) from None
            except OSError as exc:
                raise LibraryError(self.paths.lock, f"cannot take the lock: {exc.strerror or exc}") from None
            try:
                if recover:
                    self._recover()
                yield
            finally:
                self._file_lock.release()

    def close(self) -> None:
        self._files.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the manifest

    def _manifest(self) -> dict:
        data = self._files.read(self.paths.main)
        return {
            "partitions": data.get("partitions", {}).get("1", {}),
            "pending": data.get("pending", {}).get("1"),
            "cleanup": data.get("cleanup", {}).get("1"),
        }

    def partitions(self) -> list[str]:
        """Partition keys (weeks) that hold articles, newest first."""
        return sorted(self._manifest()["partitions"], reverse=True)

    def partition_stats(self) -> dict[str, dict]:
        """{partition: {count, unread, feeds, analyzers, newest, oldest}} from the manifest."""
        return dict(self._manifest()["partitions"])

    def signature(self) -> tuple:
        """Changes whenever any process commits a change: the manifest (imports, analyses,
        read state, feeds' articles), the feeds file and every partition's user data."""
        return (
            self._files.signature(self.paths.main),
            self._files.signature(self.paths.feeds),
            tuple(self.partition_signatures().items()),
        )

    def partition_signatures(self) -> dict[str, tuple]:
        """{partition: (index file identity, user file identity)}: what changed where."""
        return {
            key: (self._files.signature(self.paths.index(key)), self._files.signature(self.paths.user_data(key)))
            for key in self.partitions()
        }

    def __len__(self) -> int:
        return sum(int(stats.get("count", 0)) for stats in self._manifest()["partitions"].values())

    # ------------------------------------------------------------------ the directory

    def _directory(self, bucket: str) -> tuple[dict[str, str], dict[str, str]]:
        """(article id -> partition, identity digest -> article id) of one shard."""
        data = self._files.read(self.paths.key_shard(bucket))
        return data.get("ids", {}).get("1", {}), data.get("keys", {}).get("1", {})

    def ids(self) -> list[str]:
        return [article_id for bucket in BUCKETS for article_id in self._directory(bucket)[0]]

    def partition_of_id(self, article_id: str) -> str | None:
        return self._directory(layout.bucket_of(article_id))[0].get(article_id)

    def resolve(self, prefix: str) -> str:
        """The full id for an id or an unambiguous prefix of at least 4 characters."""
        wanted = prefix.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise ArticleNotFound(f"article id '{prefix}' is too short: give at least {MIN_PREFIX} characters")
        ids = self._directory(wanted[0])[0] if wanted[0] in BUCKETS else {}
        if wanted in ids:
            return wanted
        matches = sorted(i for i in ids if i.startswith(wanted))
        if not matches:
            raise ArticleNotFound(f"no article with id '{prefix}'")
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
            raise ArticleNotFound(f"article id '{prefix}' is ambiguous: {shown}")
        return matches[0]

    def known(self, keys: Iterable[str]) -> dict[str, str]:
        """{identity key: article id} for the keys the library has seen (including those of
        articles since pruned: a feed that still lists them never brings them back)."""
        by_bucket: dict[str, dict[str, str]] = {}
        for key in keys:
            d = layout.digest(key)
            by_bucket.setdefault(d[0], {})[d] = key
        found: dict[str, str] = {}
        for bucket, digests in by_bucket.items():
            known = self._directory(bucket)[1]
            for d, key in digests.items():
                if d in known:
                    found[key] = known[d]
        return found

    def known_articles(self, articles: Iterable) -> list[str | None]:
        """For each Article, the id of the stored article it duplicates (by content hash or by
        any identity key), else None: lets an import skip analysing what it already has."""
        articles = list(articles)
        wanted = [layout.identity_keys(a.hash, a.keys) for a in articles]
        found = self.known(key for keys in wanted for key in keys)
        return [next((found[k] for k in keys if k in found), None) for keys in wanted]

    def _index(self, key: str, *, keep: bool = True) -> dict[str, dict]:
        return self._files.table(self.paths.index(key), "articles", keep=keep)

    def _users(self, key: str, *, keep: bool = True) -> dict[str, dict]:
        return self._files.table(self.paths.user_data(key), "user", keep=keep)

    def _recover(self) -> None:
        """Finish or undo an interrupted write (writing.py); called with the lock held."""
        raise NotImplementedError

    def _recover_if_free(self) -> None:
        raise NotImplementedError
