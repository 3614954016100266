"""`briefing brief`: the daily brief for a terminal, a pipe, a Markdown file or a script.

A thin wrapper: options become a `BriefQuery`, `briefing.brief` builds and renders. Rich is
imported only for `--format rich`, so pipes and scripts start fast.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from briefing.cli import Settings, fail
from briefing.cli.output import color_enabled, is_terminal

FORMATS = ("rich", "text", "markdown", "json")
SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".json": "json"}

pass_settings = click.make_pass_decorator(Settings)


def choose_format(fmt: str | None, output: Path | None, stdout=None) -> str:
    """--format if given; for --output, by the file's suffix (.md, .json, else text); else rich
    on a terminal and text in a pipe or whenever NO_COLOR is set."""
    if fmt:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), "text")
    return "rich" if color_enabled(stdout) else "text"


@click.command("brief")
@click.option("--date", "-d", help="The day to brief: YYYY-MM-DD, today (default) or yesterday.")
@click.option("--since", "-s", help="Instead of a day, a window ending now: 24h, 3d, 90m, 2w ...")
@click.option("--tz", help="Time zone for days and times: Europe/Paris, UTC, +02:00 (default: local).")
@click.option("--tag", "-t", multiple=True, help="Only articles with this tag (repeatable: all must match).")
@click.option("--starred", is_flag=True, help="Only starred articles.")
@click.option("--unread", is_flag=True, help="Only unread articles.")
@click.option(
    "--by",
    type=click.Choice(["story", "tag"]),
    default="story",
    show_default=True,
    help="Group by story or by your tags.",
)
@click.option(
    "--sentences",
    "-n",
    type=click.IntRange(0, 20),
    default=3,
    show_default=True,
    help="Summary sentences per article (0: headlines only).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    help="rich (default on a terminal), text (default in a pipe or with NO_COLOR), markdown or json.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the brief to this file (atomically) instead of printing it; the format follows a .md or .json suffix unless --format says otherwise.",
)
@click.option(
    "--width",
    "-w",
    type=click.IntRange(40, 1000),
    help="Columns for text and rich (default: 80; rich on a terminal: its width).",
)
@pass_settings
def brief_cmd(settings: Settings, date, since, tz, tag, starred, unread, by, sentences, fmt, output, width) -> None:
    """The daily brief: the day's articles grouped by story, with summaries, the people,
    organisations and places of the day, and your tags and notes.

    An article belongs to the day it was published in your time zone (or --tz), or the day
    it was imported if it has no date.
    """
    import gc

    # The store keeps the parsed library (hundreds of thousands of containers) alive while the
    # brief is built and rendered: a pass of the cyclic collector over them is pure cost, and
    # nothing here makes cycles (see briefing.brief.build.gc_paused). The collector comes back
    # once the command is over and the store has been closed (close callbacks run last-in,
    # first-out, and the store registers its own when it opens, after this one).
    if gc.isenabled():
        gc.disable()
        click.get_current_context().call_on_close(gc.enable)
    _brief(settings, date, since, tz, tag, starred, unread, by, sentences, fmt, output, width)


def _brief(settings: Settings, date, since, tz, tag, starred, unread, by, sentences, fmt, output, width) -> None:
    from briefing.brief import BriefQuery, build_brief, parse_since, parse_tz, render

    if date is not None and since is not None:
        raise click.UsageError("give --date or --since, not both")
    zone = None
    if tz is not None:
        try:
            zone = parse_tz(tz)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--tz") from None
    if since is not None:
        try:
            parse_since(since)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    query = BriefQuery(
        date=date, since=since, tz=zone, tags=tag, starred=starred, unread=unread, by=by, sentences=sentences
    )
    try:
        query.period()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from None

    fmt = choose_format(fmt, output)
    brief = build_brief(settings.store(), query)

    if output is not None:
        from briefing.store import atomic_write_bytes

        content = render(brief, fmt, width=width or 80, color=False)
        try:
            atomic_write_bytes(output, content.encode("utf-8"))
        except OSError as exc:
            fail(f"{output}: cannot write the brief: {exc.strerror or exc}", status=1)
        what = (
            brief.empty_message()
            if brief.is_empty
            else f"{brief.article_count} article{'s' if brief.article_count != 1 else ''}"
        )
        click.echo(f"wrote {output} ({fmt}): {what}", err=True)
        return

    if brief.is_empty and fmt == "json":
        click.echo(brief.empty_message(), err=True)
    if fmt == "rich" and color_enabled():
        from briefing.brief.render_rich import brief_renderable, make_console

        make_console(width=width, color=True).print(brief_renderable(brief))
        return
    if fmt == "rich" and width is None:
        width = shutil.get_terminal_size((80, 24)).columns if is_terminal() else 80
    _write(render(brief, fmt, width=width or 80, color=False))


def _write(content: str) -> None:
    try:
        click.echo(content, nl=False)
    except UnicodeEncodeError:
        # A terminal or pipe that cannot take UTF-8: show what it can rather than fail.
        stream = sys.stdout
        click.echo(content.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii"), nl=False)
