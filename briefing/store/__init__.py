"""The store: the only code that touches the library files (TinyDB, locks, atomic writes)."""

from briefing.core.records import ArticleRecord, ArticleRow, Note
from briefing.store.archive import ArchiveReport, BackupError, restore
from briefing.store.errors import ArticleNotFound, FeedNotFound, LibraryCorrupt, LibraryError, LibraryLocked
from briefing.store.layout import entity_keys
from briefing.store.library import ArticleStore
from briefing.store.paths import LibraryPaths, default_library_path
from briefing.store.retention import RemovalReport
from briefing.store.storage import atomic_write_bytes, atomic_write_chunks, atomic_write_files
from briefing.store.writing import AddResult

__all__ = [
    "AddResult",
    "ArchiveReport",
    "BackupError",
    "ArticleNotFound",
    "ArticleRecord",
    "ArticleRow",
    "ArticleStore",
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
