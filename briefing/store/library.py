"""The article library: the one class the rest of briefing uses, ArticleStore.

Its parts live in their own modules: base.py (opening, upgrading, locks, the manifest and the
directory), reading.py (every read), writing.py (imports, re-analysis, the user's tags, notes
and flags, recovery from interrupted writes), retention.py (prune), feedstore.py
(subscriptions) and archive.py (backup and restore, imported only when used). What lives in which file is in layout.py.
"""

from __future__ import annotations

from briefing.store.base import FORMAT, make_row
from briefing.store.feedstore import FeedStoreMixin
from briefing.store.retention import RetentionMixin

__all__ = ["FORMAT", "ArticleStore", "make_row"]


class ArticleStore(RetentionMixin, FeedStoreMixin):
    """The library on disk. Thread-safe within a process, lock-protected across processes.

    `ArticleStore(path=None, *, lock_timeout=15.0, migrate_progress=None, on_lock_wait=None)`:
    `on_lock_wait(waiting)` is called with True when a write has to wait for another process's
    lock (and with False once it has it), so a user interface can say so;
    `migrate_progress(done, total)` reports the one-time upgrade of an older library's layout."""

    def backup(self, destination, *, force: bool = False, progress=None):
        """Write a consistent copy of the whole library to one archive file (archive.py: taken
        under the lock, safe while the reader or a fetch writes). Raises BackupError."""
        from briefing.store.archive import backup

        return backup(self, destination, force=force, progress=progress)
