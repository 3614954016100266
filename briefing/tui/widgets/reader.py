"""The reader pane: headline, dek, source line, tags, the summary in its own box, the body with
entity mentions and summary sentences marked, and the article's notes.

All article text arrives as `Content` built from plain strings (never markup), after
`safe_text` / `clean_line` replaced control characters, so a headline like `[bold]x` or
`\\x1b[2J` is shown as the characters it is.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style as VisualStyle
from textual.widgets import Static

from briefing.core.text import clean_line
from briefing.tui import actions
from briefing.tui.model import body_marks, safe_text

KINDS = ("person", "org", "place", "other")


def _text(value: str) -> Content:
    """Plain text as Content: never parsed as markup."""
    return Content(value)


class ReaderPane(VerticalScroll, can_focus=True):
    """Scrollable article view. `show(record)` replaces what it shows."""

    BINDINGS = actions.bindings("reader")  # see actions.py

    COMPONENT_CLASSES = {
        "reader--person",
        "reader--org",
        "reader--place",
        "reader--other",
        "reader--summary",
        "reader--tag",
        "reader--muted",
        "reader--star",
        "reader--unread",
    }

    DEFAULT_CSS = """
    ReaderPane {
        & > .reader--person { color: $entity-person; text-style: bold; }
        & > .reader--org { color: $entity-org; text-style: bold; }
        & > .reader--place { color: $entity-place; text-style: bold; }
        & > .reader--other { color: $entity-other; text-style: bold; }
        & > .reader--summary { background: $summary-mark; }
        & > .reader--tag { color: $text-primary; text-style: bold; }
        & > .reader--muted { color: $text-muted; }
        & > .reader--star { color: $warning; }
        & > .reader--unread { color: $accent; }
        Static { width: 1fr; }
        #headline { text-style: bold; color: $text; }
        #dek { text-style: italic; color: $text-muted; padding-bottom: 1; }
        #summary { border: round $accent 60%; padding: 0 1; margin: 1 0; }
        #legend { color: $text-muted; }
        #body { padding-top: 1; }
        #notes { border: round $secondary; padding: 0 1; margin-top: 1; }
        #placeholder { color: $text-muted; text-style: italic; padding: 1 2; }
    }
    """

    def __init__(self, *, today: dt.date | None = None, tz: dt.tzinfo | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.record = None
        self._tz = tz
        self._today = today
        self.feed_titles: dict[str, str] = {}  # feed id -> title, for "via FEED" in the header

    def set_feed_titles(self, titles: dict[str, str]) -> None:
        """The subscriptions' titles (the screen reads them in a worker)."""
        before = self.feed_titles.get(self.record.feed) if self.record is not None and self.record.feed else None
        self.feed_titles = dict(titles)
        if self.record is not None and self.record.feed and self.feed_titles.get(self.record.feed) != before:
            self.query_one("#meta", Static).update(self._meta(self.record))

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme) -> None:
        # The summary band's colour is resolved when the body is built: rebuild it.
        self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        if self.record is not None:
            self.show(self.record)

    def _summary_style(self) -> VisualStyle | str:
        # Textual drops a component class's opaque background when it is applied to a span
        # (partial styles), so the band colour is read from the stylesheet and applied as is.
        background = self.get_component_styles("reader--summary").background
        return VisualStyle(background=background) if background.a else ".reader--summary"

    def compose(self) -> ComposeResult:
        yield Static(_text("Choose an article and press enter to read it."), id="placeholder", markup=False)
        for name in ("headline", "dek", "meta", "tags", "summary", "legend", "body", "notes"):
            static = Static(id=name, markup=False)
            static.display = False
            yield static

    def show(self, record) -> None:
        """Show an article (an ArticleRecord), or nothing (None)."""
        same = self.record is not None and record is not None and self.record.id == record.id
        self.record = record
        self.query_one("#placeholder").display = record is None
        for static in self.query(Static).exclude("#placeholder"):
            static.display = record is not None
        if record is None:
            return
        self.query_one("#headline", Static).update(_text(clean_line(record.title)))
        dek = clean_line(record.dek)
        self.query_one("#dek", Static).update(_text(dek))
        self.query_one("#dek").display = bool(dek)
        self.query_one("#meta", Static).update(self._meta(record))
        self.query_one("#tags", Static).update(self._tags(record))
        summary = self.query_one("#summary", Static)
        summary.update(self._summary(record))
        summary.border_title = "Summary"
        self.query_one("#legend", Static).update(self._legend())
        self.query_one("#body", Static).update(self._body(record))
        notes = self.query_one("#notes", Static)
        notes.update(self._notes(record))
        notes.border_title = f"Notes ({len(record.notes)})" if record.notes else "Notes"
        if not same:
            self.scroll_home(animate=False)

    def update_row(self, row) -> None:
        """New user data (tags, notes, read, star) for the article on show."""
        if self.record is None or row.id != self.record.id:
            return
        from dataclasses import replace

        self.show(replace(self.record, tags=row.tags, notes=row.notes, read=row.read, starred=row.starred))

    # ------------------------------------------------------------------ parts

    def _meta(self, record) -> Content:
        parts: list[Content] = []
        if record.starred:
            parts.append(Content("★ starred").stylize(".reader--star"))
        if not record.read:
            parts.append(Content("● unread").stylize(".reader--unread"))
        feed = self._feed(record)
        source = None if feed and clean_line(record.source) == feed else record.source
        for value in (source, self._date(record), f"via {feed}" if feed else None, record.url, f"id {record.id}"):
            value = clean_line(value)
            if value:
                parts.append(Content(value).stylize(".reader--muted"))
        return Content(" · ").stylize(".reader--muted").join(parts)

    def _feed(self, record) -> str | None:
        """The title of the subscription the article came from (None for files and pages)."""
        if not getattr(record, "feed", None):
            return None
        return clean_line(self.feed_titles.get(record.feed)) or f"feed {record.feed}"

    def _date(self, record) -> str:
        try:
            day = record.day(self._tz)
        except ValueError:
            return ""
        return day.strftime("%a %d %b %Y") if record.published else f"imported {day.isoformat()}"

    def _tags(self, record) -> Content:
        if not record.tags:
            return Content("no tags (t adds)").stylize(".reader--muted")
        return Content("  ").join(Content("#" + clean_line(tag)).stylize(".reader--tag") for tag in record.tags)

    def _summary(self, record) -> Content:
        sentences = [clean_line(s) for s in record.summary if clean_line(s)]
        if not sentences:
            return Content("No summary stored for this article.").stylize(".reader--muted")
        return Content("\n").join(
            Content(f"{number}. ").stylize(".reader--muted") + Content(sentence)
            for number, sentence in enumerate(sentences, 1)
        )

    def _legend(self) -> Content:
        parts = [Content(kind).stylize(f".reader--{kind}") for kind in KINDS]
        parts.append(Content("summary sentence").stylize(self._summary_style()))
        return Content("  ").join(parts)

    def _body(self, record) -> Content:
        body = Content(safe_text(record.body), strip_control_codes=False)
        summary_style = self._summary_style()
        for mark in body_marks(record):
            style = summary_style if mark.kind == "summary" else f".reader--{mark.kind}"
            body = body.stylize(style, mark.start, mark.end)
        return body

    def _notes(self, record) -> Content:
        if not record.notes:
            return Content("No notes (n adds one).").stylize(".reader--muted")
        items = []
        for number, note in enumerate(record.notes, 1):
            created = clean_line(note.created)[:16].replace("T", " ")
            head = Content(f"{number}. {created}").stylize(".reader--muted")
            items.append(head + Content("\n") + Content(safe_text(note.text), strip_control_codes=False))
        return Content("\n\n").join(items)
