"""The library: dedup, prefixes, user data, corrupt and foreign files, crash and concurrency safety."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from briefing.core.model import Article
from briefing.store import ArticleNotFound, ArticleStore, LibraryCorrupt, LibraryError
from tests.support.contract import ARTICLE_KEYS

REPO = Path(__file__).resolve().parents[1]


def make(title: str, body: str = "Body text.", **fields) -> Article:
    return Article(title=title, paragraphs=(body,), **fields)


def analysis(*entities: tuple[str, str, list[str]]) -> dict:
    return {
        "summary": ["Body text."],
        "summary_spans": [[0, 10]],
        "entities": [
            {"text": t, "label": label, "count": len(a), "aliases": a, "spans": []} for t, label, a in entities
        ],
        "analyzer": "test",
    }


def test_add_and_get_round_trip(store):
    art = make("Hello", "One.", dek="Dek", source="Wire", url="https://example.com", published="2026-11-27")
    result = store.add([(art, analysis(("Joe Biden", "PERSON", ["Joe Biden", "Biden"])))])
    assert result.added == [art.id]
    record = store.get(art.id)
    assert record.title == "Hello" and record.paragraphs == ("One.",) and record.published == "2026-11-27"
    assert record.entities[0]["aliases"] == ["Joe Biden", "Biden"]
    data = record.to_dict()
    for key in ARTICLE_KEYS:
        assert key in data
    assert data["entities"][0] == {
        "text": "Joe Biden",
        "label": "PERSON",
        "count": 2,
        "aliases": ["Joe Biden", "Biden"],
    }


def test_reimport_is_a_duplicate_and_keeps_user_data(store):
    art = make("Same story", "Same body.", tags=("from-file",))
    store.add([(art, None)])
    store.tag(art.id, ["mine"])
    store.add_note(art.id, "keep me")
    store.set_read(art.id, True)
    again = make("Same  STORY", "same body.", tags=("other",))  # same content modulo case/space
    result = store.add([(again, None)])
    assert result.added == [] and result.duplicates == [art.id]
    row = store.row(art.id)
    assert row.tags == ("from-file", "mine") and [n.text for n in row.notes] == ["keep me"] and row.read
    assert len(store) == 1


def test_prefixes(store):
    from collections import Counter

    store.add([(make(f"Article {i}"), None) for i in range(400)])
    ids = store.ids()
    unique = next(i for i in ids if sum(j.startswith(i[:5]) for j in ids) == 1)
    assert store.resolve(unique[:5].upper()) == unique
    assert store.resolve(unique) == unique
    with pytest.raises(ArticleNotFound, match="too short"):
        store.resolve(unique[:3])
    with pytest.raises(ArticleNotFound, match="no article"):
        store.resolve("ffffffff0")
    # 400 ids over 16^3 three-digit prefixes: some 3-digit prefix is shared; pad it to 4 by
    # searching for a shared 4-digit one, else make one by adding articles until it exists.
    shared = [p for p, n in Counter(i[:4] for i in ids).items() if n > 1]
    extra = 400
    while not shared:
        store.add([(make(f"Article {extra + k}"), None) for k in range(200)])
        extra += 200
        ids = store.ids()
        shared = [p for p, n in Counter(i[:4] for i in ids).items() if n > 1]
    with pytest.raises(ArticleNotFound, match="ambiguous") as info:
        store.resolve(shared[0])
    assert all(i in str(info.value) for i in ids if i.startswith(shared[0]))


def test_tags_are_normalised_and_case_insensitive(store):
    art = make("T")
    store.add([(art, None)])
    row = store.tag(art.id, ["#Asia", "asia", "  north   korea ", "", "a,b"])
    assert row.tags == ("Asia", "north korea", "a b")
    row = store.untag(art.id, ["ASIA"])
    assert row.tags == ("north korea", "a b")
    assert store.all_tags() == {"a b": 1, "north korea": 1}


def test_notes_edit_delete_and_controls(store):
    art = make("T")
    store.add([(art, None)])
    store.add_note(art.id, "first\x1b[2J line\nsecond line")
    row = store.edit_note(art.id, 0, "edited")
    assert [n.text for n in row.notes] == ["edited"]
    store.add_note(art.id, "another")
    row = store.edit_note(art.id, 0, "")
    assert [n.text for n in row.notes] == ["another"]
    with pytest.raises(ValueError):
        store.add_note(art.id, "   ")


def test_entity_filter_uses_aliases(store):
    a = make("A", "Biden spoke.")
    b = make("B", "Joe Biden spoke.")
    c = make("C", "Nobody spoke.")
    store.add(
        [
            (a, analysis(("Biden", "PERSON", ["Biden"]))),
            (b, analysis(("Joe Biden", "PERSON", ["Joe Biden", "Biden", "President Biden"]))),
            (c, analysis(("Nobody", "ORG", ["Nobody"]))),
        ]
    )
    assert store.mentioning("PERSON", ["Joe Biden", "Biden"]) == {a.id, b.id}
    assert store.mentioning("ORG", ["biden"]) == set()


def test_rows_newest_first_and_user_file_is_separate(store):
    store.add([(make("old", published="2026-11-01"), None), (make("new", published="2026-11-20"), None)])
    assert [r.title for r in store.rows()] == ["new", "old"]
    before = store.path.read_bytes()
    store.tag(store.rows()[0].id, ["x"])
    assert store.path.read_bytes() == before  # a tag toggle never rewrites the article index


def test_reanalysis_updates_content_not_user_data(store):
    art = make("T")
    store.add([(art, analysis(("A", "ORG", ["A"])))])
    store.tag(art.id, ["keep"])
    user_before = store.paths.user.read_bytes()
    assert store.stale("v2") == [art.id]
    store.update_analysis({art.id: analysis(("B", "ORG", ["B"])) | {"analyzer": "v2"}})
    assert store.stale("v2") == []
    assert store.get(art.id).entities[0]["text"] == "B"
    assert store.paths.user.read_bytes() == user_before


# --------------------------------------------------------------------------- bad library files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"articles": {"1": {"title": "trunc', "corrupt library file"),
        (b"\x00\x01binary junk", "corrupt library file"),
        (b"[1, 2, 3]", "not a briefing library"),
        (b'{"_default": {"1": {"name": "someone else"}}}', "not a briefing library"),
    ],
)
def test_corrupt_or_foreign_file_is_refused_and_untouched(tmp_path, content, message):
    path = tmp_path / "library.json"
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=message) as info:
        ArticleStore(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_corrupt_user_file_is_refused(tmp_path):
    path = tmp_path / "library.json"
    ArticleStore(path).close()
    user = tmp_path / "library.user.json"
    user.write_bytes(b"{not json")
    with pytest.raises(LibraryCorrupt, match=r"library\.user\.json"):
        ArticleStore(path)
    assert user.read_bytes() == b"{not json"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "library.json"
    ArticleStore(path).close()
    data = json.loads(path.read_text())
    data["meta"]["1"]["schema"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(LibraryError, match="newer briefing"):
        ArticleStore(path)


def test_directory_as_library_path_is_refused(tmp_path):
    with pytest.raises(LibraryError, match="is a directory"):
        ArticleStore(tmp_path)


# --------------------------------------------------------------------------- crashes and concurrency

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {repo!r})
    from briefing.core.model import Article
    from briefing.store import ArticleStore
    store = ArticleStore(sys.argv[1])
    mode, name = sys.argv[2], sys.argv[3]
    target = store.ids()[0]
    for i in range(100000):
        if mode == "tag":
            store.tag(target, [f"{{name}}-{{i}}"])
        elif mode == "note":
            store.add_note(target, f"{{name}}-{{i}}")
        else:
            store.add([(Article(title=f"{{name}} {{i}}", paragraphs=("x" * 3000,)), None)])
        print(i, flush=True)
        if mode != "import" and i + 1 >= int(sys.argv[4]):
            break
    """
).format(repo=str(REPO))


