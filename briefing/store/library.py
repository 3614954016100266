"""The article library: the only code that reads or writes briefing's files.

Layout (all beside the main file the user names with --db / BRIEFING_DB):
- `library.json` (the main file): TinyDB, table `meta` (format, schema) and table `articles`,
  one small index record per article (title, dates, source, entity keys): what the list, the
  filters and the brief need, never bodies. Opening a 10,000-article library parses ~5 MB.
- `library.content/xx.json`: TinyDB shards (by the first two hex digits of the id) holding
  bodies and analyses: large, rebuildable, read one article at a time.
- `library.user.json`: TinyDB, table `user`: tags, notes, read, starred. Small and precious;
  a tag toggle rewrites only this file, never 50,000 bodies.
- `library.lock`: every write takes this lock (filelock), re-reads the current files and writes
  atomically (see storage.py), so two briefing processes never lose each other's updates.

An import writes user data first, then content, then the index: the index is the commit
point, and a crash in between leaves only unreferenced content or pre-seeded user data that
the next import of the same article adopts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document, Table

from briefing.core.dates import local_day, now_iso
from briefing.core.model import ID_LENGTH, MIN_PREFIX, Article, normalise_tag
from briefing.core.text import strip_controls
from briefing.store.errors import ArticleNotFound, LibraryError, LibraryLocked
from briefing.store.paths import LibraryPaths, default_library_path
from briefing.store.storage import AtomicJSONStorage, gc_paused

FORMAT = "briefing-library"
SCHEMA_VERSION = 1
MAX_NOTE_LENGTH = 20_000


def _doc_id(article_id: str) -> int:
    """TinyDB document id for an article id. The leading 1 keeps ids with leading zeros (and
    lengthened ids) distinct as integers."""
    return int("1" + article_id, 16)


def entity_keys(entities: Iterable[dict]) -> list[str]:
    """`LABEL:alias` keys (case-folded) of every surface form, for library-wide entity filters."""
    keys: set[str] = set()
    for entity in entities:
        label = entity.get("label", "")
        for name in (entity.get("text", ""), *entity.get("aliases", ())):
            if name:
                keys.add(f"{label}:{name.casefold()}")
    return sorted(keys)


def contract_article(article) -> dict:
    """The article fields of CONTRACT.md's JSON shape, in its order, from any object with a
    row's attributes (ArticleRow, the brief's articles)."""
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


@dataclass(frozen=True)
class Note:
    text: str
    created: str

    def to_dict(self) -> dict:
        return {"text": self.text, "created": self.created}


@dataclass(frozen=True)
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
    entity_keys: Sequence[str] = ()
    tags: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    read: bool = False
    starred: bool = False

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.published or self.imported_at, self.imported_at, self.id)

    def day(self, tz=None):
        return local_day(self.published, self.imported_at, tz)

    def to_dict(self) -> dict:
        """The contract's article shape, without summary and entities."""
        return contract_article(self)


@dataclass(frozen=True)
class ArticleRecord(ArticleRow):
    """A whole article: the row plus body paragraphs and the stored analysis."""

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
        data = super().to_dict()
        data["summary"] = self.summary
        data["entities"] = contract_entities(self.entities)
        data["origin"] = self.origin
        data["body"] = self.body
        return data


class LibraryTable(Table):
    """A TinyDB table with the batch operations the store needs, each one read-modify-write."""

    def put_many(self, docs: Iterable[Document]) -> None:
        """Insert or replace documents by their doc_id, in one write."""

        def updater(table: dict) -> None:
            for doc in docs:
                table[doc.doc_id] = dict(doc)

        self._update_table(updater)

    def modify(self, change) -> None:
        """Run `change(table)` on the {doc_id: document} mapping and write the result once."""
        self._update_table(change)


class LibraryDB(TinyDB):
    table_class = LibraryTable


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _user_defaults() -> dict:
    return {"tags": [], "notes": [], "read": False, "starred": False}


