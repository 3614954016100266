"""Errors the store raises. Each message is one line a user can act on."""

from __future__ import annotations

from pathlib import Path


class LibraryError(Exception):
    """The library cannot be used (corrupt, foreign, too new, locked, unwritable). Exit 2."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class LibraryCorrupt(LibraryError):
    """A library file exists but is not readable JSON of the expected shape. Never overwritten."""


class LibraryLocked(LibraryError):
    """Another briefing process held the lock for too long."""


class ArticleNotFound(LookupError):
    """No article has this id or prefix (or the prefix is too short / ambiguous)."""


class FeedNotFound(ArticleNotFound):
    """No subscription has this id, prefix or URL (or the prefix is ambiguous). Handled like an
    unknown article id: one line, exit 1."""
