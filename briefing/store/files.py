"""The library's files as this process sees them: parsed once per file version, replaced
whole (copy on write), a bounded number kept in memory.

Readers never lock: every file is replaced atomically, so a read sees the old or the new file.
Parsed data is shared between threads and never mutated; a write builds new tables from the
current ones and replaces the file, then the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.store.storage import AtomicJSONStorage, Signature, fsync_directory

Tables = dict[str, dict[str, Any]]


class FileCache:
    """AtomicJSONStorage per path; at most `keep` files keep their parsed data."""

    def __init__(self, keep: int = 48) -> None:
        self._keep = keep
        self._storages: OrderedDict[Path, AtomicJSONStorage] = OrderedDict()
        self._lock = threading.Lock()  # guards the mapping only, never held during I/O

    def storage(self, path: Path) -> AtomicJSONStorage:
        with self._lock:
            storage = self._storages.get(path)
            if storage is None:
                storage = self._storages[path] = AtomicJSONStorage(path)
            self._storages.move_to_end(path)
            evict = (
                [s for s in list(self._storages.values())[: -self._keep] if s.cached]
                if len(self._storages) > self._keep
                else []
            )
        for old in evict:
            old.forget()
        return storage

    def read(self, path: Path, *, keep: bool = True) -> Tables:
        """The file's tables ({} when it does not exist). Read-only."""
        return self.storage(path).read(keep=keep) or {}

    def table(self, path: Path, name: str, *, keep: bool = True) -> dict[str, Any]:
        return self.read(path, keep=keep).get(name, {})

    def doc(self, path: Path, table: str, doc: str = "1") -> dict[str, Any]:
        """One document of a table (the one-document tables: maps and settings)."""
        return self.table(path, table).get(doc, {})

    def signature(self, path: Path) -> Signature | None:
        return self.storage(path).signature()

    def write(self, path: Path, tables: Tables) -> None:
        """Replace the file with these tables (new dicts: the caller must not mutate them)."""
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fsync_directory(path.parent.parent)
        self.storage(path).write(tables)

    def update(self, path: Path, changes: dict[str, Callable[[dict], dict]]) -> Tables:
        """Read the file, replace each named table by `change(copy of the table)`, write it.
        Only call with the library's write lock held."""
        current = self.read(path)
        new = dict(current)
        for name, change in changes.items():
            new[name] = change(dict(current.get(name, {})))
        self.write(path, new)
        return new

    def forget(self, path: Path) -> None:
        with self._lock:
            storage = self._storages.pop(path, None)
        if storage is not None:
            storage.forget()

    def forget_under(self, folder: Path) -> None:
        with self._lock:
            paths = [p for p in self._storages if folder in p.parents]
        for path in paths:
            self.forget(path)

    def clear(self) -> None:
        with self._lock:
            storages = list(self._storages.values())
            self._storages.clear()
        for storage in storages:
            storage.forget()
