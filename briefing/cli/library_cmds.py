"""Library commands: import, list, show, tag, untag, note, star, read, tags, reanalyze."""

from __future__ import annotations

import sys
from collections import defaultdict

import click

from briefing.cli import Settings, fail
from briefing.cli.output import emit, emit_json, progress_wanted, style, warn, width, wrap
from briefing.core.records import ArticleRecord, ArticleRow, RowFilter
from briefing.core.text import clean_line

pass_settings = click.make_pass_decorator(Settings)


def _progress_wanted(total: int) -> bool:
    return total > 1 and progress_wanted()


@click.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--max-size", type=click.FloatRange(min=0.001), default=5.0, show_default=True, help="Largest file to read, in MB."
)
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Processes for analysis (default: all cores).")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the final count.")
@pass_settings
def import_cmd(settings: Settings, paths: tuple[str, ...], max_size: float, jobs: int | None, quiet: bool) -> None:
    """Import articles from files, folders (recursively), article pages or `-` (stdin).

    Plain text (.txt: headline, standfirst, paragraphs), Markdown with YAML front matter,
    JSON (.json, one object or a list) and JSON Lines (.jsonl). A URL (http/https) or a saved
    page (.html, .htm) is one article, its full text extracted as for feeds. Each article is
    analysed (summary, entities) and stored; re-importing an article changes nothing.
    """
    from briefing.core.parsing import Problem, read_paths
    from briefing.services.importing import import_articles

    store = settings.store()
    max_bytes = int(max_size * 1024 * 1024)
    files, urls, pages, folders = _split_sources(paths, store.paths.all())
    items = []
    problems = 0
    for item in read_paths(files, max_bytes=max_bytes, exclude=store.paths.all()):
        if isinstance(item, Problem):
            if item.warning and item.path in folders:
                continue  # "no article files in this folder": it has pages
            warn(str(item) if not item.warning else f"{item} (warning)")
            problems += 0 if item.warning else 1
        else:
            items.append(item)
    if urls or pages:
        from briefing.cli.feed_cmds import config
        from briefing.services.pages import read_pages

        for item in read_pages(urls, pages, settings=config(), max_bytes=max_bytes, jobs=jobs):
            if isinstance(item, Problem):
                warn(str(item))
                problems += 1
            else:
                items.append(item)
    if _progress_wanted(len(items)) and not quiet:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        with Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=len(items))
            report = import_articles(
                store, items, on_problem=lambda p: None, progress=lambda n: bar.advance(task, n), jobs=jobs
            )
    else:
        report = import_articles(store, items, on_problem=lambda p: None, jobs=jobs)
    report.failed += problems
    _retention(store)
    click.echo(report.summary_line(), err=True)
    if report.failed:
        raise click.exceptions.Exit(1)


def _split_sources(arguments, exclude) -> tuple[list[str], list[str], list, set[str]]:
    """(paths for read_paths, URLs, HTML files, folders that hold HTML files)."""
    from pathlib import Path

    from briefing.services.pages import HTML_SUFFIXES, html_files, is_url

    paths, urls, pages, folders = [], [], [], set()
    for argument in arguments:
        path = Path(argument)
        if argument != "-" and is_url(argument) and not path.exists():
            urls.append(argument)
        elif path.is_file() and path.suffix.lower() in HTML_SUFFIXES:
            pages.append(path)
        else:
            if path.is_dir():
                found = html_files(path, exclude)
                if found:
                    pages.extend(found)
                    folders.add(argument)
            paths.append(argument)
    return paths, urls, pages, folders


def _retention(store) -> None:
    """config.toml's feeds.retention_days, applied after an import as after a fetch."""
    from briefing.cli.feed_cmds import config
    from briefing.services.fetching import apply_retention

    days = config().retention_days
    removed = apply_retention(store, days)
    if removed:
        click.echo(
            f"removed {removed} article{'s' if removed != 1 else ''} older than {days} days (feeds.retention_days)",
            err=True,
        )


