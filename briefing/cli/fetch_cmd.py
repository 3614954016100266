"""`briefing fetch`: refresh the subscriptions (briefing.services.fetching does the work).

Output: a Rich progress bar on stderr when it is a terminal (nothing otherwise), then one line
per failed feed on stderr (`URL: reason`), one per feed that moved, and the final line
`feeds F, new N, not modified M, failed E`. Exit status 1 when any feed failed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from briefing.cli import Settings
from briefing.cli.feed_cmds import FULL_TEXT, config, http_client
from briefing.cli.output import progress_wanted, warn

if TYPE_CHECKING:
    from rich.progress import TaskID

pass_settings = click.make_pass_decorator(Settings)


class FetchBar:
    """The progress bar (a terminal only): feeds done, new articles, pages for full text."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("fetching"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> FetchBar:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def __call__(self, progress) -> None:
        info = f"feeds · {progress.new} new"
        if progress.pages:
            info += f" · pages {progress.pages_done}/{progress.pages}"
        if progress.failed:
            info += f" · {progress.failed} failed"
        if self.task is None:
            self.task = self.bar.add_task("fetch", total=progress.feeds, info=info)
        self.bar.update(self.task, completed=progress.feeds_done, total=progress.feeds, info=info)


@click.command("fetch")
@click.argument("feeds", nargs=-1)
@click.option(
    "--force",
    is_flag=True,
    help="Fetch every feed now, whatever its next check time (validators are still sent: a 304 stays cheap).",
)
@click.option(
    "--full-text",
    type=FULL_TEXT,
    default=None,
    help="Full text for this run, for every feed: auto, always or never (default: each feed's own mode).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for parsing, page extraction and analysis (default: all cores).",
)
@pass_settings
def fetch_cmd(settings: Settings, feeds: tuple[str, ...], force: bool, full_text: str | None, jobs: int | None) -> None:
    """Refresh the feeds that are due (or the FEEDs named, whatever their schedule) and import
    their new items, analysed, with full text where asked.

    Feeds answering 304 Not Modified cost no parsing; failing feeds back off; a feed gone
    (HTTP 410) is not fetched again. Exit status 1 when any feed failed."""
    from briefing.services.fetching import refresh
    from briefing.services.subscriptions import resolve_feeds

    store = settings.store()
    if not store.feeds():
        warn("no subscriptions yet: briefing feed add URL, or briefing feed import FILE.opml")
    wanted = None
    problems: list[str] = []
    if feeds:
        records, problems = resolve_feeds(store, feeds)
        for problem in problems:
            warn(f"briefing: {problem}")
        wanted = [r["id"] for r in records]
    options = {"settings": config(), "feeds": wanted, "force": force, "full_text": full_text, "jobs": jobs}
    with http_client() as client:
        if progress_wanted():
            with FetchBar() as bar:
                report = refresh(store, client=client, progress=bar, **options)
        else:
            report = refresh(store, client=client, **options)
    for url, reason in report.skipped:
        warn(f"{url}: {reason}")
    for url, reason in report.failures:
        warn(f"{url}: {reason}")
    for old, new in report.moved:
        warn(f"{old}: moved permanently to {new} (the subscription now uses the new URL)")
    if report.pruned:
        days = config().retention_days
        warn(
            f"removed {report.pruned} article{'s' if report.pruned != 1 else ''} older than {days} days "
            "(feeds.retention_days)"
        )
    warn(report.summary_line())
    if report.failed or report.skipped or problems:
        raise click.exceptions.Exit(1)
