"""The export formats: one Markdown file per article, JSON Lines, CSV, and how `briefing import`
recognises an export and reads the user's state back from it.

Pure functions over `ArticleRecord`s / `ArticleRow`s (no store, no files). An export carries
the marker field `briefing_export: 1`; only then does the parser read the user's state (id,
imported_at, notes with their times, read, starred, feed), and only then does the store merge
it into an article it already has (writing.merge_user_state).

Markdown layout (every piece of article or user text is data, never Markdown):

    ---
    briefing_export: 1          YAML written by yaml's safe dumper, never by string formatting
    id: 3f9a1c2e
    title: ...
    ...
    notes: [{text, created, edited?}]
    ---

    # Headline                  for people reading the file; the parser takes the front matter
    *Standfirst*

    <!-- briefing: body -->
    paragraph                   backslash-escaped Markdown, one paragraph per block
    <!-- briefing: end of body -->

    ## Summary / ## Notes       for people; never read back as body

Escaping puts a backslash before every character that could mean something in CommonMark,
GFM or Obsidian (and before every backslash), and before block markers that open a line, so
a body line can never look like a marker, a heading or the front matter's `---`, and the
reverse (`unescape`: a backslash before ASCII punctuation is dropped) restores the exact text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable

from briefing.core.model import MAX_NOTE_LENGTH
from briefing.core.records import ArticleRecord, ArticleRow, Note
from briefing.core.text import clean_line, strip_controls

MARKER = "briefing_export"
VERSION = 1
FORMATS = ("md", "jsonl", "csv")
SUFFIXES = {"md": ".md", "jsonl": ".jsonl", "csv": ".csv"}
BODY_START = "<!-- briefing: body -->"
BODY_END = "<!-- briefing: end of body -->"
MAX_NOTES = 1000
UTF8_BOM = b"\xef\xbb\xbf"

# Characters with inline meaning in CommonMark, GFM or Obsidian, anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#$!=%^])")
# At the start of a line: block markers (list, quote, heading underline, ordered list).
_BLOCK_START = re.compile(r"^(\s*)([-+=>:]|\d{1,9}(?=[.)]))")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_FRONT_MATTER_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)  # python-frontmatter's


# --------------------------------------------------------------------------- Markdown text


def escape(text: str) -> str:
    """One line of untrusted text, literal in Markdown; `unescape` gives it back exactly."""
    line = _INLINE.sub(r"\\\1", text)
    match = _BLOCK_START.match(line)
    if match:
        if match.group(2).isdigit():
            end = match.end()  # "2024. A year": escape the dot, not the digits
            line = line[:end] + "\\" + line[end:]
        else:
            line = line[: match.start(2)] + "\\" + line[match.start(2) :]
    return line


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def _yaml(fields: dict) -> str:
    """YAML of plain values (strings, numbers, booleans, lists, dicts) by the safe dumper, in
    libyaml's C version when installed (5x faster, the same output), never wrapped."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    def dump(default_style: str | None = None) -> str:
        return yaml.dump(
            fields, Dumper=dumper, allow_unicode=True, sort_keys=False, width=2**30, default_style=default_style
        )

    dumped = dump()
    if _FRONT_MATTER_BOUNDARY.search(dumped):
        # A multi-line note could leave a line of dashes that ends the front matter early:
        # double-quoted scalars keep every line break as an escape.
        dumped = dump(default_style='"')
    return dumped


def front_matter(record: ArticleRecord) -> dict:
    """The fields of an article's Markdown export, in the order they are written."""
    fields = {
        MARKER: VERSION,
        "id": record.id,
        "title": record.title,
        "dek": record.dek,
        "date": record.published,
        "source": record.source,
        "url": record.url,
        "tags": list(record.tags),
        "starred": record.starred,
        "read": record.read,
        "feed": record.feed,
        "imported_at": record.imported_at,
    }
    for name in ("origin", "date_source", "text_source", "text_problem"):
        value = getattr(record, name)
        if value:
            fields[name] = value
    fields["notes"] = [note.to_dict() for note in record.notes]
    return fields


def _note_lines(note: Note) -> list[str]:
    lines = [f"> {escape(line)}" if line.strip() else ">" for line in strip_controls(note.text).split("\n")]
    when = f"created {note.created}" + (f", edited {note.edited}" if note.edited else "")
    return [*lines, ">", f"> *{escape(clean_line(when))}*", ""]


def render_markdown(record: ArticleRecord) -> str:
    """The whole Markdown file of one article (see the module docstring)."""
    parts = ["---", _yaml(front_matter(record)).rstrip("\n"), "---", "", f"# {escape(clean_line(record.title))}", ""]
    if record.dek:
        parts += [f"*{escape(clean_line(record.dek))}*", ""]
    parts += [BODY_START, ""]
    for paragraph in record.paragraphs:
        parts += [escape(paragraph), ""]
    parts += [BODY_END, ""]
    if record.summary:
        parts += ["## Summary", ""] + [f"- {escape(clean_line(s))}" for s in record.summary] + [""]
    if record.notes:
        parts += ["## Notes", ""]
        for note in record.notes:
            parts += _note_lines(note)
    return "\n".join(parts).rstrip("\n") + "\n"


