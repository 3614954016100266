"""`briefing export`, `briefing backup` and `briefing restore`: thin wrappers around
services/exporting.py and store/archive.py."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from briefing.cli import Settings, fail
from briefing.cli.output import progress_wanted
from briefing.core.export import FORMATS

pass_settings = click.make_pass_decorator(Settings)
PROGRESS_FROM = 50  # articles before a progress bar is worth showing


@contextmanager
def progress_bar(label: str, total: int, wanted: bool, *, bytes_: bool = False):
    """A Rich progress bar on stderr when it is a terminal and the work is large; yields a
    callback `advance(n)` (or `update(done, total)` for bytes), else a no-op."""
    if not (wanted and progress_wanted()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    count = DownloadColumn() if bytes_ else MofNCompleteColumn()
    with Progress(
        TextColumn(label), BarColumn(), count, TimeRemainingColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task(label, total=total)
        if bytes_:
            yield lambda done, all_: bar.update(task, completed=done, total=all_)
        else:
            yield lambda n: bar.advance(task, n)


@click.command("export")
@click.option("--tag", "-t", multiple=True, help="Only articles with this tag (repeatable: all must match).")
@click.option("--date", "-d", help="Only articles of this day: YYYY-MM-DD, today or yesterday.")
@click.option("--since", "-s", help="Only articles of a window ending now: 24h, 3d, 90m, 2w ...")
@click.option("--tz", help="Time zone for --date and --since and the dates in file names (default: local).")
@click.option("--starred", is_flag=True, help="Only starred articles.")
@click.option("--feed", help="Only articles from this feed (its id, an id prefix or its URL).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    help="md: a folder with one Markdown file per article (the default); jsonl: one JSON article per line; "
    "csv: one row per article, for spreadsheets. Without --format, an --output ending in .jsonl or .csv "
    "picks that format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="The folder (md) or file (jsonl, csv) to write; - for standard output (jsonl, csv). Default: "
    "briefing-export-YYYY-MM-DD in the current folder for md, standard output for jsonl and csv.",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist (never done without it).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@pass_settings
def export_cmd(settings: Settings, tag, date, since, tz, starred, feed, fmt, output, force, quiet) -> None:
    """Export articles with their tags, notes and read and starred state.

    md and jsonl import back with `briefing import`, which restores the ids, tags, notes
    (with their times) and flags, and merges them into articles the library already has.
    csv is for spreadsheets (UTF-8 with a BOM; cells that could be formulas start with ').
    """
    from briefing.services.exporting import (
        ExportError,
        ExportFilter,
        default_output,
        export_articles,
        format_for,
        select_rows,
    )

    if output is not None and str(output) == "-":
        output = None
        if (fmt or "md") == "md":
            raise click.UsageError("--output - needs --format jsonl or csv (md writes a folder of files)")
    fmt = fmt or format_for(output) or "md"
    if fmt == "md" and output is None:
        output = default_output("md")
    zone, period = _period(date, since, tz)
    store = settings.store()
    rows = select_rows(store, ExportFilter(tags=tag, period=period, starred=starred, feed=feed))
    with progress_bar("exporting", len(rows), not quiet and len(rows) >= PROGRESS_FROM) as advance:
        try:
            report = export_articles(
                store, rows, fmt, output, force=force, stream=sys.stdout.buffer, progress=advance, tz=zone
            )
        except ExportError as exc:
            fail(f"{exc}; --force overwrites" if exc.exists else str(exc), status=1)
    if not quiet:
        click.echo(report.summary_line(), err=True)


def _period(date: str | None, since: str | None, tz: str | None):
    """(time zone, brief.period.Period or None) from the options; bad values are usage errors."""
    from briefing.brief.period import Period, parse_tz

    if date is not None and since is not None:
        raise click.UsageError("give --date or --since, not both")
    try:
        zone = parse_tz(tz) if tz else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--tz") from None
    if date is None and since is None:
        return zone, None
    try:
        return zone, Period.resolve(date, since, tz=zone)
    except ValueError as exc:
        if date is not None and "not a date" not in str(exc):
            exc = ValueError(f"{date!r} is not a date (use YYYY-MM-DD, today or yesterday)")
        raise click.BadParameter(str(exc), param_hint="--date" if date is not None else "--since") from None


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@pass_settings
def backup_cmd(settings: Settings, path: Path, force: bool, quiet: bool) -> None:
    """Write a consistent copy of the whole library to one archive file.

    PATH is a .tar.gz (or, ending in .tar, an uncompressed tar). The copy is taken under the
    library's lock in a moment, so it is safe while the reader or a fetch is writing.
    """
    store = settings.store()
    with progress_bar("backing up", 0, not quiet, bytes_=True) as update:
        report = store.backup(path, force=force, progress=update)
    if not quiet:
        click.echo(
            f"backed up {report.articles} articles ({report.files} files, {report.bytes / 1024**2:.1f} MB) "
            f"to {report.path}",
            err=True,
        )


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@pass_settings
def restore_cmd(settings: Settings, path: Path, quiet: bool) -> None:
    """Restore a backup made by `briefing backup` into an empty location.

    The library goes where --db (or BRIEFING_DB, or the default location) says; a location
    that already holds articles, subscriptions or settings is refused. The archive is checked
    (format, schema, names, sizes, checksums) and extracted beside the target before anything
    is moved into place, so a failed restore leaves nothing behind.
    """
    from briefing.store import default_library_path, restore

    target = settings.db or default_library_path()
    with progress_bar("restoring", 0, not quiet, bytes_=True) as update:
        report = restore(path, target, progress=update)
    if not quiet:
        click.echo(f"restored {report.articles} articles ({report.files} files) into {report.path}", err=True)
