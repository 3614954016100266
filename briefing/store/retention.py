"""Removing articles: retention (`briefing prune --older-than 90d`, the `retention_days`
setting) and `feed remove --purge`. An article with tags, notes or a star is never removed.

Removal is the import's mirror: the intent (ids, the content-hash digests to forget) goes in
the manifest, the index entries go first (the articles disappear), then their user data,
analyses, bodies and directory entries, then the counts. The feed GUID and URL keys of a
removed article stay in the directory, so a feed that still lists it never brings it back;
its content hash is forgotten, so importing the file again on purpose does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing.store import layout
from briefing.store.layout import BUCKETS, doc_key
from briefing.store.reading import ReadingMixin
from briefing.store.writing import WritingMixin, _drop


@dataclass
class RemovalReport:
    removed: list[str] = field(default_factory=list)
    kept: int = 0  # articles that qualified but carry the user's work (tags, notes, star)


class RetentionMixin(ReadingMixin, WritingMixin):
    """Removal methods of ArticleStore (see library.py for `_files`, `paths`, `_locked`)."""

    def remove_articles(self, article_ids: Iterable[str], *, dry_run: bool = False) -> RemovalReport:
        """Remove these articles (full ids), except those with tags, notes or a star."""
        from briefing.store.base import make_row

        report = RemovalReport()
        wanted = list(dict.fromkeys(article_ids))
        with self._locked():
            victims: dict[str, dict[str, dict]] = {}
            for article_id in wanted:
                key = self.partition_of_id(article_id)
                k = doc_key(article_id)
                record = self._index(key).get(k) if key else None
                if key is None or record is None:
                    continue
                if make_row(record, self._users(key).get(k)).has_user_work:
                    report.kept += 1
                    continue
                victims.setdefault(key, {})[k] = record
            report.removed = [r["id"] for group in victims.values() for r in group.values()]
            if dry_run or not victims:
                return report
            hash_digests = {layout.digest(f"hash:{r.get('hash', '')}") for g in victims.values() for r in g.values()}
            self._begin("remove", victims, report.removed, hash_digests)
            for key, group in victims.items():
                self._remove_from_partition(key, set(group))
            gone = set(report.removed)
            for bucket in BUCKETS:
                ids, keys = self._directory(bucket)
                drop = {i for i in ids if i in gone} | {d for d in keys if d in hash_digests and keys[d] in gone}
                if drop:
                    self._directory_put(bucket, {}, {}, drop)
            self._commit(victims)
        return report

    def _remove_from_partition(self, key: str, doc_keys: set[str]) -> None:
        paths, files = self.paths, self._files
        files.update(paths.index(key), {"articles": _drop(doc_keys)})
        for path, table in [(paths.user_data(key), "user"), (paths.analysis(key), "analysis")] + [
            (paths.content(key, b), "content") for b in BUCKETS
        ]:
            if path.exists() and doc_keys & set(files.table(path, table)):
                files.update(path, {table: _drop(doc_keys)})
        if files.table(paths.index(key), "articles"):
            self._rebuild_entities(key)
        else:
            self._reconcile_partition(key)  # the folder goes

    def prune(self, before: dt.date, *, tz: dt.tzinfo | None = None, dry_run: bool = False) -> RemovalReport:
        """Remove articles whose day (published, else imported, in `tz`) is before `before`."""
        candidates: list[str] = []
        for key in self.partitions():
            year, week = int(key[:4]), int(key[6:])
            monday = dt.date.fromisocalendar(year, week, 1)
            if monday - dt.timedelta(days=1) >= before:
                continue  # every article of that week is on or after `before` in any time zone
            candidates.extend(row.id for row in self.partition_rows(key, keep=False) if _day_before(row, before, tz))
        return self.remove_articles(candidates, dry_run=dry_run)


def _day_before(row, before: dt.date, tz) -> bool:
    try:
        return row.day(tz) < before
    except ValueError:
        return False
