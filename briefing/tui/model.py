"""What the reader shows, computed without Textual: list filters, the search query language,
display-safe text and the highlight spans of an article body.

Kept free of Textual and Rich so it is cheap to import and easy to test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from briefing.core import labels
from briefing.core.records import RowFilter
from briefing.core.text import clean_line

# Entity labels the analyzer emits, mapped to the four colours a theme defines.
label_kind = labels.kind
LABEL_ORDER = labels.ENTITY_LABELS


# --------------------------------------------------------------------- display-safe text

# Offsets into a body must survive cleaning (entity and summary spans index the body), so body
# text is made safe one character for one: controls become U+FFFD, line separators and bidi
# overrides a space. Whole escape sequences cannot survive: their ESC/CSI byte is replaced.
_SAFE_TABLE: dict[int, str] = {c: "\ufffd" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}
_SAFE_TABLE.update(dict.fromkeys((8232, 8233, *range(8234, 8239), *range(8294, 8298)), " "))
_SAFE_TABLE[0x09] = " "


def safe_text(text: str) -> str:
    """Text with every control character replaced one-for-one (offsets preserved)."""
    return text.translate(_SAFE_TABLE)


# --------------------------------------------------------------------- the search query

_TERM = re.compile(r'([#@]?)(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class Query:
    """A parsed search: plain words (title, dek, body, notes), `#tag` and `@entity` terms.

    Every term must match (AND). Matching is case-insensitive; words and entity names match as
    substrings, tags exactly. Quotes group words: `"rate cut"`, `@"Kim Jong Un"`, `#"long tag"`.
    """

    text: str = ""
    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.tags or self.entities)

    @cached_property
    def tag_filter(self) -> RowFilter:
        """The `#tag` terms as a row filter, made once per query (it is applied to every row)."""
        return RowFilter(frozenset(self.tags))


def parse_query(text: str) -> Query:
    words: list[str] = []
    tags: list[str] = []
    entities: list[str] = []
    for match in _TERM.finditer(text):
        sigil, quoted, bare = match.groups()
        term = " ".join((quoted if quoted is not None else bare).casefold().split())
        if not term or (not sigil and term in ("#", "@")):
            continue  # a sigil typed on its own: the term is still to come
        {"#": tags, "@": entities, "": words}[sigil].append(term)
    return Query(text=text.strip(), words=tuple(words), tags=tuple(tags), entities=tuple(entities))


def row_text(row) -> str:
    """The searchable text of a row without its body: title, dek, source and notes, case-folded."""
    parts = [row.title, row.dek or "", row.source or "", *(note.text for note in row.notes)]
    return "\n".join(parts).casefold()


def matches_terms(row, query: Query) -> bool:
    """The query's tag terms (all of them) against a row; words and entity terms are checked
    elsewhere (entity names live in the library's entity lookups, not in the rows)."""
    return not query.tags or query.tag_filter.accepts(row)


def matches_words(row, words: Iterable[str], body: str = "") -> bool:
    """Every word in the row's title, dek, source, notes or (case-folded) body."""
    haystack = row_text(row)
    return all(word in haystack or word in body for word in words)


# Case-folded bodies kept for repeated searches: up to this many characters as text (~100 MB: a
# 10,000-article library fits whole), then up to PACKED_CACHE_BYTES compressed (zlib, about a
# third of the size, unpacked at each search: a 50,000-article library fits); past both, the
# oldest weeks are read from disk at each search.
BODY_CACHE_CHARS = 100_000_000
PACKED_CACHE_BYTES = 100_000_000
_SEP = "\x00"  # between the bodies of a week: never inside one (bodies are cleaned of controls)


@dataclass(frozen=True, slots=True)
class _WeekBodies:
    signature: object  # the partition's files when read: a change reads them again
    ids: tuple[str, ...]
    text: str | bytes  # the case-folded bodies joined by _SEP; bytes: zlib-compressed UTF-8

    def unpacked(self) -> str:
        if isinstance(self.text, str):
            return self.text
        import zlib

        return zlib.decompress(self.text).decode("utf-8")


class BodySearch:
    """Full-text search over the library's bodies, a partition at a time, newest first.

    Runs in a worker thread. Bodies read for a partition are kept (case-folded, as one text)
    while that partition's files are unchanged and the cache has room, so the second search over
    a 10,000-article library reads nothing, and over 50,000 only unpacks. A word found in none
    of a week's bodies skips the week without looking at its articles one by one.
    """

    def __init__(self, limit: int = BODY_CACHE_CHARS, packed_limit: int = PACKED_CACHE_BYTES) -> None:
        self.limit = limit
        self.packed_limit = packed_limit
        self._cache: dict[str, _WeekBodies] = {}
        self._size = 0  # characters kept as text
        self._packed = 0  # bytes kept compressed
        self.reads = 0  # partitions read from disk (for tests and benchmarks)

    def _week(self, client, key: str, signature: object) -> tuple[tuple[str, ...], str]:
        cached = self._cache.get(key)
        if cached is not None and cached.signature == signature:
            return cached.ids, cached.unpacked()
        if cached is not None:
            self._forget(key)
        self.reads += 1
        ids, bodies = [], []
        for article_id, body in client.bodies(key):
            ids.append(article_id)
            bodies.append(body.casefold().replace(_SEP, " "))
        text = _SEP.join(bodies)
        if self._size + len(text) <= self.limit:
            self._cache[key] = _WeekBodies(signature, tuple(ids), text)
            self._size += len(text)
        elif self.packed_limit:
            import zlib

            packed = zlib.compress(text.encode("utf-8"), 1)
            if self._packed + len(packed) <= self.packed_limit:
                self._cache[key] = _WeekBodies(signature, tuple(ids), packed)
                self._packed += len(packed)
        return tuple(ids), text

    def _forget(self, key: str) -> None:
        week = self._cache.pop(key)
        if isinstance(week.text, str):
            self._size -= len(week.text)
        else:
            self._packed -= len(week.text)

    def search(
        self,
        client,
        rows,
        query: Query,
        signatures: dict[str, object],
        part_of: dict[str, str],
        should_stop: Callable[[], bool] = lambda: False,
        progress: Callable[[set[str], int, int], None] | None = None,
    ) -> set[str] | None:
        """Ids of `rows` whose words all appear in their text or body. Only the partitions
        (`part_of`: id -> partition) holding a row still unmatched are read, newest first;
        `progress(hits so far, partitions done, partitions)` after each. None if stopped."""
        words = query.words
        pending = {row.id: row for row in rows if not matches_words(row, words)}
        hits = {row.id for row in rows if row.id not in pending}
        keys = sorted({part_of[i] for i in pending if i in part_of} & set(signatures), reverse=True)
        for done, key in enumerate(keys, 1):
            if should_stop():
                return None
            ids, text = self._week(client, key, signatures[key])
            absent = [word for word in words if word not in text]
            # A word no body of the week has must be in a row's own text (title, notes...).
            if not absent or any(all(word in row_text(pending[i]) for word in absent) for i in ids if i in pending):
                for article_id, body in zip(ids, text.split(_SEP)):
                    row = pending.get(article_id)
                    if row is not None and matches_words(row, words, body):
                        hits.add(article_id)
                        del pending[article_id]
            if progress:
                progress(hits, done, len(keys))
        return hits


def tag_counts(rows) -> dict[str, int]:
    """Every tag on these rows with its number of articles, most used first."""
    counts: dict[str, int] = {}
    for row in rows:
        for tag in row.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


# --------------------------------------------------------------------- list filters


@dataclass(frozen=True)
class EntityFilter:
    """Articles mentioning one entity, under any of its names. `ids` are the articles the
    library's entity lookups found (the screen resolves them in a worker before filtering)."""

    label: str
    text: str
    aliases: tuple[str, ...] = ()
    ids: frozenset[str] | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name in (self.text, *self.aliases) if name)

    def matches(self, row) -> bool:
        return self.ids is not None and row.id in self.ids


