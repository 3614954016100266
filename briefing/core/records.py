"""The records every layer shares: what the library holds about an article (its row, the whole
record, the user's notes) and the contract's JSON shape of them (CONTRACT.md).

Pure data: the store builds these from its files, the brief, the CLI and the reader read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing.core.dates import local_day

# The stored entity fields the contract's JSON shape carries (spans stay internal).
CONTRACT_ENTITY_FIELDS = ("text", "label", "count", "aliases")


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    created: str
    edited: str | None = None  # when the text was last changed, if ever

    def to_dict(self) -> dict:
        """The contract's note shape; `edited` is added only for a note that was edited."""
        data = {"text": self.text, "created": self.created}
        if self.edited:
            data["edited"] = self.edited
        return data


def contract_article(article) -> dict:
    """The article fields of CONTRACT.md's JSON shape, in its order, from any object with a
    row's attributes (ArticleRow, the brief's articles). Summary and entities come next, then
    the fields added since (`feed`, ...)."""
    return {
        "id": article.id,
        "title": article.title,
        "dek": article.dek,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "imported_at": article.imported_at,
        "tags": list(article.tags),
        "read": article.read,
        "starred": article.starred,
        "notes": [note.to_dict() for note in article.notes],
    }


def contract_entities(entities: Iterable[dict]) -> list[dict]:
    """Stored entities in the contract's shape: text, label, count, aliases (no spans)."""
    return [
        {
            "text": e.get("text", ""),
            "label": e.get("label", ""),
            "count": e.get("count", 0),
            "aliases": list(e.get("aliases", ())),
        }
        for e in entities
    ]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """What the list needs of an article: index fields plus the user's data. No body."""

    id: str
    title: str
    dek: str | None
    source: str | None
    url: str | None
    published: str | None
    imported_at: str
    origin: str | None = None
    hash: str = ""
    analyzer: str | None = None
    feed: str | None = None
    date_source: str | None = None
    text_source: str | None = None
    text_problem: str | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    read: bool = False
    starred: bool = False

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.published or self.imported_at, self.imported_at, self.id)

    def day(self, tz=None):
        return local_day(self.published, self.imported_at, tz)

    @property
    def has_user_work(self) -> bool:
        """Tags, notes or a star: what retention never removes."""
        return bool(self.tags or self.notes or self.starred)

    def to_dict(self) -> dict:
        """The contract's article shape, without summary and entities."""
        return {**contract_article(self), "feed": self.feed}


@dataclass(frozen=True, slots=True)
class ArticleRecord(ArticleRow):
    """A whole article: the row plus body paragraphs and the stored analysis.

    A record loaded without its body (`store.get_many(ids, body=False)`, what the brief
    reads) has no paragraphs and an analysis without spans."""

    paragraphs: tuple[str, ...] = ()
    analysis: dict = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def summary(self) -> list[str]:
        return list(self.analysis.get("summary", []))

    @property
    def entities(self) -> list[dict]:
        return list(self.analysis.get("entities", []))

    def to_dict(self) -> dict:
        data = contract_article(self)
        data["summary"] = self.summary
        data["entities"] = contract_entities(self.entities)
        data["feed"] = self.feed
        data["origin"] = self.origin
        data["body"] = self.body
        return data


def tag_keys(tags: Iterable[str]) -> frozenset[str]:
    """Tags as every filter compares them: as the library stores them (no '#', one line, see
    normalise_tag) and case-folded; empty ones dropped."""
    from briefing.core.model import normalise_tag

    return frozenset(key for key in (normalise_tag(tag).casefold() for tag in tags) if key)


@dataclass(frozen=True, slots=True)
class RowFilter:
    """The user-state filters the list, the brief, the export and the reader's #tag terms share:
    every one of `tags` (tag keys, case-insensitive), and only starred or unread rows if asked.
    Works on an ArticleRow or anything with its `tags`, `starred` and `read`."""

    tags: frozenset[str] = frozenset()
    starred: bool = False
    unread: bool = False

    @classmethod
    def of(cls, tags: Iterable[str] = (), *, starred: bool = False, unread: bool = False) -> RowFilter:
        return cls(tag_keys(tags), starred, unread)

    def __bool__(self) -> bool:
        return bool(self.tags or self.starred or self.unread)

    def accepts(self, row) -> bool:
        if self.starred and not row.starred:
            return False
        if self.unread and row.read:
            return False
        return not self.tags or self.tags <= {tag.casefold() for tag in row.tags}

    def apply(self, rows: Iterable) -> list:
        return [row for row in rows if self.accepts(row)] if self else list(rows)
