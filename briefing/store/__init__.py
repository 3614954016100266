"""The store: the only code that touches the library files (TinyDB, locks, atomic writes)."""

from typing import TYPE_CHECKING

from briefing.core.records import ArticleRecord, ArticleRow, Note
from briefing.store.errors import ArticleNotFound, FeedNotFound, LibraryCorrupt, LibraryError, LibraryLocked
from briefing.store.layout import entity_keys
from briefing.store.library import ArticleStore
from briefing.store.paths import LibraryPaths, default_library_path
from briefing.store.retention import RemovalReport
from briefing.store.storage import atomic_write_bytes, atomic_write_chunks, atomic_write_files
from briefing.store.writing import AddResult

if TYPE_CHECKING:
    from briefing.store.archive import ArchiveReport, BackupError
    from briefing.store.restoring import restore

_ARCHIVE = ("ArchiveReport", "BackupError", "restore")


def __getattr__(name: str):
    # Backup and restore (tarfile, checksums) load only when asked for: every command imports
    # the store, few of them archive it.
    if name == "restore":
        from briefing.store.restoring import restore

        return restore
    if name in _ARCHIVE:
        from briefing.store import archive

        return getattr(archive, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AddResult",
    "ArchiveReport",
    "ArticleNotFound",
    "ArticleRecord",
    "ArticleRow",
    "ArticleStore",
    "BackupError",
    "FeedNotFound",
    "LibraryCorrupt",
    "LibraryError",
    "LibraryLocked",
    "LibraryPaths",
    "Note",
    "RemovalReport",
    "atomic_write_bytes",
    "atomic_write_chunks",
    "atomic_write_files",
    "default_library_path",
    "entity_keys",
    "restore",
]
