"""Subscriptions as `briefing feed ...` and the reader manage them: subscribing to a URL (one
GET, reused for the first import), the contract's view of each feed, editing, removing with
the feed's untouched articles, and OPML in and out.

No CLI or UI here: problems are raised as `SubscribeError` (a one-line reason) or returned as
lines, and the caller decides how to show them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from briefing.config import FULL_TEXT_MODES, Settings
from briefing.feeds.http import FEED_ACCEPT, FetchResult, HttpClient, refusal
from briefing.feeds.model import FeedLink, NotAFeed, ParsedFeed
from briefing.feeds.schedule import reset
from briefing.services.fetching import FetchReport, feed_state, refresh


class SubscribeError(ValueError):
    """Why a URL could not be subscribed to (one line)."""


class ChooseFeed(SubscribeError):
    """The page names several feeds and none was picked: `alternates` lists them (pick 1..N)."""

    def __init__(self, url: str, alternates: tuple[FeedLink, ...]) -> None:
        super().__init__(f"{url}: the page names {len(alternates)} feeds; choose one with --pick N")
        self.alternates = alternates


@dataclass
class Subscribed:
    record: dict
    is_new: bool
    report: FetchReport | None = None  # the first import (None when already subscribed)
    discovered_from: str | None = None  # the HTML page that named the feed
    alternates: tuple[FeedLink, ...] = ()  # every feed that page named
    moved_from: str | None = None  # the URL given, when it redirected permanently to the feed's
    notes: list[str] = field(default_factory=list)  # things to tell the user

    @property
    def new(self) -> int:
        return self.report.new if self.report else 0


def _fetch_feed(client: HttpClient, url: str) -> tuple[FetchResult, ParsedFeed]:
    """(result, ParsedFeed) of one GET, or NotAFeed raised by the parser. SubscribeError for
    an HTTP failure."""
    from briefing.feeds.parse import parse_document

    result = client.fetch(url, accept=FEED_ACCEPT)
    if result.error:
        raise SubscribeError(f"{url}: {result.error}")
    if not result.ok or result.body is None:
        raise SubscribeError(f"{url}: HTTP {result.status} without a feed")
    try:
        return result, parse_document(result.body, url=result.final_url, content_type=result.content_type)
    except NotAFeed:
        raise
    except Exception as exc:
        raise SubscribeError(f"{url}: could not be parsed ({type(exc).__name__}: {str(exc)[:200]})") from None


def subscribe(
    store,
    url: str,
    *,
    client: HttpClient,
    settings: Settings | None = None,
    tags: Iterable[str] = (),
    title: str | None = None,
    full_text: str | None = None,
    pick: int | None = None,
    choose_first: bool = True,
    jobs: int | None = None,
    start_method: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Subscribed:
    """Subscribe to the feed at `url` (or to the one the HTML page at `url` names) and import
    its items from the same response. `pick` (1-based) chooses among several named feeds;
    without it the first is taken if `choose_first`, else ChooseFeed is raised."""
    settings = settings or Settings()
    url = url.strip()
    problem = refusal(url)
    if problem:
        raise SubscribeError(f"{url}: {problem}")
    mode = full_text or settings.full_text
    if mode not in FULL_TEXT_MODES:
        raise SubscribeError(f"full text must be one of {', '.join(FULL_TEXT_MODES)}, not {mode!r}")
    existing = store.feed_by_url(url)
    if existing is not None:
        return Subscribed(existing, False)
    discovered_from: str | None = None
    alternates: tuple[FeedLink, ...] = ()
    try:
        result, parsed = _fetch_feed(client, url)
    except NotAFeed as exc:
        if not exc.alternates:
            raise SubscribeError(f"{url}: {exc}") from None
        alternates = exc.alternates
        if pick is not None and not 1 <= pick <= len(alternates):
            raise SubscribeError(f"{url}: --pick {pick}: the page names {len(alternates)} feed(s)") from None
        if pick is None and len(alternates) > 1 and not choose_first:
            raise ChooseFeed(url, alternates) from None
        chosen = alternates[(pick or 1) - 1]
        discovered_from = url
        existing = store.feed_by_url(chosen.url)
        if existing is not None:
            return Subscribed(existing, False, discovered_from=url, alternates=alternates)
        try:
            result, parsed = _fetch_feed(client, chosen.url)
        except NotAFeed as again:
            raise SubscribeError(f"{chosen.url} (named by {url}): {again}") from None
        url = chosen.url
    subscribed_url = result.final_url if result.permanent_redirect else url
    moved_from = url if subscribed_url != url else None
    if moved_from:
        existing = store.feed_by_url(subscribed_url)
        if existing is not None:
            return Subscribed(
                existing, False, discovered_from=discovered_from, alternates=alternates, moved_from=moved_from
            )
    record, is_new = store.add_feed(
        subscribed_url, title=title or parsed.title, site_url=parsed.site_url, tags=tags, full_text=mode
    )
    outcome = Subscribed(record, is_new, discovered_from=discovered_from, alternates=alternates, moved_from=moved_from)
    if not is_new:
        return outcome
    # The one response stands in for the first fetch: the schedule starts from it.
    outcome.report = refresh(
        store,
        settings=settings,
        client=client,
        feeds=[record["id"]],
        jobs=jobs,
        start_method=start_method,
        cancelled=cancelled,
        seeds={record["id"]: (result, parsed)},
    )
    outcome.record = store.feed(record["id"])
    outcome.notes.extend(parsed.warnings)
    return outcome


# --------------------------------------------------------------------------- the feeds as shown


def feed_view(record: dict, counts: tuple[int, int] | None = None) -> dict:
    """A subscription in the contract's JSON shape (CONTRACT.md: `feed list --json`)."""
    state = feed_state(record)
    articles, unread = counts or (0, 0)
    return {
        "id": record["id"],
        "url": record["url"],
        "title": record.get("title"),
        "site_url": record.get("site_url"),
        "tags": list(record.get("tags") or ()),
        "full_text": record.get("full_text") or "auto",
        "status": state.status,
        "error": state.error,
        "last_fetched": state.last_fetched,
        "next_check": None if state.status == "gone" else state.next_check,
        "article_count": articles,
        "unread_count": unread,
    }


