"""The partitioned layout (schema 2): what lives where, migration from schema 1, recovery
from interrupted writes, retention, and reads that never wait for another process."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

from briefing.core.model import Article
from briefing.store import ArticleNotFound, ArticleStore, LibraryError, layout
from briefing.store.storage import AtomicJSONStorage

REPO = Path(__file__).resolve().parents[1]


def make(title: str, body: str = "Body text.", **fields) -> Article:
    return Article(title=title, paragraphs=(body,), **fields)


def analysis(*names: str, analyzer: str = "test") -> dict:
    return {
        "summary": ["Body text."],
        "summary_spans": [[0, 10]],
        "entities": [
            {"text": n, "label": "PERSON", "count": 1, "aliases": [n, n.split()[-1]], "spans": [[0, len(n)]]}
            for n in names
        ],
        "analyzer": analyzer,
    }


# --------------------------------------------------------------------------- where things live


def test_articles_go_to_the_week_of_their_day_and_files_are_tinydb_databases(store):
    store.add(
        [
            (make("monday", published="2026-11-23"), analysis("Ada Lovelace")),
            (make("sunday", published="2026-11-29T23:30:00-05:00"), analysis()),  # Monday in UTC
            (make("last week", published="2026-11-20"), None),
        ]
    )
    assert store.partitions() == ["2026-W49", "2026-W48", "2026-W47"]
    stats = store.partition_stats()
    assert stats["2026-W48"]["count"] == 1 and stats["2026-W49"]["count"] == 1
    assert len(store) == 3
    paths = store.paths
    for key in store.partitions():
        assert paths.index(key).exists()
    # any file opens with TinyDB itself and answers queries
    with TinyDB(paths.index("2026-W48"), storage=AtomicJSONStorage) as db:
        assert [doc["title"] for doc in db.table("articles").all()] == ["monday"]
    # the brief's half of the analysis has no spans; the body's file has them
    week = store.paths.analysis("2026-W48")
    light = next(iter(json.loads(week.read_text())["analysis"].values()))
    assert "spans" not in json.dumps(light) and light["entities"][0]["text"] == "Ada Lovelace"
    record = store.get(store.rows(["2026-W48"])[0].id)
    assert record.analysis["summary_spans"] == [[0, 10]] and record.entities[0]["spans"] == [[0, 12]]
    brief_view = store.get_many([record.id], body=False)[0]
    assert brief_view.paragraphs == () and "spans" not in brief_view.entities[0]


def test_a_tag_rewrites_only_its_weeks_user_file(store):
    store.add([(make("a", published="2026-11-23"), None), (make("b", published="2026-11-10"), None)])
    paths = store.paths
    before = {p: p.read_bytes() for p in paths.parts.rglob("*.json")} | {paths.main: paths.main.read_bytes()}
    old = next(r for r in store.rows() if r.title == "b")
    store.tag(old.id, ["x"])
    after = {p: p.read_bytes() for p in paths.parts.rglob("*.json")} | {paths.main: paths.main.read_bytes()}
    changed = {p for p, data in after.items() if before.get(p) != data}
    assert changed == {paths.user_data("2026-W46")}


def test_reading_a_day_reads_only_the_weeks_around_it(store, monkeypatch):
    import datetime as dt

    store.add([(make(f"a{i}", published=f"2026-{m:02d}-10"), None) for i, m in enumerate(range(1, 12))])
    read: list[Path] = []
    original = store._files.read

    def spy(path, **kwargs):
        read.append(Path(path))
        return original(path, **kwargs)

    monkeypatch.setattr(store._files, "read", spy)
    rows = store.rows_around(dt.date(2026, 6, 10), dt.date(2026, 6, 10))
    assert [r.title for r in rows] == ["a5"]
    weeks = {p.parent.name for p in read if p.parent.parent == store.paths.parts}
    assert weeks == {"2026-W24"}


def test_identity_keys_make_one_article_of_two_feeds_and_a_changed_guid(store):
    first = make("Story", "Text one.", keys=("guid:f1:abc", "url:https://example.com/story"))
    same_link = make("Story (updated)", "Text two.", keys=("guid:f1:changed", "url:https://example.com/story"))
    other_feed = make("Story", "Text one.", keys=("guid:f2:zzz",))  # same content hash
    result = store.add([(first, None)])
    again = store.add([(same_link, None), (other_feed, None)])
    assert again.added == [] and again.duplicates == result.added * 2
    assert store.known(["url:https://example.com/story", "guid:f9:nope"]) == {
        "url:https://example.com/story": result.added[0]
    }
    assert store.known_articles([same_link, make("new")]) == [result.added[0], None]


def test_entity_lookups_and_text_search_over_every_week(store):
    a = make("a", published="2026-01-05")
    b = make("b", published="2026-11-23")
    store.add([(a, analysis("Joe Biden")), (b, analysis("Jill Biden"))])
    assert store.mentioning("PERSON", ["Biden"]) == {a.id, b.id}
    assert store.mentioning("PERSON", ["Joe Biden"]) == {a.id}
    assert store.mentioning_text(["jill"]) == {b.id}
    assert store.mentioning_text(["biden", "joe"]) == {a.id}


def test_reanalysis_moves_entities_in_the_lookup(store):
    a = make("a")
    store.add([(a, analysis("Old Name"))])
    store.update_analysis({a.id: analysis("New Name", analyzer="v2")})
    assert store.mentioning("PERSON", ["Old Name"]) == set()
    assert store.mentioning("PERSON", ["New Name"]) == {a.id}
    assert store.stale("v2") == [] and store.partition_stats()[store.partitions()[0]]["analyzers"] == {"v2": 1}


# --------------------------------------------------------------------------- migration from schema 1


def write_v1_library(path: Path, count: int = 40) -> dict:
    """A library as briefing 0.1 (schema 1) wrote it: one index, content shards by id prefix,
    one user file with tags, notes, flags and settings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"1": {"format": "briefing-library", "schema": 1, "created": "2026-11-01T00:00:00+00:00"}}
    index, users, shards = {}, {}, {}
    expected = {}
    for i in range(count):
        article = make(
            f"Old article {i}", f"Body {i} about Ada Lovelace.", published=f"2026-{1 + i % 11:02d}-{1 + i % 27:02d}"
        )
        article_id = article.id
        doc = str(layout.doc_id(article_id))
        record_analysis = analysis("Ada Lovelace", analyzer="9")
        index[doc] = {
            "id": article_id,
            "hash": article.hash,
            "title": article.title,
            "dek": None,
            "source": "Wire",
            "url": None,
            "published": article.published,
            "imported_at": "2026-11-01T00:00:00+00:00",
            "origin": f"/news/{i}.txt",
            "words": 5,
            "analyzer": "9",
            "ekeys": layout.entity_keys(record_analysis["entities"]),
        }
        shards.setdefault(article_id[:2], {})[doc] = {
            "id": article_id,
            "paragraphs": list(article.paragraphs),
            "analysis": record_analysis,
        }
        if i % 3 == 0:
            users[doc] = {
                "id": article_id,
                "tags": [f"t{i}"],
                "notes": [{"text": f"note {i}", "created": "2026-11-02T00:00:00+00:00"}],
                "read": i % 2 == 0,
                "starred": i % 6 == 0,
                "updated": "2026-11-02T00:00:00+00:00",
            }
        expected[article_id] = users.get(doc)
    path.write_text(json.dumps({"meta": meta, "articles": index}))
    user_path = path.with_name("library.user.json")
    user_path.write_text(json.dumps({"meta": meta, "user": users, "settings": {"1": {"theme": "briefing-paper"}}}))
    content = path.with_name("library.content")
    content.mkdir()
    for prefix, docs in shards.items():
        (content / f"{prefix}.json").write_text(json.dumps({"content": docs}))
    return expected


