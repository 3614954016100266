"""Every write to the articles: adding, re-analysing, the user's tags, notes and flags,
settings, and recovery from an interrupted write.

A write that touches several files (an import, a re-analysis of many partitions, a prune)
first records its intent (the partitions and ids) in the manifest; then it writes bodies and
analyses, the user data it seeds, the partition's index (what makes an article visible), the
directory, and last the manifest's counts, which clears the intent. If the process dies in
between, the next writer finds the intent and reconciles those partitions from their index:
ids in the index get their directory entries, everything else of theirs is dropped
(`_recover`). User data of an article is one file: tags and notes are written there and only
there, so nothing but a user action ever changes them.

The one exception is the user's own work coming back: an article read from a `briefing
export` file (`Article.has_user_state`) brings its tags, notes and flags, which seed a new
article and are merged into the stored one when it is a duplicate (`merge_user_state`: tags
united, notes added unless already there, read and starred kept from either side), in the
same locked, intent-recorded write as the import. A plain file imported again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from briefing.core.dates import now_iso
from briefing.core.model import ID_LENGTH, MAX_NOTE_LENGTH, Article, normalise_tag
from briefing.core.records import ArticleRow
from briefing.core.text import strip_controls
from briefing.store import layout
from briefing.store.base import StoreBase
from briefing.store.errors import ArticleNotFound
from briefing.store.layout import BUCKETS, doc_key
from briefing.store.userstate import merge_user_state, new_user


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


@dataclass
class _New:
    article_id: str
    article: Article
    analysis: dict | None
    imported_at: str
    partition: str
    digests: list[str]


def _put(docs: dict[str, Any]) -> Callable[[dict], dict]:
    def change(table: dict) -> dict:
        table.update(docs)
        return table

    return change


def _drop(keys: set[str]) -> Callable[[dict], dict]:
    def change(table: dict) -> dict:
        return {k: v for k, v in table.items() if k not in keys}

    return change


def _clean_note(text: str) -> str:
    text = strip_controls(text).strip()
    if not text:
        raise ValueError("a note cannot be empty")
    return text[:MAX_NOTE_LENGTH]


class WritingMixin(StoreBase):
    """Writes of ArticleStore (see library.py for its state: `_files`, `paths`, `_locked`)."""

    # ------------------------------------------------------------------ adding

    def add(self, items: Iterable[tuple[Article, dict | None]]) -> AddResult:
        """Add articles with their analyses (`Analysis.to_dict()` or None). An article whose
        content hash or any identity key (feed GUID, canonical URL) is already in the library is
        a duplicate and changes nothing, unless it comes from an export: then its user state
        is merged into the stored article's (`merge_user_state`)."""
        items = list(items)
        result = AddResult()
        with self._locked():
            new, merges = self._plan_new(items, result)
            new_ids = {item.article_id for item in new}
            merged = self._merged_users({i: a for i, a in merges.items() if i not in new_ids})
            by_partition: dict[str, list[_New]] = {}
            for item in new:
                by_partition.setdefault(item.partition, []).append(item)
            touched = set(by_partition) | set(merged)
            if touched:
                self._begin("add", touched, [item.article_id for item in new])
                for key, group in by_partition.items():
                    self._add_to_partition(key, group, merges)
                for key, docs in merged.items():
                    self._files.update(self.paths.user_data(key), {"user": _put(docs)})
                if new:
                    self._directory_add(new)
                self._commit(touched)
                result.added.extend(item.article_id for item in new)
        return result

    def _plan_new(
        self, items: list[tuple[Article, dict | None]], result: AddResult
    ) -> tuple[list[_New], dict[str, list[Article]]]:
        """The articles to add, and {id: [exported duplicates of it]} whose state to merge."""
        seen: dict[str, str] = {}  # digests of this batch
        taken: set[str] = set()
        new: list[_New] = []
        merges: dict[str, list[Article]] = {}
        now = now_iso()
        for article, analysis in items:
            digests = [layout.digest(k) for k in layout.identity_keys(article.hash, article.keys)]
            hit = next((seen[d] for d in digests if d in seen), None) or self._known_digest(digests)
            if hit is not None:
                result.duplicates.append(hit)
                if article.has_user_state:
                    merges.setdefault(hit, []).append(article)
                continue
            article_id = self._free_id(article.hash, taken, article.exported_id)
            taken.add(article_id)
            for d in digests:
                seen[d] = article_id
            imported_at = article.imported_at or now
            partition = layout.partition_of(article.published, imported_at)
            new.append(_New(article_id, article, analysis, imported_at, partition, digests))
        return new, merges

    def _known_digest(self, digests: list[str]) -> str | None:
        for d in digests:
            article_id = self._directory(d[0])[1].get(d)
            if article_id is not None:
                return article_id
        return None

    def _free_id(self, content_hash: str, taken: set[str], wanted: str | None = None) -> str:
        """The shortest free prefix of the hash (8 hex digits, lengthened on a clash), or the
        id an export asks for if it is a free prefix of this very hash."""
        ids = self._directory(content_hash[0])[0]
        if wanted and len(wanted) >= ID_LENGTH and content_hash.startswith(wanted) and wanted not in taken | ids.keys():
            return wanted
        length = ID_LENGTH
        while content_hash[:length] in taken or content_hash[:length] in ids:
            length += 2
        return content_hash[:length]

    def _add_to_partition(self, key: str, group: list[_New], merges: dict[str, list[Article]]) -> None:
        paths, files = self.paths, self._files
        buckets: dict[str, dict[str, dict]] = {}
        lights: dict[str, dict] = {}
        for item in group:
            light, heavy = layout.split_analysis(item.analysis)
            k = doc_key(item.article_id)
            content = {"id": item.article_id, "paragraphs": list(item.article.paragraphs), "analysis": heavy}
            buckets.setdefault(layout.bucket_of(item.article_id), {})[k] = content
            if light is not None:
                lights[k] = light
        for bucket, docs in buckets.items():
            files.update(paths.content(key, bucket), {"content": _put(docs)})
        if lights:
            files.update(paths.analysis(key), {"analysis": _put(lights)})
            ids = {doc_key(item.article_id): item.article_id for item in group}
            files.update(paths.entities(key), {"entities": self._add_entity_ids(lights, ids)})
        seeded = self._seed_users(key, group, merges)
        if seeded:
            files.update(paths.user_data(key), {"user": _put(seeded)})
        records = {
            doc_key(item.article_id): layout.index_record(
                item.article_id, item.article, item.analysis, item.imported_at
            )
            for item in group
        }
        files.update(paths.index(key), {"articles": _put(records)})

    @staticmethod
    def _add_entity_ids(lights: dict[str, dict], ids: dict[str, str]) -> Callable[[dict], dict]:
        def change(table: dict) -> dict:
            mapping = dict(table.get("1", {}))
            for k, light in lights.items():
                article_id = ids[k]
                for name in layout.entity_keys(light.get("entities", ())):
                    old = mapping.get(name)
                    mapping[name] = f"{old} {article_id}" if old else article_id
            return {"1": mapping}

        return change

    def _seed_users(self, key: str, group: list[_New], merges: dict[str, list[Article]]) -> dict[str, dict]:
        """User data of new articles: the tags their files carry and an export's notes and
        flags (and those of exported copies later in the same batch), merged into any user
        record already there."""
        users = self._users(key)
        seeded: dict[str, dict] = {}
        for item in group:
            k = doc_key(item.article_id)
            before = users.get(k) or new_user(item.article_id)
            record = before
            for article in (item.article, *merges.get(item.article_id, ())):
                record = merge_user_state(record, article)
            if record is not before:
                seeded[k] = {**record, "updated": now_iso()}
        return seeded

    def _merged_users(self, merges: dict[str, list[Article]]) -> dict[str, dict[str, dict]]:
        """{partition: {doc: user record}} of stored articles whose record an export's state
        changes (nothing for a state the library already holds)."""
        changed: dict[str, dict[str, dict]] = {}
        for article_id, articles in merges.items():
            key = self.partition_of_id(article_id)
            k = doc_key(article_id)
            if not key or k not in self._index(key):
                continue
            before = self._users(key).get(k) or new_user(article_id)
            record = before
            for article in articles:
                record = merge_user_state(record, article)
            if record is not before:
                changed.setdefault(key, {})[k] = {**record, "updated": now_iso()}
        return changed

    def _directory_add(self, new: list[_New]) -> None:
        ids: dict[str, dict[str, str]] = {}
        keys: dict[str, dict[str, str]] = {}
        for item in new:
            ids.setdefault(layout.bucket_of(item.article_id), {})[item.article_id] = item.partition
            for d in item.digests:
                keys.setdefault(d[0], {})[d] = item.article_id
        for bucket in sorted(set(ids) | set(keys)):
            self._directory_put(bucket, ids.get(bucket, {}), keys.get(bucket, {}))

    def _directory_put(
        self, bucket: str, ids: dict[str, str], keys: dict[str, str], drop: frozenset[str] | set[str] = frozenset()
    ) -> None:
        def merge(new: dict[str, str]) -> Callable[[dict], dict]:
            def change(table: dict) -> dict:
                mapping = {k: v for k, v in table.get("1", {}).items() if k not in drop}
                mapping.update(new)
                return {"1": mapping}

            return change

        self._files.update(self.paths.key_shard(bucket), {"ids": merge(ids), "keys": merge(keys)})

    # ------------------------------------------------------------------ intent and commit

    def _begin(self, op: str, partitions: Iterable[str], ids: list[str], drop_keys: Iterable[str] = ()) -> None:
        """Record what is about to be written, so that a crash half-way can be reconciled."""
        intent = {
            "op": op,
            "partitions": sorted(partitions),
            "ids": ids,
            "drop_keys": sorted(drop_keys),
            "started": now_iso(),
        }
        self._files.update(self.paths.main, {"pending": lambda _table: {"1": intent}})

    def _commit(self, partitions: Iterable[str]) -> None:
        """The manifest's counts for these partitions, and the intent cleared: one write."""
        stats = {key: self._stats(key) for key in partitions}

        def change(table: dict) -> dict:
            current = dict(table.get("1", {}))
            for key, value in stats.items():
                if value["count"]:
                    current[key] = value
                else:
                    current.pop(key, None)
            return {"1": current}

        self._files.update(self.paths.main, {"partitions": change, "pending": lambda _table: {}})

    def _stats(self, key: str) -> dict:
        return layout.partition_stats(self._index(key), self._users(key))

    def _recover_if_free(self) -> None:
        """Reconcile an interrupted write now if no other process is writing (open never waits)."""
        from filelock import Timeout

        assert self._file_lock is not None
        try:
            self._file_lock.acquire(timeout=0)
        except (Timeout, OSError):
            return
        try:
            with self._write_lock:
                self._recover()
        finally:
            self._file_lock.release()

    def _recover(self) -> None:
        manifest = self._manifest()
        if manifest["cleanup"]:
            from briefing.store.migrate import finish_cleanup

            finish_cleanup(self)
        pending = manifest["pending"]
        if not pending:
            return
        partitions = list(pending.get("partitions", ()))
        wanted = set(pending.get("ids", ()))
        present: dict[str, tuple[str, dict]] = {}
        for key in partitions:
            self._files.forget_under(self.paths.partition(key))
            for record in self._index(key).values():
                if record["id"] in wanted:
                    present[record["id"]] = (key, record)
            self._reconcile_partition(key)
        gone = wanted - set(present)
        # An interrupted import never committed the keys of what is gone; an interrupted
        # removal keeps them (feeds must not bring pruned articles back) except those it names.
        drop_keys = set(pending.get("drop_keys", ()))
        for bucket in BUCKETS:
            ids = {i: key for i, (key, _) in present.items() if layout.bucket_of(i) == bucket}
            keys = {}
            for article_id, (_, record) in present.items():
                for ident in layout.identity_keys(record.get("hash", ""), record.get("keys", ())):
                    d = layout.digest(ident)
                    if d[0] == bucket:
                        keys[d] = article_id
            current_ids, current_keys = self._directory(bucket)
            drop = {i for i in current_ids if i in gone}
            if pending.get("op") == "add":
                drop |= {d for d, i in current_keys.items() if i in gone}
            drop |= {d for d in current_keys if d in drop_keys and current_keys[d] in gone}
            if ids or keys or drop:
                self._directory_put(bucket, ids, keys, drop)
        self._commit(partitions)

    def _reconcile_partition(self, key: str) -> None:
        """Drop from a partition's files whatever its index does not hold (leftovers of an
        interrupted import or prune); remove the folder if it holds no article."""
        index = self._index(key)
        paths = self.paths
        if not index:
            import shutil

            self._files.forget_under(paths.partition(key))
            shutil.rmtree(paths.partition(key), ignore_errors=True)
            return
        for path, table in [(paths.user_data(key), "user"), (paths.analysis(key), "analysis")] + [
            (paths.content(key, b), "content") for b in BUCKETS
        ]:
            if path.exists():
                orphans = set(self._files.table(path, table)) - set(index)
                if orphans:
                    self._files.update(path, {table: _drop(orphans)})
        self._rebuild_entities(key)

    def _rebuild_entities(self, key: str) -> None:
        analyses = self._files.table(self.paths.analysis(key), "analysis")
        index = self._index(key)
        mapping: dict[str, list[str]] = {}
        for k, light in analyses.items():
            if k not in index:
                continue
            article_id = index[k]["id"]
            for name in layout.entity_keys(light.get("entities", ())):
                mapping.setdefault(name, []).append(article_id)
        self._files.write(self.paths.entities(key), {"entities": {"1": {n: " ".join(i) for n, i in mapping.items()}}})

    # ------------------------------------------------------------------ re-analysis

    def update_analysis(self, updates: dict[str, dict]) -> int:
        """Store fresh analyses {id: analysis dict}; touches analyses, bodies' spans and the
        index's analyzer field, never user data."""
        with self._locked():
            by_partition: dict[str, dict[str, dict]] = {}
            for article_id, analysis in updates.items():
                key = self.partition_of_id(article_id)
                if key and doc_key(article_id) in self._index(key):
                    by_partition.setdefault(key, {})[article_id] = analysis
            if not by_partition:
                return 0
            self._begin("analysis", by_partition, [])
            for key, group in by_partition.items():
                self._reanalysed(key, group)
            self._commit(by_partition)
            return sum(len(group) for group in by_partition.values())

    def _reanalysed(self, key: str, group: dict[str, dict]) -> None:
        paths, files = self.paths, self._files
        lights, heavies = {}, {}
        for article_id, analysis in group.items():
            lights[doc_key(article_id)], heavies[article_id] = layout.split_analysis(analysis)
        files.update(paths.analysis(key), {"analysis": _put(lights)})
        self._rebuild_entities(key)
        by_bucket: dict[str, dict[str, dict]] = {}
        for article_id, heavy in heavies.items():
            by_bucket.setdefault(layout.bucket_of(article_id), {})[doc_key(article_id)] = heavy
        for bucket, group_heavy in by_bucket.items():

            def set_heavy(table: dict, group_heavy=group_heavy) -> dict:
                for k, heavy in group_heavy.items():
                    if k in table:
                        table[k] = {**table[k], "analysis": heavy}
                return table

            files.update(paths.content(key, bucket), {"content": set_heavy})

        def set_analyzer(table: dict) -> dict:
            for article_id, analysis in group.items():
                k = doc_key(article_id)
                if k in table:
                    table[k] = {**table[k], "analyzer": analysis.get("analyzer")}
            return table

        files.update(paths.index(key), {"articles": set_analyzer})

    # ------------------------------------------------------------------ user data

    def _update_user(self, article_id: str, change) -> ArticleRow:
        """Apply `change(record) -> record` to one article's user data, under the lock."""
        from briefing.store.base import make_row

        article_id = self.resolve(article_id)
        k = doc_key(article_id)
        with self._locked():
            key = self.partition_of_id(article_id)
            record = self._index(key).get(k) if key else None
            if key is None or record is None:
                raise ArticleNotFound(f"no article with id '{article_id}'")
            before = self._users(key).get(k) or new_user(article_id)
            updated = change({**before, "tags": list(before.get("tags", [])), "notes": list(before.get("notes", []))})
            updated["updated"] = now_iso()
            self._files.update(self.paths.user_data(key), {"user": _put({k: updated})})
            if bool(before.get("read")) != bool(updated.get("read")):
                self._commit([key])  # unread counts
        return make_row(record, updated)

    def tag(self, article_id: str, tags: Iterable[str]) -> ArticleRow:
        wanted = [t for t in (normalise_tag(tag) for tag in tags) if t]

        def add(record: dict) -> dict:
            present = {t.casefold() for t in record["tags"]}
            for tag in wanted:
                if tag.casefold() not in present:
                    record["tags"].append(tag)
                    present.add(tag.casefold())
            return record

        return self._update_user(article_id, add)

    def untag(self, article_id: str, tags: Iterable[str]) -> ArticleRow:
        unwanted = {t.casefold() for t in (normalise_tag(tag) for tag in tags) if t}

        def remove(record: dict) -> dict:
            record["tags"] = [t for t in record["tags"] if t.casefold() not in unwanted]
            return record

        return self._update_user(article_id, remove)

    def add_note(self, article_id: str, text: str) -> ArticleRow:
        text = _clean_note(text)

        def append(record: dict) -> dict:
            record["notes"].append({"text": text, "created": now_iso()})
            return record

        return self._update_user(article_id, append)

    def edit_note(self, article_id: str, index: int, text: str) -> ArticleRow:
        """Replace note `index` (0-based); an empty text deletes it."""
        text = strip_controls(text).strip()[:MAX_NOTE_LENGTH]

        def edit(record: dict) -> dict:
            if not 0 <= index < len(record["notes"]):
                raise ArticleNotFound(f"article {article_id} has no note {index + 1}")
            if text:
                record["notes"][index] = {**record["notes"][index], "text": text, "edited": now_iso()}
            else:
                del record["notes"][index]
            return record

        return self._update_user(article_id, edit)

    def set_read(self, article_id: str, read: bool = True) -> ArticleRow:
        return self._update_user(article_id, lambda record: {**record, "read": bool(read)})

    def set_starred(self, article_id: str, starred: bool = True) -> ArticleRow:
        return self._update_user(article_id, lambda record: {**record, "starred": bool(starred)})

    # ------------------------------------------------------------------ settings

    def set_setting(self, key: str, value: Any) -> None:
        """Store a preference in the library's settings file: nothing is written outside the
        library's directory (CONTRACT.md), and the store stays the only writer of files."""
        with self._locked():

            def change(table: dict) -> dict:
                return {"1": {**table.get("1", {}), key: value}}

            self._files.update(self.paths.user, {"settings": change})
