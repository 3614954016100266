"""What a brief is: plain frozen dataclasses that every renderer (and the TUI) reads.

No Rich, Textual or Click here. `Brief.to_dict()` is the JSON shape of CONTRACT.md
(`brief --format json`), with extra fields appended after the contract's, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import NamedTuple

from briefing.core.labels import ENTITY_LABELS
from briefing.core.records import ArticleRow, Note, contract_article, contract_entities
from briefing.core.text import clean_line, strip_controls

# The entity kinds a brief talks about ("people, organisations and places").
BRIEF_LABELS = ENTITY_LABELS

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """ "Monday 23 November 2026", the same in every locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


@dataclass(frozen=True)
class EntityName:
    """An entity as a brief names it: the display text and its label."""

    text: str
    label: str


ROW_FIELDS = tuple(f.name for f in fields(ArticleRow))


class Byline(NamedTuple):
    """An article's byline parts, each already one clean line (tags with their '#')."""

    source: str
    when: str
    id: str
    tags: tuple[str, ...]

    def plain(self) -> str:
        """ "Source · 2026-11-23 · id 3f9a1c2e · #tag #tag"."""
        return " · ".join(part for part in (self.source, self.when, f"id {self.id}", " ".join(self.tags)) if part)


@dataclass(frozen=True, slots=True, kw_only=True)
class BriefArticle(ArticleRow):
    """One article in a brief: its row (the fields every layer shares), the day it belongs to
    in the brief's time zone, how the renderers show its date, the summary to show and its
    entities."""

    brief_day: dt.date
    when: str  # how the renderers show the date: "2026-11-23", "2026-11-23 14:05" or "imported 2026-11-23"
    summary: tuple[str, ...]
    entities: tuple[dict, ...]  # as stored: {"text", "label", "count", "aliases", ...}
    key_entities: tuple[EntityName, ...]  # the few people, organisations and places to show

    @classmethod
    def of(cls, row: ArticleRow, **brief_fields) -> BriefArticle:
        """A row's brief article: its row fields as they are, plus the brief's fields."""
        return cls(**{name: getattr(row, name) for name in ROW_FIELDS}, **brief_fields)

    def byline(self) -> Byline:
        """The line under the headline, the same in every format: source, when, id, #tags."""
        return Byline(
            clean_line(self.source),
            clean_line(self.when),
            clean_line(self.id),
            tuple("#" + clean_line(tag) for tag in self.tags),
        )

    @staticmethod
    def note_lines(note: Note) -> list[str]:
        """A note's text as the brief shows it: its non-blank lines, each one clean line."""
        return [line for line in (clean_line(part) for part in strip_controls(note.text).split("\n")) if line]

    def to_dict(self) -> dict:
        """The contract's article shape (no body), then `day`."""
        return {
            **contract_article(self),
            "summary": list(self.summary),
            "entities": contract_entities(self.entities),
            "feed": self.feed,
            "day": self.brief_day.isoformat(),
        }


@dataclass(frozen=True)
class TopEntity:
    """An entity of the day: in how many of the brief's articles, mentioned how often."""

    text: str
    label: str
    articles: int
    mentions: int
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "label": self.label,
            "articles": self.articles,
            "mentions": self.mentions,
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True)
class BriefGroup:
    """A story (articles grouped by shared entities and vocabulary) or, with `--by tag`, a tag.

    `tag` is the tag of a tag group ("" for the untagged group) and None for a story group;
    `entities` are the names the group's articles share (story groups of two or more)."""

    title: str
    articles: tuple[BriefArticle, ...]
    entities: tuple[EntityName, ...] = ()
    tag: str | None = None

    @property
    def starred(self) -> int:
        return sum(1 for article in self.articles if article.starred)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "articles": [article.to_dict() for article in self.articles],
            "kind": "story" if self.tag is None else "tag",
            "tag": self.tag,
            "entities": [{"text": e.text, "label": e.label} for e in self.entities],
        }


@dataclass(frozen=True)
class Brief:
    """The brief of a day (or of the window `since`..`until`) for the chosen articles."""

    date: dt.date
    timezone: str
    groups: tuple[BriefGroup, ...]
    top_entities: tuple[TopEntity, ...]
    article_count: int
    sources: tuple[str, ...]
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    group_by: str = "story"
    tags: tuple[str, ...] = ()
    starred_only: bool = False
    unread_only: bool = False
    sentences: int = 3

    @property
    def is_empty(self) -> bool:
        return self.article_count == 0

    @property
    def source_count(self) -> int:
        return len(self.sources)

    @property
    def period(self) -> str:
        """What the brief covers, in words: "Monday 23 November 2026" or "since ..."."""
        if self.since is None:
            return long_date(self.date)
        return f"since {self.since.strftime('%Y-%m-%d %H:%M')} ({self.timezone})"

    def empty_message(self) -> str:
        """The short friendly line for a brief with nothing in it."""
        kinds = [word for word, on in (("starred", self.starred_only), ("unread", self.unread_only)) if on]
        what = " ".join([*kinds, "articles"])
        if self.tags:
            what += " tagged " + " and ".join("#" + tag for tag in self.tags)
        when = f"for {long_date(self.date)}" if self.since is None else self.period
        return f"No {what} {when}. Nothing to brief: try another --date or --since, or import some news."

    def headline_counts(self) -> str:
        """ "12 articles from 5 sources, 4 stories"."""
        parts = [plural(self.article_count, "article")]
        if self.sources:
            parts[0] += " from " + plural(self.source_count, "source")
        if self.group_by == "story":
            parts.append(plural(len(self.groups), "story", "stories"))
        else:
            parts.append(plural(len(self.groups), "group") + " by tag")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        """CONTRACT.md's `brief --format json` shape, then extra fields (never reordered)."""
        return {
            "date": self.date.isoformat(),
            "article_count": self.article_count,
            "top_entities": [entity.to_dict() for entity in self.top_entities],
            "groups": [group.to_dict() for group in self.groups],
            "since": self.since.isoformat(timespec="seconds") if self.since else None,
            "until": self.until.isoformat(timespec="seconds") if self.until else None,
            "timezone": self.timezone,
            "source_count": self.source_count,
            "sources": list(self.sources),
            "group_by": self.group_by,
            "filters": {"tags": list(self.tags), "starred": self.starred_only, "unread": self.unread_only},
            "sentences": self.sentences,
        }
