"""The round trip: an export imported into an empty library restores every article with the
same id, tags, notes (original times), read and starred state; imported into a library that
holds some of them it merges and loses nothing; a plain file imported again never touches the
user's data. On the seeds and on a generated 1,000-article library."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.core.model import Article
from briefing.core.parsing import Problem, read_paths
from briefing.core.records import Note
from briefing.services.demo import rebased_seeds
from briefing.services.exporting import ExportFilter, export_articles, select_rows
from briefing.services.importing import import_articles
from briefing.store import ArticleStore

TODAY = dt.date(2026, 11, 30)
HOSTILE = [
    "---",
    "<!-- briefing: end of body -->",
    "## Notes",
    "\\*not emphasis\\* [x](javascript:y) <script>alert(1)</script> [bold]x[/] %%hidden%%",
    "title: injected",
    "1. not a list",
]
HOSTILE_ARTICLE = Article(
    title="--- title: a # [/] <x> \\", paragraphs=tuple(HOSTILE), dek="---", tags=("---",), published="2026-11-29"
)


def full_state(store: ArticleStore) -> dict[str, dict]:
    """Everything the library says about each article, body and user data included."""
    out = {}
    for record in store.get_many(store.ids()):
        data = record.to_dict()
        data.pop("origin")
        data.update(
            paragraphs=record.paragraphs,
            date_source=record.date_source,
            text_source=record.text_source,
            text_problem=record.text_problem,
            hash=record.hash,
        )
        data["notes"] = [(n.text, n.created, n.edited) for n in record.notes]
        out[record.id] = data
    return out


def import_paths(store: ArticleStore, *paths: Path):
    items = list(read_paths([str(p) for p in paths]))
    problems = [i for i in items if isinstance(i, Problem)]
    assert not problems, problems
    return import_articles(store, items, on_problem=lambda p: None, jobs=1)


def export(store: ArticleStore, fmt: str, out: Path, **filters) -> Path:
    rows = select_rows(store, ExportFilter(**filters))
    export_articles(store, rows, fmt, out)
    return out


def user_work(store: ArticleStore) -> None:
    """Tags, notes (one edited), flags on some of the articles."""
    ids = sorted(store.ids())
    store.tag(ids[0], ["follow-up", "Desk A"])
    store.add_note(ids[0], "Call the desk.\n---\nThen the source.")
    store.add_note(ids[0], "Second thought")
    store.edit_note(ids[0], 1, "Second thought, edited")
    store.set_starred(ids[1], True)
    store.set_read(ids[2], True)
    store.add_note(ids[3], "<b>markup</b> [bold]x[/bold] \\ end")
    for article_id in ids[4:8]:
        store.set_read(article_id, True)


@pytest.fixture
def seeds_library(tmp_path) -> ArticleStore:
    store = ArticleStore(tmp_path / "original" / "library.json")
    articles, _problems = rebased_seeds(TODAY)
    import_articles(store, [*articles, HOSTILE_ARTICLE], on_problem=lambda p: None, jobs=1)
    user_work(store)
    yield store
    store.close()


@pytest.mark.parametrize("fmt", ["md", "jsonl"])
def test_seeds_export_restores_everything_into_an_empty_library(seeds_library, tmp_path, fmt):
    out = export(seeds_library, fmt, tmp_path / ("out" if fmt == "md" else "out.jsonl"))
    restored = ArticleStore(tmp_path / "restored" / "library.json")
    report = import_paths(restored, out)
    assert report.imported == len(seeds_library) and report.failed == 0
    assert full_state(restored) == full_state(seeds_library)
    # The counts the manifest keeps (unread per week) follow the restored read state.
    assert restored.partition_stats() == seeds_library.partition_stats()


@pytest.mark.parametrize("fmt", ["md", "jsonl"])
def test_an_export_merges_into_a_library_that_holds_some_of_the_articles(seeds_library, tmp_path, fmt):
    ids = sorted(seeds_library.ids())
    out = export(seeds_library, fmt, tmp_path / ("out" if fmt == "md" else "out.jsonl"))
    other = ArticleStore(tmp_path / "other" / "library.json")
    # The other library has ten of the articles from the plain seed files, with its own work on them.
    articles, _ = rebased_seeds(TODAY)
    import_articles(
        other, [a for a in [*articles, HOSTILE_ARTICLE] if a.id in ids[:10]], on_problem=lambda p: None, jobs=1
    )
    assert len(other) == 10
    other.tag(ids[0], ["desk a", "mine"])
    other.add_note(ids[0], "My own note")
    other.set_read(ids[1], True)
    other.set_starred(ids[2], True)
    theirs = {i: (r.tags, r.notes, r.read, r.starred) for i, r in ((i, other.row(i)) for i in ids if i in other.ids())}
    ours = full_state(seeds_library)

    report = import_paths(other, out)
    assert report.failed == 0
    merged = full_state(other)
    assert set(merged) == set(ours)
    for article_id, data in ours.items():
        got = merged[article_id]
        assert got["paragraphs"] == data["paragraphs"] and got["title"] == data["title"]
        old_tags, old_notes, old_read, old_starred = theirs.get(article_id, ((), (), False, False))
        assert [t.casefold() for t in got["tags"]] == list(
            dict.fromkeys(t.casefold() for t in (*old_tags, *data["tags"]))
        )
        assert got["notes"][: len(old_notes)] == [(n.text, n.created, n.edited) for n in old_notes]
        assert set(got["notes"]) == {(n.text, n.created, n.edited) for n in old_notes} | set(data["notes"])
        assert len(got["notes"]) == len(set(got["notes"]))
        assert got["read"] == (old_read or data["read"]) and got["starred"] == (old_starred or data["starred"])
    # The stored spelling wins when both sides have a tag.
    assert "desk a" in merged[ids[0]]["tags"] and "Desk A" not in merged[ids[0]]["tags"]

    # Importing the same export again changes nothing at all.
    before = other.partition_signatures()
    again = import_paths(other, out)
    assert again.imported == 0 and other.partition_signatures() == before


def test_a_plain_file_imported_again_never_touches_tags_notes_or_flags(tmp_path, store):
    plain = tmp_path / "a.md"
    plain.write_text("---\ntitle: Plain story\ntags: [from-file]\nread: true\nstarred: true\n---\n\nBody text here.\n")
    import_paths(store, plain)
    (article_id,) = store.ids()
    store.untag(article_id, ["from-file"])
    store.add_note(article_id, "mine")
    row = store.row(article_id)
    assert not row.read and not row.starred  # a plain file's flags are not user state
    before = store.partition_signatures()
    report = import_paths(store, plain)
    assert report.duplicates == 1 and store.partition_signatures() == before
    assert store.row(article_id).tags == () and [n.text for n in store.row(article_id).notes] == ["mine"]


def test_an_exported_id_is_kept_when_free_and_a_prefix_of_the_content_hash(store):
    article = Article(title="Lengthened", paragraphs=("Body.",))
    long_id = article.hash[:10]
    store.add([(replace(article, exported_id=long_id, read=False), None)])
    assert store.ids() == [long_id]
    other = Article(title="Foreign id", paragraphs=("Other body.",), exported_id="deadbeefdeadbeef", read=False)
    store.add([(other, None)])
    assert other.hash[:8] in store.ids() and "deadbeefdeadbeef" not in store.ids()


def test_exported_copies_in_one_batch_merge_into_the_new_article(store):
    base = Article(
        title="Twice",
        paragraphs=("Body.",),
        tags=("a",),
        read=False,
        starred=False,
        notes=(Note("one", "2026-11-01T10:00:00+00:00"),),
        imported_at="2026-11-01T09:00:00+00:00",
    )
    second = replace(base, tags=("b",), starred=True, notes=(Note("two", "2026-11-02T10:00:00+00:00"), base.notes[0]))
    result = store.add([(base, None), (second, None)])
    assert result.added == [base.id] and result.duplicates == [base.id]
    row = store.row(base.id)
    assert row.tags == ("a", "b") and row.starred and not row.read
    assert [(n.text, n.created) for n in row.notes] == [
        ("one", "2026-11-01T10:00:00+00:00"),
        ("two", "2026-11-02T10:00:00+00:00"),
    ]
    assert row.imported_at == "2026-11-01T09:00:00+00:00"


def test_filters_select_what_is_exported(seeds_library, tmp_path):
    ids = sorted(seeds_library.ids())
    rows = select_rows(seeds_library, ExportFilter(tags=("follow-up", "#desk a")))
    assert [r.id for r in rows] == [ids[0]]
    assert [r.id for r in select_rows(seeds_library, ExportFilter(starred=True))] == [ids[1]]
    from briefing.brief.period import Period

    day = seeds_library.row(ids[3]).day()
    by_day = select_rows(seeds_library, ExportFilter(period=Period.resolve(day)))
    assert by_day and all(r.day() == day for r in by_day) and ids[3] in {r.id for r in by_day}


# ---------------------------------------------------------------------- 1,000 articles

WORDS = (
    "council budget transit strike harbour storm market rates energy vote court health school river "
    "bridge union talks election minister report climate rescue festival league final inflation"
).split()


def generated(count: int, seed: int = 13) -> list[tuple[Article, None]]:
    rng = random.Random(seed)
    first = dt.date(2026, 6, 1)
    items = []
    for index in range(count):
        paragraphs = tuple(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))).capitalize() + "."
            for _ in range(rng.randint(2, 9))
        )
        if index % 97 == 0:
            paragraphs += tuple(HOSTILE)
        article = Article(
            title=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} story {index}"
            + (" ---" if index % 50 == 0 else ""),
            paragraphs=paragraphs,
            dek=rng.choice([None, "A standfirst: with a colon"]),
            source=rng.choice(["Ledger", "Wire", None]),
            published=(first + dt.timedelta(days=index // 9)).isoformat() if index % 11 else None,
            imported_at=f"2026-06-01T{index % 24:02d}:00:00+00:00",
        )
        items.append((article, None))
    return items


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["md", "jsonl"])
def test_a_generated_library_of_1000_round_trips_and_merges(tmp_path, fmt):
    rng = random.Random(5)
    original = ArticleStore(tmp_path / "original" / "library.json")
    items = generated(1000)
    original.add(items)
    ids = sorted(original.ids())
    assert len(ids) == 1000
    for article_id in rng.sample(ids, 300):
        original.tag(article_id, rng.sample(["a", "b", "c", "Desk"], 2))
    for article_id in rng.sample(ids, 120):
        original.add_note(article_id, f"note on {article_id}\nsecond line")
    for article_id in rng.sample(ids, 400):
        original.set_read(article_id, True)
    for article_id in rng.sample(ids, 50):
        original.set_starred(article_id, True)
    out = export(original, fmt, tmp_path / ("out" if fmt == "md" else "out.jsonl"))
    want = {
        k: {f: v for f, v in d.items() if f not in ("summary", "entities")} for k, d in full_state(original).items()
    }

    restored = ArticleStore(tmp_path / "restored" / "library.json")
    assert import_paths(restored, out).imported == 1000
    got = {k: {f: v for f, v in d.items() if f not in ("summary", "entities")} for k, d in full_state(restored).items()}
    assert got == want

    # A library holding half of them (from plain copies) with its own work merges the rest in.
    half = ArticleStore(tmp_path / "half" / "library.json")
    half.add([(replace(a, imported_at=None), None) for a, _ in items[::2]])
    mine = sorted(half.ids())[:40]
    for article_id in mine:
        half.tag(article_id, ["mine"])
        half.add_note(article_id, "my note")
    report = import_paths(half, out)
    assert report.imported == 500 and report.failed == 0
    assert len(half) == 1000
    for article_id in ids:
        row, source = half.row(article_id), original.row(article_id)
        assert set(source.tags) <= set(row.tags) and set(source.notes) <= set(row.notes)
        assert row.read == source.read and row.starred == source.starred
    for article_id in mine:
        row = half.row(article_id)
        assert "mine" in row.tags and "my note" in [n.text for n in row.notes]
