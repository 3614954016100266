"""The rows the reader holds, a partition (week) at a time: merged as they arrive from the
background load or a reload, in list order (newest week first, newest article first within
it). No Textual here: the main screen owns one of these and only ever touches it on the
event loop.
"""

from __future__ import annotations

from collections.abc import Iterable


class LibraryRows:
    def __init__(self) -> None:
        self._parts: dict[str, list] = {}
        self.all: list = []
        self.part_of: dict[str, str] = {}  # article id -> partition
        self._position: dict[str, int] = {}  # article id -> index in `all`

    def merge(self, parts: dict[str, list], gone: Iterable[str] = ()) -> None:
        """Replace these partitions' rows (new partitions are added) and drop `gone` ones."""
        gone = list(gone)
        if not gone and self._parts and not set(parts) & set(self._parts) and max(parts, default="") < min(self._parts):
            self._append(parts)  # the background load: older weeks go after what is shown
            return
        for key in gone:
            self._parts.pop(key, None)
        self._parts.update(parts)
        self.all = [row for key in sorted(self._parts, reverse=True) for row in self._parts[key]]
        self.part_of = {row.id: key for key, rows in self._parts.items() for row in rows}
        self._position = {row.id: index for index, row in enumerate(self.all)}

    def _append(self, parts: dict[str, list]) -> None:
        for key in sorted(parts, reverse=True):
            rows = parts[key]
            self._parts[key] = rows
            start = len(self.all)
            self.all.extend(rows)
            for offset, row in enumerate(rows):
                self.part_of[row.id] = key
                self._position[row.id] = start + offset

    def replace(self, row) -> bool:
        """One article's row changed (our own save): update it in place. False if not held."""
        key = self.part_of.get(row.id)
        index = self._position.get(row.id)
        if key is None or index is None:
            return False
        self.all[index] = row
        part = self._parts[key]
        for n, old in enumerate(part):
            if old.id == row.id:
                part[n] = row
                break
        return True

    def get(self, article_id: str):
        index = self._position.get(article_id)
        return self.all[index] if index is not None else None

    def __len__(self) -> int:
        return len(self.all)
