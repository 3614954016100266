"""A real, scripted HTTP/1.1 server on a 127.0.0.x loopback address, for tests and benchmarks.

    server = LoopbackServer("127.0.0.2").start()
    server.route("/feed.xml", Reply(200, {"ETag": '"v1"'}, b"<rss/>", gzip=True))
    server.route("/old", Reply.redirect(301, "/feed.xml"))
    server.route("/slow", Reply(200, body=b"x" * 100, drip=1.0))        # a byte a second
    server.route("/feed", conditional(b"<rss/>", etag='"v1"', last_modified=DATE))   # 304 when they match
    server.route("/any", lambda request: Reply(200, body=request.path.encode()))
    ... server.requests (every request: method, path, headers), server.max_in_flight ...
    server.stop()

The `loopback` fixture (tests/support/fixtures.py) makes servers that stop at the end of the test and share one
`ConcurrencyMeter`, so a test can measure the requests in flight per host (`max_in_flight` of
one server) and overall (`loopback.meter.max`). Only 127.0.0.x addresses are accepted.
"""

from __future__ import annotations

import gzip as gzip_module
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """What a route answers. `drip`: seconds between bytes of the body (headers too with
    `drip_headers`); `hold`: seconds to wait before answering (to keep requests in flight)."""

    status: int = 200
    headers: Mapping[str, str] | list[tuple[str, str]] = field(default_factory=dict)
    body: bytes = b""
    gzip: bool = False
    drip: float | None = None
    drip_headers: bool = False
    hold: float = 0.0
    content_length: int | None = None  # announce a different length than the body's (None: the real one)
    chunked: bool = False  # Transfer-Encoding: chunked, 1 KB chunks (no length announced)

    @classmethod
    def redirect(cls, status: int, location: str) -> Reply:
        return cls(status, {"Location": location})


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names; values as received (Latin-1)
    host: str  # the server address that received it
    at: float  # time.monotonic() when it arrived
    client: tuple[str, int] = ("", 0)  # the client's address and port: one per connection

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


Route = Reply | Callable[[LoggedRequest], Reply]


class ConcurrencyMeter:
    """Requests being answered right now, and the most there ever were at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.current = 0
        self.max = 0

    def enter(self) -> None:
        with self._lock:
            self.current += 1
            self.max = max(self.max, self.current)

    def leave(self) -> None:
        with self._lock:
            self.current -= 1

    def reset(self) -> None:
        with self._lock:
            self.max = self.current


def conditional(
    body: bytes,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    content_type: str = "application/rss+xml",
    gzip: bool = False,
) -> Callable[[LoggedRequest], Reply]:
    """A route serving `body` with validators, answering 304 when the request's validators
    match (If-None-Match compared byte for byte and taking precedence, as RFC 9110 says)."""

    def answer(request: LoggedRequest) -> Reply:
        headers = {"Content-Type": content_type}
        if etag is not None:
            headers["ETag"] = etag
        if last_modified is not None:
            headers["Last-Modified"] = last_modified
        sent_etag, sent_date = request.header("if-none-match"), request.header("if-modified-since")
        if sent_etag is not None:
            fresh = etag is not None and etag in [tag.strip() for tag in sent_etag.split(",")] + [sent_etag]
        else:
            fresh = sent_date is not None and sent_date == last_modified
        if fresh:
            return Reply(304, headers)
        return Reply(200, headers, body, gzip=gzip)

    return answer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    timeout = 30  # an idle kept-alive connection's thread ends after this
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        request = LoggedRequest(
            self.command,
            self.path,
            {k.lower(): v for k, v in self.headers.items()},
            owner.host,
            time.monotonic(),
            tuple(self.client_address[:2]),
        )
        owner.meter.enter()
        owner.own_meter.enter()
        try:
            with owner.lock:
                owner.requests.append(request)
            route = owner.find(self.path)
            reply = route(request) if callable(route) else route
            self._send(reply, owner)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        finally:
            owner.own_meter.leave()
            owner.meter.leave()

    def _send(self, reply: Reply, owner: LoopbackServer) -> None:
        if reply.hold and owner.stopping.wait(reply.hold):
            self.close_connection = True
            return
        body = gzip_module.compress(reply.body) if reply.gzip else reply.body
        items = list(reply.headers.items()) if isinstance(reply.headers, Mapping) else list(reply.headers)
        if reply.gzip:
            items.append(("Content-Encoding", "gzip"))
        no_body = reply.status == 304 or reply.status < 200 or reply.status == 204
        if reply.chunked and not no_body:
            items.append(("Transfer-Encoding", "chunked"))
            body = (
                b"".join(
                    b"%x\r\n%s\r\n" % (len(body[i : i + 1024]), body[i : i + 1024]) for i in range(0, len(body), 1024)
                )
                + b"0\r\n\r\n"
            )
        elif not no_body:
            length = reply.content_length if reply.content_length is not None else len(body)
            items.append(("Content-Length", str(length)))
        head = f"HTTP/1.1 {reply.status} {_phrase(reply.status)}\r\n".encode("latin-1")
        head += b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in items) + b"\r\n"
        if reply.drip and reply.drip_headers:
            self._drip(head + body, reply.drip, owner)
        elif reply.drip and not no_body:
            self.wfile.write(head)
            self._drip(body, reply.drip, owner)
        else:
            # One write: a head and a body in two small sends meet Nagle and delayed ACKs (40 ms each).
            self.wfile.write(head if no_body else head + body)
        self.wfile.flush()
        if not reply.chunked and reply.content_length is not None and reply.content_length != len(body):
            self.close_connection = True

    def _drip(self, data: bytes, interval: float, owner: LoopbackServer) -> None:
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            if owner.stopping.wait(interval):
                self.close_connection = True
                return


def _phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Whatever"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    owner: LoopbackServer


class LoopbackServer:
    """An HTTP server on `host` (127.0.0.x only), port chosen by the system."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        meter: ConcurrencyMeter | None = None,
        fallback: Route | None = None,
        tls: tuple[str, str] | None = None,
    ) -> None:
        if not host.startswith("127.") or host.count(".") != 3:
            raise ValueError(f"loopback addresses only (127.0.0.x), not {host}")
        self.host = host
        self.meter = meter or ConcurrencyMeter()
        self.own_meter = ConcurrencyMeter()
        self.fallback = fallback or Reply(404, {"Content-Type": "text/plain"}, b"no such route")
        self.routes: dict[str, Route] = {}
        self.requests: list[LoggedRequest] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.tls = tls  # (certificate file, key file): serve https
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def max_in_flight(self) -> int:
        """The most requests this server was answering at once."""
        return self.own_meter.max

    def route(self, path: str, route: Route) -> str:
        """Answer GET `path` (with its query, if it has one) with `route`; returns its URL."""
        self.routes[path] = route
        return self.url(path)

    def find(self, path: str) -> Route:
        return self.routes.get(path) or self.routes.get(path.split("?", 1)[0]) or self.fallback

    def requests_to(self, path: str) -> list[LoggedRequest]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> LoopbackServer:
        self._server = _Server((self.host, 0), _Handler)
        self._server.owner = self
        if self.tls:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"loopback-{self.host}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class LoopbackServers:
    """What the `loopback` fixture gives: call it to start a server on an address."""

    def __init__(self) -> None:
        self.meter = ConcurrencyMeter()
        self.servers: list[LoopbackServer] = []

    def __call__(
        self, host: str = "127.0.0.1", fallback: Route | None = None, tls: tuple[str, str] | None = None
    ) -> LoopbackServer:
        server = LoopbackServer(host, self.meter, fallback, tls).start()
        self.servers.append(server)
        return server

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
