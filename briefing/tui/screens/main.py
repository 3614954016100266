"""The main screen: article list, reader and entity panel, and every article action.

The screen owns the state the panes show (all rows, the active filter, the open article) and
is the only place that talks to the store. Store calls run off the event loop: reads and
writes go through one writer thread (so a tag and a star pressed in quick succession are
saved in that order), reloads and full-text search run in thread workers. A change is shown
only after the store has written it.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea
from textual.worker import get_current_worker

from briefing.store import ArticleNotFound, LibraryError
from briefing.tui.model import BodyIndex, ListFilter, Query, one_line, parse_query
from briefing.tui.screens.dialogs import AddTagsScreen, RemoveTagScreen
from briefing.tui.screens.notes import NEW_NOTE, NoteEditorScreen, NotePickerScreen
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.breadcrumb import Breadcrumb
from briefing.tui.widgets.entity_panel import EntityPanel
from briefing.tui.widgets.reader import ReaderPane

# Below this width the panes collapse into one column, shown one at a time.
NARROW_WIDTH = 100
PANES = ("list", "reader", "entities")


class MainScreen(Screen):
    """List, reader and entity panel."""

    AUTO_FOCUS = "#articles"

    BINDINGS = [
        # A priority binding runs as the key arrives, before the keys typed after it are passed
        # on: `/rates` typed in one burst searches "rates" instead of marking (r) and starring
        # (s) the article. check_action lets `/` through to text fields.
        Binding("slash", "search", "Search", id="search", priority=True),
        Binding("t", "add_tags", "Tag", id="tag"),
        Binding("T", "remove_tag", "Untag", show=False, id="untag"),
        Binding("n", "note", "Note", id="note"),
        Binding("r", "toggle_read", "Read", id="read"),
        Binding("s", "toggle_star", "Star", id="star"),
        Binding("u", "toggle_unread_only", "Unread only", id="unread-only"),
        Binding("e", "focus_entities", "Entities", id="entities"),
        Binding("b", "brief", "Brief", show=False, id="brief"),
        Binding("escape", "back", "Back", show=False, id="back"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="previous-pane"),
    ]

    pane: reactive[str] = reactive("list", init=False)
    list_filter: reactive[ListFilter] = reactive(ListFilter, init=False, always_update=True)

    class RowsLoaded(Message):
        def __init__(self, rows: list, signature: tuple) -> None:
            self.rows = rows
            self.signature = signature
            super().__init__()

    class SearchDone(Message):
        def __init__(self, query: Query, hits: frozenset[str], final: bool) -> None:
            self.query = query
            self.hits = hits
            self.final = final
            super().__init__()

    def __init__(
        self, store, *, today=None, tz=None, poll_interval: float | None = 2.0, reanalyse_delay: float | None = 1.0
    ) -> None:
        super().__init__(id="main")
        self.reanalyse_delay = reanalyse_delay
        self.store = store
        self.today = today
        self.tz = tz
        self.poll_interval = poll_interval
        self.all_rows: list = []
        self.known_signature: tuple | None = None
        self.body_index = BodyIndex()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="left"):
            with Vertical(id="list-pane"):
                yield Input(placeholder="/ search: words, #tag, @entity", id="search")
                yield Breadcrumb(id="breadcrumb")
                yield ArticleList(id="articles", today=self.today, tz=self.tz)
            entities = EntityPanel(id="entities")
            entities.border_title = "Entities"
            yield entities
        reader = ReaderPane(id="reader", today=self.today, tz=self.tz)
        reader.border_title = "Reader"
        yield reader
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one("#reader", ReaderPane)

    @property
    def entity_panel(self) -> EntityPanel:
        return self.query_one("#entities", EntityPanel)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    def on_mount(self) -> None:
        # The first frame shows the list: reading the index of 10,000 articles takes ~40 ms
        # (no bodies), so it is read here; later reloads run in a worker.
        self.known_signature = self.store.signature()
        self._show_rows(self.store.rows())
        if getattr(self.app, "demo", False):
            self.article_list.border_subtitle = "demo library (temporary)"
        self.pane = "list"
        self.watch_pane("list")
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.check_for_changes, name="library-poll")
        if self.reanalyse_delay is not None:
            # After the first frame: start-up never imports the analyzer.
            self.set_timer(self.reanalyse_delay, self.refresh_stale_analyses, name="reanalyse")

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self._layout_panes()

    def watch_pane(self, pane: str) -> None:
        self._layout_panes()

    def _layout_panes(self) -> None:
        """Wide: every pane. Narrow: only `pane` (set here, not in CSS, so that focusing the
        pane right after showing it works)."""
        narrow, pane = self.has_class("-narrow"), self.pane
        self.query_one("#left").display = not narrow or pane in ("list", "entities")
        self.query_one("#list-pane").display = not narrow or pane == "list"
        self.entity_panel.display = not narrow or pane == "entities"
        self.reader.display = not narrow or pane == "reader"
        self.reader.border_subtitle = "esc: back to the list" if narrow else ""

    def on_descendant_focus(self, event) -> None:
        widget = event.widget
        for name, node in (("reader", self.reader), ("entities", self.entity_panel)):
            if widget is node or node in widget.ancestors:
                self.pane = name
                return
        self.pane = "list"

    def _focus_pane(self, pane: str) -> None:
        self.pane = pane
        self.focus_now({"list": self.article_list, "reader": self.reader, "entities": self.entity_panel}[pane])

    def focus_now(self, widget) -> None:
        """Move the focus before the next key is handled. (`Widget.focus()` defers the move,
        so keys typed in one burst, like `/rates`, would still reach the old widget: the `r`
        and `s` would mark and star the article.)"""
        self.set_focus(widget)

    # ------------------------------------------------------------------ rows and filters

    def _show_rows(self, rows: list) -> None:
        self.all_rows = rows
        self.list_filter = self.list_filter  # re-applies the filter (always_update)
        if self.list_filter.query:
            self.run_search(self.list_filter.query)

    def watch_list_filter(self, list_filter: ListFilter) -> None:
        shown = list_filter.apply(self.all_rows)
        self.article_list.set_rows(shown, total=len(self.all_rows))
        self.query_one(Breadcrumb).show(list_filter)

    def _row_changed(self, row) -> None:
        """One article's user data changed (saved by us): update every view of it."""
        for index, old in enumerate(self.all_rows):
            if old.id == row.id:
                self.all_rows[index] = row
                break
        self.article_list.update_row(row)
        self.reader.update_row(row)
        self.known_signature = self.store.signature()

    # ------------------------------------------------------------------ store access

    async def store_call(self, function, *args):
        """Run a store call on the writer thread; errors become a notification (and None)."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.app.store_executor, partial(function, *args))
        except (LibraryError, ArticleNotFound, ValueError, OSError) as exc:
            message = exc.args[0] if isinstance(exc, ArticleNotFound) and exc.args else str(exc)
            self.notify(one_line(str(message)), title="Not saved", severity="error", timeout=8)
            return None

    def check_for_changes(self) -> None:
        """Poll: another process (briefing tag, briefing import) wrote to the library."""
        try:
            signature = self.store.signature()
        except OSError:
            return
        if signature != self.known_signature:
            self.reload()

    @work(thread=True, exclusive=True, group="reload")
    def reload(self) -> None:
        signature = self.store.signature()
        rows = self.store.rows()
        if not get_current_worker().is_cancelled:
            self.post_message(self.RowsLoaded(rows, signature))

    @work(thread=True, exclusive=True, group="reanalyse", exit_on_error=False)
    def refresh_stale_analyses(self) -> None:
        """Analyses made by an older analyzer are recomputed in the background, a batch at a
        time; tags, notes and read state are never touched (they live in another file)."""
        from briefing.analysis import ANALYZER_VERSION
        from briefing.services.importing import reanalyse

        worker = get_current_worker()
        stale = self.store.stale(ANALYZER_VERSION)
        if not stale or worker.is_cancelled:
            return
        self.app.call_from_thread(
            self.notify, f"Updating the analysis of {len(stale)} article(s) for the new analyzer.", timeout=4
        )
        count = reanalyse(self.store, start_method="spawn", cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.notify, f"Analysis updated for {count} article(s).", timeout=4)
            self.app.call_from_thread(self.reload)

    @on(RowsLoaded)
    def _rows_loaded(self, message: RowsLoaded) -> None:
        self.known_signature = message.signature
        self._show_rows(message.rows)
        record = self.reader.record
        if record is not None:
            self.run_worker(self._refresh_open(record.id), exclusive=True, group="open")

    async def _refresh_open(self, article_id: str) -> None:
        record = await self.store_call(self.store.get, article_id)
        if record is not None:
            self.reader.show(record)
            self.entity_panel.show(record)

    def action_reload(self) -> None:
        self.reload()
        self.notify("Library reloaded.", timeout=2)

    # ------------------------------------------------------------------ opening

    @on(ArticleList.Selected)
    def _selected(self, message: ArticleList.Selected) -> None:
        self.open_article(message.row.id)
        if self.has_class("-narrow"):
            self._focus_pane("reader")

    def open_article(self, article_id: str) -> None:
        self.run_worker(self._open(article_id), exclusive=True, group="open")

    async def _open(self, article_id: str) -> None:
        record = await self.store_call(self.store.get, article_id)
        if record is None:
            return
        self.reader.show(record)
        self.entity_panel.show(record)
        if not record.read:
            row = await self.store_call(self.store.set_read, article_id, True)
            if row is not None:
                self._row_changed(row)

    def target_id(self) -> str | None:
        """The article the keys act on: the open one when the reader or entity panel has focus,
        else the one under the list cursor."""
        focused = self.focused
        record = self.reader.record
        if record is not None and focused is not None:
            for pane in (self.reader, self.entity_panel):
                if focused is pane or pane in focused.ancestors:
                    return record.id
        row = self.article_list.current_row
        if row is not None:
            return row.id
        return record.id if record is not None else None

    def _target_row(self):
        article_id = self.target_id()
        if article_id is None:
            self.notify("No article selected.", severity="warning", timeout=3)
            return None
        return next((row for row in self.all_rows if row.id == article_id), None)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "search":
            return not isinstance(self.focused, (Input, TextArea))
        if action in {"add_tags", "remove_tag", "note", "toggle_read", "toggle_star"}:
            return True if (self.article_list.current_row or self.reader.record) else None
        return True

    def action_brief(self) -> None:
        from briefing.tui.screens.brief import BriefScreen

        self.app.push_screen(BriefScreen(self.store, today=self.today, tz=self.tz))

    # ------------------------------------------------------------------ article actions

    async def _save(self, function, *args) -> None:
        row = await self.store_call(function, *args)
        if row is not None:
            self._row_changed(row)

    def _toggle(self, field: str, setter) -> None:
        row = self._target_row()
        if row is None:
            return

        def toggle(article_id: str):
            # Decided on the writer thread from the stored state: two quick presses toggle twice.
            current = getattr(self.store.row(article_id), field)
            return setter(article_id, not current)

        self.run_worker(self._save(toggle, row.id), group="write")

    def action_toggle_star(self) -> None:
        self._toggle("starred", self.store.set_starred)

    def action_toggle_read(self) -> None:
        self._toggle("read", self.store.set_read)

    # Dialogs are pushed at once (not from a worker), so keys typed right after `t` or `n`
    # go to the dialog, never to the list behind it.

    def action_add_tags(self) -> None:
        row = self._target_row()
        if row is None:
            return

        def add(tags: list[str] | None) -> None:
            if tags:
                self.run_worker(self._save(self.store.tag, row.id, tags), group="write")

        self.app.push_screen(AddTagsScreen(row.title, list(self.store.all_tags()), row.tags), add)

    def action_remove_tag(self) -> None:
        row = self._target_row()
        if row is None:
            return
        if not row.tags:
            self.notify("This article has no tags.", timeout=3)
            return

        def remove(tag: str | None) -> None:
            if tag:
                self.run_worker(self._save(self.store.untag, row.id, [tag]), group="write")

        self.app.push_screen(RemoveTagScreen(row.title, row.tags), remove)

    def action_note(self) -> None:
        row = self._target_row()
        if row is None:
            return
        if row.notes:
            self.app.push_screen(NotePickerScreen(row.title, row.notes), lambda index: self._edit_note(row, index))
        else:
            self._edit_note(row, NEW_NOTE)

    def _edit_note(self, row, index: int | None) -> None:
        if index is None:
            return
        editing = index != NEW_NOTE
        initial = row.notes[index].text if editing else ""

        def save(text: str | None) -> None:
            if text is None:
                return
            if editing:
                self.run_worker(self._save(self.store.edit_note, row.id, index, text), group="write")
            else:
                self.run_worker(self._save(self.store.add_note, row.id, text), group="write")

        self.app.push_screen(NoteEditorScreen(row.title, initial, editing=editing), save)

    # ------------------------------------------------------------------ filters

    def action_toggle_unread_only(self) -> None:
        self.list_filter = replace(self.list_filter, unread_only=not self.list_filter.unread_only)

    @on(EntityPanel.Chosen)
    def _entity_chosen(self, message: EntityPanel.Chosen) -> None:
        if message.entity not in self.list_filter.entities:
            self.list_filter = replace(self.list_filter, entities=(*self.list_filter.entities, message.entity))
        self._focus_pane("list")

    def action_focus_entities(self) -> None:
        self._focus_pane("entities")

    def action_search(self) -> None:
        self.pane = "list"
        self.focus_now(self.search_input)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        query = parse_query(event.value)
        if not query:
            if self.list_filter.query:
                self.list_filter = replace(self.list_filter, query=Query(), hits=None, pending=False)
            self.workers.cancel_group(self, "search")
            return
        self.run_search(query)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._focus_pane("list")

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: Query) -> None:
        """Title, dek, notes, tags and entities at once; then bodies (read once, kept while
        the library's index is unchanged)."""
        worker = get_current_worker()
        rows = list(self.all_rows)
        quick = frozenset(
            row.id for row in ListFilter(query=query).apply(rows)
        )
        if worker.is_cancelled:
            return
        if not query.words:
            self.post_message(self.SearchDone(query, quick, final=True))
            return
        if not self.body_index.bodies or self.body_index.signature != self.store.signature()[0]:
            self.post_message(self.SearchDone(query, quick, final=False))
        if not self.body_index.refresh(self.store, lambda: worker.is_cancelled):
            return
        hits = frozenset(self.body_index.search(rows, query))
        if not worker.is_cancelled:
            self.post_message(self.SearchDone(query, hits, final=True))

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if parse_query(self.search_input.value) != message.query:
            return  # the user has typed on since
        self.list_filter = replace(self.list_filter, query=message.query, hits=message.hits, pending=not message.final)

    def action_back(self) -> None:
        """esc: leave the search box, close the reader in the narrow layout, or drop a filter."""
        if self.focused is self.search_input:
            self.search_input.value = ""
            self._focus_pane("list")
            return
        if self.has_class("-narrow") and self.pane != "list":
            self._focus_pane("list")
            return
        if self.list_filter.active:
            had_query = bool(self.list_filter.query)
            self.list_filter = self.list_filter.pop()
            if had_query:
                with self.search_input.prevent(Input.Changed):
                    self.search_input.value = ""
                self.workers.cancel_group(self, "search")

    def action_cycle_pane(self, step: int) -> None:
        order = list(PANES)
        current = self.pane if self.focused is not self.search_input else "list"
        self._focus_pane(order[(order.index(current) + step) % len(order)])
