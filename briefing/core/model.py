"""The article model: what an article is, how its id and content hash are derived."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from briefing.core.records import Note
from briefing.core.text import clean_line, normalise_for_hash, written_headline

ID_LENGTH = 8
MIN_PREFIX = 4
MAX_TAG_LENGTH = 64
MAX_NOTE_LENGTH = 20_000


def content_hash(title: str, paragraphs: tuple[str, ...] | list[str]) -> str:
    """SHA-256 of the normalised headline and body: the same story re-imported from another
    file, format or encoding hashes the same, so it is recognised as a duplicate."""
    text = normalise_for_hash(title) + "\n" + normalise_for_hash(" ".join(paragraphs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_tag(tag: str) -> str:
    """A tag as stored: one line, no leading '#', no commas, bounded length. '' if nothing left."""
    tag = clean_line(tag).lstrip("#").replace(",", " ")
    return " ".join(tag.split())[:MAX_TAG_LENGTH].strip()


@dataclass(frozen=True)
class Article:
    """One news article as read from a file, before the library adds user data."""

    title: str
    paragraphs: tuple[str, ...]
    dek: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or an ISO datetime
    origin: str | None = None  # the file it came from, for the user's reference
    tags: tuple[str, ...] = ()  # tags carried by the file; applied on first import only
    hash: str = field(default="", compare=False)
    feed: str | None = None  # the subscription it came from (a feed id); None for files and pages
    # Where `published` came from: "file", "published" or "updated" (the feed's dates), "page"
    # (the article page's own date), "first-seen" (no date anywhere: when we first saw it).
    date_source: str | None = None
    # Identity besides the content hash: the feed's GUID ("guid:FEED:GUID") and the canonical
    # URL ("url:URL"). An article matching any key of a stored one is the same article.
    keys: tuple[str, ...] = ()
    text_source: str | None = None  # "file", "feed" (the item's text) or "page" (full text extracted)
    text_problem: str | None = None  # why the page's full text was not used (paywall, ...), else None
    imported_at: str | None = None  # when a library first stored it (an export carries it back); None: now
    # The user's state an export carries back (briefing/core/export.py), read from export files
    # only: a plain file leaves them None / empty, and importing it never touches user data.
    exported_id: str | None = None  # the id it had where it was exported from; kept when free
    notes: tuple[Note, ...] = ()
    read: bool | None = None
    starred: bool | None = None

    def __post_init__(self) -> None:
        if not self.hash:
            object.__setattr__(self, "hash", content_hash(self.title, self.paragraphs))

    @property
    def id(self) -> str:
        """The default id: the first 8 hex digits of the content hash (the store lengthens it
        in the astronomically rare case that two different articles share those)."""
        return self.hash[:ID_LENGTH]

    @property
    def has_user_state(self) -> bool:
        """True for an article read from an export: its tags, notes and flags are merged into
        the stored article's even when it is a duplicate (writing.merge_user_state)."""
        return self.read is not None or self.starred is not None or bool(self.notes)

    @property
    def headline(self) -> str:
        """The title for analysis: "" when it was made from the text (core.text.written_headline)."""
        return written_headline(self.title, self.paragraphs)

    @property
    def body(self) -> str:
        """The body as one string: paragraphs joined by a blank line. Analysis spans index it."""
        return "\n\n".join(self.paragraphs)
