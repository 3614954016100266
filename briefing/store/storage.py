"""A TinyDB Storage that writes atomically and reads each file version once.

TinyDB's JSONStorage rewrites the file in place (a crash can truncate it) and re-parses the
whole file on every query (FACTS.md). This storage instead:
- writes to a temporary file in the same directory, fsyncs it, renames it over the target and
  fsyncs the directory, so a crash leaves either the old or the new file, never a torn one;
- remembers the parsed data together with the file's identity (inode, size, mtime, ctime) and
  re-parses only when another process has replaced the file;
- refuses, with a clear error naming the path, a file that is not a JSON object of tables, and
  never writes over such a file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from briefing.core.memory import gc_paused
from briefing.store.errors import LibraryCorrupt, LibraryError

Signature = tuple[int, int, int, int]


def _signature(stat: os.stat_result) -> Signature:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (POSIX); a no-op where directories can't be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` so that readers and crashes see the old or the new content.

    A symlink is written through (the file it names is replaced, the link stays). A device,
    FIFO or socket (`--output /dev/stdout`) is written into, never replaced: a rename over
    it would destroy it, and atomicity means nothing there."""
    atomic_write_chunks(path, (payload,))


def atomic_write_files(files: Iterable[tuple[Path, bytes]]) -> int:
    """Many files, each written as `atomic_write_bytes` does, their folders synced once at the
    end instead of after every file (an export of a thousand articles: half the syncs).
    Returns the number of files written."""
    folders: set[Path] = set()
    count = 0
    try:
        for path, payload in files:
            atomic_write_chunks(path, (payload,), sync_directory=False)
            folders.add(Path(path).parent)
            count += 1
    finally:
        for folder in folders:
            fsync_directory(folder)
    return count


def atomic_write_chunks(path: Path, chunks: Iterable[bytes], *, sync_directory: bool = True) -> int:
    """`atomic_write_bytes` for content produced piece by piece (a large export streamed from
    the library): nothing appears at `path` until every chunk is written and synced, and a
    failure while producing them leaves the old file. Returns the number of bytes written."""
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        size = 0
        with open(path, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                size += len(chunk)
        return size
    if path.is_symlink():
        path = path.resolve()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    size = 0
    try:
        try:
            for chunk in chunks:
                view = memoryview(chunk)
                size += len(view)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_directory:
        fsync_directory(path.parent)
    return size


class AtomicJSONStorage(Storage):
    """TinyDB storage: orjson, atomic durable writes, parse-once reads (see module docstring)."""

    def __init__(self, path: str | os.PathLike, **_ignored: Any) -> None:
        self.path = Path(path)
        self._data: dict | None = None
        self._signature: Signature | None = None

    def signature(self) -> Signature | None:
        """The identity of the file on disk now (None if missing)."""
        try:
            return _signature(os.stat(self.path))
        except FileNotFoundError:
            return None

    def read(self, *, keep: bool = True) -> dict[str, dict[str, Any]] | None:
        """The file's tables (None when missing or empty). The result is shared: treat it as
        read-only. `keep=False` parses without keeping the result (bulk scans over many files)."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            self._data, self._signature = None, None
            return None
        except OSError as exc:
            raise LibraryError(self.path, f"cannot read: {exc.strerror or exc}") from None
        signature = _signature(stat)
        if signature == self._signature and self._data is not None:
            return self._data
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise LibraryError(self.path, f"cannot read: {exc.strerror or exc}") from None
        if not raw.strip():
            return None
        try:
            with gc_paused():
                data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise LibraryCorrupt(self.path, f"corrupt library file, not valid JSON ({exc}); left untouched") from None
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise LibraryCorrupt(self.path, "not a briefing library (unexpected JSON structure); left untouched")
        if keep:
            self._data, self._signature = data, signature
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data` (kept as the parsed copy: never mutate it afterwards)."""
        try:
            payload = orjson.dumps(data)
            atomic_write_bytes(self.path, payload)
            self._signature = _signature(os.stat(self.path))
            self._data = data
        except BaseException as exc:
            # The in-memory copy may have been changed by TinyDB before the failed write.
            self._data, self._signature = None, None
            if isinstance(exc, OSError):
                raise LibraryError(self.path, f"cannot write: {exc.strerror or exc}") from None
            raise

    def forget(self) -> None:
        """Drop the cached copy (the next read re-parses the file)."""
        self._data, self._signature = None, None

    @property
    def cached(self) -> bool:
        return self._data is not None
