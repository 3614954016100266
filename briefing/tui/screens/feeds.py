"""The feeds view and the add-feed dialog.

`FeedsScreen` lists the subscriptions (unread and article counts, status, the last error) and
returns what the user chose: a feed id (filter the list to it), `ADD`, `REFRESH`, `ALL` (drop
the feed filter) or None. `AddFeedScreen` asks for a URL and tags and returns them. Neither
touches the store: the main screen reads the feeds in a worker and hands them down
(`show_feeds`), and subscribes in a worker.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.core.text import clean_line
from briefing.tui.screens.dialogs import DIALOG_CSS, split_tags

ADD = ":add"
REFRESH = ":refresh"
ALL = ":all"

STATUS_MARKS = {"ok": "✓", "not-modified": "✓", "new": "·", "error": "✗", "gone": "✗"}


def feed_line(view: dict) -> Content:
    """One feed: status mark, unread count, title, then the error or the article count."""
    status = view.get("status", "new")
    mark = Content(STATUS_MARKS.get(status, "·")).stylize("$error" if status in ("error", "gone") else "$success")
    unread = int(view.get("unread_count") or 0)
    count = Content(f"{unread:>5} " if unread else "      ").stylize("bold $accent")
    title = Content(clean_line(view.get("title")) or clean_line(view.get("url")) or "(untitled)")
    line = mark + Content(" ") + count + title
    if status in ("error", "gone"):
        reason = clean_line(view.get("error")) or status
        line += Content(f"  {'gone: ' if status == 'gone' else ''}{reason}").stylize("$error")
    else:
        total = int(view.get("article_count") or 0)
        detail = "not fetched yet" if status == "new" else f"{total} article{'s' if total != 1 else ''}"
        line += Content(f"  {detail}").stylize("dim")
    return line


class FeedsScreen(ModalScreen[str | None]):
    """Subscriptions: enter filters the list to the feed, a adds one, R refreshes all."""

    SCOPED_CSS = False
    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    FeedsScreen > Vertical { width: 90; }
    FeedsScreen OptionList { height: auto; max-height: 20; }
    """
    )
    BINDINGS = [
        Binding("escape,f", "cancel", "Close", id="feeds.close"),
        Binding("a", "add", "Add feed", id="feeds.add"),
        Binding("R", "refresh", "Refresh all", id="feeds.refresh"),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
    ]

    def __init__(self, views: list[dict] | None, *, current: str | None = None, refreshing: str = "") -> None:
        super().__init__()
        self.views = views
        self.current = current
        self.refreshing = refreshing

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Feeds"
            yield Static(self._summary(), id="feeds-summary", markup=False)
            yield OptionList(id="feeds")
            yield Static(
                Content("enter: show its articles · a: add a feed · R: refresh all · esc: close"),
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self._fill()

    def show_feeds(self, views: list[dict], refreshing: str = "") -> None:
        """New data from the main screen (after a refresh, a subscription, another process)."""
        self.views = views
        self.refreshing = refreshing
        if self.is_mounted:
            self._fill()

    def _summary(self) -> Content:
        if self.views is None:
            return Content("Loading the subscriptions…").stylize("dim")
        if not self.views:
            return Content("No subscriptions yet: a adds a feed (or briefing feed add URL).").stylize("dim")
        unread = sum(int(v.get("unread_count") or 0) for v in self.views)
        failing = sum(1 for v in self.views if v.get("status") in ("error", "gone"))
        text = f"{len(self.views)} feed{'s' if len(self.views) != 1 else ''} · {unread} unread"
        if failing:
            text += f" · {failing} failing"
        if self.refreshing:
            text += f" · {self.refreshing}"
        return Content(text)

    def _fill(self) -> None:
        options = self.query_one("#feeds", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option is not None else self.current
        options.clear_options()
        items = [Option(Content("  All feeds").stylize("italic"), id=ALL)] if self.views else []
        items += [Option(feed_line(view), id=view["id"]) for view in self.views or ()]
        options.add_options(items)
        ids = [item.id for item in items]
        if items:
            options.highlighted = ids.index(highlighted) if highlighted in ids else (1 if len(items) > 1 else 0)
        self.query_one("#feeds-summary", Static).update(self._summary())

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_add(self) -> None:
        self.dismiss(ADD)

    def action_refresh(self) -> None:
        self.dismiss(REFRESH)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AddFeedScreen(ModalScreen[tuple[str, list[str]] | None]):
    """A feed's URL (or a site's home page that names its feed) and tags for it."""

    SCOPED_CSS = False
    DEFAULT_CSS = DIALOG_CSS + "AddFeedScreen #add-problem { color: $error; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add-feed.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Add a feed"
            yield Input(placeholder="https://example.com/feed.xml, or a site's home page", id="feed-url")
            yield Input(
                placeholder='tags (optional), separated by spaces or commas; "two words" for one tag', id="feed-tags"
            )
            yield Static("", id="add-problem", markup=False)
            yield Static(
                Content("enter: next field, then subscribe · esc: cancel"), classes="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#add-problem").display = False

    def _problem(self) -> str | None:
        from briefing.feeds.http import refusal

        url = self.query_one("#feed-url", Input).value.strip()
        return refusal(url) if url else "give the feed's URL"

    @on(Input.Submitted, "#feed-url")
    def _url_given(self) -> None:
        if not self._check():
            return
        self.query_one("#feed-tags", Input).focus()

    @on(Input.Submitted, "#feed-tags")
    def _tags_given(self) -> None:
        if not self._check():
            self.query_one("#feed-url", Input).focus()
            return
        url = self.query_one("#feed-url", Input).value.strip()
        self.dismiss((url, split_tags(self.query_one("#feed-tags", Input).value)))

    def _check(self) -> bool:
        problem = self._problem()
        shown = self.query_one("#add-problem", Static)
        shown.display = problem is not None
        shown.update(Content(problem or ""))
        return problem is None

    def action_cancel(self) -> None:
        self.dismiss(None)
