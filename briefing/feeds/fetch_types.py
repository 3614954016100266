"""What a fetch is asked and what comes of it: the request (`FetchRequest`), the limits a
client keeps to (`FetchLimits`), the result (`FetchResult`, with its redirect hops). Plain data,
shared by the HTTP client (briefing.feeds.http), the feed schedule and the refresh pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefing import __version__

if TYPE_CHECKING:
    from briefing.config import Settings

MIB = 1024 * 1024
DEFAULT_USER_AGENT = f"briefing/{__version__}"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
PERMANENT_REDIRECTS = frozenset((301, 308))


@dataclass(frozen=True)
class FetchLimits:
    """What one `HttpClient` allows itself. Times in seconds, sizes in bytes."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # silence between two reads
    deadline: float = 30.0  # the whole request, every redirect hop included
    max_body_bytes: int = 15 * MIB
    per_host: int = 2
    concurrency: int = 8
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchLimits:
        return cls(
            user_agent=settings.user_agent,
            connect_timeout=min(settings.connect_timeout, settings.deadline),
            read_timeout=min(cls.read_timeout, settings.deadline),
            deadline=settings.deadline,
            max_body_bytes=settings.max_body_bytes,
            per_host=settings.per_host,
            concurrency=settings.concurrency,
        )


@dataclass(frozen=True)
class FetchRequest:
    """One GET. `etag` and `last_modified` are the validators stored from the last response
    (sent back exactly as received); `key` is anything the caller wants back with the result."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    accept: str = FEED_ACCEPT
    key: Any = None


@dataclass(frozen=True)
class RedirectHop:
    status: int  # 301, 302, 303, 307 or 308
    url: str  # the URL that answered with the redirect
    location: str  # the absolute URL it pointed to


@dataclass(frozen=True)
class FetchResult:
    """What came of one `FetchRequest`. Header values are str decoded as Latin-1, so they
    encode back to the server's exact bytes."""

    request: FetchRequest
    final_url: str  # after redirects (the URL that gave the last response, or the one that failed)
    status: int | None = None  # the last HTTP status, None when no response came
    redirects: tuple[RedirectHop, ...] = ()
    body: bytes | None = None  # decoded (gunzipped) body of a 2xx response; None otherwise
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: datetime | None = None  # UTC, from a 429/503 Retry-After (seconds or HTTP date)
    error: str | None = None  # one line for a person; None when the fetch succeeded (2xx or 304)
    elapsed: float = 0.0  # seconds from the first byte sent (waiting for a slot not counted)

    @property
    def url(self) -> str:
        return self.request.url

    @property
    def ok(self) -> bool:
        """A 2xx response with its body."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        """304: the stored copy is current. No body was read; there is nothing to parse."""
        return self.error is None and self.status == 304

    @property
    def gone(self) -> bool:
        return self.status == 410

    @property
    def permanent_redirect(self) -> bool:
        """True only when every hop was 301/308, none went from https to http, and the final
        URL answered 2xx or 304: then (and only then) the stored URL becomes `final_url`."""
        if not self.redirects or not (self.ok or self.not_modified):
            return False
        if any(hop.status not in PERMANENT_REDIRECTS for hop in self.redirects):
            return False
        return not any(
            urlsplit(h.url).scheme == "https" and urlsplit(h.location).scheme == "http" for h in self.redirects
        )
