"""Backups: the whole library as one archive file, and restoring one into an empty location.

The archive is a tar file (gzip-compressed unless its name ends in `.tar`):

- first `briefing-backup.json`: {"format": "briefing-backup", "version": 1, "schema", "created",
  "articles", "files", "bytes"};
- then every file of the library under its canonical name, whatever the library file is called:
  `library.json`, `library.user.json`, `library.feeds.json`, `library.parts/<week>/<name>.json`,
  `library.keys/<h>.json` (layout.py);
- last `briefing-backup.sha256`: the SHA-256 of every one of those files.

Consistency: the store never writes a file in place (every write replaces it, storage.py), so a
file's content never changes once written. The backup takes the library's lock, finishes any
interrupted write, and hard-links every file into a snapshot folder beside the library (copies
them where the file system has no hard links): milliseconds under the lock, however large the
library, so the reader and a fetch go on writing while the archive is compressed from the
snapshot. The archive is written to a temporary file and renamed into place.

Restoring one (checked member by member, never trusted) is restoring.py's.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import orjson

from briefing.core.dates import now_iso
from briefing.store.base import StoreBase
from briefing.store.errors import LibraryError
from briefing.store.paths import LibraryPaths
from briefing.store.storage import fsync_directory

if TYPE_CHECKING:  # tarfile is imported when a backup or a restore runs, not with the store
    import tarfile

FORMAT = "briefing-backup"
VERSION = 1
MANIFEST = "briefing-backup.json"
CHECKSUMS = "briefing-backup.sha256"
MAX_MANIFEST_BYTES = 64 * 1024
MAX_FILE_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 64 * 1024**3
MAX_MEMBERS = 500_000
COMPRESS_LEVEL = 5  # gzip: nearly the size of level 9 on JSON, in a third of the time
STALE_SNAPSHOT_SECONDS = 24 * 3600
CHUNK = 1024 * 1024

# Canonical member names: the only ones a backup writes and a restore accepts.
MEMBER_NAME = re.compile(
    r"^library\.(?:json|user\.json|feeds\.json"
    r"|parts/\d{4}-W\d{2}/(?:index|user|analysis|entities|content-[0-9a-f])\.json"
    r"|keys/[0-9a-f]\.json)$"
)

ProgressFn = Callable[[int, int], None]  # (bytes done, bytes in all)


class BackupError(LibraryError):
    """A backup that cannot be written or an archive that cannot be restored (one line)."""


@dataclass
class ArchiveReport:
    path: str
    articles: int
    files: int
    bytes: int  # of library files (uncompressed)


def canonical_files(paths: LibraryPaths) -> dict[str, Path]:
    """{canonical top-level name: where it lives for this library}."""
    return {
        "library.json": paths.main,
        "library.user.json": paths.user,
        "library.feeds.json": paths.feeds,
        "library.parts": paths.parts,
        "library.keys": paths.keys,
    }


def library_files(paths: LibraryPaths) -> Iterator[tuple[str, Path]]:
    """(canonical name, path) of every file a backup holds, as they are on disk now."""
    for name, path in canonical_files(paths).items():
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for file in sorted(files):
                    member = name + "/" + Path(root, file).relative_to(path).as_posix()
                    if MEMBER_NAME.match(member):
                        yield member, Path(root, file)
        elif path.is_file() and MEMBER_NAME.match(name):
            yield name, path


@contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file that appears at `path` (synced, renamed into place) only if the block succeeds."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    handle = open(tmp, "xb")  # noqa: SIM115 (closed on every path below, before the rename)
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(tmp, path)
    except BaseException:
        handle.close()
        tmp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def _snapshot_prefix(paths: LibraryPaths) -> str:
    return f".{paths.main.name}.backup-"


class _Hashing:
    """A file object that hashes what is read through it (tarfile reads members this way)."""

    def __init__(self, handle: BinaryIO, progress: Callable[[int], None]) -> None:
        self._handle = handle
        self._progress = progress
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.sha256.update(data)
        self._progress(len(data))
        return data


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    import tarfile

    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o644
    return info


def backup(
    store: StoreBase, destination: Path | str, *, force: bool = False, progress: ProgressFn | None = None
) -> ArchiveReport:
    """`ArticleStore.backup`: write a consistent copy of the whole library to one archive file
    (see the module docstring). An existing file is replaced only with `force`. Raises
    BackupError."""
    paths = store.paths
    dest = Path(destination).expanduser()
    _check_destination(paths, dest, force)
    snapshot = paths.main.with_name(f"{_snapshot_prefix(paths)}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        with store._locked():
            _remove_stale_snapshots(paths)
            members = _snapshot(paths, snapshot)
            schema, articles = store._schema(), len(store)
        total = sum(size for _, _, size in members)
        report = ArchiveReport(str(dest), articles, len(members), total)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "schema": schema,
            "created": now_iso(),
            "articles": articles,
            "files": len(members),
            "bytes": total,
        }
        try:
            _write_archive(dest, header, members, total, progress)
        except OSError as exc:
            raise BackupError(exc.filename or dest, f"cannot write the backup: {exc.strerror or exc}") from None
        return report
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def _check_destination(paths: LibraryPaths, dest: Path, force: bool) -> None:
    if dest.is_dir():
        raise BackupError(dest, "is a folder; name the archive file, e.g. briefing-backup.tar.gz")
    resolved = dest.resolve()
    own = [p.resolve() for p in canonical_files(paths).values()] + [paths.lock.resolve()]
    if resolved in own or any(p in resolved.parents for p in own):
        raise BackupError(dest, "is one of the library's own files; write the backup somewhere else")
    if dest.exists() and not force:
        raise BackupError(dest, "already exists; --force overwrites")
    if not dest.parent.is_dir():
        raise BackupError(dest.parent, "no such folder")


def _remove_stale_snapshots(paths: LibraryPaths) -> None:
    """Snapshot folders left by a backup that was killed (older than a day)."""
    prefix = _snapshot_prefix(paths)
    for entry in paths.main.parent.glob(prefix + "*"):
        try:
            if entry.is_dir() and time.time() - entry.stat().st_mtime > STALE_SNAPSHOT_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass


def _snapshot(paths: LibraryPaths, folder: Path) -> list[tuple[str, Path, int]]:
    """Under the lock: every library file hard-linked (or copied) into `folder`."""
    members = []
    folder.mkdir()
    for name, path in library_files(paths):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
        members.append((name, target, target.stat().st_size))
    return members


def _write_archive(dest: Path, header: dict, members, total: int, progress: ProgressFn | None) -> None:
    import tarfile

    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    compressed = dest.suffix.lower() != ".tar"
    with _atomic_file(dest) as handle:
        tar_file = (  # entered on the next line
            tarfile.open(fileobj=handle, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=COMPRESS_LEVEL)  # noqa: SIM115
            if compressed
            else tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        )
        with tar_file as tar:
            payload = orjson.dumps(header, option=orjson.OPT_INDENT_2)
            tar.addfile(_tar_info(MANIFEST, len(payload), time.time()), _Bytes(payload))
            sums = []
            for name, path, size in members:
                with open(path, "rb") as source:
                    reader = _Hashing(source, advance)
                    tar.addfile(_tar_info(name, size, path.stat().st_mtime), reader)
                sums.append(f"{reader.sha256.hexdigest()}  {name}\n")
            listing = "".join(sums).encode("utf-8")
            tar.addfile(_tar_info(CHECKSUMS, len(listing), time.time()), _Bytes(listing))


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk, self._at = self._data[self._at : end], min(end, len(self._data))
        return chunk