@dataclass(frozen=True)
class FeedFilter:
    """Articles that came from one subscription."""

    id: str
    title: str

    def matches(self, row) -> bool:
        return row.feed == self.id


@dataclass(frozen=True)
class ListFilter:
    """What the list shows: every filter the user stacked."""

    unread_only: bool = False
    entities: tuple[EntityFilter, ...] = ()
    feed: FeedFilter | None = None
    query: Query = field(default_factory=Query)
    # Ids matching the whole query, computed in a worker (None: match here, without bodies).
    hits: frozenset[str] | None = None
    # True while the bodies are still being searched (`hits` is the answer so far).
    pending: bool = False
    progress: str = ""  # how far the body search has got ("3/9 weeks")

    @property
    def active(self) -> bool:
        return self.unread_only or bool(self.entities) or bool(self.query) or self.feed is not None

    def matches(self, row) -> bool:
        if self.unread_only and row.read:
            return False
        if self.feed is not None and not self.feed.matches(row):
            return False
        if not all(entity.matches(row) for entity in self.entities):
            return False
        if self.query:
            if self.hits is not None:
                return row.id in self.hits
            # The quick answer before the worker's: entity terms need the library's lookups.
            return not self.query.entities and matches_terms(row, self.query) and matches_words(row, self.query.words)
        return True

    def apply(self, rows) -> list:
        if not self.active:
            return list(rows)
        return [row for row in rows if self.matches(row)]

    def crumbs(self) -> list[tuple[str, str]]:
        """(kind, text) for the breadcrumb, one per active filter, in a stable order."""
        out: list[tuple[str, str]] = []
        if self.unread_only:
            out.append(("unread", "unread only"))
        if self.feed is not None:
            out.append(("feed", f"Feed: {clean_line(self.feed.title)}"))
        for entity in self.entities:
            out.append((label_kind(entity.label), f"{entity.label.title()}: {clean_line(entity.text)}"))
        if self.query:
            searching = f" (searching bodies… {self.progress})" if self.progress else " (searching bodies…)"
            out.append(("search", f"“{clean_line(self.query.text)}”" + (searching if self.pending else "")))
        return out

    def pop(self) -> ListFilter:
        """Remove the most specific filter: the search first, then the last entity, then the
        feed, then unread."""
        if self.query:
            return replace(self, query=Query(), hits=None, pending=False, progress="")
        if self.entities:
            return replace(self, entities=self.entities[:-1])
        if self.feed is not None:
            return replace(self, feed=None)
        return replace(self, unread_only=False)


