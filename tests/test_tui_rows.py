"""The reader's rows, merged a week at a time as the background load and reloads bring them."""

from __future__ import annotations

from dataclasses import replace

from briefing.core.records import ArticleRow
from briefing.tui.rows import LibraryRows


def row(article_id: str, published: str) -> ArticleRow:
    return ArticleRow(
        id=article_id,
        title=article_id,
        dek=None,
        source=None,
        url=None,
        published=published,
        imported_at="2026-11-28T08:00:00+00:00",
    )


def test_weeks_arrive_newest_first_and_older_weeks_are_appended():
    rows = LibraryRows()
    rows.merge({"2026-W48": [row("a", "2026-11-27"), row("b", "2026-11-24")]})
    rows.merge({"2026-W47": [row("c", "2026-11-20")], "2026-W46": [row("d", "2026-11-10")]})
    assert [r.id for r in rows.all] == ["a", "b", "c", "d"]
    assert rows.part_of == {"a": "2026-W48", "b": "2026-W48", "c": "2026-W47", "d": "2026-W46"}
    assert rows.get("c").id == "c" and rows.get("zz") is None and len(rows) == 4


def test_a_reloaded_or_new_week_is_put_in_its_place_and_gone_weeks_dropped():
    rows = LibraryRows()
    rows.merge({"2026-W48": [row("a", "2026-11-27")], "2026-W46": [row("d", "2026-11-10")]})
    rows.merge({"2026-W47": [row("c", "2026-11-20")], "2026-W48": [row("n", "2026-11-28"), row("a", "2026-11-27")]})
    assert [r.id for r in rows.all] == ["n", "a", "c", "d"]
    rows.merge({}, gone=["2026-W47"])
    assert [r.id for r in rows.all] == ["n", "a", "d"] and rows.get("c") is None


def test_a_saved_row_replaces_the_old_one_in_place():
    rows = LibraryRows()
    rows.merge({"2026-W48": [row("a", "2026-11-27"), row("b", "2026-11-24")]})
    rows.merge({"2026-W47": [row("c", "2026-11-20")]})
    starred = replace(rows.get("c"), starred=True)
    assert rows.replace(starred) and rows.all[2].starred and rows.get("c").starred
    assert not rows.replace(row("zz", "2026-01-01"))
