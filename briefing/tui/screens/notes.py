"""The note dialogs: pick which note to edit (or a new one), and the multi-line editor.

The editor returns the text through `dismiss()` on ctrl+s; esc with unsaved changes asks
before throwing them away. Saving is the main screen's job, so what the user sees as saved
is what the store wrote.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from briefing.core.text import clean_line
from briefing.tui.screens.dialogs import DIALOG_CSS, ConfirmScreen, PickerScreen

NEW_NOTE = -1


class NotePickerScreen(PickerScreen):
    """Choose a note to edit, or a new one. Returns its index, NEW_NOTE, or None (cancel)."""

    def __init__(self, title: str, notes) -> None:
        super().__init__()
        self.article_title = title
        self.notes = list(notes)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Notes"
            yield Static(Content(clean_line(self.article_title)), markup=False)
            options = [Option(Content("+ New note"), id="new")]
            for index, note in enumerate(self.notes):
                first = clean_line(note.text.splitlines()[0] if note.text else "")
                options.append(Option(Content(f"{index + 1}. {first}"), id=str(index)))
            yield OptionList(*options)
            yield Static(Content("enter edits · esc cancels"), classes="dialog-hint", markup=False)

    def result_for(self, option_id: str | None) -> int:
        return NEW_NOTE if option_id == "new" else int(option_id or 0)


class NoteEditorScreen(ModalScreen[str | None]):
    """Multi-line note editor: ctrl+s saves and closes, esc asks before discarding changes.

    Returns the text (an empty text when editing means: delete the note), or None.
    """

    SCOPED_CSS = False
    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    NoteEditorScreen > Vertical { width: 80; height: 20; max-height: 100%; }
    NoteEditorScreen TextArea { height: 1fr; }
    """
    )
    # Not priority bindings: a priority ctrl+s would run before the TextArea has taken the
    # keys typed just before it, and save the note without its last words.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, title: str, text: str = "", *, editing: bool = False) -> None:
        super().__init__()
        self.article_title = title
        self.initial = text
        self.editing = editing

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Edit note" if self.editing else "New note"
            box.border_subtitle = "ctrl+s saves · esc cancels"
            yield Static(Content(clean_line(self.article_title)), markup=False)
            yield TextArea(self.initial, soft_wrap=True, id="note-text")
            if self.editing:
                yield Static(Content("Saving an empty note deletes it."), classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        text = self.text.strip()
        if not text and not self.editing:
            self.notify("An empty note is not saved.", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        if self.text == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard the changes to this note?", yes="Discard", no="Keep editing"), answered
        )
