""" "Export..." in the command palette: the articles the list shows, in the format and at the
path the user picks, written by a thread worker through the StoreClient, with a notification
when it is done or why it failed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from briefing.core.export import FORMATS, SUFFIXES
from briefing.tui.client import StoreProblem
from briefing.tui.screens.dialogs import DIALOG_CSS

DESCRIPTIONS = {
    "md": "Markdown files, one per article, in a folder (imports back)",
    "jsonl": "JSON Lines, one article per line (imports back)",
    "csv": "CSV for spreadsheets (UTF-8 with BOM)",
}


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path
    force: bool


def default_path(fmt: str, today: dt.date) -> str:
    """Where an export goes unless the user says otherwise, as shown in the dialog."""
    name = f"~/briefing-export-{today.isoformat()}"
    return name if fmt == "md" else name + SUFFIXES[fmt]


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Format, path and whether to overwrite; enter or "Export" confirms, esc cancels."""

    SCOPED_CSS = False
    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    ExportScreen RadioSet { width: 100%; border: none; padding: 0; margin-top: 1; }
    ExportScreen Checkbox { border: none; padding: 0; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count: int, filters: str, today: dt.date) -> None:
        super().__init__()
        self.count = count
        self.filters = filters
        self.today = today
        self.fmt = "md"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export"
            shown = f"{self.count:,} article{'s' if self.count != 1 else ''} as the list shows them"
            yield Static(Content(shown + (f" ({self.filters})" if self.filters else "")), markup=False)
            with RadioSet(id="format"):
                for fmt in FORMATS:
                    yield RadioButton(
                        Content(f"{fmt}: {DESCRIPTIONS[fmt]}"), value=fmt == self.fmt, name=fmt, id=f"format-{fmt}"
                    )
            yield Input(default_path(self.fmt, self.today), placeholder="folder (md) or file", id="path")
            yield Checkbox(Content("Overwrite existing files"), id="force")
            yield Static(Content("enter exports · esc cancels"), classes="dialog-hint", markup=False)
            with Horizontal():
                yield Button(Content("Export"), id="export", variant="primary")
                yield Button(Content("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.name or self.fmt  # every button is named after its format
        path = self.query_one("#path", Input)
        if path.value == default_path(self.fmt, self.today):  # not edited by the user: follow the format
            path.value = default_path(fmt, self.today)
        self.fmt = fmt

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def _confirm(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.notify("Give a folder or file to export to.", severity="warning", timeout=4)
            return
        self.dismiss(ExportRequest(self.fmt, Path(text).expanduser(), self.query_one("#force", Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def open_export(app, main) -> None:
    """Ask where to export the rows `main` shows, then export them in a thread worker."""
    rows = list(main.article_list.rows)
    if not rows:
        app.notify("No articles to export: the list is empty.", severity="warning", timeout=4)
        return
    crumbs = ", ".join(text for _, text in main.list_filter.crumbs()) if main.list_filter.active else ""
    today = app.today or dt.date.today()

    def chosen(request: ExportRequest | None) -> None:
        if request is None:
            return
        app.notify(f"Exporting {len(rows):,} articles to {request.path}…", timeout=3, markup=False)
        app.run_worker(
            lambda: _export(app, rows, request), thread=True, group="export", name="export", exit_on_error=False
        )

    app.push_screen(ExportScreen(len(rows), crumbs, today), chosen)


def _export(app, rows, request: ExportRequest) -> None:
    """In a worker thread: write the export and say how it went."""
    from briefing.services.exporting import ExportError

    try:
        report = app.client.export(rows, request.fmt, request.path, force=request.force, tz=app.tz)
    except ExportError as exc:
        hint = "; tick “Overwrite existing files” to replace it" if exc.exists else ""
        app.post_message(app.Problem(f"{exc}{hint}", "error", "Export failed"))
        return
    except StoreProblem as exc:
        app.post_message(app.Problem(str(exc), "error", "Export failed"))
        return
    app.post_message(app.Problem(report.summary_line().capitalize() + ".", "information", "Exported"))
