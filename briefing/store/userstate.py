"""The user's state of one article as the store keeps it (`{id, tags, notes, read, starred,
updated}` in a partition's user.json), and how an export's state merges into it."""

from __future__ import annotations

from briefing.core.model import Article


def new_user(article_id: str) -> dict:
    return {"id": article_id, "tags": [], "notes": [], "read": False, "starred": False}


def merge_user_state(record: dict, article: Article) -> dict:
    """An article's user record with an export's state merged in, losing nothing either side
    had: tags united (case-insensitively; the stored spelling wins), the export's notes added
    unless a note with the same text and creation time is there, read and starred if either
    side says so. Returns `record` itself when nothing changes."""
    tags = list(record.get("tags", []))
    folded = {t.casefold() for t in tags}
    for tag in article.tags:
        if tag.casefold() not in folded:
            tags.append(tag)
            folded.add(tag.casefold())
    notes = list(record.get("notes", []))
    present = {(n.get("text"), n.get("created")) for n in notes}
    for note in article.notes:
        if (note.text, note.created) not in present:
            notes.append(note.to_dict())
            present.add((note.text, note.created))
    read = bool(record.get("read")) or bool(article.read)
    starred = bool(record.get("starred")) or bool(article.starred)
    before = (record.get("tags", []), record.get("notes", []), bool(record.get("read")), bool(record.get("starred")))
    if (tags, notes, read, starred) == before:
        return record
    return {**record, "tags": tags, "notes": notes, "read": read, "starred": starred}