def markdown_body(content: str) -> list[str] | None:
    """The body paragraphs of an exported Markdown file's content (after the front matter),
    exactly as exported; None when the body markers are missing."""
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped = [line.strip() for line in lines]
    try:
        start = stripped.index(BODY_START)
        end = stripped.index(BODY_END, start + 1)
    except ValueError:
        return None
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines[start + 1 : end]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(unescape(" ".join(current)))
            current = []
    if current:
        paragraphs.append(unescape(" ".join(current)))
    return paragraphs


# --------------------------------------------------------------------------- JSON Lines


def jsonl_record(record: ArticleRecord) -> dict:
    """The contract's article shape with body, notes (with times), read, starred and feed,
    plus what the round trip needs; one line of a `.jsonl` export."""
    data = record.to_dict()
    for name in ("date_source", "text_source", "text_problem"):
        data[name] = getattr(record, name)
    data[MARKER] = VERSION
    return data


def jsonl_line(record: ArticleRecord) -> bytes:
    import orjson

    # orjson escapes control characters, so a line is one line and terminal-safe.
    return orjson.dumps(jsonl_record(record)) + b"\n"


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = ("id", "date", "source", "title", "url", "tags", "notes", "first_note")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` before =, +, -, @, tab or carriage
    return (CSV quoting alone does not stop a spreadsheet from evaluating a formula)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_cells(row: ArticleRow, tz: dt.tzinfo | None = None) -> list[str]:
    cells = [
        row.id,
        row.day(tz).isoformat(),
        row.source or "",
        row.title,
        row.url or "",
        ", ".join(row.tags),
        str(len(row.notes)),
        row.notes[0].text if row.notes else "",
    ]
    return [neutralise(strip_controls(cell)) for cell in cells]


def csv_lines(rows: Iterable[ArticleRow], tz: dt.tzinfo | None = None) -> Iterable[bytes]:
    """The CSV file as chunks: UTF-8 with a BOM (so spreadsheets read it as UTF-8), a header
    row, one row per article, RFC 4180 quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield UTF8_BOM + buffer.getvalue().encode("utf-8")
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_cells(row, tz))
        yield buffer.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- reading an export back


class ExportFieldError(ValueError):
    """A field of an export that cannot be read; the message is the reason."""


def export_version(fields: dict) -> int | None:
    """The export format version a file's fields declare, or None for a plain article file."""
    value = fields.get(MARKER)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportFieldError(f"'{MARKER}' must be a version number")
    return value


def _moment(value: object, name: str) -> str:
    """An ISO datetime (with a time) as stored, from a string or a YAML datetime."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise ExportFieldError(f"'{name}' must be an ISO datetime")
    text = value.strip()
    try:
        if "T" not in text and " " not in text:
            raise ValueError
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        raise ExportFieldError(f"'{name}' is not an ISO datetime: {clean_line(text)[:40]!r}") from None


def _flag(value: object, name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ExportFieldError(f"'{name}' must be true or false")
    return value


def _short(value: object, limit: int = 300) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return clean_line(str(value))[:limit] or None


def _notes(value: object) -> tuple[Note, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ExportFieldError("'notes' must be a list of {text, created}")
    if len(value) > MAX_NOTES:
        raise ExportFieldError(f"more than {MAX_NOTES} notes")
    notes: list[Note] = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ExportFieldError(f"note {number} must have a text and a created time")
        text = strip_controls(item["text"]).strip()[:MAX_NOTE_LENGTH]
        if not text:
            continue
        created = _moment(item.get("created"), f"note {number}: created")
        edited = _moment(item["edited"], f"note {number}: edited") if item.get("edited") else None
        notes.append(Note(text, created, edited))
    return tuple(notes)


def _hex_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text if 8 <= len(text) <= 64 and all(c in "0123456789abcdef" for c in text) else None


def read_export_state(fields: dict, warnings: list[str]) -> dict | None:
    """The user's state an article file's fields carry if they are an export, else None (a
    plain file never sets notes, flags or ids). An export from a newer format is read as a
    plain article, with a warning. Raises ExportFieldError."""
    version = export_version(fields)
    if version is None:
        return None
    if version != VERSION:
        warnings.append(
            f"written by a newer briefing (export format {version}); imported as a plain article, without its notes and flags"
        )
        return None
    return export_state(fields)


def export_state(fields: dict) -> dict:
    """Keyword arguments for `Article` from an export's fields: the user's state and what
    the round trip restores (id, imported_at, origin, feed, where its date and text came
    from). Raises ExportFieldError naming a field that cannot be read."""
    imported = fields.get("imported_at")
    return {
        "exported_id": _hex_id(fields.get("id")),
        "imported_at": _moment(imported, "imported_at") if imported else None,
        "notes": _notes(fields.get("notes")),
        "read": _flag(fields.get("read"), "read"),
        "starred": _flag(fields.get("starred"), "starred"),
        "feed": _short(fields.get("feed"), 64),
        "origin": _short(fields.get("origin"), 1000),
        "date_source": _short(fields.get("date_source"), 40),
        "text_source": _short(fields.get("text_source"), 40),
        "text_problem": _short(fields.get("text_problem")),
    }
