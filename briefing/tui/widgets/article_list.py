"""The article list: a Line API widget that draws only the rows on screen.

A row is one line when the list is wide (marker, star, date, source, title, tags) and two
lines when it is narrow (title; then date, source and tags), so the title stays readable.

ListView, DataTable and OptionList build or measure every row up front (FACTS.md: 0.8-55 s
for 10,000 rows); this list keeps plain `ArticleRow`s and renders a row only when its line is
painted, so 50,000 articles cost no more to show than 50.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing.core.text import clean_line
from briefing.tui import actions
from briefing.tui.model import short_day

# At this many columns or more, an article takes one line.
WIDE_ROW = 90


class ArticleList(ScrollView, can_focus=True):
    """Newest-first rows: unread marker, star, date, source, title, tags."""

    BINDINGS = actions.bindings("list")  # see actions.py

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--star",
        "article-list--date",
        "article-list--source",
        "article-list--tags",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        & > .article-list--cursor { background: $boost; text-style: bold; }
        &:focus > .article-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--marker { color: $accent; }
        & > .article-list--star { color: $warning; }
        & > .article-list--date { color: $text-muted; }
        & > .article-list--source { color: $text-secondary; }
        & > .article-list--tags { color: $text-primary; }
        & > .article-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Selected(Message):
        """The user opened an article (enter or click)."""

        def __init__(self, row) -> None:
            self.row = row
            super().__init__()

    def __init__(self, *, today: dt.date | None = None, tz: dt.tzinfo | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: list = []
        self._index: dict[str, int] | None = {}  # id -> row, built when first needed after set_rows
        self._total = 0
        self._today = today or dt.date.today()
        self._tz = tz
        self.empty_message = "No articles yet: briefing import PATH"

    # ------------------------------------------------------------------ data

    @property
    def rows(self) -> Sequence:
        return self._rows

    @property
    def current_row(self):
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: list, *, total: int | None = None, keep_id: str | None = None) -> None:
        """Show these rows; keep the cursor on `keep_id` (or the current article) if still listed."""
        keep_id = keep_id or (self.current_row.id if self.current_row else None)
        # Where the kept article is on screen: rows added above it (a refresh, another
        # process's import) must not move it, so the view scrolls by what was inserted.
        line = self.cursor * self.row_height - self.scroll_offset.y if self._rows else None
        self._rows = list(rows)
        self._index = None
        self._total = len(self._rows) if total is None else total
        self._update_virtual_size()
        self._update_title()
        found = self._position(keep_id) if keep_id else None
        target = found or 0
        if found is not None and line is not None and self.is_mounted:
            self.scroll_to(y=max(target * self.row_height - line, 0), animate=False, force=True, immediate=True)
        self.cursor = min(target, max(len(self._rows) - 1, 0))
        self.refresh()

    def update_row(self, row) -> None:
        """Replace one article's row (after a tag, star or read change) without re-filtering."""
        index = self._position(row.id)
        if index is not None:
            self._rows[index] = row
            self.refresh_line(index)

    def _position(self, article_id: str) -> int | None:
        if self._index is None:
            self._index = {row.id: i for i, row in enumerate(self._rows)}
        return self._index.get(article_id)

    def _update_title(self) -> None:
        shown = len(self._rows)
        self.border_title = f"Articles {shown:,}" if shown == self._total else f"Articles {shown:,} of {self._total:,}"

    # ------------------------------------------------------------------ cursor

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()

    def refresh_line(self, index: int) -> None:
        height = self.row_height
        y = index * height - self.scroll_offset.y
        if -height < y < self.size.height:
            self.refresh(Region(0, y, self.size.width, height))

    def _scroll_cursor_into_view(self) -> None:
        if self._rows and self.is_mounted:
            height = self.row_height
            self.scroll_to_region(Region(0, self.cursor * height, 1, height), animate=False, force=True, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height // self.row_height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.scrollable_content_region.height // self.row_height - 1, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_open(self) -> None:
        if self.current_row is not None:
            self.post_message(self.Selected(self.current_row))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (self.scroll_offset.y + offset.y) // self.row_height
        if 0 <= index < len(self._rows):
            self.cursor = index
            self.post_message(self.Selected(self._rows[index]))

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    @property
    def row_height(self) -> int:
        """Lines per article: 2 below WIDE_ROW columns."""
        return 1 if self.scrollable_content_region.width >= WIDE_ROW else 2

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) * self.row_height)

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        height = self.row_height
        index, part = divmod(self.scroll_offset.y + y, height)
        base = self.rich_style
        if not self._rows:
            if y == 0:
                text = Text(" " + self.empty_message, style=base + self.get_component_rich_style("article-list--empty"))
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(list(text.render(self.app.console)), width)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        is_cursor = index == self.cursor
        if height == 1:
            text = self._wide_row(row, width, base, is_cursor)
        elif part == 0:
            text = self._title_line(row, width, base, is_cursor)
        else:
            text = self._detail_line(row, width, base, is_cursor)
        return Strip(list(text.render(self.app.console)), width)

    def _start(self, base: Style, is_cursor: bool) -> tuple[Text, Style]:
        line_style = base + (self.get_component_rich_style("article-list--cursor") if is_cursor else Style())
        return Text(style=line_style, no_wrap=True, overflow="ellipsis", end=""), line_style

    def _finish(self, text: Text, width: int, line_style: Style, is_cursor: bool) -> Text:
        if is_cursor:
            # The cursor colour wins over the per-column colours.
            text.stylize(line_style)
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def _marks(self, text: Text, row) -> None:
        style = self.get_component_rich_style
        text.append("●" if not row.read else " ", style("article-list--marker"))
        text.append("★" if row.starred else " ", style("article-list--star"))
        text.append(" ")

    def _title_style(self, row) -> Style:
        return self.get_component_rich_style("article-list--unread" if not row.read else "article-list--read")

    def _wide_row(self, row, width: int, base: Style, is_cursor: bool) -> Text:
        style = self.get_component_rich_style
        text, line_style = self._start(base, is_cursor)
        self._marks(text, row)
        text.append(f"{short_day(row, self._today, self._tz):<6} ", style("article-list--date"))
        source_width = 14 if width < 120 else 18
        text.append_text(_fit(clean_line(row.source) or "—", source_width, style("article-list--source")))
        text.append(" ")
        tags = " ".join(f"#{clean_line(tag)}" for tag in row.tags)
        tag_width = min(cell_len(tags), width // 4) if tags else 0
        title_width = max(width - text.cell_len - (tag_width + 1 if tag_width else 0), 1)
        text.append_text(_fit(clean_line(row.title), title_width, self._title_style(row)))
        if tag_width:
            text.append(" ")
            text.append_text(_fit(tags, tag_width, style("article-list--tags")))
        return self._finish(text, width, line_style, is_cursor)

    def _title_line(self, row, width: int, base: Style, is_cursor: bool) -> Text:
        text, line_style = self._start(base, is_cursor)
        self._marks(text, row)
        text.append_text(_fit(clean_line(row.title), max(width - 3, 1), self._title_style(row)))
        return self._finish(text, width, line_style, is_cursor)

    def _detail_line(self, row, width: int, base: Style, is_cursor: bool) -> Text:
        style = self.get_component_rich_style
        text, line_style = self._start(base, is_cursor)
        text.append("   ")
        text.append(short_day(row, self._today, self._tz), style("article-list--date"))
        source = clean_line(row.source)
        if source:
            text.append(" · ", style("article-list--date"))
            text.append(source, style("article-list--source"))
        if row.tags:
            text.append("  ")
            text.append(" ".join(f"#{clean_line(tag)}" for tag in row.tags), style("article-list--tags"))
        return self._finish(text, width, line_style, is_cursor)


def _fit(value: str, width: int, style: Style) -> Text:
    """`value` cut (with an ellipsis) or padded to exactly `width` cells."""
    text = Text(value, style=style, no_wrap=True, overflow="ellipsis", end="")
    text.truncate(width, overflow="ellipsis", pad=True)
    return text
