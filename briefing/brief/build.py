"""Building a brief: choose the articles, merge their entities, group them, order everything.

`build_brief(store, query)` reads the rows of the weeks around the day (or the window), keeps
the articles that pass the filters, and loads only their summaries and entities with
`store.records(rows, body=False)` (bodies only when more sentences are asked for than stored). `brief_from_records` does the rest on records already in memory; it is
pure (no I/O), which is what the tests and the dev-set measurement call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.brief.entities import DayEntities
from briefing.brief.grouping import TEXT_WEIGHT, THRESHOLD, PairSimilarities, StoryDoc, group_stories
from briefing.brief.model import BRIEF_LABELS, Brief, BriefArticle, BriefGroup, EntityName, TopEntity
from briefing.brief.period import Period, tz_name
from briefing.core.memory import gc_paused
from briefing.core.records import RowFilter
from briefing.core.text import written_headline

KEY_ENTITIES = 5  # per article
STORED_SENTENCES = 3  # the summary length an import stores
GROUP_ENTITIES = 4  # shared names shown under a story's title
TOP_ENTITIES = 10  # of the day


@dataclass(frozen=True)
class BriefQuery:
    """What to brief. `date` and `since` are the CLI's strings (or a date / timedelta)."""

    date: str | dt.date | None = None
    since: str | dt.timedelta | None = None
    tz: dt.tzinfo | None = None
    tags: tuple[str, ...] = ()
    starred: bool = False
    unread: bool = False
    by: str = "story"  # or "tag"
    sentences: int = 3
    top_entities: int = TOP_ENTITIES
    now: dt.datetime | None = None  # the clock, for tests

    def period(self) -> Period:
        return Period.resolve(self.date, self.since, self.tz, self.now)


def select_rows(rows: Sequence, query: BriefQuery, period: Period | None = None) -> list:
    """The rows (ArticleRow or ArticleRecord) a brief covers, in the order given."""
    period = period or query.period()
    wanted = RowFilter.of(query.tags, starred=query.starred, unread=query.unread)
    return [row for row in rows if wanted.accepts(row) and period.contains(row.published, row.imported_at)]


def build_brief(store, query: BriefQuery | None = None) -> Brief:
    """The brief of a library (an ArticleStore) for `query` (default: today, every article)."""
    query = query or BriefQuery()
    period = query.period()
    first = period.since.date() if period.since else period.day
    last = period.until.date() if period.until else period.day
    with gc_paused():
        rows = select_rows(store.rows_around(first, last), query, period)
        body = query.sentences > STORED_SENTENCES
        records = store.records(rows, body=body) if rows else []
        return brief_from_records(records, query, period)


def _summary(record, sentences: int) -> tuple[str, ...]:
    """At most `sentences` summary sentences: the stored ones, or a fresh longer summary when
    more are asked for than were stored (and the analyzer is installed)."""
    stored = [s for s in record.summary if isinstance(s, str)]
    if sentences <= len(stored) or len(stored) < 3 or not record.paragraphs:
        # Fewer than 3 stored sentences means the analyzer already took all the article had.
        return tuple(stored[:sentences])
    try:
        from briefing.analysis import analyze
    except ImportError:
        return tuple(stored)
    try:
        fresh = analyze(written_headline(record.title, record.paragraphs), record.dek, record.body, sentences=sentences)
    except Exception:  # a longer summary is a nicety; never lose the brief over it
        return tuple(stored)
    texts = [getattr(s, "text", s) for s in fresh.summary]
    return tuple(t for t in texts if isinstance(t, str))[:sentences] or tuple(stored)


def _story_text(record) -> str:
    """What grouping reads besides the headline: standfirst and stored summary."""
    return " ".join([record.dek or "", *[s for s in record.summary if isinstance(s, str)]])


def brief_from_records(records: Sequence, query: BriefQuery | None = None, period: Period | None = None) -> Brief:
    """The brief of these ArticleRecords (already chosen: no filtering happens here)."""
    query = query or BriefQuery()
    period = period or query.period()
    day_entities = DayEntities([record.entities for record in records])
    names = {entity.key: EntityName(entity.text, entity.label) for entity in day_entities.entities}
    spread = {entity.key: len(entity.articles) for entity in day_entities.entities}
    labels = {entity.key: entity.label for entity in day_entities.entities}

    articles: list[BriefArticle] = []
    moments: list[float] = []
    for index, record in enumerate(records):
        counts = day_entities.per_article[index]
        key_order = sorted(
            (key for key in counts if labels[key] in BRIEF_LABELS),
            key=lambda key: (-counts[key], -spread[key], names[key].text.casefold()),
        )
        articles.append(
            BriefArticle.of(
                record,
                brief_day=_day(period, record),
                when=period.display(record.published, record.imported_at),
                summary=_summary(record, query.sentences),
                entities=tuple(e for e in record.entities if isinstance(e, dict)),
                key_entities=tuple(names[key] for key in key_order[:KEY_ENTITIES]),
            )
        )
        moments.append(period.sort_value(record.published, record.imported_at))

    if query.by == "tag":
        groups = _tag_groups(articles, moments)
    else:
        groups = _story_groups(records, articles, moments, day_entities, names, spread, labels)

    sources: dict[str, str] = {}
    for article in articles:
        if article.source and article.source.strip():
            sources.setdefault(article.source.strip().casefold(), article.source.strip())
    top = day_entities.top(BRIEF_LABELS, query.top_entities)
    return Brief(
        date=period.day,
        timezone=tz_name(period.tz, query.now),
        groups=tuple(groups),
        top_entities=tuple(
            TopEntity(e.text, e.label, articles=len(e.articles), mentions=e.mentions, aliases=e.aliases) for e in top
        ),
        article_count=len(articles),
        sources=tuple(sorted(sources.values(), key=str.casefold)),
        since=period.since,
        until=period.until,
        group_by="tag" if query.by == "tag" else "story",
        tags=tuple(t.strip().lstrip("#") for t in query.tags if t.strip().lstrip("#")),
        starred_only=query.starred,
        unread_only=query.unread,
        sentences=query.sentences,
    )


