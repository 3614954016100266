"""The daily brief inside the reader: the same brief data and Rich renderer as
`briefing brief`, built in a worker so the event loop never waits on the library."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static


class BriefScreen(Screen[None]):
    """Today's brief (in the reader's time zone): stories, people and places of the day."""

    DEFAULT_CSS = """
    BriefScreen VerticalScroll { padding: 0 2; }
    BriefScreen #brief-content { width: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q,b", "close", "Close", id="brief.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="brief.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="brief.up"),
        Binding("g,home", "top", "Top", show=False, id="brief.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="brief.bottom"),
    ]

    def __init__(self, store, *, today=None, tz=None) -> None:
        super().__init__(id="brief")
        self.store = store
        self.today = today
        self.tz = tz

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content("Building today's brief…"), id="brief-content", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.build()

    @work(thread=True, exclusive=True, group="brief", exit_on_error=False)
    def build(self) -> None:
        from briefing.brief import BriefQuery, build_brief
        from briefing.brief.render_rich import brief_renderable

        brief = build_brief(self.store, BriefQuery(date=self.today, tz=self.tz))
        # A Rich renderable built from Text objects: article text is never parsed as markup.
        self.app.call_from_thread(self.query_one("#brief-content", Static).update, brief_renderable(brief))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_top(self) -> None:
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one(VerticalScroll).scroll_end(animate=False)
