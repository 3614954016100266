"""Reading what a server answered, for `briefing.feeds.http`: header values byte for byte,
the body decoded within a size limit, Retry-After, the one-line reason for an HTTP status or
a failed connection, and the pages bot protection serves instead of content. Pure functions; httpx is imported lazily.
"""

from __future__ import annotations

import re
import socket
import ssl
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefing.core.text import clean_line

if TYPE_CHECKING:
    import httpx

    from briefing.feeds.http import FetchLimits

MIB = 1024 * 1024
_UNSAFE_HEADER_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# A Retry-After further away than this is read as this (it only sets a next-check time).
_MAX_RETRY_AFTER = timedelta(days=365)


def reason_line(text: str, limit: int = 300) -> str:
    """A reason taken from a response (a server's message, an exception's text): one clean
    line, cut to `limit` characters."""
    return clean_line(text, limit)


def header_value(response: httpx.Response, name: str) -> str | None:
    """The first `name` header exactly as sent (Latin-1 keeps every byte)."""
    wanted = name.lower().encode("ascii")
    for key, value in response.headers.raw:
        if key.lower() == wanted:
            return value.decode("latin-1")
    return None


def sendable_validator(value: str | None) -> bytes | None:
    """A stored validator as header bytes; None when absent or not sendable (a stored value
    with CR/LF or other control bytes would make every request fail)."""
    if not value or _UNSAFE_HEADER_VALUE.search(value):
        return None
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return None


def human_size(n: int) -> str:
    if n >= MIB:
        return f"{n / MIB:.3g} MiB"
    return f"{n / 1024:.3g} KiB" if n >= 1024 else f"{n} bytes"


class BodyDecoder:
    """Undoes Content-Encoding (identity, gzip, x-gzip, deflate) chunk by chunk, never
    producing more than asked for: a small compressed body that inflates to gigabytes is
    stopped at the limit."""

    def __init__(self, encoding: str | None) -> None:
        name = (encoding or "identity").strip().lower()
        if name in ("", "identity"):
            self._wbits: int | None = None
        elif name in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif name == "deflate":
            self._wbits = 0  # zlib-wrapped or raw: decided on the first bytes
        else:
            raise ValueError(f"the server used a content encoding briefing did not ask for ({name[:40]})")
        self._name = name
        self._inflater: Any = None  # a zlib decompressobj, made on the first bytes
        self._done = False

    def _start(self, data: bytes, wbits: int) -> None:
        if wbits == 0:
            # RFC 9110 deflate is zlib-wrapped, but some servers send a raw deflate stream.
            zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            wbits = zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(wbits)

    def decode(self, data: bytes, max_length: int) -> bytes:
        """The decoded bytes of `data`, at most `max_length` (> 0) of them."""
        if self._wbits is None:
            return data
        out = bytearray()
        while data and not self._done and len(out) < max_length:
            if self._inflater is None:
                self._start(data, self._wbits)
            inflater = self._inflater
            try:
                out += inflater.decompress(data, max_length - len(out))
            except zlib.error as exc:
                raise ValueError(f"the {self._name} body is corrupt ({exc})") from None
            if inflater.unconsumed_tail:
                break  # the limit was reached: the caller stops here
            if inflater.eof:
                data = inflater.unused_data
                if self._wbits == 16 + zlib.MAX_WBITS and data.lstrip(b"\0")[:2] == b"\x1f\x8b":
                    self._inflater, data = None, data.lstrip(b"\0")  # another gzip member follows
                else:
                    self._done = True  # trailing bytes after the stream are ignored
            else:
                data = b""
        return bytes(out)

    def flush(self) -> bytes:
        if self._inflater is None or self._done:
            return b""
        try:
            return self._inflater.flush()
        except zlib.error as exc:
            raise ValueError(f"the {self._name} body is corrupt ({exc})") from None