def feed_views(store) -> list[dict]:
    """Every subscription in the contract's shape, by title then URL."""
    counts = store.feed_counts()
    return [feed_view(record, counts.get(record["id"])) for record in store.feeds()]


def feed_titles(store) -> dict[str, str]:
    """{feed id: title (else URL)}: what the reader shows as an article's feed."""
    return {r["id"]: r.get("title") or r["url"] for r in store.feeds()}


def resolve_feeds(store, refs: Iterable[str]) -> tuple[list[dict], list[str]]:
    """(records, problems) for FEED arguments: an id, an unambiguous id prefix or the URL."""
    from briefing.store import FeedNotFound

    found: dict[str, dict] = {}
    problems = []
    for ref in refs:
        try:
            record = store.feed(ref)
        except FeedNotFound as exc:
            problems.append(str(exc.args[0] if exc.args else exc))
            continue
        found.setdefault(record["id"], record)
    return list(found.values()), problems


# --------------------------------------------------------------------------- changing subscriptions


def edit_feed(
    store,
    record: dict,
    *,
    add_tags: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
    title: str | None = None,
    full_text: str | None = None,
    url: str | None = None,
) -> dict:
    """Change a subscription; a new URL starts its HTTP state afresh (and revives a gone feed).
    Raises ValueError with the reason for a bad value."""
    changes: dict = {}
    tags = list(record.get("tags") or ())
    removing = {t.casefold().lstrip("#") for t in remove_tags}
    if removing or add_tags:
        tags = [t for t in tags if t.casefold() not in removing] + [t.lstrip("#") for t in add_tags]
        changes["tags"] = tags
    if title is not None:
        from briefing.core.text import clean_line

        changes["title"] = clean_line(title)[:300] or None
    if full_text is not None:
        if full_text not in FULL_TEXT_MODES:
            raise ValueError(f"full text must be one of {', '.join(FULL_TEXT_MODES)}")
        changes["full_text"] = full_text
    if url is not None and url.strip() != record["url"]:
        url = url.strip()
        problem = refusal(url)
        if problem:
            raise ValueError(f"{url}: {problem}")
        other = store.feed_by_url(url)
        if other is not None and other["id"] != record["id"]:
            raise ValueError(f"{url} is already subscribed as {other['id']}")
        changes["url"] = url
        changes["http"] = reset(feed_state(record), url).to_dict()
    if not changes:
        return record
    updated = store.update_feeds({record["id"]: changes})
    if not updated:
        raise ValueError(f"feed {record['id']} was removed meanwhile")
    return updated[0]


def feed_article_ids(store, feed_ids: Iterable[str]) -> list[str]:
    """Ids of the articles that came from these feeds (reads only the weeks that hold some)."""
    wanted = set(feed_ids)
    weeks = [week for week, stats in store.partition_stats().items() if wanted & set(stats.get("feeds", {}))]
    return [row.id for row in store.rows(sorted(weeks, reverse=True)) if row.feed in wanted]


@dataclass
class Removed:
    records: list[dict]
    purged: int = 0  # articles removed with --purge
    kept: int = 0  # articles kept because they carry tags, notes or a star


def remove_feeds(store, records: list[dict], *, purge: bool = False) -> Removed:
    """Unsubscribe; with `purge`, also remove the feeds' articles that carry no tags, notes or
    star (their identities stay known, so a re-subscription does not bring them back)."""
    ids = [r["id"] for r in records]
    removed = Removed(store.remove_feeds(ids))
    if purge:
        report = store.remove_articles(feed_article_ids(store, ids))
        removed.purged, removed.kept = len(report.removed), report.kept
    return removed


# --------------------------------------------------------------------------- OPML


@dataclass
class OpmlImport:
    subscribed: list[dict] = field(default_factory=list)
    already: int = 0
    problems: list[str] = field(default_factory=list)


def import_opml(store, data: bytes, *, settings: Settings | None = None, origin: str = "OPML") -> OpmlImport:
    """Subscribe to every feed of an OPML file (not fetched: the next refresh does). Raises
    briefing.feeds.opml.OpmlError when the file is not OPML at all."""
    from briefing.feeds.opml import read_opml

    settings = settings or Settings()
    document = read_opml(data)
    report = OpmlImport(problems=[f"{origin}: {p}" for p in document.problems])
    for feed in document.feeds:
        problem = refusal(feed.url)
        if problem:
            report.problems.append(f"{origin}: {feed.url}: {problem}")
            continue
        record, is_new = store.add_feed(
            feed.url, title=feed.title, site_url=feed.site_url, tags=feed.tags, full_text=settings.full_text
        )
        if is_new:
            report.subscribed.append(record)
        else:
            report.already += 1
    return report


def export_opml(store) -> bytes:
    from briefing.feeds.opml import OpmlFeed, write_opml

    return write_opml(
        OpmlFeed(url=r["url"], title=r.get("title"), site_url=r.get("site_url"), tags=tuple(r.get("tags") or ()))
        for r in store.feeds()
    )