def assert_migrated(path: Path, expected: dict) -> None:
    with ArticleStore(path) as store:
        assert len(store) == len(expected)
        rows = {r.id: r for r in store.rows()}
        assert set(rows) == set(expected)
        for article_id, user in expected.items():
            row = rows[article_id]
            if user:
                assert list(row.tags) == user["tags"] and [n.text for n in row.notes] == [
                    n["text"] for n in user["notes"]
                ]
                assert row.read == user["read"] and row.starred == user["starred"]
            else:
                assert not row.tags and not row.notes and not row.read
        some = next(iter(expected))
        record = store.get(some)
        assert record.body.startswith("Body ") and record.entities[0]["spans"] == [[0, 12]]
        assert store.mentioning("PERSON", ["Lovelace"]) == set(expected)
        assert store.setting("theme") == "briefing-paper"
        assert store.resolve(some[:6]) == some
    assert not path.with_name("library.content").exists()


def test_a_schema_1_library_migrates_once_keeping_everything(tmp_path):
    path = tmp_path / "library.json"
    expected = write_v1_library(path)
    seen = []
    ArticleStore(path, migrate_progress=lambda done, total: seen.append((done, total))).close()
    assert seen and seen[-1][0] == seen[-1][1]
    assert json.loads(path.read_text())["meta"]["1"]["schema"] == layout.SCHEMA_VERSION
    assert_migrated(path, expected)
    assert "user" not in json.loads(path.with_name("library.user.json").read_text())


