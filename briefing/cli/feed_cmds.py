"""`briefing feed ...`: subscribe, list, edit, remove, OPML import and export.

Thin: the work is in briefing.services.subscriptions. FEED arguments are a feed id, an
unambiguous id prefix (4+ characters) or the feed's URL. Every problem a user or a server can
cause is one line on stderr (`URL: reason`), never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefing.cli import Settings, fail
from briefing.cli.output import emit, emit_json, is_terminal, style, warn
from briefing.core.text import clean_line

pass_settings = click.make_pass_decorator(Settings)
FULL_TEXT = click.Choice(["auto", "always", "never"])


def config():
    """config.toml's settings, read once per command (its problems printed once)."""
    from briefing.config import load_settings

    context = click.get_current_context(silent=True)
    meta = context.find_root().meta if context is not None else {}
    if "briefing.settings" not in meta:
        settings, problems = load_settings()
        for problem in problems:
            warn(f"briefing: {problem}")
        meta["briefing.settings"] = settings
    return meta["briefing.settings"]


def http_client():
    from briefing.feeds.http import FetchLimits, HttpClient

    return HttpClient(FetchLimits.from_settings(config()))


def on_terminal() -> bool:
    """Whether a person is there to choose among several feeds (else the first is taken)."""
    return is_terminal(sys.stdin) and is_terminal(sys.stderr)


def local_time(value: str | None) -> str:
    """A stored ISO time as local 'YYYY-MM-DD HH:MM', '-' when there is none."""
    import datetime as dt

    if not value:
        return "-"
    try:
        return dt.datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return clean_line(value)[:16]


@click.group("feed")
def feed_group() -> None:
    """Feed subscriptions: add, list, edit, remove, import and export (OPML).

    FEED is a feed id, an unambiguous prefix of it (4+ characters) or its URL.
    `briefing fetch` refreshes the subscriptions."""


@feed_group.command("add")
@click.argument("url")
@click.option(
    "--tag",
    "-t",
    "tags",
    multiple=True,
    help="Tag the subscription (repeatable): shown by feed list, exported as OPML folders.",
)
@click.option("--title", help="Name the feed (default: the feed's own title).")
@click.option(
    "--full-text",
    type=FULL_TEXT,
    default=None,
    help="Fetch each item's page for its full text: auto (when the feed gives a teaser), always, never "
    "(default: config.toml's feeds.full_text, else auto).",
)
@click.option(
    "--pick",
    type=click.IntRange(min=1),
    default=None,
    help="When URL is a page naming several feeds: subscribe to the Nth.",
)
@pass_settings
def add_cmd(settings: Settings, url: str, tags, title, full_text, pick) -> None:
    """Subscribe to the feed at URL and import its items (one request).

    A web page that names its feeds (<link rel="alternate">) subscribes to the feed it names;
    if it names several, list them and choose with --pick N (not on a terminal, the first is
    taken). Prints the feed's id, title and the number of new articles."""
    from briefing.services.subscriptions import ChooseFeed, SubscribeError, subscribe

    store = settings.store()
    with http_client() as client:
        try:
            done = subscribe(
                store,
                url,
                client=client,
                settings=config(),
                tags=tags,
                title=title,
                full_text=full_text,
                pick=pick,
                choose_first=not on_terminal(),
            )
        except ChooseFeed as exc:
            for number, link in enumerate(exc.alternates, 1):
                warn(f"  {number}. {link.url}" + (f"  ({link.title})" if link.title else "") + f"  [{link.kind}]")
            fail(str(exc), status=2)
        except SubscribeError as exc:
            fail(str(exc), status=1)
    record = done.record
    if done.discovered_from:
        count = len(done.alternates)
        others = f" (the first of {count}; --pick N chooses another)" if count > 1 and pick is None else ""
        warn(f"{done.discovered_from} names the feed {record['url']}{others}")
    if done.moved_from:
        warn(f"{done.moved_from} moved permanently to {record['url']}: subscribed to the new URL")
    for note in done.notes:
        warn(f"{record['url']}: {note}")
    name = clean_line(record.get("title") or record["url"])
    if not done.is_new:
        warn(f"already subscribed: {record['id']} {name}")
        emit(f"{record['id']}  {name}  0 new articles")
        return
    for failed_url, reason in done.report.failures if done.report else ():
        warn(f"{failed_url}: {reason}")
    emit(f"{record['id']}  {name}  {done.new} new article{'s' if done.new != 1 else ''}")