class ArticleStore:
    """The library on disk. Thread-safe within a process, lock-protected across processes."""

    def __init__(self, path: Path | str | None = None, *, lock_timeout: float = 15.0) -> None:
        self.paths = LibraryPaths(Path(path).expanduser() if path else default_library_path())
        self._lock_timeout = lock_timeout
        self._thread_lock = threading.RLock()
        self._file_lock: FileLock | None = None
        self._shards: dict[str, LibraryDB] = {}
        self._open()

    # ------------------------------------------------------------------ opening

    @property
    def path(self) -> Path:
        return self.paths.main

    def _open(self) -> None:
        if self.paths.main.is_symlink():
            # Write through the link (to the file it names), never over the link itself.
            self.paths = LibraryPaths(self.paths.main.resolve())
        main = self.paths.main
        if main.exists() and main.is_dir():
            raise LibraryError(main, "is a directory; --db names the library file (e.g. library.json)")
        for path in (main, self.paths.user):
            # Atomic writes replace the file: never do that to a device, a FIFO or a socket
            # (`--db /dev/null` must not replace /dev/null with a library).
            if path.exists() and not path.is_file():
                raise LibraryError(path, "is not a regular file; --db names the library file (e.g. library.json)")
        try:
            main.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(main.parent, f"cannot create the library directory: {exc.strerror or exc}") from None
        self._file_lock = FileLock(str(self.paths.lock), timeout=self._lock_timeout)
        self._index_db = LibraryDB(main, storage=AtomicJSONStorage)
        self._user_db = LibraryDB(self.paths.user, storage=AtomicJSONStorage)
        self._index = self._index_db.table("articles", cache_size=0)
        self._user = self._user_db.table("user", cache_size=0)
        self._check_meta(self._index_db, main)
        self._check_meta(self._user_db, self.paths.user)
        if self._index_db.storage.read() is None or self._user_db.storage.read() is None:
            with self._locked():
                for db in (self._index_db, self._user_db):
                    if db.storage.read() is None:
                        db.table("meta", cache_size=0).insert(
                            Document({"format": FORMAT, "schema": SCHEMA_VERSION, "created": now_iso()}, doc_id=1)
                        )

    @staticmethod
    def _check_meta(db: LibraryDB, path: Path) -> None:
        data = db.storage.read()
        if data is None:
            return
        meta = data.get("meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise LibraryError(path, "not a briefing library (no briefing metadata); left untouched")
        schema = meta.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise LibraryError(
                path,
                f"library schema {schema} was written by a newer briefing (this one reads up to "
                f"{SCHEMA_VERSION}); upgrade briefing to open it",
            )

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the cross-process lock (and the in-process one) for a read-modify-write."""
        with self._thread_lock:
            assert self._file_lock is not None
            try:
                self._file_lock.acquire()
            except Timeout:
                raise LibraryLocked(
                    self.paths.lock, f"another briefing process has held the lock for {self._lock_timeout:g} s"
                ) from None
            except OSError as exc:
                raise LibraryError(self.paths.lock, f"cannot take the lock: {exc.strerror or exc}") from None
            try:
                yield
            finally:
                self._file_lock.release()

    def close(self) -> None:
        for db in (self._index_db, self._user_db, *self._shards.values()):
            db.close()
        self._shards.clear()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def signature(self) -> tuple:
        """Changes whenever any process commits a change (index or user data)."""
        return (self._index_db.storage.signature(), self._user_db.storage.signature())

    # ------------------------------------------------------------------ reading

    def _user_records(self) -> dict[str, dict]:
        data = self._user_db.storage.read() or {}
        return {record["id"]: record for record in data.get("user", {}).values() if "id" in record}

    def _index_records(self) -> Iterable[dict]:
        data = self._index_db.storage.read() or {}
        return data.get("articles", {}).values()

    @staticmethod
    def _row(record: dict, user: dict | None, cls=ArticleRow, **extra: Any) -> ArticleRow:
        user = user or _user_defaults()
        return cls(
            id=record["id"],
            title=record["title"],
            dek=record.get("dek"),
            source=record.get("source"),
            url=record.get("url"),
            published=record.get("published"),
            imported_at=record["imported_at"],
            origin=record.get("origin"),
            hash=record.get("hash", ""),
            analyzer=record.get("analyzer"),
            # Shared with the parsed index, not copied: copying 40 keys per row was half the cost
            # of listing 50,000 articles. Treat it as read-only.
            entity_keys=record.get("ekeys", ()),
            tags=tuple(user.get("tags", ())),
            notes=tuple(Note(n["text"], n["created"]) for n in user.get("notes", ())),
            read=bool(user.get("read", False)),
            starred=bool(user.get("starred", False)),
            **extra,
        )

    def rows(self) -> list[ArticleRow]:
        """Every article's row, newest first."""
        with self._thread_lock, gc_paused():
            users = self._user_records()
            rows = [self._row(record, users.get(record["id"])) for record in self._index_records()]
            rows.sort(key=lambda row: row.sort_key, reverse=True)
        return rows

    def __len__(self) -> int:
        with self._thread_lock:
            return len((self._index_db.storage.read() or {}).get("articles", {}))

    def ids(self) -> list[str]:
        with self._thread_lock:
            return [record["id"] for record in self._index_records()]

    def resolve(self, prefix: str) -> str:
        """The full id for an id or an unambiguous prefix of at least 4 characters."""
        wanted = prefix.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise ArticleNotFound(f"article id '{prefix}' is too short: give at least {MIN_PREFIX} characters")
        ids = self.ids()
        if wanted in ids:
            return wanted
        matches = sorted(i for i in ids if i.startswith(wanted))
        if not matches:
            raise ArticleNotFound(f"no article with id '{prefix}'")
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
            raise ArticleNotFound(f"article id '{prefix}' is ambiguous: {shown}")
        return matches[0]

    def row(self, article_id: str) -> ArticleRow:
        article_id = self.resolve(article_id)
        with self._thread_lock:
            record = self._index.get(doc_id=_doc_id(article_id))
            if record is None:
                raise ArticleNotFound(f"no article with id '{article_id}'")
            return self._row(dict(record), self._user_records().get(article_id))

    def get(self, article_id: str) -> ArticleRecord:
        """The whole article (body and analysis) by id or prefix."""
        article_id = self.resolve(article_id)
        found = self.get_many([article_id])
        if not found:
            raise ArticleNotFound(f"no article with id '{article_id}'")
        return found[0]

    def get_many(self, article_ids: Iterable[str]) -> list[ArticleRecord]:
        """Whole articles for known full ids, reading each content shard once."""
        wanted = list(article_ids)
        with self._thread_lock, gc_paused():
            users = self._user_records()
            index = (self._index_db.storage.read() or {}).get("articles", {})
            by_shard: dict[str, list[str]] = {}
            for article_id in wanted:
                by_shard.setdefault(article_id[:2], []).append(article_id)
            contents: dict[str, dict] = {}
            for prefix, group in by_shard.items():
                shard = (self._shard(prefix).storage.read() or {}).get("content", {})
                for article_id in group:
                    contents[article_id] = shard.get(str(_doc_id(article_id)), {})
            out = []
            for article_id in wanted:
                record = index.get(str(_doc_id(article_id)))
                if record is None:
                    continue
                content = contents.get(article_id, {})
                out.append(
                    self._row(
                        record,
                        users.get(article_id),
                        ArticleRecord,
                        paragraphs=tuple(content.get("paragraphs", ())),
                        analysis=dict(content.get("analysis") or {}),
                    )
                )
            return out

    def iter_bodies(self) -> Iterator[tuple[str, str]]:
        """(id, body) for every article, shard by shard: for full-text search in a worker."""
        with self._thread_lock:
            known = {record["id"] for record in self._index_records()}
        if not self.paths.content.exists():
            return
        for shard_path in sorted(self.paths.content.glob("*.json")):
            with self._thread_lock:
                data = self._shard(shard_path.stem).storage.read() or {}
            for content in data.get("content", {}).values():
                if content.get("id") in known:
                    yield content["id"], "\n\n".join(content.get("paragraphs", ()))

    def all_tags(self) -> dict[str, int]:
        """Every tag in use with the number of articles carrying it, most used first."""
        counts: dict[str, int] = {}
        with self._thread_lock:
            known = {record["id"] for record in self._index_records()}
            for article_id, user in self._user_records().items():
                if article_id in known:
                    for tag in user.get("tags", ()):
                        counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))

    def mentioning(self, label: str, names: Iterable[str]) -> set[str]:
        """Ids of articles that mention an entity under any of `names` with this label."""
        keys = {f"{label}:{name.casefold()}" for name in names}
        with self._thread_lock:
            return {record["id"] for record in self._index_records() if keys.intersection(record.get("ekeys", ()))}

    def known_hashes(self) -> set[str]:
        """Content hashes of every stored article (duplicate detection before analysis)."""
        with self._thread_lock:
            return {record.get("hash", "") for record in self._index_records()}

    def stale(self, analyzer_version: str) -> list[str]:
        """Ids whose stored analysis was made by another analyzer version."""
        with self._thread_lock:
            return [r["id"] for r in self._index_records() if r.get("analyzer") != analyzer_version]

    # ------------------------------------------------------------------ writing: articles

    def _shard(self, article_id_or_prefix: str) -> LibraryDB:
        prefix = article_id_or_prefix[:2]
        db = self._shards.get(prefix)
        if db is None:
            db = LibraryDB(self.paths.content / f"{prefix}.json", storage=AtomicJSONStorage)
            self._shards[prefix] = db
        return db

    def add(self, items: Iterable[tuple[Article, dict | None]]) -> AddResult:
        """Add articles with their analyses (`Analysis.to_dict()` or None). An article whose
        content hash is already in the library is a duplicate and changes nothing."""
        result = AddResult()
        with self._locked():
            existing = {record.get("hash"): record["id"] for record in self._index_records()}
            taken = set(existing.values())
            new: list[tuple[str, Article, dict | None]] = []
            for article, analysis in items:
                if article.hash in existing:
                    result.duplicates.append(existing[article.hash])
                    continue
                article_id = self._free_id(article.hash, taken)
                taken.add(article_id)
                existing[article.hash] = article_id
                new.append((article_id, article, analysis))
            if not new:
                return result
            imported_at = now_iso()
            self._seed_user_data(new)
            self.paths.content.mkdir(parents=True, exist_ok=True)
            by_shard: dict[str, list[Document]] = {}
            for article_id, article, analysis in new:
                doc = Document(
                    {"id": article_id, "paragraphs": list(article.paragraphs), "analysis": analysis},
                    doc_id=_doc_id(article_id),
                )
                by_shard.setdefault(article_id[:2], []).append(doc)
            for prefix, docs in by_shard.items():
                # put_many replaces leftovers of an interrupted import instead of duplicating them.
                self._shard(prefix).table("content", cache_size=0).put_many(docs)
            self._index.insert_multiple(
                Document(self._index_record(article_id, article, analysis, imported_at), doc_id=_doc_id(article_id))
                for article_id, article, analysis in new
            )
            result.added.extend(article_id for article_id, _, _ in new)
        return result

    @staticmethod
    def _free_id(content_hash: str, taken: set[str]) -> str:
        length = ID_LENGTH
        while content_hash[:length] in taken:
            length += 2
        return content_hash[:length]

    @staticmethod
    def _index_record(article_id: str, article: Article, analysis: dict | None, imported_at: str) -> dict:
        return {
            "id": article_id,
            "hash": article.hash,
            "title": article.title,
            "dek": article.dek,
            "source": article.source,
            "url": article.url,
            "published": article.published,
            "imported_at": imported_at,
            "origin": article.origin,
            "words": sum(len(p.split()) for p in article.paragraphs),
            "analyzer": (analysis or {}).get("analyzer"),
            "ekeys": entity_keys((analysis or {}).get("entities", ())),
        }

    def _seed_user_data(self, new: list[tuple[str, Article, dict | None]]) -> None:
        """Tags carried by the files, merged into any user record already there."""
        users = self._user_records()
        changed = False
        docs = []
        for article_id, article, _ in new:
            if not article.tags:
                continue
            record = users.get(article_id) or {"id": article_id, **_user_defaults()}
            tags = list(record.get("tags", []))
            for tag in article.tags:
                if tag.casefold() not in {t.casefold() for t in tags}:
                    tags.append(tag)
                    changed = True
            docs.append(Document({**record, "tags": tags, "updated": now_iso()}, doc_id=_doc_id(article_id)))
        if changed:
            self._user.put_many(docs)

    def update_analysis(self, updates: dict[str, dict]) -> int:
        """Store fresh analyses {id: analysis dict}; touches content and index, never user data."""
        with self._locked():
            index = (self._index_db.storage.read() or {}).get("articles", {})
            present = {i: a for i, a in updates.items() if str(_doc_id(i)) in index}
            by_shard: dict[str, dict[str, dict]] = {}
            for article_id, analysis in present.items():
                by_shard.setdefault(article_id[:2], {})[article_id] = analysis
            for prefix, group in by_shard.items():
                def set_analysis(table: dict, group=group) -> None:
                    for article_id, analysis in group.items():
                        doc = table.get(_doc_id(article_id))
                        if doc is not None:
                            table[_doc_id(article_id)] = {**doc, "analysis": analysis}

                self._shard(prefix).table("content", cache_size=0).modify(set_analysis)

            def set_index(table: dict) -> None:
                for article_id, analysis in present.items():
                    doc = table[_doc_id(article_id)]
                    table[_doc_id(article_id)] = {
                        **doc,
                        "analyzer": analysis.get("analyzer"),
                        "ekeys": entity_keys(analysis.get("entities", ())),
                    }

            if present:
                self._index.modify(set_index)
            return len(present)

    # ------------------------------------------------------------------ settings

    def setting(self, key: str, default: Any = None) -> Any:
        """A user preference kept with this library (e.g. the reader's theme)."""
        with self._thread_lock:
            data = self._user_db.storage.read() or {}
            return data.get("settings", {}).get("1", {}).get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a preference in the user-data file: nothing is written outside the library's
        directory (CONTRACT.md), and the store stays the only writer of files."""
        with self._locked():
            data = self._user_db.storage.read() or {}
            current = dict(data.get("settings", {}).get("1", {}))
            current[key] = value
            self._user_db.table("settings", cache_size=0).put_many([Document(current, doc_id=1)])

    # ------------------------------------------------------------------ writing: user data

    def _update_user(self, article_id: str, change) -> ArticleRow:
        """Apply `change(record) -> record` to one article's user data, under the lock."""
        article_id = self.resolve(article_id)
        with self._locked():
            users = self._user_records()
            record = users.get(article_id) or {"id": article_id, **_user_defaults()}
            updated = change({**record, "tags": list(record.get("tags", [])), "notes": list(record.get("notes", []))})
            updated["updated"] = now_iso()
            self._user.put_many([Document(updated, doc_id=_doc_id(article_id))])
        return self.row(article_id)

    def tag(self, article_id: str, tags: Iterable[str]) -> ArticleRow:
        wanted = [t for t in (normalise_tag(tag) for tag in tags) if t]

        def add(record: dict) -> dict:
            present = {t.casefold() for t in record["tags"]}
            for tag in wanted:
                if tag.casefold() not in present:
                    record["tags"].append(tag)
                    present.add(tag.casefold())
            return record

        return self._update_user(article_id, add)

    def untag(self, article_id: str, tags: Iterable[str]) -> ArticleRow:
        unwanted = {t.casefold() for t in (normalise_tag(tag) for tag in tags) if t}

        def remove(record: dict) -> dict:
            record["tags"] = [t for t in record["tags"] if t.casefold() not in unwanted]
            return record

        return self._update_user(article_id, remove)

    def add_note(self, article_id: str, text: str) -> ArticleRow:
        text = _clean_note(text)

        def append(record: dict) -> dict:
            record["notes"].append({"text": text, "created": now_iso()})
            return record

        return self._update_user(article_id, append)

    def edit_note(self, article_id: str, index: int, text: str) -> ArticleRow:
        """Replace note `index` (0-based); an empty text deletes it."""
        text = strip_controls(text).strip()[:MAX_NOTE_LENGTH]

        def edit(record: dict) -> dict:
            if not 0 <= index < len(record["notes"]):
                raise ArticleNotFound(f"article {article_id} has no note {index + 1}")
            if text:
                record["notes"][index] = {**record["notes"][index], "text": text, "edited": now_iso()}
            else:
                del record["notes"][index]
            return record

        return self._update_user(article_id, edit)

    def set_read(self, article_id: str, read: bool = True) -> ArticleRow:
        return self._update_user(article_id, lambda record: {**record, "read": bool(read)})

    def set_starred(self, article_id: str, starred: bool = True) -> ArticleRow:
        return self._update_user(article_id, lambda record: {**record, "starred": bool(starred)})


def _clean_note(text: str) -> str:
    text = strip_controls(text).strip()
    if not text:
        raise ValueError("a note cannot be empty")
    return text[:MAX_NOTE_LENGTH]


__all__ = [
    "AddResult",
    "ArticleRecord",
    "ArticleRow",
    "ArticleStore",
    "Note",
    "entity_keys",
]
