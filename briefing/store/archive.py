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

Restoring trusts nothing in the archive: its format and schema, every member's name (only the
names above: no absolute paths, no `..`, no links or devices), sizes (bounded, checked against
the free space) and checksums are verified while it is extracted into a temporary folder beside
the target; only then are the files moved into place, under the target's lock. A failed restore
leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import orjson

from briefing.core.dates import now_iso
from briefing.core.text import clean_line
from briefing.store.base import StoreBase
from briefing.store.errors import LibraryError
from briefing.store.layout import SCHEMA_VERSION
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
_CHUNK = 1024 * 1024

# Canonical member names: the only ones a backup writes and a restore accepts.
_MEMBER = re.compile(
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


def _canonical(paths: LibraryPaths) -> dict[str, Path]:
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
    for name, path in _canonical(paths).items():
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for file in sorted(files):
                    member = name + "/" + Path(root, file).relative_to(path).as_posix()
                    if _MEMBER.match(member):
                        yield member, Path(root, file)
        elif path.is_file() and _MEMBER.match(name):
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


def backup(store: StoreBase, destination: Path | str, *, force: bool = False, progress: ProgressFn | None = None) -> ArchiveReport:
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
        header = {"format": FORMAT, "version": VERSION, "schema": schema, "created": now_iso(),
                  "articles": articles, "files": len(members), "bytes": total}
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
    own = [p.resolve() for p in _canonical(paths).values()] + [paths.lock.resolve()]
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


# --------------------------------------------------------------------------- restoring


def _existing_library(paths: LibraryPaths) -> str | None:
    """Why the location already holds a library (articles, feeds or settings), else None. A
    library created empty (by `briefing list` on a new machine) counts as empty."""
    from briefing.store.files import FileCache

    files = FileCache()
    try:
        manifest = files.read(paths.main)
        if manifest.get("partitions", {}).get("1") or manifest.get("pending", {}).get("1"):
            return "already holds a library"
        if paths.parts.exists() and any(paths.parts.iterdir()):
            return "already holds a library (its library.parts folder has articles)"
        if files.read(paths.feeds).get("feeds"):
            return "already holds a library (with subscriptions)"
        if files.doc(paths.user, "settings"):
            return "already holds a library (with settings)"
        for path in (paths.main, paths.user, paths.feeds, paths.parts, paths.keys):
            if path.exists() and not (path.is_file() or path.is_dir()):
                return f"{path.name} is not a regular file"
    except LibraryError as exc:
        return f"holds library files that cannot be read ({exc.reason})"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return None


def restore(archive: Path | str, target: Path | str, *, progress: ProgressFn | None = None) -> ArchiveReport:
    """Restore a backup into `target` (the main library file of an empty location).
    Raises BackupError; on any failure the target is left as it was."""
    from filelock import FileLock, Timeout

    archive, paths = Path(archive).expanduser(), LibraryPaths(Path(target).expanduser())
    if not archive.is_file():
        raise BackupError(archive, "no such file" if not archive.exists() else "is not a file")
    _refuse_existing(paths)
    folder = paths.main.parent
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(folder, f"cannot create the folder: {exc.strerror or exc}") from None
    staging = paths.main.with_name(f".{paths.main.name}.restore-{secrets.token_hex(4)}")
    done = False
    try:
        staging.mkdir()
        report = _extract(archive, staging, progress)
        report.path = str(paths.main)
        # Only the move happens under the target's lock, after checking again that no other
        # process has started a library there meanwhile.
        lock = FileLock(str(paths.lock), timeout=15)
        try:
            lock.acquire()
        except Timeout:
            raise BackupError(paths.lock, "another briefing process is using this library") from None
        try:
            _refuse_existing(paths)
            _move_into_place(staging, paths)
        finally:
            lock.release()
        done = True
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not done:
            for made in created:  # the folders this restore created, innermost first
                try:
                    made.rmdir()
                except OSError:
                    break


def _refuse_existing(paths: LibraryPaths) -> None:
    reason = _existing_library(paths)
    if reason:
        raise BackupError(paths.main, f"{reason}; restore into an empty location (--db NEW/library.json)")


def _refuse(archive: Path, reason: str) -> BackupError:
    return BackupError(archive, f"not a usable briefing backup: {reason}")


def _extract(archive: Path, staging: Path, progress: ProgressFn | None) -> ArchiveReport:
    import tarfile
    import zlib

    try:
        with tarfile.open(archive, mode="r:*") as tar:
            return _extract_members(archive, tar, staging, progress)
    except tarfile.ReadError as exc:
        if "unexpected end" in str(exc) or "truncated" in str(exc):
            raise _refuse(archive, "the archive is truncated") from None
        raise _refuse(archive, "not a tar or tar.gz archive, or a damaged one") from None
    except (tarfile.TarError, EOFError, zlib.error, ValueError) as exc:
        raise _refuse(archive, f"the archive is damaged or truncated ({clean_line(str(exc))[:80]})") from None
    except OSError as exc:
        if exc.filename and Path(exc.filename).is_relative_to(staging):
            raise BackupError(staging.parent, f"cannot write: {exc.strerror or exc}") from None
        raise _refuse(archive, f"the archive is damaged or unreadable ({exc.strerror or clean_line(str(exc))[:80]})") from None


def _read_small(tar: tarfile.TarFile, member: tarfile.TarInfo, limit: int, archive: Path) -> bytes:
    if not member.isreg() or member.size > limit:
        raise _refuse(archive, f"{member.name} is not a small regular file")
    handle = tar.extractfile(member)
    return handle.read(limit + 1) if handle else b""


def _check_header(archive: Path, data: bytes, free: int) -> dict:
    try:
        header = orjson.loads(data)
    except orjson.JSONDecodeError:
        raise _refuse(archive, f"{MANIFEST} is not JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _refuse(archive, "it was not written by briefing backup")
    if header.get("version") != VERSION:
        raise _refuse(archive, f"backup format {header.get('version')!r} (this briefing reads {VERSION})")
    schema = header.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise _refuse(archive, f"library schema {schema} was written by a newer briefing; upgrade briefing to restore it")
    size = header.get("bytes")
    if not isinstance(size, int) or not 0 <= size <= MAX_TOTAL_BYTES:
        raise _refuse(archive, "its size is missing or too large")
    if size > free:
        raise BackupError(archive, f"needs {size / 1024**2:.0f} MB and the target's disk has {free / 1024**2:.0f} MB free")
    return header


def _extract_members(archive: Path, tar: tarfile.TarFile, staging: Path, progress: ProgressFn | None) -> ArchiveReport:
    header: dict | None = None
    sums: dict[str, str] = {}
    listing: bytes | None = None
    total = done = 0
    for count, member in enumerate(tar, 1):
        if count > MAX_MEMBERS:
            raise _refuse(archive, f"more than {MAX_MEMBERS} members")
        if header is None:
            if member.name != MANIFEST:
                raise _refuse(archive, f"it does not start with {MANIFEST}")
            header = _check_header(archive, _read_small(tar, member, MAX_MANIFEST_BYTES, archive),
                                   shutil.disk_usage(staging).free)
            continue
        if listing is not None:
            raise _refuse(archive, f"{member.name!r} after {CHECKSUMS}")
        if member.name == CHECKSUMS:
            listing = _read_small(tar, member, 200 * MAX_MEMBERS, archive)
            continue
        if not _MEMBER.match(member.name):
            raise _refuse(archive, f"unexpected member {member.name[:200]!r} (absolute, '..' or foreign)")
        if not member.isreg():
            raise _refuse(archive, f"{member.name} is a link or special file")
        if member.name in sums:
            raise _refuse(archive, f"{member.name} appears twice")
        total += member.size
        if member.size > MAX_FILE_BYTES or total > header["bytes"]:
            raise _refuse(archive, f"{member.name} is larger than the backup declares")
        target = staging / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        source = tar.extractfile(member)
        if source is None:
            raise _refuse(archive, f"{member.name} is not a regular file")
        with open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, header["bytes"])
            out.flush()
            os.fsync(out.fileno())
        sums[member.name] = digest.hexdigest()
    if header is None:
        raise _refuse(archive, "empty archive")
    if listing is None:
        raise _refuse(archive, f"no {CHECKSUMS} (the archive is truncated)")
    expected = {}
    for line in listing.decode("utf-8", "replace").splitlines():
        listed, _, name = line.partition("  ")
        expected[name] = listed
    if expected != sums:
        bad = sorted(n for n in set(expected) | set(sums) if expected.get(n) != sums.get(n))
        raise _refuse(archive, f"checksum mismatch ({', '.join(bad[:3])}{' ...' if len(bad) > 3 else ''})")
    if "library.json" not in sums or header.get("files") != len(sums) or header["bytes"] != total:
        raise _refuse(archive, "files are missing (its manifest and its content disagree)")
    _check_library(archive, staging / "library.json")
    return ArchiveReport("", int(header.get("articles") or 0), len(sums), total)


def _check_library(archive: Path, main: Path) -> None:
    try:
        meta = orjson.loads(main.read_bytes()).get("meta", {}).get("1", {})
    except (orjson.JSONDecodeError, AttributeError):
        raise _refuse(archive, "its library.json is not a briefing library") from None
    if not isinstance(meta, dict) or meta.get("format") != "briefing-library":
        raise _refuse(archive, "its library.json is not a briefing library")


def _move_into_place(staging: Path, paths: LibraryPaths) -> None:
    """Replace the (empty) target's files by the staged ones; on failure put everything back.
    The main file goes last: until it is in place the target holds no restored library."""
    aside = staging / ".replaced"
    aside.mkdir()
    moved: list[tuple[Path, Path]] = []  # (from, to), to undo in reverse
    order = ["library.parts", "library.keys", "library.feeds.json", "library.user.json", "library.json"]
    places = _canonical(paths)
    try:
        for name in order:
            target = places[name]
            if target.exists():
                os.replace(target, aside / name)
                moved.append((target, aside / name))
        for name in order:
            if (staging / name).exists():
                os.replace(staging / name, places[name])
                moved.append((staging / name, places[name]))
    except OSError as exc:
        for source, target in reversed(moved):
            with suppress(OSError):
                os.replace(target, source)
        raise BackupError(paths.main, f"cannot move the restored files into place: {exc.strerror or exc}") from None
    fsync_directory(paths.main.parent)