def test_a_failed_migration_leaves_the_old_library_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "library.json"
    expected = write_v1_library(path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}
    from briefing.store import migrate

    calls = {"n": 0}
    original = migrate.atomic_write_bytes

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(migrate, "atomic_write_bytes", failing)
    with pytest.raises(OSError):
        ArticleStore(path)
    assert {p: p.read_bytes() for p in before} == before  # the old files, untouched
    monkeypatch.undo()
    assert_migrated(path, expected)  # and the next open migrates it


MIGRATE_CHILD = "import sys; sys.path.insert(0, {repo!r}); from briefing.store import ArticleStore; ArticleStore(sys.argv[1]).close(); print('done', flush=True)"


@pytest.mark.slow
def test_sigkill_during_migration_never_loses_the_library(tmp_path):
    rng = random.Random(3)
    killed = 0
    for run in range(6):
        folder = tmp_path / f"run{run}"
        path = folder / "library.json"
        expected = write_v1_library(path, count=600)
        child = subprocess.Popen(
            [sys.executable, "-c", MIGRATE_CHILD.format(repo=str(REPO)), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.15 + rng.random() * 0.6)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        killed += "done" not in out
        assert_migrated(path, expected)  # reopening finishes (or restarts) the migration
    assert killed  # some kill really interrupted a migration


# --------------------------------------------------------------------------- interrupted writes


def test_an_import_interrupted_before_its_directory_is_finished_by_the_next_writer(library_path, monkeypatch):
    from briefing.store.writing import WritingMixin

    store = ArticleStore(library_path)
    article = make("half written", published="2026-11-23", keys=("url:https://example.com/x",))

    def crash(self, new):
        raise KeyboardInterrupt  # the process dies after the partition, before the directory

    monkeypatch.setattr(WritingMixin, "_directory_add", crash)
    with pytest.raises(KeyboardInterrupt):
        store.add([(article, analysis("Ada Lovelace"))])
    monkeypatch.undo()
    store.close()
    with ArticleStore(library_path) as store:  # recovery at open (nobody else holds the lock)
        assert store.resolve(article.id[:5]) == article.id
        assert store.known(["url:https://example.com/x"]) == {"url:https://example.com/x": article.id}
        assert len(store) == 1 and store.add([(article, None)]).duplicates == [article.id]


def test_an_import_interrupted_before_its_index_leaves_no_trace(library_path, monkeypatch):
    from briefing.store import files as files_module

    store = ArticleStore(library_path)
    article = make("never committed", published="2026-11-23", tags=("t",))
    original = files_module.FileCache.update

    def crash_on_index(self, path, changes):
        if path.name == "index.json":
            raise KeyboardInterrupt
        return original(self, path, changes)

    monkeypatch.setattr(files_module.FileCache, "update", crash_on_index)
    with pytest.raises(KeyboardInterrupt):
        store.add([(article, analysis("Ada Lovelace"))])
    monkeypatch.undo()
    store.close()
    with ArticleStore(library_path) as store:
        assert len(store) == 0 and store.rows() == []
        with pytest.raises(ArticleNotFound):
            store.resolve(article.id)
        assert not store.paths.partition("2026-W48").exists()  # the leftovers are gone
        assert store.add([(article, None)]).added == [article.id]  # and it imports again
        assert store.row(article.id).tags == ("t",)


# --------------------------------------------------------------------------- retention


def test_prune_keeps_tagged_noted_and_starred_articles_and_remembers_feed_items(store):
    import datetime as dt

    old = [make(f"old {i}", published="2026-01-05", keys=(f"guid:f1:{i}",)) for i in range(5)]
    recent = make("recent", published="2026-11-25")
    store.add([(a, analysis("Ada Lovelace")) for a in [*old, recent]])
    store.tag(old[0].id, ["keep"])
    store.add_note(old[1].id, "keep me")
    store.set_starred(old[2].id, True)
    store.set_read(old[3].id, True)
    preview = store.prune(dt.date(2026, 9, 1), dry_run=True)
    assert sorted(preview.removed) == sorted([old[3].id, old[4].id]) and preview.kept == 3 and len(store) == 6
    report = store.prune(dt.date(2026, 9, 1))
    assert sorted(report.removed) == sorted([old[3].id, old[4].id])
    assert {r.title for r in store.rows()} == {"old 0", "old 1", "old 2", "recent"}
    assert store.mentioning("PERSON", ["Lovelace"]) == {old[0].id, old[1].id, old[2].id, recent.id}
    with pytest.raises(ArticleNotFound):
        store.resolve(old[4].id)
    # a feed still listing a pruned item does not bring it back; the same file imported on purpose does
    assert store.add([(make("old 4 again", "Other.", keys=("guid:f1:4",)), None)]).added == []
    assert store.add([(make("old 4", published="2026-01-05"), None)]).added == [old[4].id]


def test_removing_every_article_of_a_week_removes_its_folder(store):
    import datetime as dt

    store.add([(make("alone", published="2025-03-03"), None), (make("now", published="2026-11-25"), None)])
    store.prune(dt.date(2026, 1, 1))
    assert store.partitions() == ["2026-W48"]
    assert [p.name for p in store.paths.parts.iterdir()] == ["2026-W48"]


# --------------------------------------------------------------------------- locks and waiting


LOCK_HOLDER = textwrap.dedent(
    """
    import sys, time
    from filelock import FileLock
    lock = FileLock(sys.argv[1])
    lock.acquire()
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    """
)


def test_reads_never_wait_for_another_process_and_writes_say_they_wait(library_path):
    with ArticleStore(library_path) as store:
        store.add([(make("a"), analysis("Ada Lovelace"))])
        article_id = store.ids()[0]
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(library_path.with_name("library.lock")), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        waits = []
        with ArticleStore(library_path, on_lock_wait=waits.append) as store:
            start = time.monotonic()
            assert (
                store.rows()[0].title == "a"
                and store.get(article_id).body
                and store.mentioning("PERSON", ["Ada Lovelace"])
            )
            assert time.monotonic() - start < 0.5  # no read waited for the lock
            store.tag(article_id, ["waited"])  # waits until the other process lets go
            assert time.monotonic() - start >= 1.0 and waits == [True, False]
            assert store.row(article_id).tags == ("waited",)
    finally:
        holder.kill()
        holder.wait()


def test_a_held_lock_times_out_with_a_clear_error(library_path):
    with ArticleStore(library_path) as store:
        store.add([(make("a"), None)])
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(library_path.with_name("library.lock")), "5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with (
            ArticleStore(library_path, lock_timeout=0.5) as store,
            pytest.raises(LibraryError, match="another briefing process has held the lock"),
        ):
            store.tag(store.ids()[0], ["x"])
    finally:
        holder.kill()
        holder.wait()


