"""The main screen's article actions: star, read, tags and notes on the article under the
cursor (or the open one). A mixin of MainScreen, kept apart so each module stays small.

Dialogs are pushed at once (not from a worker), so keys typed right after `t` or `n` go to
the dialog, never to the list behind it; what they return is saved through the StoreClient's
writer thread and shown once it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing.core.records import ArticleRow
from briefing.tui.model import tag_counts
from briefing.tui.screens.dialogs import AddTagsScreen, RemoveTagScreen
from briefing.tui.screens.notes import NEW_NOTE, NoteEditorScreen, NotePickerScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from briefing.tui.client import StoreClient

    _Host = Screen  # for the type checker: the mixin's `self` is the screen
else:
    _Host = object  # at run time a plain mixin: Textual sees only MainScreen


class ArticleActions(_Host):
    """Article parts of MainScreen (see main.py for `client`, `store_call`, `_target_row`)."""

    # What MainScreen provides (main.py); declared here for the type checker only.
    client: StoreClient
    if TYPE_CHECKING:

        @property
        def all_rows(self) -> list[ArticleRow]: ...
        async def store_call(self, function: Callable[..., ArticleRow], *args: object) -> ArticleRow | None: ...
        def _row_changed(self, row: ArticleRow) -> None: ...
        def _target_row(self) -> ArticleRow | None: ...

    def _save(self, function: Callable[..., ArticleRow], *args: object) -> None:
        async def save() -> None:
            row = await self.store_call(function, *args)
            if row is not None:
                self._row_changed(row)

        self.run_worker(save(), group="write", exit_on_error=False)

    def _toggle(self, field: str, setter: Callable[[str, bool], ArticleRow]) -> None:
        row = self._target_row()
        if row is None:
            return
        store = self.client.store

        def toggle(article_id: str) -> ArticleRow:
            # Decided on the writer thread from the stored state: two quick presses toggle twice.
            current = getattr(store.row(article_id), field)
            return setter(article_id, not current)

        self._save(toggle, row.id)

    def action_toggle_star(self) -> None:
        self._toggle("starred", self.client.store.set_starred)

    def action_toggle_read(self) -> None:
        self._toggle("read", self.client.store.set_read)

    # Dialogs are pushed at once (not from a worker), so keys typed right after `t` or `n`
    # go to the dialog, never to the list behind it.

    def action_add_tags(self) -> None:
        row = self._target_row()
        if row is None:
            return

        def add(tags: list[str] | None) -> None:
            if tags:
                self._save(self.client.store.tag, row.id, tags)

        self.app.push_screen(AddTagsScreen(row.title, list(tag_counts(self.all_rows)), row.tags), add)

    def action_remove_tag(self) -> None:
        row = self._target_row()
        if row is None:
            return
        if not row.tags:
            self.notify("This article has no tags.", timeout=3)
            return

        def remove(tag: str | None) -> None:
            if tag:
                self._save(self.client.store.untag, row.id, [tag])

        self.app.push_screen(RemoveTagScreen(row.title, row.tags), remove)

    def action_note(self) -> None:
        row = self._target_row()
        if row is None:
            return
        if row.notes:
            self.app.push_screen(NotePickerScreen(row.title, row.notes), lambda index: self._edit_note(row, index))
        else:
            self._edit_note(row, NEW_NOTE)

    def _edit_note(self, row: ArticleRow, index: int | None) -> None:
        if index is None:
            return
        editing = index != NEW_NOTE
        initial = row.notes[index].text if editing else ""
        store = self.client.store

        def save(text: str | None) -> None:
            if text is None:
                return
            if editing:
                self._save(store.edit_note, row.id, index, text)
            else:
                self._save(store.add_note, row.id, text)

        self.app.push_screen(NoteEditorScreen(row.title, initial, editing=editing), save)
