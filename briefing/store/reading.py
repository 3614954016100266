"""Every read of the articles: rows, whole records, bodies, tags, entity lookups.

Reads take no lock (see base.py): each file is replaced atomically, so a read sees its old or
its new version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from briefing.core.memory import gc_paused
from briefing.core.records import ArticleRecord, ArticleRow
from briefing.store import layout
from briefing.store.base import ProgressFn, StoreBase, make_row
from briefing.store.errors import ArticleNotFound
from briefing.store.layout import BUCKETS, doc_key


class ReadingMixin(StoreBase):
    """Reads of ArticleStore."""

    def partition_rows(self, key: str, *, keep: bool = True) -> list[ArticleRow]:
        """Every row of one partition, newest first."""
        with gc_paused():
            index, users = self._index(key, keep=keep), self._users(key, keep=keep)
            rows: list[ArticleRow] = [make_row(record, users.get(k)) for k, record in index.items()]
        rows.sort(key=lambda row: row.sort_key, reverse=True)
        return rows

    def iter_rows(self, partitions: Iterable[str] | None = None) -> Iterator[tuple[str, list[ArticleRow]]]:
        """(partition, its rows) newest partition first: for showing the newest at once and
        the rest as it is read."""
        for key in partitions if partitions is not None else self.partitions():
            yield key, self.partition_rows(key, keep=False)

    def rows(self, partitions: Iterable[str] | None = None) -> list[ArticleRow]:
        """Rows of these partitions (default: every article), newest first."""
        rows: list[ArticleRow] = []
        with gc_paused():
            for _, part in self.iter_rows(partitions):
                rows.extend(part)
            rows.sort(key=lambda row: row.sort_key, reverse=True)
        return rows

    def rows_around(self, first, last) -> list[ArticleRow]:
        """Rows of every partition that can hold an article whose local day is between the
        dates `first` and `last` in any time zone (a day either side): the caller filters."""
        wanted = layout.partitions_covering(first - dt.timedelta(days=1), last + dt.timedelta(days=1))
        have = set(self.partitions())
        rows: list[ArticleRow] = []
        with gc_paused():
            for key in reversed(wanted):
                if key in have:  # kept parsed: the records of these rows are read next
                    rows.extend(self.partition_rows(key))
            rows.sort(key=lambda row: row.sort_key, reverse=True)
        return rows

    def row(self, article_id: str) -> ArticleRow:
        article_id = self.resolve(article_id)
        key = self.partition_of_id(article_id)
        record = self._index(key).get(doc_key(article_id)) if key else None
        if key is None or record is None:
            raise ArticleNotFound(f"no article with id '{article_id}'")
        return make_row(record, self._users(key).get(doc_key(article_id)))

    def get(self, article_id: str) -> ArticleRecord:
        """The whole article (body and analysis) by id or prefix."""
        article_id = self.resolve(article_id)
        found = self.get_many([article_id])
        if not found:
            raise ArticleNotFound(f"no article with id '{article_id}'")
        return found[0]

    def get_many(self, article_ids: Iterable[str], *, body: bool = True) -> list[ArticleRecord]:
        """Whole articles for known full ids, in the order given (unknown ids are skipped),
        reading each file once. `body=False` leaves out the paragraphs and the spans (the
        brief's need: summaries and entities of a day without reading its bodies)."""
        wanted = list(article_ids)
        by_partition: dict[str, list[str]] = {}
        for article_id in wanted:
            key = self.partition_of_id(article_id)
            if key:
                by_partition.setdefault(key, []).append(article_id)
        return self._records(wanted, by_partition, body)

    def records(self, rows: Iterable[ArticleRow], *, body: bool = True) -> list[ArticleRecord]:
        """`get_many` for rows in hand (a day's brief, an export): each is looked for in the week
        its dates put it in, so the id directory (a file per id bucket, read whole) is read only
        for an article found elsewhere."""
        wanted = [row.id for row in rows]
        by_partition: dict[str, list[str]] = {}
        elsewhere = []
        have = set(self.partitions())
        indexes: dict[str, dict] = {}  # each week's index, looked up once
        for row in rows:
            key = layout.partition_of(row.published, row.imported_at)
            index = indexes.get(key)
            if index is None and key in have:
                index = indexes[key] = self._index(key)
            if index is not None and doc_key(row.id) in index:
                by_partition.setdefault(key, []).append(row.id)
            else:
                elsewhere.append(row.id)
        for article_id in elsewhere:
            found = self.partition_of_id(article_id)
            if found:
                by_partition.setdefault(found, []).append(article_id)
        return self._records(wanted, by_partition, body)

    def _records(self, wanted: list[str], by_partition: dict[str, list[str]], body: bool) -> list[ArticleRecord]:
        found: dict[str, ArticleRecord] = {}
        with gc_paused():
            for key, group in by_partition.items():
                index, users = self._index(key), self._users(key)
                analyses = self._files.table(self.paths.analysis(key), "analysis")
                contents: dict[str, dict] = {}
                if body:
                    for bucket in sorted({layout.bucket_of(i) for i in group}):
                        contents.update(self._files.table(self.paths.content(key, bucket), "content"))
                for article_id in group:
                    k = doc_key(article_id)
                    record = index.get(k)
                    if record is None:
                        continue
                    content = contents.get(k, {})
                    light = analyses.get(k)
                    heavy = content.get("analysis") if body else None
                    found[article_id] = make_row(
                        record,
                        users.get(k),
                        ArticleRecord,
                        paragraphs=tuple(content.get("paragraphs", ())),
                        analysis=layout.join_analysis(light, heavy) if heavy is not None else dict(light or {}),
                    )
        return [found[i] for i in wanted if i in found]

    def iter_bodies(self, partitions: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        """(id, body) of every article, newest partition first, a bucket at a time, nothing
        kept in memory: for full-text search in a worker."""
        for key in partitions if partitions is not None else self.partitions():
            index = self._index(key)
            for bucket in BUCKETS:
                path = self.paths.content(key, bucket)
                if not path.exists():
                    continue
                for k, content in self._files.table(path, "content", keep=False).items():
                    if k in index:
                        yield content["id"], "\n\n".join(content.get("paragraphs", ()))

    # ------------------------------------------------------------------ lookups over the library

    def all_tags(self) -> dict[str, int]:
        """Every tag in use with the number of articles carrying it, most used first."""
        counts: dict[str, int] = {}
        for key in self.partitions():
            index = self._index(key)
            for k, user in self._users(key).items():
                if k in index:
                    for tag in user.get("tags", ()):
                        counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))

    def _entity_maps(self, progress: ProgressFn | None = None) -> Iterator[dict[str, str]]:
        keys = self.partitions()
        for done, key in enumerate(keys, 1):
            # Parsed for this lookup only: a year of entity maps is too big to keep around.
            yield self._files.table(self.paths.entities(key), "entities", keep=False).get("1", {})
            if progress:
                progress(done, len(keys))

    def mentioning(self, label: str, names: Iterable[str], progress: ProgressFn | None = None) -> set[str]:
        """Ids of articles that mention an entity under any of `names` with this label."""
        keys = {f"{label}:{name.casefold()}" for name in names if name}
        found: set[str] = set()
        for mapping in self._entity_maps(progress):
            for key in keys:
                if key in mapping:
                    found.update(mapping[key].split())
        return found

    def mentioning_text(self, terms: Iterable[str], progress: ProgressFn | None = None) -> set[str]:
        """Ids of articles with, for every term, an entity whose name contains it
        (case-insensitive): the reader's `@term` search."""
        terms = [t.casefold() for t in terms if t]
        if not terms:
            return set()
        found: set[str] | None = None
        per_term: list[set[str]] = [set() for _ in terms]
        for mapping in self._entity_maps(progress):
            for key, listed in mapping.items():
                name = key.partition(":")[2]
                for n, term in enumerate(terms):
                    if term in name:
                        per_term[n].update(listed.split())
        for ids in per_term:
            found = ids if found is None else found & ids
        return found or set()

    def stale(self, analyzer_version: str) -> list[str]:
        """Ids whose stored analysis was made by another analyzer version (reads only the
        partitions whose counts say they hold some)."""
        out: list[str] = []
        for key, stats in sorted(self._manifest()["partitions"].items(), reverse=True):
            if set(stats.get("analyzers", {})) - {analyzer_version}:
                out.extend(r["id"] for r in self._index(key).values() if r.get("analyzer") != analyzer_version)
        return out

    # ------------------------------------------------------------------ settings

    def setting(self, key: str, default: Any = None) -> Any:
        """A user preference kept with this library (e.g. the reader's theme)."""
        return self._files.doc(self.paths.user, "settings").get(key, default)