def _day(period: Period, record) -> dt.date:
    try:
        moment = period.article_moment(record.published, record.imported_at)
    except ValueError:
        return period.day
    return moment.date() if isinstance(moment, dt.datetime) else moment


def story_clusters(
    records: Sequence,
    day_entities: DayEntities | None = None,
    *,
    threshold: float = THRESHOLD,
    text_weight: float = TEXT_WEIGHT,
) -> tuple[list[list[int]], PairSimilarities]:
    """Story groups of records (lists of indices) and the pair similarities behind them: what
    the brief does, exposed for measuring grouping on the dev set."""
    day_entities = day_entities or DayEntities([record.entities for record in records])
    docs = [
        StoryDoc(record.title, _story_text(record), day_entities.per_article[index])
        for index, record in enumerate(records)
    ]
    return group_stories(docs, threshold, text_weight)


def _story_groups(records, articles, moments, day_entities, names, spread, labels) -> list[BriefGroup]:
    clusters, sims = story_clusters(records, day_entities)

    def centrality(index: int, members: list[int]) -> float:
        return sum(sims.get((min(index, other), max(index, other)), 0.0) for other in members if other != index)

    scored = []
    for members in clusters:
        # Lead article: starred first, then the one most like the others, then the newest.
        order = sorted(
            members,
            key=lambda i: (not articles[i].starred, -round(centrality(i, members), 9), -moments[i], articles[i].id),
        )
        shared: dict[int, list[int]] = {}
        for i in members:
            for key, count in day_entities.per_article[i].items():
                if labels[key] in BRIEF_LABELS:
                    shared.setdefault(key, []).append(count)
        entities = ()
        if len(members) > 1:
            common = [key for key, counts in shared.items() if len(counts) > 1]
            common.sort(key=lambda key: (-len(shared[key]), -sum(shared[key]), names[key].text.casefold()))
            entities = tuple(names[key] for key in common[:GROUP_ENTITIES])
        # Entity weight: how much the story involves names that other articles of the day carry.
        weight = sum(spread[key] for key in shared if spread[key] > 1)
        starred = sum(1 for i in members if articles[i].starred)
        group = BriefGroup(
            title=articles[order[0]].title,
            articles=tuple(articles[i] for i in order),
            entities=entities,
        )
        scored.append(
            ((-len(members), -starred, -weight, -max(moments[i] for i in members), articles[order[0]].id), group)
        )
    scored.sort(key=lambda item: item[0])
    return [group for _, group in scored]


def _tag_groups(articles: list[BriefArticle], moments: list[float]) -> list[BriefGroup]:
    """One group per tag; each article goes under its tag that most of the brief's articles
    carry (ties: the article's first such tag), so every article appears once. Untagged
    articles come last."""
    counts: dict[str, int] = {}
    display: dict[str, str] = {}
    for article in articles:
        for tag in {t.casefold(): t for t in article.tags}.items():
            counts[tag[0]] = counts.get(tag[0], 0) + 1
            display.setdefault(tag[0], tag[1])
    members: dict[str, list[int]] = {}
    for index, article in enumerate(articles):
        folded = [t.casefold() for t in article.tags]
        key = min(folded, key=lambda t: (-counts[t], folded.index(t))) if folded else ""
        members.setdefault(key, []).append(index)
    groups = []
    for key, indices in members.items():
        indices.sort(key=lambda i: (not articles[i].starred, -moments[i], articles[i].id))
        starred = sum(1 for i in indices if articles[i].starred)
        group = BriefGroup(
            title=f"#{display[key]}" if key else "Untagged",
            articles=tuple(articles[i] for i in indices),
            tag=display.get(key, ""),
        )
        groups.append(((key == "", -len(indices), -starred, key), group))
    groups.sort(key=lambda item: item[0])
    return [group for _, group in groups]
