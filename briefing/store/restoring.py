"""Restoring a backup (archive.py writes them) into an empty location.

Restoring trusts nothing in the archive: its format and schema, every member's name (only the
canonical names: no absolute paths, no `..`, no links or devices), sizes (bounded, checked
against the free space) and checksums are verified while it is extracted into a temporary
folder beside the target; only then are the files moved into place, under the target's lock. A
failed restore leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from briefing.core.text import clean_line
from briefing.store.archive import (
    CHECKSUMS,
    CHUNK,
    FORMAT,
    MANIFEST,
    MAX_FILE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBERS,
    MAX_TOTAL_BYTES,
    MEMBER_NAME,
    VERSION,
    ArchiveReport,
    BackupError,
    ProgressFn,
    canonical_files,
)
from briefing.store.errors import LibraryError
from briefing.store.layout import SCHEMA_VERSION
from briefing.store.paths import LibraryPaths
from briefing.store.storage import fsync_directory

if TYPE_CHECKING:  # tarfile is imported when a restore runs, not with the store
    import tarfile


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
        raise _refuse(
            archive, f"the archive is damaged or unreadable ({exc.strerror or clean_line(str(exc))[:80]})"
        ) from None


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
        raise _refuse(
            archive, f"library schema {schema} was written by a newer briefing; upgrade briefing to restore it"
        )
    size = header.get("bytes")
    if not isinstance(size, int) or not 0 <= size <= MAX_TOTAL_BYTES:
        raise _refuse(archive, "its size is missing or too large")
    if size > free:
        raise BackupError(
            archive, f"needs {size / 1024**2:.0f} MB and the target's disk has {free / 1024**2:.0f} MB free"
        )
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
            header = _check_header(
                archive, _read_small(tar, member, MAX_MANIFEST_BYTES, archive), shutil.disk_usage(staging).free
            )
            continue
        if listing is not None:
            raise _refuse(archive, f"{member.name!r} after {CHECKSUMS}")
        if member.name == CHECKSUMS:
            listing = _read_small(tar, member, 200 * MAX_MEMBERS, archive)
            continue
        if not MEMBER_NAME.match(member.name):
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
            while chunk := source.read(CHUNK):
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
    places = canonical_files(paths)
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
