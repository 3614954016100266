"""What the reader shows, computed without Textual: list filters, the search query language,
display-safe text and the highlight spans of an article body.

Kept free of Textual and Rich so it is cheap to import and easy to test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from briefing.core.text import clean_line

# Entity labels the analyzer emits, mapped to the four colours a theme defines.
LABEL_KINDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "PLACE": "place",
    "GPE": "place",
    "LOC": "place",
}
LABEL_ORDER = ("PERSON", "ORG", "PLACE")


def label_kind(label: str) -> str:
    """`person`, `org`, `place` or `other`: the theme colour an entity label is drawn in."""
    return LABEL_KINDS.get(label, "other")


# --------------------------------------------------------------------- display-safe text

# Offsets into a body must survive cleaning (entity and summary spans index the body), so body
# text is made safe one character for one: controls become U+FFFD, line separators and bidi
# overrides a space. Whole escape sequences cannot survive: their ESC/CSI byte is replaced.
_SAFE_TABLE: dict[int, str] = {c: "\ufffd" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}
_SAFE_TABLE.update({c: " " for c in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_SAFE_TABLE[0x09] = " "


def safe_text(text: str) -> str:
    """Text with every control character replaced one-for-one (offsets preserved)."""
    return text.translate(_SAFE_TABLE)


def one_line(text: str | None) -> str:
    """Untrusted text for a single line: escape sequences and controls removed, spaces collapsed."""
    return clean_line(text or "")


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
    """Tag and entity terms (all of them) against a row; words are checked elsewhere."""
    if query.tags:
        have = {tag.casefold() for tag in row.tags}
        if not all(tag in have for tag in query.tags):
            return False
    if query.entities:
        names = [key.partition(":")[2] for key in row.entity_keys]
        if not all(any(term in name for name in names) for term in query.entities):
            return False
    return True


def matches_words(row, words: Iterable[str], body: str = "") -> bool:
    """Every word in the row's title, dek, source, notes or (case-folded) body."""
    haystack = row_text(row)
    return all(word in haystack or word in body for word in words)


class BodyIndex:
    """Case-folded bodies for full-text search, read once per change of the library's index.

    Built in a worker thread from `store.iter_bodies()`; `signature` is the store's index
    signature it was built for, so a later import rebuilds it.
    """

    def __init__(self) -> None:
        self.signature: object = None
        self.bodies: dict[str, str] = {}

    def refresh(self, store, should_stop=lambda: False) -> bool:
        """Rebuild if the library changed since the last build. False if stopped half-way."""
        signature = store.signature()[0]
        if signature == self.signature and self.bodies:
            return True
        bodies: dict[str, str] = {}
        for article_id, body in store.iter_bodies():
            if should_stop():
                return False
            bodies[article_id] = body.casefold()
        self.bodies, self.signature = bodies, signature
        return True

    def search(self, rows, query: Query) -> set[str]:
        """Ids of the rows that match every term of the query, bodies included."""
        return {
            row.id
            for row in rows
            if matches_terms(row, query) and matches_words(row, query.words, self.bodies.get(row.id, ""))
        }


# --------------------------------------------------------------------- list filters


@dataclass(frozen=True)
class EntityFilter:
    """Articles mentioning one entity, under any of its names."""

    label: str
    text: str
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(f"{self.label}:{name.casefold()}" for name in (self.text, *self.aliases) if name)

    def matches(self, row) -> bool:
        return not self.keys.isdisjoint(row.entity_keys)


@dataclass(frozen=True)
class ListFilter:
    """What the list shows: every filter the user stacked."""

    unread_only: bool = False
    entities: tuple[EntityFilter, ...] = ()
    query: Query = field(default_factory=Query)
    # Ids matching the whole query, computed in a worker (None: match here, without bodies).
    hits: frozenset[str] | None = None
    # True while the bodies are still being searched (`hits` is the quick, body-less answer).
    pending: bool = False

    @property
    def active(self) -> bool:
        return self.unread_only or bool(self.entities) or bool(self.query)

    def matches(self, row) -> bool:
        if self.unread_only and row.read:
            return False
        if not all(entity.matches(row) for entity in self.entities):
            return False
        if self.query:
            if self.hits is not None:
                return row.id in self.hits
            return matches_terms(row, self.query) and matches_words(row, self.query.words)
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
        for entity in self.entities:
            out.append((label_kind(entity.label), f"{entity.label.title()}: {one_line(entity.text)}"))
        if self.query:
            out.append(("search", f"“{one_line(self.query.text)}”" + (" (searching bodies…)" if self.pending else "")))
        return out

    def pop(self) -> ListFilter:
        """Remove the most specific filter: the search first, then the last entity, then unread."""
        if self.query:
            return replace(self, query=Query(), hits=None, pending=False)
        if self.entities:
            return replace(self, entities=self.entities[:-1])
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
