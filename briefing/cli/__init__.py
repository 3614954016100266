"""The command line: a thin Click wrapper around the core, the store and the services.

Commands live in modules of this package and load lazily, so `briefing tag` never imports
Textual and `briefing` (the TUI) never imports sumy. Errors a user can cause (unknown id,
corrupt library, missing file) end in one line on stderr, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing import __version__

if TYPE_CHECKING:
    from briefing.store import ArticleStore

# name -> "module:attribute"; modules are imported only when the command runs (or for --help).
COMMANDS: dict[str, str] = {
    "import": "briefing.cli.library_cmds:import_cmd",
    "list": "briefing.cli.library_cmds:list_cmd",
    "show": "briefing.cli.library_cmds:show_cmd",
    "tag": "briefing.cli.library_cmds:tag_cmd",
    "untag": "briefing.cli.library_cmds:untag_cmd",
    "note": "briefing.cli.library_cmds:note_cmd",
    "star": "briefing.cli.library_cmds:star_cmd",
    "unstar": "briefing.cli.library_cmds:unstar_cmd",
    "read": "briefing.cli.library_cmds:read_cmd",
    "unread": "briefing.cli.library_cmds:unread_cmd",
    "tags": "briefing.cli.library_cmds:tags_cmd",
    "reanalyze": "briefing.cli.library_cmds:reanalyze_cmd",
    "analyze": "briefing.cli.analyze_cmd:analyze_cmd",
    "demo": "briefing.cli.app_cmds:demo_cmd",
    "brief": "briefing.cli.brief_cmd:brief_cmd",
    "prune": "briefing.cli.library_cmds:prune_cmd",
    "export": "briefing.cli.export_cmds:export_cmd",
    "backup": "briefing.cli.export_cmds:backup_cmd",
    "restore": "briefing.cli.export_cmds:restore_cmd",
    "feed": "briefing.cli.feed_cmds:feed_group",
    "fetch": "briefing.cli.fetch_cmd:fetch_cmd",
}


class Settings:
    """Global options, shared by every command through the Click context."""

    def __init__(self, db: Path | None, theme: str | None) -> None:
        self.db = db
        self.theme = theme
        self._store: ArticleStore | None = None

    def store(self) -> ArticleStore:
        """Open (creating on first use) the library, once per command."""
        if self._store is None:
            from briefing.cli.output import MigrationProgress
            from briefing.store import ArticleStore

            with MigrationProgress() as progress:
                store = self._store = ArticleStore(self.db, migrate_progress=progress)
            click.get_current_context().call_on_close(store.close)
        return self._store


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def invoke(self, ctx: click.Context):
        from briefing.store import ArticleNotFound, LibraryError

        try:
            return super().invoke(ctx)
        except LibraryError as exc:
            fail(str(exc), status=2)
        except ArticleNotFound as exc:
            fail(str(exc.args[0] if exc.args else exc), status=1)
        except BrokenPipeError:
            # `briefing list | head`: the reader left; not an error worth a traceback.
            sys.stderr.close()
            ctx.exit(0)


def fail(message: str, status: int = 1) -> None:
    """One line on stderr, then exit."""
    from briefing.core.text import clean_line

    click.echo(f"briefing: {clean_line(message)}", err=True)
    raise click.exceptions.Exit(status)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BRIEFING_DB",
    help="The library file (default: library.json in the user data directory; env BRIEFING_DB).",
)
@click.option("--theme", help="Theme for the app (a name from `themes/` or your config directory).")
@click.version_option(__version__, prog_name="briefing")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, theme: str | None) -> None:
    """briefing: read, tag and annotate the news in your terminal.

    With no command, opens the reader on your library.
    """
    ctx.obj = Settings(db, theme)
    if ctx.invoked_subcommand is None:
        from briefing.cli.app_cmds import open_app

        open_app(ctx.obj, demo=False)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="briefing")
    except KeyboardInterrupt:
        click.echo("briefing: interrupted", err=True)
        sys.exit(130)