def _filter_rows(store, tag: tuple[str, ...], date: str | None, unread: bool, starred: bool) -> list[ArticleRow]:
    from briefing.core.dates import parse_day

    if date:
        try:
            day = parse_day(date)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
        rows = [r for r in store.rows_around(day, day) if r.day() == day]
    else:
        rows = store.rows()
    return RowFilter.of(tag, starred=starred, unread=unread).apply(rows)


SOURCE_WIDTH = 20


def format_row(row: ArticleRow, title_width: int | None = None) -> str:
    """One list line: id, day, flags (u unread, * starred, n notes), source, title, #tags."""
    flags = ("u" if not row.read else "-") + ("*" if row.starred else "-") + ("n" if row.notes else "-")
    source = clean_line(row.source)
    if len(source) > SOURCE_WIDTH:
        source = source[: SOURCE_WIDTH - 1] + "…"
    parts = [style(row.id, fg="cyan"), row.day().isoformat(), flags, f"{source:<{SOURCE_WIDTH}}", clean_line(row.title)]
    if row.tags:
        parts.append(style(" ".join("#" + clean_line(t) for t in row.tags), fg="green"))
    return "  ".join(parts)


@click.command("list")
@click.option("--tag", "-t", multiple=True, help="Only articles with this tag (repeatable: all must match).")
@click.option("--date", "-d", help="Only articles of this day: YYYY-MM-DD, today or yesterday.")
@click.option("--unread", is_flag=True, help="Only unread articles.")
@click.option("--starred", is_flag=True, help="Only starred articles.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of articles.")
@pass_settings
def list_cmd(settings: Settings, tag, date, unread, starred, as_json) -> None:
    """One line per article, newest first: id, date, flags (u=unread *=starred n=notes), source, title, tags."""
    rows = _filter_rows(settings.store(), tag, date, unread, starred)
    if as_json:
        emit_json([row.to_dict() for row in rows])
        return
    for row in rows:
        emit(format_row(row))


def render_article(record: ArticleRecord) -> str:
    """The plain-text view of one article for `briefing show`."""
    w = width()
    lines = [style(clean_line(record.title), bold=True)]
    if record.dek:
        lines.append(wrap(record.dek))
    meta = [
        record.id,
        clean_line(record.source) or None,
        record.published or f"imported {record.imported_at[:10]}",
        clean_line(record.url) or None,
    ]
    lines.append(style(" · ".join(m for m in meta if m), dim=True))
    status = ["starred" if record.starred else "", "unread" if not record.read else "read"]
    if record.tags:
        status.insert(0, " ".join("#" + clean_line(t) for t in record.tags))
    lines.append(" ".join(s for s in status if s))
    if record.summary:
        lines += ["", style("Summary", bold=True)]
        lines += [wrap(sentence, "  ").replace("  ", "• ", 1) for sentence in record.summary]
    if record.entities:
        lines += ["", style("Entities", bold=True)]
        groups: dict[str, list[str]] = defaultdict(list)
        for entity in record.entities:
            groups[entity["label"]].append(f"{clean_line(entity['text'])} ({entity.get('count', 0)})")
        for label, names in groups.items():
            lines.append(wrap(f"{label}: " + ", ".join(names), "  "))
    lines += ["", style("Article", bold=True)]
    for paragraph in record.paragraphs:
        lines += [wrap(paragraph, width_=w), ""]
    if record.notes:
        lines.append(style("Notes", bold=True))
        for number, note in enumerate(record.notes, 1):
            lines.append(style(f"  [{number}] {note.created}", dim=True))
            lines += [wrap(part, "      ") for part in note.text.split("\n") if part.strip()]
    return "\n".join(lines).rstrip()


@click.command("show")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@pass_settings
def show_cmd(settings: Settings, article_id: str, as_json: bool) -> None:
    """One article with its summary, entities, tags and notes."""
    record = settings.store().get(article_id)
    if as_json:
        emit_json(record.to_dict())
    else:
        emit(render_article(record))


def _echo_tags(row: ArticleRow) -> None:
    tags = " ".join("#" + clean_line(t) for t in row.tags) or "(no tags)"
    emit(f"{row.id}  {tags}")