def parse_retry_after(value: str, now: datetime) -> datetime | None:
    """Retry-After as a UTC time: delay-seconds (`120`) or an HTTP date
    (`Wed, 21 Oct 2026 07:28:00 GMT`). None when it is neither."""
    value = value.strip()
    if value.isdigit():
        return now + min(timedelta(seconds=int(value[:12])), _MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # HTTP dates are GMT
    return min(when.astimezone(UTC), now + _MAX_RETRY_AFTER)


def status_reason(status: int, retry_after: datetime | None = None) -> str:
    """`HTTP 404 Not Found`, with what the status means for a feed where it matters. The
    phrase comes from the standard, never from the server (whose text is not to be trusted)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    reason = f"HTTP {status}{' ' + phrase if phrase else ''}"
    if status == 410:
        reason += " (the server says it was removed for good)"
    if retry_after is not None:
        reason += f" (retry after {retry_after.strftime('%Y-%m-%d %H:%M:%S')} UTC)"
    return reason


# Signs of a challenge page instead of content, checked on headers and the first 64 KB.
_CHALLENGE_BODIES = (
    (b"cf-chl", "Cloudflare challenge"),
    (b"challenge-platform", "Cloudflare challenge"),
    (b"just a moment...", "Cloudflare challenge"),
    (b"attention required! | cloudflare", "Cloudflare"),
    (b"ddos-guard", "DDoS-Guard"),
    (b"sucuri website firewall", "Sucuri firewall"),
    (b"_incapsula_resource", "Imperva Incapsula"),
    (b"incapsula incident", "Imperva Incapsula"),
    (b"px-captcha", "PerimeterX"),
    (b"captcha-delivery.com", "DataDome"),
    (b"g-recaptcha", "a CAPTCHA"),
    (b"h-captcha", "a CAPTCHA"),
)


def bot_protection(headers: Mapping[str, str], body: bytes) -> str | None:
    """Which bot protection answered instead of the site (e.g. "Cloudflare challenge"), or None."""
    lowered = {k.lower(): v.lower() for k, v in headers.items()}
    server = lowered.get("server", "")
    if lowered.get("cf-mitigated") == "challenge":
        return "Cloudflare challenge"
    if "ddos-guard" in server:
        return "DDoS-Guard"
    if "x-sucuri-id" in lowered or "sucuri" in server:
        return "Sucuri firewall"
    if "x-datadome" in lowered or "datadome" in server:
        return "DataDome"
    text = body[:65536].lower()
    for marker, name in _CHALLENGE_BODIES:
        if marker in text:
            return name
    if server == "cloudflare":
        return "Cloudflare"
    if "akamaighost" in server and b"access denied" in text:
        return "Akamai"
    return None


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, what caused it, and so on (exception groups opened up)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.append(current)
        todo.extend(getattr(current, "exceptions", ()) or ())
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                todo.append(linked)
    return seen


def describe_exception(exc: BaseException, url: str, limits: FetchLimits) -> str:
    """One line for a person: why the request to `url` failed."""
    import httpx

    parts = urlsplit(url)
    host = parts.hostname or "?"
    address = f"{host}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    causes = _causes(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection to {address} timed out after {limits.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"the server sent nothing for {limits.read_timeout:g} s"
    if isinstance(exc, httpx.WriteTimeout):
        return f"the request could not be sent within {limits.read_timeout:g} s"
    if isinstance(exc, httpx.PoolTimeout):
        return "no free connection in time (too many requests at once)"
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            return f"DNS lookup failed for {host} ({cause.strerror or cause})"
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate of {host} not accepted ({cause.verify_message or cause.reason})"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error with {host} ({cause.reason or cause})"
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError):
            return f"connection refused by {address}"
    if isinstance(exc, httpx.ConnectError):
        detail = next((c.strerror for c in causes if isinstance(c, OSError) and c.strerror), None)
        return f"cannot connect to {address}" + (f" ({detail})" if detail else "")
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if "message body" in text or "incomplete" in text.lower():
            return "the server closed the connection before the whole response arrived"
        if "without sending" in text or "Server disconnected" in text:
            return "the server closed the connection without answering"
        return f"the server broke the HTTP protocol ({text[:120]})"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)) or any(isinstance(c, ConnectionError) for c in causes):
        return "the connection was reset"
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return f"not a valid URL ({exc})"
    if isinstance(exc, httpx.LocalProtocolError):
        return f"the request could not be sent ({exc})"
    if isinstance(exc, httpx.DecodingError):
        return f"the response could not be decoded ({exc})"
    return f"{type(exc).__name__}: {exc}"