@feed_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of feeds (the shape in the README).")
@pass_settings
def list_cmd(settings: Settings, as_json: bool) -> None:
    """Every subscription: id, status, unread and article counts, last fetch, next check, title,
    URL and tags, with the reason of the last error."""
    from briefing.services.subscriptions import feed_views

    views = feed_views(settings.store())
    if as_json:
        emit_json(views)
        return
    if not views:
        warn("no subscriptions yet: briefing feed add URL, or briefing feed import FILE.opml")
        return
    emit(
        style(
            f"{'ID':<8}  {'STATUS':<12}  {'UNREAD':>6}  {'TOTAL':>6}  {'LAST FETCH':<16}  {'NEXT CHECK':<16}  "
            "TITLE  URL  TAGS",
            bold=True,
        )
    )
    for view in views:
        status = view["status"]
        colour = {"error": "red", "gone": "red", "ok": "green", "not-modified": "green"}.get(status)
        tags = " ".join("#" + clean_line(t) for t in view["tags"])
        shown = style(f"{status:<12}", fg=colour) if colour else f"{status:<12}"
        line = (
            f"{style(view['id'], fg='cyan'):<8}  {shown}  "
            f"{view['unread_count']:>6}  {view['article_count']:>6}  {local_time(view['last_fetched']):<16}  "
            f"{local_time(view['next_check']):<16}  {clean_line(view['title']) or '(untitled)'}  {clean_line(view['url'])}"
            + (f"  {style(tags, fg='green')}" if tags else "")
        )
        emit(line)
        if view["error"]:
            emit(f"{'':10}{style('error:', fg='red')} {clean_line(view['error'])}")


def _one_feed(store, ref: str) -> dict:
    return store.feed(ref)  # FeedNotFound: one line, exit 1 (cli.LazyGroup)


def _feed_line(record: dict) -> str:
    tags = " ".join("#" + clean_line(t) for t in record.get("tags") or ())
    return "  ".join(
        p
        for p in (
            record["id"],
            clean_line(record.get("title")) or "(untitled)",
            clean_line(record["url"]),
            f"full text {record.get('full_text') or 'auto'}",
            tags,
        )
        if p
    )


@feed_group.command("edit")
@click.argument("feed")
@click.option("--tag", "-t", "add_tags", multiple=True, help="Add a tag (repeatable).")
@click.option("--untag", "remove_tags", multiple=True, help="Remove a tag (repeatable).")
@click.option("--title", help="A new name for the feed (an empty string: the feed's own title next fetch).")
@click.option("--full-text", type=FULL_TEXT, default=None, help="Full text for this feed: auto, always or never.")
@click.option("--url", help="A new URL (starts the feed's schedule afresh, and revives a gone feed).")
@pass_settings
def edit_cmd(settings: Settings, feed: str, add_tags, remove_tags, title, full_text, url) -> None:
    """Change a subscription's tags, title, full-text mode or URL."""
    from briefing.services.subscriptions import edit_feed

    if not (add_tags or remove_tags or title is not None or full_text or url):
        raise click.UsageError("nothing to change: give --tag, --untag, --title, --full-text or --url")
    store = settings.store()
    record = _one_feed(store, feed)
    try:
        updated = edit_feed(
            store, record, add_tags=add_tags, remove_tags=remove_tags, title=title, full_text=full_text, url=url
        )
    except ValueError as exc:
        fail(str(exc), status=2)
    emit(_feed_line(updated))


@feed_group.command("remove")
@click.argument("feeds", nargs=-1, required=True)
@click.option("--purge", is_flag=True, help="Also remove the feeds' articles that have no tags, notes or star.")
@pass_settings
def remove_cmd(settings: Settings, feeds: tuple[str, ...], purge: bool) -> None:
    """Unsubscribe from feeds. Their articles stay (with your tags and notes) unless --purge."""
    from briefing.services.subscriptions import remove_feeds, resolve_feeds

    store = settings.store()
    records, problems = resolve_feeds(store, feeds)
    for problem in problems:
        warn(f"briefing: {problem}")
    if records:
        removed = remove_feeds(store, records, purge=purge)
        for record in removed.records:
            warn(f"unsubscribed {record['id']} {clean_line(record.get('title') or record['url'])}")
        if purge:
            warn(
                f"removed {removed.purged} article{'s' if removed.purged != 1 else ''}"
                f" (kept {removed.kept} with tags, notes or a star)"
            )
    if problems:
        raise click.exceptions.Exit(1)


@feed_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@pass_settings
def import_cmd(settings: Settings, file: Path) -> None:
    """Subscribe to the feeds of an OPML file (`-`: stdin). Folders and categories become tags.

    Nothing is fetched: the next `briefing fetch` does."""
    from briefing.feeds.opml import MAX_OPML_BYTES, OpmlError
    from briefing.services.subscriptions import import_opml

    try:
        if str(file) == "-":
            data = sys.stdin.buffer.read(MAX_OPML_BYTES + 1)
        else:
            with file.open("rb") as handle:
                data = handle.read(MAX_OPML_BYTES + 1)
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}", status=1)
    store = settings.store()
    try:
        report = import_opml(store, data, settings=config(), origin=str(file))
    except OpmlError as exc:
        fail(f"{file}: {exc}", status=1)
    for problem in report.problems:
        warn(problem)
    warn(f"subscribed {len(report.subscribed)}, already subscribed {report.already}, problems {len(report.problems)}")


@feed_group.command("export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of stdout.",
)
@pass_settings
def export_cmd(settings: Settings, output: Path | None) -> None:
    """Every subscription as OPML 2.0 (folders from the first tag, all tags in `category`)."""
    from briefing.services.subscriptions import export_opml

    store = settings.store()
    data = export_opml(store)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from briefing.store import atomic_write_bytes

    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        fail(f"{output}: {exc.strerror or exc}", status=1)
    count = len(store.feeds())
    warn(f"exported {count} feed{'s' if count != 1 else ''} to {output}")
