"""The one HTTP client every feed and page fetch goes through (httpx underneath).

What it sends: `User-Agent: briefing/VERSION` (configurable), `Accept` for a feed or a page,
`Accept-Encoding: gzip, deflate`, and the stored validators (`If-None-Match` with the ETag
byte for byte, `If-Modified-Since` with the Last-Modified value as the server sent it).

What it enforces, whatever the server does: http and https only; redirects followed by hand,
at most 5, every hop recorded; a connect timeout, a read timeout, and a total deadline per
request (httpx's read timeout is per read, so a server dripping a byte a second would
otherwise hold a request for hours: the deadline cancels the request wherever it is, even
in the middle of the headers); a maximum body size, counted on the decoded bytes as they
stream in (a gzip bomb is cut off after the limit, never inflated in memory); at most
`per_host` requests at a time to one host and `concurrency` overall.

Why asyncio on a thread of its own: every fetch runs as a task on one event loop that the
client keeps on a background thread. An asyncio timeout can cancel a request at any await,
which a blocking client cannot do while it reads headers; per-host and overall limits are
plain asyncio semaphores that every request of the client shares, whichever thread asked
(a CLI command, a Textual thread worker, both at once); one connection pool keeps
connections alive across requests. Callers stay synchronous: `fetch` blocks its thread,
`fetch_many` yields results as they complete. Never call them on a running event loop
(the reader's): use a thread worker.

Nothing raises to the caller for a network or server problem: every failure is a
`FetchResult` whose `error` is one line a person can read (DNS, connection refused, timeout,
deadline, too large, HTTP status, TLS, bot protection), free of control characters.
Retry-After is returned as a time (`retry_after`); nothing here ever sleeps.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError, Future, as_completed
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from briefing.feeds.fetch_types import (
    FEED_ACCEPT,
    PAGE_ACCEPT,
    REDIRECT_STATUSES,
    FetchLimits,
    FetchRequest,
    FetchResult,
    RedirectHop,
)
from briefing.feeds.http_response import (
    BodyDecoder,
    bot_protection,
    describe_exception,
    header_value,
    human_size,
    parse_retry_after,
    reason_line,
    sendable_validator,
    status_reason,
)

# The request and result types are part of this module's interface (re-exported).
__all__ = [
    "FEED_ACCEPT",
    "PAGE_ACCEPT",
    "FetchLimits",
    "FetchRequest",
    "FetchResult",
    "HttpClient",
    "RedirectHop",
    "fetch",
    "fetch_many",
    "refusal",
]

if TYPE_CHECKING:
    import httpx

SCHEMES = ("http", "https")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# How much of an error response is read to recognise a bot-protection challenge page.
_ERROR_PEEK = 64 * 1024


def refusal(url: str) -> str | None:
    """Why `url` is not fetched (not http/https, no host, malformed), or None."""
    if not isinstance(url, str) or not url.strip():
        return "no URL given"
    if _CONTROL.search(url):
        return "the URL contains control characters"
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return "not a valid URL"
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        # "example.com/feed" and "localhost:8080/feed" have no scheme (the second looks like one).
        if not scheme or "." in scheme or re.match(r"[A-Za-z][\w.+-]*:\d", url.strip()):
            return "not an absolute URL (it must start with http:// or https://)"
        return f"{scheme}: URLs are not fetched (only http and https)"
    if not parts.hostname:
        return "the URL has no host"
    return None


def _without_fragment(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(fragment="")) if parts.fragment or url.endswith("#") else url.strip()


class HttpClient:
    """One connection pool, one set of limits, shared by every request made through it, from
    any thread. Use as a context manager, or call `close()`."""

    def __init__(self, limits: FetchLimits | None = None) -> None:
        self.limits = limits or FetchLimits()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        # Touched only on the loop's thread:
        self._client: httpx.AsyncClient | None = None
        self._overall: asyncio.Semaphore | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the synchronous interface ---------------------------------------------------------

    def submit(self, request: FetchRequest | str) -> Future[FetchResult]:
        """Start a fetch; the future's result is its `FetchResult` (it never raises, but can
        be cancelled)."""
        if isinstance(request, str):
            request = FetchRequest(request)
        loop = self._running_loop()  # first: a closed client raises before a coroutine exists
        return asyncio.run_coroutine_threadsafe(self._fetch(request), loop)

    def fetch(
        self,
        request: FetchRequest | str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchResult:
        """Fetch one URL (or `FetchRequest`) and wait for its result."""
        if isinstance(request, str):
            request = FetchRequest(request, etag=etag, last_modified=last_modified, accept=accept)
        future = self.submit(request)
        try:
            return _outcome(future, request)
        except BaseException:
            future.cancel()  # KeyboardInterrupt while waiting: stop the request too
            raise

    def fetch_many(self, requests: Iterable[FetchRequest | str]) -> Iterator[FetchResult]:
        """Fetch all, within the limits, yielding each result as it completes. Closing the
        iterator early (break, a cancelled worker) cancels the requests not yet done."""
        wanted = [FetchRequest(r) if isinstance(r, str) else r for r in requests]
        futures = {self.submit(request): request for request in wanted}
        try:
            for future in as_completed(futures):
                yield _outcome(future, futures[future])
        finally:
            for future in futures:
                future.cancel()

    def warm_up(self) -> HttpClient:
        """Import httpx and build the connection pool (TLS context included) now, on the
        client's thread, instead of on the first fetch (~0.5 s on a fresh process here)."""
        asyncio.run_coroutine_threadsafe(self._warm(), self._running_loop()).result()
        return self

    async def _warm(self) -> None:
        self._http()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        if not thread.is_alive():
            loop.close()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._closed:
                raise RuntimeError("HttpClient is closed")
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever, name="briefing-http", daemon=True)
                self._thread.start()
            return self._loop

    async def _shutdown(self) -> None:
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()

    # -- on the loop's thread --------------------------------------------------------------

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            limits = self.limits
            self._client = httpx.AsyncClient(
                follow_redirects=False,  # followed by hand: every hop counted, checked and recorded
                timeout=httpx.Timeout(
                    connect=limits.connect_timeout,
                    read=limits.read_timeout,
                    write=limits.read_timeout,
                    pool=limits.deadline,
                ),
                limits=httpx.Limits(
                    max_connections=limits.concurrency,
                    max_keepalive_connections=limits.concurrency,
                    keepalive_expiry=15,
                ),
            )
            self._overall = asyncio.Semaphore(limits.concurrency)
        return self._client

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        slot = self._hosts.get(host)
        if slot is None:
            slot = self._hosts[host] = asyncio.Semaphore(self.limits.per_host)
        return slot

    async def _fetch(self, request: FetchRequest) -> FetchResult:
        progress = _Progress()
        try:
            result = await self._follow(request, progress)
        except Exception as exc:
            result = FetchResult(
                request,
                progress.url or request.url,
                redirects=tuple(progress.hops),
                error=reason_line(f"unexpected error: {type(exc).__name__}: {exc}"),
            )
        return replace(result, elapsed=progress.elapsed)

    async def _follow(self, request: FetchRequest, progress: _Progress) -> FetchResult:
        limits = self.limits
        reason = refusal(request.url)
        if reason:
            return FetchResult(request, request.url, error=reason)
        url = _without_fragment(request.url)
        progress.url = url
        client = self._http()
        overall = self._overall
        assert overall is not None  # made by _http() together with the client
        budget = limits.deadline
        seen = {url}
        while True:
            host = (urlsplit(url).hostname or "").lower()
            async with AsyncExitStack() as slots:
                # Host slot first: a request waiting for a busy host holds no overall slot.
                await slots.enter_async_context(self._host_slot(host))
                await slots.enter_async_context(overall)
                began = time.monotonic()
                try:
                    async with asyncio.timeout(budget):
                        outcome = await self._one(client, url, request, progress)
                except TimeoutError:
                    outcome = self._failure(
                        request,
                        progress,
                        f"no complete response within the {limits.deadline:g} s "
                        f"deadline (received {human_size(progress.received)})",
                    )
                finally:
                    progress.elapsed += time.monotonic() - began
                    budget -= time.monotonic() - began
            if isinstance(outcome, FetchResult):
                return outcome
            status, location = outcome
            target = _without_fragment(urljoin(url, location))
            progress.hops.append(RedirectHop(status, url, target))
            progress.url = target
            problem = refusal(target)
            if problem:
                reason = f"redirected to a URL that is not fetched: {problem}"
            elif target in seen:
                reason = f"redirect loop (HTTP {status} back to {target})"
            elif len(progress.hops) > limits.max_redirects:
                reason = f"too many redirects (more than {limits.max_redirects})"
            elif budget <= 0:
                reason = f"no complete response within the {limits.deadline:g} s deadline"
            else:
                seen.add(target)
                url = target
                continue
            return self._failure(request, progress, reason, status=status)

    def _failure(
        self, request: FetchRequest, progress: _Progress, reason: str, status: int | None = None
    ) -> FetchResult:
        return FetchResult(
            request, progress.url, status=status, redirects=tuple(progress.hops), error=reason_line(reason)
        )

    async def _one(
        self, client: httpx.AsyncClient, url: str, request: FetchRequest, progress: _Progress
    ) -> FetchResult | tuple[int, str]:
        """One hop: a final result, or (status, Location) of a redirect to follow."""
        import httpx

        headers: dict[str, str | bytes] = {
            "User-Agent": self.limits.user_agent,
            "Accept": request.accept,
            "Accept-Encoding": "gzip, deflate",
        }
        etag, last_modified = sendable_validator(request.etag), sendable_validator(request.last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            # httpx takes str and bytes values in one mapping (bytes keep a stored latin-1 validator
            # intact); its HeaderTypes alias only names all-str or all-bytes mappings.
            built = client.build_request("GET", url, headers=headers)  # type: ignore[arg-type]
            response = await client.send(built, stream=True)
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            return self._failure(request, progress, describe_exception(exc, url, self.limits))
        try:
            return await self._answer(response, url, request, progress)
        except (httpx.HTTPError, OSError) as exc:
            return self._failure(request, progress, describe_exception(exc, url, self.limits), response.status_code)
        finally:
            await response.aclose()

    async def _answer(
        self, response: httpx.Response, url: str, request: FetchRequest, progress: _Progress
    ) -> FetchResult | tuple[int, str]:
        import httpx

        status = response.status_code
        if 200 <= status < 300:
            body, problem = await self._read_body(response, self.limits.max_body_bytes, progress)
            result = self._response(request, url, response, progress)
            return replace(result, body=body) if problem is None else replace(result, error=reason_line(problem))
        # Any other answer's body (empty for a 304) is read, up to 64 KB, so that the
        # connection can serve the next request: httpcore reuses only a fully read response.
        try:
            peek, _ = await self._read_body(response, _ERROR_PEEK, progress, cut=True)
        except (httpx.HTTPError, OSError):
            peek = None
        if status in REDIRECT_STATUSES:
            location = header_value(response, "location")
            if location and location.strip():
                return status, location.strip()
            return self._failure(request, progress, f"HTTP {status} redirect without a Location header", status)
        result = self._response(request, url, response, progress)
        if status == 304:
            return result  # nothing to parse
        retry_after = None
        if status in (429, 503):
            value = header_value(response, "retry-after")
            retry_after = parse_retry_after(value, datetime.now(UTC)) if value else None
        reason = status_reason(status, retry_after)
        protector = bot_protection(response.headers, peek or b"") if status in (403, 429, 503) else None
        if protector:
            reason = f"{reason}: blocked by bot protection ({protector})"
        return replace(result, retry_after=retry_after, error=reason_line(reason))

    @staticmethod
    def _response(request: FetchRequest, url: str, response: httpx.Response, progress: _Progress) -> FetchResult:
        return FetchResult(
            request,
            url,
            status=response.status_code,
            redirects=tuple(progress.hops),
            content_type=header_value(response, "content-type"),
            etag=header_value(response, "etag"),
            last_modified=header_value(response, "last-modified"),
        )

    async def _read_body(
        self, response: httpx.Response, limit: int, progress: _Progress, cut: bool = False
    ) -> tuple[bytes | None, str | None]:
        """The decoded body, or None and why. `cut`: return the first `limit` bytes instead of
        failing when there are more (to peek at an error page)."""
        too_large = f"the response is larger than the {human_size(limit)} limit (cut off)"
        declared = header_value(response, "content-length")
        if not cut and declared and declared.strip().isdigit() and int(declared) > limit:
            return None, too_large
        try:
            decoder = BodyDecoder(header_value(response, "content-encoding"))
        except ValueError as exc:
            return None, str(exc)
        chunks: list[bytes] = []
        size = 0
        try:
            async for raw in response.aiter_raw():
                progress.received += len(raw)
                data = decoder.decode(raw, limit - size + 1)
                size += len(data)
                chunks.append(data)
                if size > limit:
                    return (b"".join(chunks)[:limit], None) if cut else (None, too_large)
            chunks.append(decoder.flush())
        except ValueError as exc:  # corrupt gzip/deflate data
            return None, str(exc)
        return b"".join(chunks), None


def _outcome(future: Future[FetchResult], request: FetchRequest) -> FetchResult:
    """The future's result; a fetch cancelled by `close()` becomes a result saying so."""
    try:
        return future.result()
    except CancelledError:
        return FetchResult(request, request.url, error="cancelled: the HTTP client was closed")


@dataclass
class _Progress:
    """What one request has done so far (for the reason when it fails half-way)."""

    url: str = ""
    hops: list[RedirectHop] = field(default_factory=list)
    received: int = 0
    elapsed: float = 0.0


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = FEED_ACCEPT,
    limits: FetchLimits | None = None,
) -> FetchResult:
    """One GET with a client of its own (use an `HttpClient` to share limits between fetches)."""
    with HttpClient(limits) as client:
        return client.fetch(url, etag=etag, last_modified=last_modified, accept=accept)


def fetch_many(requests: Iterable[FetchRequest | str], *, limits: FetchLimits | None = None) -> Iterator[FetchResult]:
    """Fetch every request within the limits, yielding results as they complete."""
    with HttpClient(limits) as client:
        yield from client.fetch_many(requests)
