"""The reader's Textual-free logic: the query language, filters, safe text, body marks."""

from __future__ import annotations

import datetime as dt

from briefing.store import ArticleRecord, ArticleRow, Note
from briefing.tui.model import (
    BodyIndex,
    EntityFilter,
    ListFilter,
    Query,
    body_marks,
    grouped_entities,
    parse_query,
    safe_text,
    short_day,
)


def row(article_id="a1", title="Title", **kwargs) -> ArticleRow:
    defaults = dict(dek=None, source=None, url=None, published="2026-11-27", imported_at="2026-11-28T08:00:00+00:00")
    defaults.update(kwargs)
    return ArticleRow(id=article_id, title=title, **defaults)


def test_parse_query_sorts_terms_and_keeps_quoted_groups():
    query = parse_query('Rate  CUT #Markets @"Jerome Powell" @fed "soft landing" #"long tag"')
    assert query.words == ("rate", "cut", "soft landing")
    assert query.tags == ("markets", "long tag")
    assert query.entities == ("jerome powell", "fed")
    assert not parse_query("   # @ ")
    assert parse_query('"unclosed quote').words == ("unclosed quote",)


def test_filters_match_words_tags_entities_and_unread():
    rows = [
        row("a1", "Fed holds rates", tags=("markets",), entity_keys=("ORG:federal reserve", "ORG:fed")),
        row("a2", "Storm hits coast", read=True, notes=(Note("ask about rates", "2026-11-28T08:00:00+00:00"),)),
        row("a3", "Coral reef mapped", entity_keys=("PLACE:tasmania",)),
    ]
    assert [r.id for r in ListFilter(query=parse_query("rates")).apply(rows)] == ["a1", "a2"]  # title, note
    assert [r.id for r in ListFilter(query=parse_query("#MARKETS")).apply(rows)] == ["a1"]
    assert [r.id for r in ListFilter(query=parse_query("@reserve")).apply(rows)] == ["a1"]
    assert [r.id for r in ListFilter(unread_only=True).apply(rows)] == ["a1", "a3"]
    place = EntityFilter("PLACE", "Tasmania", ("Tas.",))
    assert [r.id for r in ListFilter(entities=(place,)).apply(rows)] == ["a3"]
    # hits from the body search replace the quick match
    assert [r.id for r in ListFilter(query=parse_query("rates"), hits=frozenset({"a3"})).apply(rows)] == ["a3"]


def test_pop_removes_search_then_last_entity_then_unread():
    one, two = EntityFilter("PERSON", "A"), EntityFilter("ORG", "B")
    stacked = ListFilter(unread_only=True, entities=(one, two), query=parse_query("x"))
    assert stacked.pop() == ListFilter(unread_only=True, entities=(one, two))
    assert stacked.pop().pop() == ListFilter(unread_only=True, entities=(one,))
    assert stacked.pop().pop().pop() == ListFilter(unread_only=True)
    assert not stacked.pop().pop().pop().pop().active
    assert ListFilter(query=Query()).crumbs() == []


class FakeStore:
    def __init__(self, bodies):
        self.bodies = bodies
        self.reads = 0
        self.version = 1

    def signature(self):
        return (self.version, 0)

    def iter_bodies(self):
        self.reads += 1
        yield from self.bodies.items()


def test_body_index_is_read_once_per_library_change():
    store = FakeStore({"a1": "The Fed held RATES.", "a2": "Nothing here."})
    index = BodyIndex()
    rows = [row("a1", "One"), row("a2", "Two")]
    assert index.refresh(store)
    assert index.search(rows, parse_query("fed rates")) == {"a1"}
    assert index.refresh(store) and store.reads == 1
    store.version = 2
    store.bodies["a2"] = "now the fed too"
    assert index.refresh(store) and store.reads == 2
    assert index.search(rows, parse_query("fed")) == {"a1", "a2"}
    assert not BodyIndex().refresh(store, should_stop=lambda: True)


def test_safe_text_replaces_controls_one_for_one():
    hostile = "a\x1b[2Jb\x9b31mc\x07d\u202ee\tf\ng"
    cleaned = safe_text(hostile)
    assert len(cleaned) == len(hostile)
    assert "\x1b" not in cleaned and "\x9b" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned
    assert cleaned.endswith("f\ng")


def test_body_marks_keep_valid_spans_and_drop_the_rest():
    record = ArticleRecord(
        id="a1", title="T", dek=None, source=None, url=None, published=None, imported_at="2026-11-28T08:00:00+00:00",
        paragraphs=("Kim met Biden.", "Then left."),
        analysis={
            "summary_spans": [[0, 14], [16, 99]],
            "entities": [
                {"text": "Biden", "label": "PERSON", "count": 1, "spans": [[8, 13], [50, 55], ["x", 1]]},
                {"text": "Kim", "label": "NORP", "count": 1, "spans": [[0, 3]]},
            ],
        },
    )
    marks = [(m.start, m.end, m.kind) for m in body_marks(record)]
    assert marks == [(0, 3, "other"), (0, 14, "summary"), (8, 13, "person")]
    assert [label for label, _ in grouped_entities(record)] == ["PERSON", "NORP"]


def test_short_day_shows_the_year_only_for_other_years():
    today = dt.date(2026, 11, 28)
    assert short_day(row(published="2026-11-27"), today) == "Nov 27"
    assert short_day(row(published="2025-11-27"), today) == "2025-11-27"
    assert short_day(row(published=None), today) == "Nov 28"  # the import day
    utc_evening = row(published="2026-11-27T23:30:00+00:00")
    assert short_day(utc_evening, today, dt.timezone(dt.timedelta(hours=2))) == "Nov 28"


def test_tag_dialog_splits_on_spaces_and_commas_and_keeps_quoted_phrases():
    from briefing.tui.screens.dialogs import split_tags

    assert split_tags("local urgent, #Follow-Up") == ["local", "urgent", "#Follow-Up"]
    assert split_tags('"north  korea" asia,#x "" # ,,') == ["north korea", "asia", "#x"]
