"""Printing for the CLI: data on stdout, messages on stderr, nothing from an article ever
interpreted as markup or reaching the terminal as a control sequence."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap

import click

from briefing.core.text import clean_line, strip_controls


def color_enabled(stream=None) -> bool:
    """Colour only on a terminal and only without NO_COLOR (https://no-color.org)."""
    stream = stream or sys.stdout
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


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


def safe(text: str | None) -> str:
    return clean_line(text or "")
