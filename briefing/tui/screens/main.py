"""The main screen: article list, reader and entity panel, and every article action.

The screen owns what the panes show (the rows, the active filter, the open article) and
talks to the library only through the app's StoreClient. Nothing touches the store on the
event loop: the rows are read by a thread worker, the newest weeks first (the list shows
them at once) and the older weeks after, in the background; reloads read only the weeks
that changed; searches and entity filters run in workers; writes go through the client's
writer thread in key order and a change is shown only once it is saved.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea
from textual.worker import get_current_worker

from briefing.core.records import ArticleRow
from briefing.tui import actions
from briefing.tui.client import FIRST_ROWS, StoreProblem
from briefing.tui.model import BodySearch, ListFilter, Query, matches_terms, matches_words, parse_query
from briefing.tui.rows import LibraryRows
from briefing.tui.screens.main_articles import ArticleActions
from briefing.tui.screens.main_feeds import FeedActions
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.breadcrumb import Breadcrumb
from briefing.tui.widgets.entity_panel import EntityPanel
from briefing.tui.widgets.reader import ReaderPane

# Below this width the panes collapse into one column, shown one at a time.
NARROW_WIDTH = 100
PANES = ("list", "reader", "entities")
POST_EVERY = 0.25  # seconds between updates while older weeks load or bodies are searched


class MainScreen(ArticleActions, FeedActions, Screen):
    """List, reader and entity panel (the article actions are in main_articles.py, the feed
    actions in main_feeds.py)."""

    AUTO_FOCUS = "#articles"

    BINDINGS = actions.bindings("screen")  # every key of the screen: see actions.py

    pane: reactive[str] = reactive("list", init=False)
    list_filter: reactive[ListFilter] = reactive(ListFilter, init=False, always_update=True)

    class RowsLoaded(Message):
        """Rows of some partitions, read in a worker: {key: (signature, rows)}."""

        def __init__(self, parts: dict, gone: set[str], total: int, complete: bool, reload: bool = False) -> None:
            self.parts = parts
            self.gone = gone
            self.total = total
            self.complete = complete
            self.reload = reload
            super().__init__()

    class SearchDone(Message):
        def __init__(self, query: Query, hits: frozenset[str], final: bool, progress: str = "") -> None:
            self.query = query
            self.hits = hits
            self.final = final
            self.progress = progress
            super().__init__()

    class EntityResolved(Message):
        def __init__(self, entity) -> None:
            self.entity = entity
            super().__init__()

    def __init__(
        self, client, *, today=None, tz=None, poll_interval: float | None = 2.0, reanalyse_delay: float | None = 1.0
    ) -> None:
        super().__init__(id="main")
        self.client = client
        self.reanalyse_delay = reanalyse_delay
        self.today = today
        self.tz = tz
        self.poll_interval = poll_interval
        self.library = LibraryRows()
        self.loading_rows = True
        self.total = 0
        self.body_search = BodySearch()

    @property
    def all_rows(self) -> list[ArticleRow]:
        return self.library.all

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
        self.article_list.empty_message = "Loading the library…"
        self.load_rows()
        self.pane = "list"
        self.watch_pane("list")
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.check_for_changes, name="library-poll")
        self.start_feeds()
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

    # ------------------------------------------------------------------ loading rows

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_rows(self) -> None:
        """Every partition, newest first: the first few hundred rows at once, then the rest
        in batches while the user reads."""
        worker = get_current_worker()
        total = self.client.count()
        batch: dict = {}
        shown = 0
        first = True
        last_post = time.monotonic()
        for key, signature, rows in self.client.first_rows():
            if worker.is_cancelled:
                return
            batch[key] = (signature, rows)
            shown += len(rows)
            if (first and shown >= FIRST_ROWS) or (not first and time.monotonic() - last_post >= POST_EVERY):
                self.post_message(self.RowsLoaded(batch, set(), total, complete=False))
                batch, first, last_post = {}, False, time.monotonic()
        if not worker.is_cancelled:
            self.post_message(self.RowsLoaded(batch, set(), total, complete=True))

    def check_for_changes(self) -> None:
        """Poll: another process (briefing tag, briefing fetch) wrote to the library."""
        if not self.loading_rows:
            self.reload_changed()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload_changed(self) -> None:
        """Re-read only the partitions whose files changed since they were shown."""
        changed, gone = self.client.changes()
        self.feeds_may_have_changed()
        if not changed and not gone:
            return
        parts = {key: (signature, self.client.rows(key)) for key, signature in changed.items()}
        if not get_current_worker().is_cancelled:
            self.post_message(self.RowsLoaded(parts, gone, self.client.count(), complete=True, reload=True))

    @on(RowsLoaded)
    def _rows_loaded(self, message: RowsLoaded) -> None:
        for key in message.gone:
            self.client.forget(key)
        for key, (signature, _rows) in message.parts.items():
            self.client.adopt(key, signature)
        self.library.merge({key: rows for key, (_, rows) in message.parts.items()}, message.gone)
        self.total = message.total
        if message.complete:
            self.loading_rows = False
        self.article_list.border_subtitle = self._list_subtitle()
        self.list_filter = self.list_filter  # re-applies the filter (always_update)
        if self.list_filter.query and message.complete:
            self.run_search(self.list_filter.query, dict(self.library.part_of))
        record = self.reader.record
        if message.reload and record is not None and self.library.part_of.get(record.id) in message.parts:
            self.run_worker(self._refresh_open(record.id), exclusive=True, group="open", exit_on_error=False)

    def _list_subtitle(self) -> str:
        if self.loading_rows:
            return f"loading older articles… {len(self.library):,} of {self.total:,}"
        if self.refreshing:
            return self.refreshing
        return "demo library (temporary)" if getattr(self.app, "demo", False) else ""

    def watch_list_filter(self, list_filter: ListFilter) -> None:
        shown = list_filter.apply(self.all_rows)
        article_list = self.article_list
        if list_filter.active:
            crumbs = ", ".join(text for _, text in list_filter.crumbs())
            article_list.empty_message = f"No articles match {crumbs}. esc clears the last filter."
        elif self.loading_rows:
            article_list.empty_message = "Loading the library…"
        else:
            article_list.empty_message = "No articles yet: briefing import PATH, or briefing feed add URL"
        article_list.set_rows(shown, total=max(len(self.all_rows), self.total))
        self.query_one(Breadcrumb).show(list_filter)

    def _row_changed(self, row: ArticleRow) -> None:
        """One article's user data changed (saved by us): update every view of it."""
        self.library.replace(row)
        self.article_list.update_row(row)
        self.reader.update_row(row)

    # ------------------------------------------------------------------ store access

    async def store_call(self, function: Callable[..., ArticleRow], *args: object) -> ArticleRow | None:
        """A store write on the client's writer thread; a problem becomes a notification (and None)."""
        try:
            return await self.client.write(function, *args)
        except StoreProblem as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8, markup=False)
            return None

    @work(thread=True, exclusive=True, group="reanalyse", exit_on_error=False)
    def refresh_stale_analyses(self) -> None:
        """Analyses made by an older analyzer are recomputed in the background, a batch at a
        time; tags, notes and read state are never touched (they live in other files)."""
        from briefing.analysis import ANALYZER_VERSION
        from briefing.services.fetch_work import start_resource_tracker
        from briefing.services.importing import reanalyse

        worker = get_current_worker()
        stale = self.client.stale(ANALYZER_VERSION)
        if not stale or worker.is_cancelled:
            return
        self.app.call_from_thread(
            self.notify, f"Updating the analysis of {len(stale)} article(s) for the new analyzer.", timeout=4
        )
        start_resource_tracker()  # the worker processes could not start under Textual otherwise
        count = self.client.read(
            reanalyse, self.client.store, start_method="spawn", cancelled=lambda: worker.is_cancelled
        )
        if not worker.is_cancelled:
            self.app.call_from_thread(self.notify, f"Analysis updated for {count} article(s).", timeout=4)

    async def _refresh_open(self, article_id: str) -> None:
        record = await self._read(self.client.get, article_id)
        if record is not None:
            self.reader.show(record)
            self.entity_panel.show(record)

    async def _read(self, function, *args):
        """A store read in a thread (never on the event loop); a problem becomes a notification."""
        try:
            return await asyncio.to_thread(function, *args)
        except StoreProblem as exc:
            self.notify(str(exc), title="Library", severity="error", timeout=8, markup=False)
            return None

    def action_reload(self) -> None:
        self.loading_rows = True
        self.load_rows()
        self.notify("Library reloaded.", timeout=2)

    # ------------------------------------------------------------------ opening

    @on(ArticleList.Selected)
    def _selected(self, message: ArticleList.Selected) -> None:
        self.open_article(message.row.id)
        if self.has_class("-narrow"):
            self._focus_pane("reader")

    def open_article(self, article_id: str) -> None:
        self.run_worker(self._open(article_id), exclusive=True, group="open", exit_on_error=False)

    async def _open(self, article_id: str) -> None:
        record = await self._read(self.client.get, article_id)
        if record is None:
            return
        self.reader.show(record)
        self.entity_panel.show(record)
        if not record.read:
            row = await self.store_call(self.client.store.set_read, article_id, True)
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

    def _target_row(self) -> ArticleRow | None:
        article_id = self.target_id()
        if article_id is None:
            self.notify("No article selected.", severity="warning", timeout=3)
            return None
        return self.library.get(article_id)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "search":
            return not isinstance(self.focused, (Input, TextArea))
        if action in {"add_tags", "remove_tag", "note", "toggle_read", "toggle_star"}:
            return True if (self.article_list.current_row or self.reader.record) else None
        return True

    def action_brief(self) -> None:
        from briefing.tui.screens.brief import BriefScreen

        self.app.push_screen(BriefScreen(self.client.store, today=self.today, tz=self.tz))

    # ------------------------------------------------------------------ filters

    def action_toggle_unread_only(self) -> None:
        self.list_filter = replace(self.list_filter, unread_only=not self.list_filter.unread_only)

    @on(EntityPanel.Chosen)
    def _entity_chosen(self, message: EntityPanel.Chosen) -> None:
        if message.entity not in self.list_filter.entities:
            self.resolve_entity(message.entity)
        self._focus_pane("list")

    @work(thread=True, group="entity", exit_on_error=False)
    def resolve_entity(self, entity) -> None:
        """The ids of every article mentioning the entity, from the library's entity lookups."""
        ids = self.client.mentioning(entity.label, entity.names)
        self.post_message(self.EntityResolved(replace(entity, ids=frozenset(ids))))

    @on(EntityResolved)
    def _entity_resolved(self, message: EntityResolved) -> None:
        if message.entity not in self.list_filter.entities:
            self.list_filter = replace(self.list_filter, entities=(*self.list_filter.entities, message.entity))

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
        self.run_search(query, dict(self.library.part_of))

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._focus_pane("list")

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: Query, part_of: dict[str, str]) -> None:
        """Tags, title, dek, notes at once; entity names from the library's lookups; then the
        bodies, newest week first, with the hits so far shown as they come."""
        worker = get_current_worker()
        rows = [row for row in self.all_rows if matches_terms(row, query)]
        if query.entities:
            named = self.client.mentioning_text(query.entities)
            rows = [row for row in rows if row.id in named]
        if worker.is_cancelled:
            return
        quick = frozenset(row.id for row in rows if matches_words(row, query.words))
        if not query.words or len(quick) == len(rows):
            self.post_message(self.SearchDone(query, quick, final=True))
            return
        self.post_message(self.SearchDone(query, quick, final=False))
        last = time.monotonic()

        def progress(hits: set[str], done: int, total: int) -> None:
            nonlocal last
            if time.monotonic() - last >= POST_EVERY and done < total:
                last = time.monotonic()
                self.post_message(
                    self.SearchDone(query, frozenset(hits), final=False, progress=f"{done}/{total} weeks")
                )

        hits = self.body_search.search(
            self.client, rows, query, self.client.signatures(), part_of, lambda: worker.is_cancelled, progress
        )
        if hits is not None and not worker.is_cancelled:
            self.post_message(self.SearchDone(query, frozenset(hits), final=True))

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if parse_query(self.search_input.value) != message.query:
            return  # the user has typed on since
        self.list_filter = replace(
            self.list_filter,
            query=message.query,
            hits=message.hits,
            pending=not message.final,
            progress=message.progress,
        )

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
