"""Printing for the CLI: data on stdout, messages on stderr, nothing from an article ever
interpreted as markup or reaching the terminal as a control sequence."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

from briefing.core.text import clean_line, strip_controls


def is_terminal(stream=None) -> bool:
    """Whether `stream` (default stdout) is a terminal a person reads: the one test the CLI's
    choices (colour, the brief's format, progress bars, prompts) are made from."""
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def color_enabled(stream=None) -> bool:
    """Colour only on a terminal and only without NO_COLOR (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and is_terminal(stream)


def progress_wanted() -> bool:
    """Progress bars go to stderr, and only when it is a terminal (never into a log or a pipe)."""
    return is_terminal(sys.stderr)


def width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 100))


def emit(line: str = "") -> None:
    click.echo(line)


def warn(message: str) -> None:
    click.echo(clean_line(message), err=True)


def emit_json(data: object) -> None:
    import orjson

    # orjson escapes control characters inside strings, so JSON output is terminal-safe.
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")


def style(text: str, **styles) -> str:
    """Styling for our own labels only (never for article text, which is cleaned instead)."""
    return click.style(text, **styles) if color_enabled() else text


def wrap(text: str, indent: str = "", width_: int | None = None) -> str:
    return textwrap.fill(
        " ".join(strip_controls(text).split()),
        width=width_ or width(),
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


class MigrationProgress:
    """Tells the user (on stderr) that an older library's layout is being upgraded: a Rich
    progress bar on a terminal, one line before and after otherwise. Silent when nothing is
    migrated (the callback is never called)."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._started = False

    def __call__(self, done: int, total: int) -> None:
        if not self._started:
            self._started = True
            click.echo(
                "briefing: upgrading the library to the new layout (once; the old files stay until it is done)",
                err=True,
            )
            if progress_wanted():
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                )

                self._bar = Progress(
                    TextColumn("upgrading"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
                self._bar.start()
                self._task = self._bar.add_task("upgrade", total=total)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=done, total=total)

    def __enter__(self) -> MigrationProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        if self._started and exc[0] is None:
            click.echo("briefing: library upgraded", err=True)
