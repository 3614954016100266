"""Commands that open the reader: `briefing` (no command) and `briefing demo`."""

from __future__ import annotations

from pathlib import Path

import click

from briefing.cli import Settings
from briefing.cli.output import emit


def open_app(settings: Settings, *, demo: bool, store=None) -> None:
    """Run the Textual reader on the user's library (or on `store`)."""
    from briefing.tui import run_app

    run_app(store or settings.store(), theme=settings.theme, demo=demo)


@click.command("demo")
@click.option("--print", "print_only", is_flag=True, help="Print the demo library's list instead of opening the app.")
@click.pass_obj
def demo_cmd(settings: Settings, print_only: bool) -> None:
    """Open the reader on a throwaway library of the bundled sample articles.

    Your own library is not touched: the demo lives in a temporary folder, removed on exit.
    """
    import tempfile

    from briefing.services.demo import build_demo_library

    with tempfile.TemporaryDirectory(prefix="briefing-demo-") as directory:
        store, report = build_demo_library(Path(directory))
        click.echo(f"demo library {store.path}: {report.summary_line()}", err=True)
        try:
            if print_only:
                from briefing.cli.library_cmds import format_row

                for row in store.rows():
                    emit(format_row(row))
            else:
                open_app(settings, demo=True, store=store)
        finally:
            store.close()