def _seeded(tmp_path) -> Path:
    path = tmp_path / "library.json"
    with ArticleStore(path) as store:
        store.add([(make("target", "the body"), None)])
    return path


def _child(path: Path, mode: str, name: str, count: int = 10**6) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), mode, name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["tag", "import"])
def test_sigkill_mid_write_never_loses_acknowledged_changes(tmp_path, mode):
    path = _seeded(tmp_path)
    rng = random.Random(7)
    acknowledged: list[int] = []
    for run in range(12):
        child = _child(path, mode, f"r{run}")
        first = child.stdout.readline()  # writing has begun (start-up time varies with load)
        time.sleep(rng.random() * 0.5)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        done = [int(line) for line in (first + out).split()]
        acknowledged.append(len(done))
        with ArticleStore(path) as store:  # must open: never a torn file
            if mode == "tag":
                tags = set().union(*(r.tags for r in store.rows()))
                assert {f"r{run}-{i}" for i in done} <= tags
            else:
                titles = {r.title for r in store.rows()}
                assert {f"r{run} {i}" for i in done} <= titles
    assert sum(acknowledged) > 12  # the children really were writing when killed
    leftovers = list(tmp_path.rglob("*.tmp"))
    assert len(leftovers) <= 12  # at most one interrupted temp file per kill; never read as data


@pytest.mark.slow
def test_two_processes_tagging_concurrently_lose_nothing(tmp_path):
    path = _seeded(tmp_path)
    children = [_child(path, "tag", "a", 120), _child(path, "tag", "b", 120), _child(path, "note", "c", 60)]
    for child in children:
        _out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    with ArticleStore(path) as store:
        row = store.rows()[0]
    expected = {f"a-{i}" for i in range(120)} | {f"b-{i}" for i in range(120)}
    assert expected <= set(row.tags)
    assert len(row.notes) == 60


def test_settings_live_in_the_user_file_and_survive_reopen(library_path):
    from briefing.store import ArticleStore

    with ArticleStore(library_path) as store:
        assert store.setting("theme") is None
        store.set_setting("theme", "briefing-paper")
        store.set_setting("other", [1, 2])
    with ArticleStore(library_path) as store:
        assert store.setting("theme") == "briefing-paper" and store.setting("other") == [1, 2]
    assert "briefing-paper" in (library_path.parent / "library.user.json").read_text()


def test_device_or_fifo_is_refused_never_replaced(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(LibraryError, match="not a regular file"):
        ArticleStore(fifo)
    assert fifo.is_fifo()
    with pytest.raises(LibraryError, match="not a regular file"):
        ArticleStore("/dev/null")
    assert Path("/dev/null").is_char_device()


def test_symlinked_library_is_written_through_the_link(tmp_path):
    real = tmp_path / "real" / "library.json"
    with ArticleStore(real) as store:
        store.add([(make("linked"), None)])
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with ArticleStore(link) as store:
        store.tag(store.ids()[0], ["via-link"])
    assert link.is_symlink()
    with ArticleStore(real) as store:
        assert store.rows()[0].tags == ("via-link",)


def test_atomic_write_never_replaces_a_device_and_writes_through_links(tmp_path):
    from briefing.store.storage import atomic_write_bytes

    atomic_write_bytes(Path("/dev/null"), b"discarded")
    assert Path("/dev/null").is_char_device()
    target = tmp_path / "target.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and target.read_text() == "new"
