"""The reader's Textual-free logic: the query language, filters, safe text, body marks."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from briefing.core.records import ArticleRecord, ArticleRow
from briefing.tui.model import (
    BodySearch,
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
    defaults = {
        "dek": None,
        "source": None,
        "url": None,
        "published": "2026-11-27",
        "imported_at": "2026-11-28T08:00:00+00:00",
    }
    defaults.update(kwargs)
    return ArticleRow(id=article_id, title=title, **defaults)


def test_parse_query_sorts_terms_and_keeps_quoted_groups():
    query = parse_query('Rate  CUT #Markets @"Jerome Powell" @fed "soft landing" #"long tag"')
    assert query.words == ("rate", "cut", "soft landing")
    assert query.tags == ("markets", "long tag")
    assert query.entities == ("jerome powell", "fed")
    assert not parse_query("   # @ ")
    assert parse_query('"unclosed quote').words == ("unclosed quote",)


def test_filters_match_words_tags_entities_and_unread(store):
    from briefing.core.model import Article

    def analysed(title, body, *entities):
        return Article(title=title, paragraphs=(body,)), {
            "summary": [],
            "analyzer": "t",
            "entities": [{"text": t, "label": lab, "count": 1, "aliases": list(a)} for t, lab, a in entities],
        }

    a1, a2, a3 = (
        analysed("Fed holds rates", "x", ("Federal Reserve", "ORG", ("Fed",))),
        analysed("Storm hits coast", "y"),
        analysed("Coral reef mapped", "z", ("Tasmania", "PLACE", ("Tas.",))),
    )
    ids = store.add([a1, a2, a3]).added
    store.tag(ids[0], ["markets"])
    store.set_read(ids[1], True)
    store.add_note(ids[1], "ask about rates")
    rows = sorted(store.rows(), key=lambda r: ids.index(r.id))
    named = lambda *ids_: [ids.index(i) + 1 for i in ids_]  # noqa: E731
    assert named(*(r.id for r in ListFilter(query=parse_query("rates")).apply(rows))) == [1, 2]  # title, note
    assert named(*(r.id for r in ListFilter(query=parse_query("#MARKETS")).apply(rows))) == [1]
    # entity terms are answered by the library's entity lookups (the screen's search worker)
    assert named(*store.mentioning_text(["reserve"])) == [1]
    assert named(*(r.id for r in ListFilter(unread_only=True).apply(rows))) == [1, 3]
    place = EntityFilter("PLACE", "Tasmania", ("Tas.",))
    place = replace(place, ids=frozenset(store.mentioning(place.label, place.names)))
    assert named(*(r.id for r in ListFilter(entities=(place,)).apply(rows))) == [3]
    rows = [row("a1", "Fed holds rates"), row("a2", "Storm hits coast"), row("a3", "Coral reef mapped")]
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


class FakeClient:
    def __init__(self, bodies):
        self.bodies_by_week = bodies
        self.reads = 0

    def bodies(self, key):
        self.reads += 1
        yield from self.bodies_by_week[key].items()


def test_body_search_reads_a_week_once_per_change():
    client = FakeClient({"2026-W48": {"a1": "The Fed held RATES."}, "2026-W47": {"a2": "Nothing here."}})
    search = BodySearch()
    rows = [row("a1", "One"), row("a2", "Two")]
    part_of = {"a1": "2026-W48", "a2": "2026-W47"}
    signatures = {"2026-W48": 1, "2026-W47": 1}
    assert search.search(client, rows, parse_query("fed rates"), signatures, part_of) == {"a1"}
    assert search.search(client, rows, parse_query("fed"), signatures, part_of) == {"a1"} and client.reads == 2
    signatures["2026-W47"] = 2
    client.bodies_by_week["2026-W47"]["a2"] = "now the fed too"
    assert search.search(client, rows, parse_query("fed"), signatures, part_of) == {"a1", "a2"}
    assert client.reads == 3  # only the changed week was read again
    assert search.search(client, rows, parse_query("fed"), signatures, part_of, should_stop=lambda: True) is None
    # a week with nothing left to match is not read at all
    assert search.search(client, [row("a1", "Fed one")], parse_query("fed"), signatures, part_of) == {"a1"}
    assert client.reads == 3


def test_body_search_cache_is_bounded():
    client = FakeClient({"w1": {"a1": "x" * 100}, "w2": {"a2": "y" * 100}})
    search = BodySearch(limit=150, packed_limit=0)
    rows = [row("a1", "One"), row("a2", "Two")]
    part_of, signatures = {"a1": "w1", "a2": "w2"}, {"w1": 1, "w2": 1}
    for _ in range(2):
        assert search.search(client, rows, parse_query("y"), signatures, part_of) == {"a2"}
    assert client.reads == 3  # one week fits the cache, the other is read each time


def test_body_search_keeps_weeks_past_the_text_budget_compressed():
    client = FakeClient(
        {
            "w1": {"a1": "x" * 100},
            "w2": {"a2": "Rates " + "y" * 100, "a3": "Nothing about it."},
            "w3": {"a4": "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(80))},
        }
    )
    search = BodySearch(limit=150, packed_limit=200)  # w3 (5,120 hex digits) packs to more than that
    rows = [row("a1", "One"), row("a2", "Two"), row("a3", "Three"), row("a4", "Four")]
    part_of = {"a1": "w1", "a2": "w2", "a3": "w2", "a4": "w3"}
    signatures = {"w1": 1, "w2": 1, "w3": 1}
    for _ in range(3):
        assert search.search(client, rows, parse_query("rates"), signatures, part_of) == {"a2"}
    assert client.reads == 3 + 2  # w1 kept as text, w2 packed, w3 read at each search
    signatures["w2"] = 2
    client.bodies_by_week["w2"]["a3"] = "now rates too"
    assert search.search(client, rows, parse_query("rates"), signatures, part_of) == {"a2", "a3"}


def test_a_word_in_no_body_of_a_week_still_matches_a_title():
    client = FakeClient({"w1": {"a1": "the fed held rates", "a2": "weather"}})
    search = BodySearch()
    rows = [row("a1", "Budget"), row("a2", "Budget talks")]
    part_of, signatures = {"a1": "w1", "a2": "w1"}, {"w1": 1}
    assert search.search(client, rows, parse_query("talks weather"), signatures, part_of) == {"a2"}
    assert search.search(client, rows, parse_query("budget fed"), signatures, part_of) == {"a1"}
    assert search.search(client, rows, parse_query("zyzzyva"), signatures, part_of) == set()


def test_safe_text_replaces_controls_one_for_one():
    hostile = "a\x1b[2Jb\x9b31mc\x07d\u202ee\tf\ng"
    cleaned = safe_text(hostile)
    assert len(cleaned) == len(hostile)
    assert "\x1b" not in cleaned and "\x9b" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned
    assert cleaned.endswith("f\ng")


def test_body_marks_keep_valid_spans_and_drop_the_rest():
    record = ArticleRecord(
        id="a1",
        title="T",
        dek=None,
        source=None,
        url=None,
        published=None,
        imported_at="2026-11-28T08:00:00+00:00",
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
