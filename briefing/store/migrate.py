"""Upgrading a schema-1 library (one index, 256 content shards by id, one user file) to the
partitioned layout of schema 2 (layout.py), once, under the lock.

The old files are only read until the new layout is complete: the commit is the atomic
replacement of `library.json` (the old index) by the new manifest. A migration killed before
that leaves the old library as it was (the next open starts again, removing the half-built
folders); one killed after it leaves only old files to delete, which the next writer does
(`finish_cleanup`). Bodies are moved a sixteenth of the library at a time, so memory stays
bounded by the old index plus one group of shards and the new summaries.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import orjson

from briefing.core.dates import now_iso
from briefing.core.memory import gc_paused
from briefing.store import layout
from briefing.store.errors import LibraryError
from briefing.store.layout import BUCKETS, SCHEMA_VERSION
from briefing.store.storage import atomic_write_bytes

_INDEX_FIELDS = ("id", "hash", "title", "dek", "source", "url", "published", "imported_at", "origin", "analyzer")


def migrate_v1(store, progress: Callable[[int, int], None] | None = None) -> None:
    paths, files = store.paths, store._files
    old = files.read(paths.main)
    old_meta = old.get("meta", {}).get("1", {})
    index = old.get("articles", {})
    users = files.table(paths.user, "user")
    for folder in (paths.parts, paths.keys):
        files.forget_under(folder)
        shutil.rmtree(folder, ignore_errors=True)

    with gc_paused():
        part_of: dict[str, str] = {}
        records: dict[str, dict[str, dict]] = {}
        for k, record in index.items():
            new = {field: record.get(field) for field in _INDEX_FIELDS}
            new.update(
                feed=None,
                date_source="file" if record.get("published") else None,
                text_source="file",
                text_problem=None,
                keys=[],
            )
            key = layout.partition_of(new["published"], new["imported_at"])
            part_of[k] = key
            records.setdefault(key, {})[k] = new
        total = len(BUCKETS) + len(records) + 1
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)

        analyses: dict[str, list[bytes]] = {}
        entity_ids: dict[str, dict[str, list[str]]] = {}
        for bucket in BUCKETS:
            contents: dict[str, dict[str, dict]] = {}
            for second in BUCKETS:
                shard = paths.legacy_content / f"{bucket}{second}.json"
                if not shard.exists():
                    continue
                for k, doc in files.table(shard, "content", keep=False).items():
                    week = part_of.get(k)
                    if week is None:
                        continue  # content of an article the old index never committed
                    key = week
                    light, heavy = layout.split_analysis(doc.get("analysis"))
                    contents.setdefault(key, {})[k] = {
                        "id": doc["id"],
                        "paragraphs": doc.get("paragraphs", []),
                        "analysis": heavy,
                    }
                    if light is not None:
                        analyses.setdefault(key, []).append(b'"' + k.encode() + b'":' + orjson.dumps(light))
                        names = entity_ids.setdefault(key, {})
                        for name in layout.entity_keys(light.get("entities", ())):
                            names.setdefault(name, []).append(doc["id"])
            for key, docs in contents.items():
                files.write(paths.content(key, bucket), {"content": docs})
            step()

        stats = {}
        users_by_part: dict[str, dict[str, dict]] = {}
        unmatched: dict[str, dict] = {}
        for k, user in users.items():
            week = part_of.get(k)
            if week is None:
                unmatched[k] = user
            else:
                users_by_part.setdefault(week, {})[k] = user
        for key, part_records in records.items():
            files.write(paths.index(key), {"articles": part_records})
            if key in users_by_part:
                files.write(paths.user_data(key), {"user": users_by_part[key]})
            if key in analyses:
                atomic_write_bytes(paths.analysis(key), b'{"analysis":{' + b",".join(analyses.pop(key)) + b"}}")
            names = entity_ids.pop(key, {})
            files.write(paths.entities(key), {"entities": {"1": {n: " ".join(i) for n, i in names.items()}}})
            stats[key] = layout.partition_stats(part_records, users_by_part.get(key, {}))
            step()

        directory: dict[str, tuple[dict, dict]] = {b: ({}, {}) for b in BUCKETS}
        for k, key in part_of.items():
            record = records[key][k]
            directory[layout.bucket_of(record["id"])][0][record["id"]] = key
            d = layout.digest(f"hash:{record['hash']}")
            directory[d[0]][1][d] = record["id"]
        for bucket, (ids, keys) in directory.items():
            files.write(paths.key_shard(bucket), {"ids": {"1": ids}, "keys": {"1": keys}})

    meta = {**old_meta, "schema": SCHEMA_VERSION, "migrated": now_iso(), "migrated_from": 1}
    cleanup = {"legacy_content": True, "unmatched_user": len(unmatched)}
    if unmatched:
        # User data of articles the old index did not hold (an interrupted old import): kept.
        files.update(paths.user, {"unmatched_user": lambda _t: unmatched})
    files.write(paths.main, {"meta": {"1": meta}, "partitions": {"1": stats}, "cleanup": {"1": cleanup}})
    step()
    finish_cleanup(store)


def finish_cleanup(store) -> None:
    """Delete what a committed migration left of the old layout (idempotent)."""
    paths, files = store.paths, store._files
    files.forget_under(paths.legacy_content)
    try:
        shutil.rmtree(paths.legacy_content)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise LibraryError(
            paths.legacy_content, f"cannot remove the old layout's folder: {exc.strerror or exc}"
        ) from None
    user = files.read(paths.user)
    if "user" in user or user.get("meta", {}).get("1", {}).get("schema") != SCHEMA_VERSION:
        meta = {**user.get("meta", {}).get("1", {}), "schema": SCHEMA_VERSION}
        files.write(paths.user, {**{k: v for k, v in user.items() if k != "user"}, "meta": {"1": meta}})
    files.update(paths.main, {"cleanup": lambda _t: {}})
