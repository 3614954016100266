"""The store: the only code that touches the library files (TinyDB, locks, atomic writes)."""

from briefing.store.errors import ArticleNotFound, LibraryCorrupt, LibraryError, LibraryLocked
from briefing.store.library import (
    AddResult,
    ArticleRecord,
    ArticleRow,
    ArticleStore,
    Note,
    contract_article,
    contract_entities,
    entity_keys,
)
from briefing.store.paths import LibraryPaths, default_library_path

__all__ = [
    "AddResult",
    "ArticleNotFound",
    "ArticleRecord",
    "ArticleRow",
    "ArticleStore",
    "LibraryCorrupt",
    "LibraryError",
    "LibraryLocked",
    "LibraryPaths",
    "Note",
    "contract_article",
    "contract_entities",
    "default_library_path",
    "entity_keys",
]