IMPORTER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from briefing.core.model import Article
    from briefing.store import ArticleStore
    store = ArticleStore(sys.argv[1])
    name, count = sys.argv[2], int(sys.argv[3])
    for i in range(0, count, 10):
        batch = [Article(title=f"shared {{j}}", paragraphs=(f"shared body {{j}}",), published=f"2026-{{1 + j % 12:02d}}-03")
                 for j in range(i, i + 5)]
        batch += [Article(title=f"{{name}} {{j}}", paragraphs=(f"own body {{j}}",), published=f"2026-{{1 + j % 12:02d}}-09")
                  for j in range(i, i + 5)]
        store.add([(a, None) for a in batch])
    """
).format(repo=str(REPO))


@pytest.mark.slow
def test_two_processes_importing_at_once_lose_nothing_and_duplicate_nothing(library_path):
    ArticleStore(library_path).close()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(library_path), name, "200"], stderr=subprocess.PIPE, text=True
        )
        for name in ("left", "right")
    ]
    for child in children:
        _, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
    with ArticleStore(library_path) as store:
        titles = [r.title for r in store.rows()]
        assert len(titles) == len(set(titles)) == len(store)
        expected = {f"shared {j}" for j in range(200) if j % 10 < 5}
        expected |= {f"{n} {j}" for n in ("left", "right") for j in range(200) if j % 10 < 5}
        assert set(titles) == expected
        assert len(store.ids()) == len(expected)


REWRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from briefing.store import ArticleStore
    store = ArticleStore(sys.argv[1])
    ids = store.ids()
    for i in range(100000):
        store.update_analysis({{article_id: {{"summary": [str(i)], "entities": [{{"text": f"Name {{i}}", "label": "ORG",
            "count": 1, "aliases": [], "spans": [[0, 1]]}}], "analyzer": str(i)}} for article_id in ids}})
        store.tag(ids[i % len(ids)], [f"t{{i}}"])
        print(i, flush=True)
    """
).format(repo=str(REPO))


