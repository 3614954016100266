"""The main screen's feed actions: the feeds view (`f`), the feed filter, `R` refresh, the
optional auto-refresh, adding a feed (`a`), and the feed titles the reader's header shows.

A mixin of MainScreen (kept apart so each module stays small). Every refresh and subscription
runs in a thread worker through the StoreClient, with the refresh pipeline's CPU work in
worker processes (spawn: the reader is a threaded process); the event loop only receives
progress messages. New articles appear through the screen's change polling, which re-reads
the weeks that changed and keeps the cursor on the same article.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from briefing.tui.model import FeedFilter, ListFilter
from briefing.tui.screens.feeds import ADD, ALL, REFRESH, AddFeedScreen, FeedsScreen

if TYPE_CHECKING:
    from textual import getters
    from textual.screen import Screen
    from textual.worker import Worker

    from briefing.services.fetching import FetchProgress, FetchReport
    from briefing.services.subscriptions import Subscribed as SubscribeOutcome
    from briefing.tui.app import BriefingApp
    from briefing.tui.client import StoreClient
    from briefing.tui.widgets.article_list import ArticleList
    from briefing.tui.widgets.reader import ReaderPane

    _Host = Screen  # for the type checker: the mixin's `self` is the screen
else:
    _Host = object  # at run time a plain mixin: Textual sees only MainScreen


class FeedActions(_Host):
    """Feed parts of MainScreen (see main.py for `client`, `list_filter`, `reader`, `notify`).
    Its message handlers go by Textual's naming convention (`on_feed_actions_...`): `@on`
    registers handlers only in classes Textual builds, and a mixin is not one."""

    feed_views: list[dict] | None = None
    refreshing: str = ""  # what the refresh in progress has done so far ("" when none runs)
    _feeds_signature: object  # of the feeds last read (StoreClient.feeds_signature)

    # What MainScreen provides (main.py); declared here for the type checker only.
    client: StoreClient
    list_filter: ListFilter
    if TYPE_CHECKING:
        app = getters.app(BriefingApp)  # Textual's typed `app`; type-only: the reader's app is a BriefingApp

        @property
        def article_list(self) -> ArticleList: ...
        @property
        def reader(self) -> ReaderPane: ...
        def _focus_pane(self, pane: str) -> None: ...
        def _list_subtitle(self) -> str: ...
        def reload_changed(self) -> Worker[None]: ...

    class FeedsLoaded(Message):
        def __init__(self, views: list[dict], signature: object) -> None:
            self.views = views
            self.signature = signature
            super().__init__()

    class RefreshProgress(Message):
        def __init__(self, progress: FetchProgress) -> None:
            self.progress = progress
            super().__init__()

    class RefreshDone(Message):
        def __init__(self, report: FetchReport | None, automatic: bool) -> None:
            self.report = report
            self.automatic = automatic
            super().__init__()

    class Subscribed(Message):
        def __init__(self, done: SubscribeOutcome) -> None:  # services' Subscribed, not this message
            self.done = done
            super().__init__()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker.StateChanged does not bubble: hand the screen's workers to the app's policy
        # (a failure becomes a notification, the app keeps running).
        self.app.on_worker_state_changed(event)

    # ------------------------------------------------------------------ feeds and their titles

    def start_feeds(self) -> None:
        """On mount: read the subscriptions, and refresh every `[reader] auto_refresh` seconds."""
        self._feeds_signature = None
        self.load_feeds()
        every = getattr(self.app, "settings", None) and self.app.settings.auto_refresh
        if every:
            self.set_interval(every, self._refresh_on_schedule, name="feeds-auto-refresh")

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False)
    def load_feeds(self) -> None:
        signature = self.client.feeds_signature()
        views = self.client.feed_views()
        self.post_message(self.FeedsLoaded(views, signature))

    def feeds_may_have_changed(self) -> None:
        """From the change poll's worker: re-read the feeds if their file or the counts moved."""
        if self.client.feeds_signature() != getattr(self, "_feeds_signature", None):
            self.app.call_from_thread(self.load_feeds)

    def on_feed_actions_feeds_loaded(self, message: FeedsLoaded) -> None:
        self._feeds_signature = message.signature
        self.feed_views = message.views
        self.reader.set_feed_titles({v["id"]: v.get("title") or v["url"] for v in message.views})
        self._update_feeds_screen()
        feed = self.list_filter.feed
        if feed is not None:
            title = next((v.get("title") or v["url"] for v in message.views if v["id"] == feed.id), None)
            if title is not None and title != feed.title:
                self.list_filter = replace(self.list_filter, feed=FeedFilter(feed.id, title))

    def _update_feeds_screen(self) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, FeedsScreen):
                screen.show_feeds(self.feed_views or [], self.refreshing)

    # ------------------------------------------------------------------ the feeds view and the filter

    def action_feeds(self) -> None:
        current = self.list_filter.feed.id if self.list_filter.feed else None
        self.app.push_screen(
            FeedsScreen(self.feed_views, current=current, refreshing=self.refreshing), self._feed_chosen
        )
        self.load_feeds()  # fresh counts while the view is open

    def _feed_chosen(self, choice: str | None) -> None:
        if choice is None:
            return
        if choice == ADD:
            self.action_add_feed()
        elif choice == REFRESH:
            self.action_refresh_feeds()
        elif choice == ALL:
            if self.list_filter.feed is not None:
                self.list_filter = replace(self.list_filter, feed=None)
        else:
            view = next((v for v in self.feed_views or () if v["id"] == choice), None)
            title = (view.get("title") or view["url"]) if view else choice
            self.list_filter = replace(self.list_filter, feed=FeedFilter(choice, title))
            self._focus_pane("list")

    # ------------------------------------------------------------------ refreshing

    def action_refresh_feeds(self) -> None:
        if self.refreshing:
            self.notify("A refresh is already running.", timeout=3)
            return
        self._start_refresh(automatic=False)

    def _refresh_on_schedule(self) -> None:
        if not self.refreshing:
            self._start_refresh(automatic=True)

    def _start_refresh(self, automatic: bool) -> None:
        self.refreshing = "refreshing…"
        self._show_refresh()
        self.refresh_feeds(automatic)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def refresh_feeds(self, automatic: bool = False) -> None:
        """Every due feed (R: every feed, validators still sent) through the refresh pipeline."""
        worker = get_current_worker()
        try:
            report = self.client.refresh(
                settings=self.app.settings,
                client=self.app.http_client,
                force=not automatic,
                start_method="spawn",
                progress=lambda p: self.post_message(self.RefreshProgress(p)),
                cancelled=lambda: worker.is_cancelled,
            )
        except BaseException:
            self.post_message(self.RefreshDone(None, automatic))
            raise
        self.post_message(self.RefreshDone(report, automatic))

    def on_feed_actions_refresh_progress(self, message: RefreshProgress) -> None:
        if not self.refreshing:
            return
        p = message.progress
        text = f"refreshing {p.feeds_done}/{p.feeds} feeds · {p.new} new"
        if p.pages:
            text += f" · pages {p.pages_done}/{p.pages}"
        self.refreshing = text
        self._show_refresh()

    def _show_refresh(self) -> None:
        self.article_list.border_subtitle = self._list_subtitle()
        self._update_feeds_screen()

    def on_feed_actions_refresh_done(self, message: RefreshDone) -> None:
        self.refreshing = ""
        self._show_refresh()
        self.reload_changed()
        self.load_feeds()
        report = message.report
        if report is None or report.cancelled:
            return
        if not report.feeds:
            if not message.automatic:
                self.notify("No feeds to refresh: a adds one (or briefing feed add URL).", timeout=4)
            return
        if message.automatic and not report.new and not report.failed:
            return
        self.notify(report.summary_line().capitalize(), title="Feeds refreshed", timeout=5)
        if report.failures:
            lines = [f"{url}: {reason}" for url, reason in report.failures[:4]]
            if len(report.failures) > 4:
                lines.append(f"… and {len(report.failures) - 4} more (f shows every feed)")
            self.notify("\n".join(lines), title="Feeds that failed", severity="warning", timeout=10, markup=False)
        for old, new in report.moved:
            self.notify(
                f"{old} moved permanently to {new}: the subscription follows it.",
                title="Feed moved",
                timeout=8,
                markup=False,
            )

    # ------------------------------------------------------------------ adding a feed

    def action_add_feed(self) -> None:
        def subscribe(answer: tuple[str, list[str]] | None) -> None:
            if answer:
                url, tags = answer
                self.notify(f"Subscribing to {url}…", timeout=3, markup=False)
                self.subscribe_feed(url, tags)

        self.app.push_screen(AddFeedScreen(), subscribe)

    @work(thread=True, group="subscribe", exit_on_error=False)
    def subscribe_feed(self, url: str, tags: list[str]) -> None:
        """One GET; its items imported at once (the first of several named feeds is taken)."""
        from briefing.tui.client import StoreProblem

        worker = get_current_worker()
        try:
            done = self.client.subscribe(
                url,
                client=self.app.http_client,
                settings=self.app.settings,
                tags=tags,
                start_method="spawn",
                cancelled=lambda: worker.is_cancelled,
            )
        except StoreProblem as exc:  # the URL is no feed, the server failed, the library refused
            self.app.post_message(self.app.Problem(str(exc), "error", "Feed not added"))
            return
        self.post_message(self.Subscribed(done))

    def on_feed_actions_subscribed(self, message: Subscribed) -> None:
        done = message.done
        record = done.record
        name = record.get("title") or record["url"]
        if not done.is_new:
            self.notify(f"Already subscribed: {name}", timeout=4, markup=False)
        else:
            extra = ""
            if len(done.alternates) > 1:
                extra = f" (the first of the {len(done.alternates)} feeds the page names)"
            self.notify(
                f"Subscribed to {name}{extra}: {done.new} new article{'s' if done.new != 1 else ''}.",
                title="Feed added",
                timeout=6,
                markup=False,
            )
        self.reload_changed()
        self.load_feeds()