@click.command("tag")
@click.argument("article_id")
@click.argument("tags", nargs=-1, required=True)
@pass_settings
def tag_cmd(settings: Settings, article_id: str, tags: tuple[str, ...]) -> None:
    """Add tags to an article (prints its tags afterwards)."""
    _echo_tags(settings.store().tag(article_id, tags))


@click.command("untag")
@click.argument("article_id")
@click.argument("tags", nargs=-1, required=True)
@pass_settings
def untag_cmd(settings: Settings, article_id: str, tags: tuple[str, ...]) -> None:
    """Remove tags from an article (prints its tags afterwards)."""
    _echo_tags(settings.store().untag(article_id, tags))


@click.command("note")
@click.argument("article_id")
@click.argument("text", nargs=-1, required=True)
@pass_settings
def note_cmd(settings: Settings, article_id: str, text: tuple[str, ...]) -> None:
    """Append a note to an article. TEXT `-` reads the note from stdin."""
    body = sys.stdin.read() if text == ("-",) else " ".join(text)
    try:
        row = settings.store().add_note(article_id, body)
    except ValueError as exc:
        fail(str(exc), status=2)
    emit(f"{row.id}  {len(row.notes)} note{'s' if len(row.notes) != 1 else ''}")


def _flag_command(name: str, help_text: str, setter: str, value: bool):
    @click.command(name, help=help_text)
    @click.argument("article_ids", nargs=-1, required=True)
    @pass_settings
    def command(settings: Settings, article_ids: tuple[str, ...]) -> None:
        store = settings.store()
        for article_id in article_ids:
            row = getattr(store, setter)(article_id, value)
            emit(format_row(row))

    return command


star_cmd = _flag_command("star", "Star articles.", "set_starred", True)
unstar_cmd = _flag_command("unstar", "Remove the star from articles.", "set_starred", False)
read_cmd = _flag_command("read", "Mark articles as read.", "set_read", True)
unread_cmd = _flag_command("unread", "Mark articles as unread.", "set_read", False)


@click.command("tags")
@click.option("--json", "as_json", is_flag=True, help="Print {tag: count} as JSON.")
@pass_settings
def tags_cmd(settings: Settings, as_json: bool) -> None:
    """Every tag in the library with its number of articles."""
    counts = settings.store().all_tags()
    if as_json:
        emit_json(counts)
        return
    for tag, count in counts.items():
        emit(f"{count:>5}  {clean_line(tag)}")


@click.command("reanalyze")
@click.option("--all", "everything", is_flag=True, help="Recompute every analysis, not only stale ones.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Processes (default: all cores).")
@pass_settings
def reanalyze_cmd(settings: Settings, everything: bool, jobs: int | None) -> None:
    """Recompute summaries and entities made by an older analyzer. Tags and notes are untouched."""
    from briefing.services.importing import reanalyse

    count = reanalyse(settings.store(), everything=everything, jobs=jobs)
    click.echo(f"reanalyzed {count}", err=True)


def parse_age(text: str):
    """`--older-than` values: 90d, 12w, 1y (or a plain number of days) -> a timedelta."""
    import datetime as dt
    import re

    match = re.fullmatch(r"\s*(\d+)\s*([dwy]?)\s*", text.lower())
    if not match or int(match.group(1)) == 0:
        raise click.BadParameter(f"{text!r} is not an age (use e.g. 90d, 12w or 1y)", param_hint="--older-than")
    days = int(match.group(1)) * {"": 1, "d": 1, "w": 7, "y": 365}[match.group(2)]
    return dt.timedelta(days=days)


@click.command("prune")
@click.option("--older-than", "age", required=True, help="Age of the articles to remove: 90d, 12w, 1y.")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
@pass_settings
def prune_cmd(settings: Settings, age: str, dry_run: bool) -> None:
    """Remove articles older than AGE (by their day), never one with tags, notes or a star.

    Feed items removed this way are remembered, so a feed that still lists them does not bring
    them back."""
    import datetime as dt

    before = dt.date.today() - parse_age(age)
    report = settings.store().prune(before, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(
        f"{verb} {len(report.removed)} article{'s' if len(report.removed) != 1 else ''} dated before {before.isoformat()}"
        f" (kept {report.kept} with tags, notes or a star)",
        err=True,
    )