@pytest.mark.slow
def test_sigkill_during_partition_rewrites_never_loses_tags(library_path):
    with ArticleStore(library_path) as store:
        store.add(
            [
                (make(f"a{i}", published=f"2026-{1 + i % 6:02d}-0{1 + i % 7}"), analysis("Ada Lovelace"))
                for i in range(60)
            ]
        )
    rng = random.Random(11)
    total = 0
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", REWRITER, str(library_path)], stdout=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # a rewrite of every week has been acknowledged
        time.sleep(rng.random() * 1.5)  # one round rewrites six weeks: land anywhere in the next ones
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        done = [int(line) for line in (first + out).split()]
        total += len(done)
        with ArticleStore(library_path) as store:
            tags = set().union(*(r.tags for r in store.rows()))
            assert {f"t{i}" for i in done} <= tags
            assert len(store) == 60 and len(store.ids()) == 60
            # the two halves of every analysis agree (never new entities with old spans)
            for record in store.get_many(store.ids()):
                assert record.entities and (
                    "spans" not in record.entities[0] or record.analysis["analyzer"] == record.summary[0]
                )
    assert total > 6


def test_records_of_rows_read_their_weeks_not_the_id_directory(tmp_path, monkeypatch):
    """A day's brief asks for the records of rows it has: they are found in the weeks their
    dates name, without reading the id directory (one file per id bucket, read whole); an
    article the directory puts elsewhere is still found."""
    from briefing.core.model import Article
    from briefing.store import ArticleStore

    store = ArticleStore(tmp_path / "library.json")
    store.add(
        [
            (Article(title=f"Story {i}", paragraphs=(f"Body {i}.",), published=f"2026-03-{i + 1:02d}"), None)
            for i in range(20)
        ]
    )
    rows = store.rows()
    expected = store.get_many([r.id for r in rows], body=False)
    store.close()
    store = ArticleStore(tmp_path / "library.json")
    looked_up = []
    real = store.partition_of_id
    monkeypatch.setattr(store, "partition_of_id", lambda i: looked_up.append(i) or real(i))
    rows = store.rows()
    got = store.records(rows, body=False)
    assert [r.id for r in got] == [r.id for r in expected] and [r.summary for r in got] == [r.summary for r in expected]
    assert looked_up == []
    # A row whose dates point at another week (say, edited elsewhere) falls back to the directory.
    from dataclasses import replace

    moved = replace(rows[0], published="2025-01-01")
    assert [r.id for r in store.records([moved], body=True)] == [rows[0].id] and looked_up == [rows[0].id]
    store.close()