# --------------------------------------------------------------------- dates


def short_day(row, today: dt.date, tz: dt.tzinfo | None = None) -> str:
    """`Nov 28` this year, `2025-11-28` before; the article's day in the local time zone."""
    try:
        day = row.day(tz)
    except ValueError:
        return "?"
    if day.year == today.year:
        return day.strftime("%b %d")
    return day.isoformat()


# --------------------------------------------------------------------- body highlights


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # person / org / place / other / summary


def body_marks(record) -> list[Mark]:
    """Entity mentions and summary sentences of an article as offsets into `record.body`.

    Spans that fall outside the body (an analysis made for another text) are dropped, so a stale
    analysis can never raise or paint the wrong characters past the end.
    """
    length = len(record.body)
    marks: list[Mark] = []
    for start, end in _spans(record.analysis.get("summary_spans", ())):
        if 0 <= start < end <= length:
            marks.append(Mark(start, end, "summary"))
    for entity in record.entities:
        kind = label_kind(str(entity.get("label", "")))
        for start, end in _spans(entity.get("spans", ())):
            if 0 <= start < end <= length:
                marks.append(Mark(start, end, kind))
    marks.sort(key=lambda mark: (mark.start, mark.end))
    return marks


def _spans(value) -> Iterator[tuple[int, int]]:
    for item in value or ():
        try:
            start, end = int(item[0]), int(item[1])
        except (TypeError, ValueError, IndexError):
            continue
        yield start, end


def grouped_entities(record) -> list[tuple[str, list[dict]]]:
    """The article's entities grouped by label (PERSON, ORG, PLACE, then others), each group by
    mention count, most mentioned first."""
    groups: dict[str, list[dict]] = {}
    for entity in record.entities:
        if entity.get("text"):
            groups.setdefault(str(entity.get("label", "OTHER")), []).append(entity)
    order = [label for label in LABEL_ORDER if label in groups] + sorted(set(groups) - set(LABEL_ORDER))
    return [
        (label, sorted(groups[label], key=lambda e: (-int(e.get("count", 0) or 0), str(e["text"]).casefold())))
        for label in order
    ]
