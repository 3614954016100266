"""Exporting articles: which ones (the filters of `briefing export`, or the rows the reader
shows) and writing them out as Markdown files, JSON Lines or CSV (formats: core/export.py).

Only the weeks a date filter needs are read (`store.rows_around`), bodies are read a batch at a
time (`store.records`) and written as they come, so a large export never holds the library
in memory. Every file is written atomically; an existing file is never overwritten unless
`force` is given, and that is checked for every file before the first one is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from briefing.core.export import FORMATS, SUFFIXES, csv_lines, jsonl_line, render_markdown
from briefing.core.filenames import UniqueNames, article_stem
from briefing.core.records import ArticleRow, RowFilter
from briefing.core.text import clean_line
from briefing.store import ArticleStore, FeedNotFound, atomic_write_chunks, atomic_write_files

BATCH = 200  # articles whose bodies are read at once

ProgressFn = Callable[[int], None]


class ExportError(Exception):
    """An export that cannot be written: one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str, *, exists: bool = False) -> None:
        self.path = str(path)
        self.reason = reason
        self.exists = exists  # a file is in the way: the caller says how to overwrite it
        super().__init__(f"{clean_line(self.path)}: {reason}")


class Period(Protocol):
    """What the export needs of a brief.period.Period (the services do not import the brief)."""

    day: dt.date
    since: dt.datetime | None
    until: dt.datetime | None

    def contains(self, published: str | None, imported_at: str) -> bool: ...


@dataclass(frozen=True)
class ExportFilter:
    """The articles `briefing export` writes: all filters must match."""

    tags: tuple[str, ...] = ()
    # The day or window (`--date` / `--since`) as a brief.period.Period, resolved by the caller
    # (the CLI) so that date parsing lives in one place; None: every article.
    period: Period | None = None
    starred: bool = False
    feed: str | None = None  # feed id, id prefix or URL


@dataclass
class ExportReport:
    format: str
    output: str  # the file or folder written ("-": standard output)
    articles: int = 0
    files: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        where = "standard output" if self.output == "-" else clean_line(self.output)
        return f"exported {self.articles} article{'s' if self.articles != 1 else ''} to {where}"


# --------------------------------------------------------------------------- selecting


def _feed_id(store: ArticleStore, ref: str, rows: Sequence[ArticleRow]) -> str:
    """A subscription's id; for a feed since removed, an id (or prefix) its articles carry."""
    try:
        return store.feed(ref)["id"]
    except FeedNotFound:
        wanted = ref.strip().lower()
        ids = sorted(
            {r.feed for r in rows if r.feed and (r.feed == wanted or (len(wanted) >= 4 and r.feed.startswith(wanted)))}
        )
        if len(ids) == 1:
            return ids[0]
        raise


def select_rows(store: ArticleStore, filters: ExportFilter) -> list[ArticleRow]:
    """The rows to export, newest first: only the weeks a period can hold are read. Raises
    FeedNotFound for an unknown feed."""
    period = filters.period
    if period is not None:
        first = period.since.date() if period.since else period.day
        last = period.until.date() if period.until else period.day
        rows = [r for r in store.rows_around(first, last) if period.contains(r.published, r.imported_at)]
    else:
        rows = store.rows()
    rows = RowFilter.of(filters.tags, starred=filters.starred).apply(rows)
    if filters.feed:
        feed_id = _feed_id(store, filters.feed, rows)
        rows = [r for r in rows if r.feed == feed_id]
    return rows


# --------------------------------------------------------------------------- where to


def format_for(path: Path | str | None) -> str | None:
    """The format a path's suffix names (.jsonl, .ndjson, .csv, .md folder), else None."""
    if path is None:
        return None
    suffix = Path(path).suffix.lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(suffix)


def default_output(fmt: str, today: dt.date | None = None, folder: Path | None = None) -> Path:
    """`briefing-export-YYYY-MM-DD` (a folder for md, with .jsonl / .csv otherwise)."""
    name = f"briefing-export-{(today or dt.date.today()).isoformat()}"
    return (folder or Path.cwd()) / (name if fmt == "md" else name + SUFFIXES[fmt])


def _check_free(paths: Sequence[Path], force: bool) -> None:
    existing = [p for p in paths if p.exists() or p.is_symlink()]
    for path in existing:
        if path.is_dir():
            raise ExportError(path, "is a folder, not a file")
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise ExportError(existing[0], f"already exists{more}", exists=True)


def markdown_names(rows: Iterable[ArticleRow], tz: dt.tzinfo | None = None) -> list[str]:
    """One safe, distinct file name per article: date and headline, collisions numbered."""
    names = UniqueNames()
    return [names.claim(article_stem(row.day(tz), row.title, row.id), ".md") for row in rows]


# --------------------------------------------------------------------------- writing


def _records(store: ArticleStore, rows: Sequence[ArticleRow]) -> Iterator:
    """Whole records in row order, BATCH at a time (an article removed meanwhile is skipped)."""
    for start in range(0, len(rows), BATCH):
        yield from store.records(rows[start : start + BATCH])


def export_articles(
    store: ArticleStore,
    rows: Sequence[ArticleRow],
    fmt: str,
    output: Path | None,
    *,
    force: bool = False,
    stream: BinaryIO | None = None,
    progress: ProgressFn | None = None,
    tz: dt.tzinfo | None = None,
) -> ExportReport:
    """Write `rows` (their whole records) as `fmt` to `output`: a folder for md, a file for
    jsonl and csv, or `stream` when `output` is None. Raises ExportError."""
    if fmt not in FORMATS:
        raise ExportError(str(output or "-"), f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    rows = list(rows)
    if output is None:
        if fmt == "md" or stream is None:
            raise ExportError("-", "the md format writes a folder of files: give --output FOLDER")
        report = ExportReport(fmt, "-")
        for chunk in _chunks(store, rows, fmt, tz, report, progress):
            stream.write(chunk)
        stream.flush()
        return report
    output = Path(output).expanduser()
    try:
        if fmt == "md":
            return _write_markdown(store, rows, output, force, progress, tz)
        _check_free([output], force)
        report = ExportReport(fmt, str(output), files=[str(output)])
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_chunks(output, _chunks(store, rows, fmt, tz, report, progress))
        return report
    except OSError as exc:
        raise ExportError(exc.filename or output, exc.strerror or str(exc)) from None


def _chunks(store, rows: Sequence[ArticleRow], fmt: str, tz, report: ExportReport, progress) -> Iterator[bytes]:
    """The bytes of a jsonl or csv export, line by line, counting the articles written."""
    if fmt == "csv":
        lines = iter(csv_lines(rows, tz))  # the rows carry every column: no body is read
        yield next(lines)  # the header
    else:
        lines = (jsonl_line(record) for record in _records(store, rows))
    for line in lines:
        yield line
        report.articles += 1
        if progress:
            progress(1)


def _write_markdown(store, rows, folder: Path, force: bool, progress, tz) -> ExportReport:
    if folder.exists() and not folder.is_dir():
        raise ExportError(folder, "exists and is not a folder (the md format writes one file per article)")
    names = dict(zip((row.id for row in rows), markdown_names(rows, tz)))
    _check_free([folder / name for name in names.values()], force)
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport("md", str(folder))

    def files() -> Iterator[tuple[Path, bytes]]:
        for record in _records(store, rows):
            path = folder / names[record.id]
            yield path, render_markdown(record).encode("utf-8")
            report.files.append(str(path))
            report.articles += 1
            if progress:
                progress(1)

    atomic_write_files(files())
    return report
