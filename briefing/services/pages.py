"""Article pages as `briefing import` reads them: a URL (fetched through the HTTP client) or a
saved `.html`/`.htm` file (folders searched recursively), one article each, its full text
extracted exactly as for feed items (briefing.feeds.extract, in worker processes when there
are many). A page that holds no article (a paywall, a consent wall, a feed) is a `Problem`
naming the URL or file and the reason, and the import goes on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.core.dates import now_iso
from briefing.core.model import Article
from briefing.core.parsing import Problem

if TYPE_CHECKING:
    from concurrent.futures import Future

    from briefing.feeds.model import ExtractedPage

# A page read or fetched: (origin, url or None for a file, body, content type)
PageBody = tuple[str, str | None, bytes, str | None]

HTML_SUFFIXES = (".html", ".htm")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_FEED_TYPES = ("rss", "atom", "feed+json", "/xml", "+xml")
PARALLEL_PAGES = 4  # from this many pages on, extraction runs in worker processes


def is_url(argument: str) -> bool:
    """An argument of `briefing import` that names a URL rather than a path."""
    return bool(_URL.match(argument.strip()))


def html_files(folder: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """The .html/.htm files below a folder, hidden entries skipped, sorted."""
    excluded = {p.resolve() for p in exclude}
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (Path(root) / d).resolve() not in excluded)
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(HTML_SUFFIXES):
                found.append(Path(root) / name)
    return found


def _looks_like_feed(body: bytes, content_type: str | None) -> bool:
    mime = (content_type or "").split(";")[0].strip().lower()
    if any(kind in mime for kind in _FEED_TYPES) and "html" not in mime:
        return True
    head = body[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def _article(page, *, url: str | None, origin: str, first_seen: str) -> Article | Problem:
    from briefing.feeds.articles import PageNotUsable, page_article

    try:
        return page_article(page, url=url, first_seen=first_seen, origin=origin)
    except PageNotUsable as exc:
        return Problem(origin, str(exc))


def read_pages(
    urls: list[str],
    files: list[Path],
    *,
    client=None,
    settings=None,
    max_bytes: int | None = None,
    jobs: int | None = None,
) -> Iterator[Article | Problem]:
    """An Article (or a Problem) for every URL and HTML file, in the order given. Files are
    read a window at a time, so a folder of thousands of pages never sits in memory whole."""
    from briefing.services.fetch_work import Workers

    first_seen = now_iso()
    workers = Workers(jobs if len(urls) + len(files) >= PARALLEL_PAGES else 1)
    try:
        window = max(8, workers.jobs * 4)
        for start in range(0, len(files), window):
            yield from _extracted(
                [_read(path, max_bytes) for path in files[start : start + window]], workers, first_seen
            )
        for start in range(0, len(urls), window * 4):
            yield from _extracted(_fetch(urls[start : start + window * 4], client, settings), workers, first_seen)
    finally:
        workers.close()


def _read(path: Path, max_bytes: int | None) -> PageBody | Problem:
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            return Problem(str(path), f"too large ({size / 1048576:.1f} MB; the limit is {max_bytes / 1048576:g} MB)")
        return str(path), None, path.read_bytes(), None
    except OSError as exc:
        return Problem(str(path), exc.strerror or str(exc))


def _extracted(bodies: Iterable[PageBody | Problem], workers, first_seen: str) -> Iterator[Article | Problem]:
    """(origin, url, body, content type) entries (or Problems) to Articles, in order."""
    from briefing.services.fetch_work import extract_task

    pending: list[Problem | tuple[PageBody, Future[ExtractedPage]]] = []
    for entry in bodies:
        if isinstance(entry, Problem):
            pending.append(entry)
        elif _looks_like_feed(entry[2], entry[3]):
            pending.append(Problem(entry[0], "a feed, not an article page (subscribe with: briefing feed add URL)"))
        else:
            pending.append((entry, workers.submit(extract_task, entry[2], entry[1] or "", entry[3])))
    for item in pending:
        if isinstance(item, Problem):
            yield item
            continue
        (origin, url, _, _), future = item
        try:
            page = future.result()
        except Exception as exc:
            yield Problem(origin, f"page text could not be extracted ({type(exc).__name__})")
            continue
        yield _article(page, url=url, origin=origin, first_seen=first_seen)


def _fetch(urls: list[str], client, settings) -> list[tuple[str, str, bytes, str | None] | Problem]:
    from briefing.feeds.http import PAGE_ACCEPT, FetchLimits, FetchRequest, HttpClient

    own = client is None
    if own:
        client = HttpClient(FetchLimits.from_settings(settings) if settings else None)
    try:
        results = {
            r.request.key: r
            for r in client.fetch_many(
                FetchRequest(url.strip(), accept=PAGE_ACCEPT, key=n) for n, url in enumerate(urls)
            )
        }
    finally:
        if own:
            client.close()
    out: list[tuple[str, str, bytes, str | None] | Problem] = []
    for n, url in enumerate(urls):
        result = results[n]
        if result.error or not result.ok or result.body is None:
            out.append(Problem(url, result.error or f"HTTP {result.status}"))
        else:
            out.append((url, result.final_url, result.body, result.content_type))
    return out
