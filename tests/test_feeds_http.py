"""briefing.feeds.http against real servers on 127.0.0.x: validators, redirects, status codes,
Retry-After, gzip, limits (deadline, size, concurrency), refused schemes, failures as reasons."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from briefing import __version__
from briefing.config import Settings
from briefing.feeds.http import FetchLimits, FetchRequest, HttpClient, fetch, fetch_many, refusal
from tests.support.loopback import Reply, conditional

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
DATE = "Wed, 21 Oct 2026 07:28:00 GMT"
# A weak ETag with a space, a semicolon and a Latin-1 byte: it must come back byte for byte.
ETAG = 'W/"v1; caf\xe9 42"'
CONTROL = [chr(c) for c in range(32) if c not in (9,)] + ["\x7f", "\x9b"]


def no_control(text: str | None) -> bool:
    return text is not None and not any(ch in text for ch in CONTROL)


def test_second_fetch_sends_both_validators_and_gets_304_without_body(loopback):
    server = loopback()
    url = server.route("/feed.xml", conditional(RSS, etag=ETAG, last_modified=DATE))
    first = fetch(url)
    assert (first.status, first.ok, first.body, first.etag, first.last_modified) == (200, True, RSS, ETAG, DATE)
    assert first.content_type == "application/rss+xml"
    second = fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.status == 304 and second.not_modified and not second.ok
    assert second.body is None and second.error is None
    sent = server.requests_to("/feed.xml")[1]
    assert sent.header("If-None-Match") == ETAG  # the exact bytes (the server decodes Latin-1)
    assert sent.header("If-Modified-Since") == DATE
    assert server.requests_to("/feed.xml")[0].header("If-None-Match") is None


def test_last_modified_alone_is_sent_and_honoured(loopback):
    server = loopback()
    url = server.route("/f", conditional(RSS, last_modified=DATE))
    result = fetch(FetchRequest(url, last_modified=DATE).url, last_modified=DATE)
    assert result.not_modified
    assert server.requests[0].header("If-None-Match") is None
    assert server.requests[0].header("If-Modified-Since") == DATE


def test_a_stored_validator_with_control_bytes_is_not_sent(loopback):
    server = loopback()
    url = server.route("/f", conditional(RSS, etag='"ok"'))
    result = fetch(url, etag='"bad\r\nX-Injected: 1"', last_modified="yesterday\x00")
    assert result.ok and result.body == RSS
    assert server.requests[0].header("If-None-Match") is None
    assert server.requests[0].header("X-Injected") is None
    assert server.requests[0].header("If-Modified-Since") is None


def test_user_agent_is_briefing_and_version_and_configurable(loopback):
    server = loopback()
    url = server.route("/f", Reply(200, body=RSS))
    fetch(url)
    fetch(url, limits=FetchLimits(user_agent="my-reader/2 (+mailto:me@example.org)"))
    assert [r.header("User-Agent") for r in server.requests] == [
        f"briefing/{__version__}",
        "my-reader/2 (+mailto:me@example.org)",
    ]
    assert FetchLimits.from_settings(Settings(user_agent="x/1")).user_agent == "x/1"
    assert "gzip" in server.requests[0].header("Accept-Encoding")
    assert "application/rss+xml" in server.requests[0].header("Accept")


def test_gzip_body_is_decoded(loopback):
    server = loopback()
    body = RSS + b"<!-- " + b"news " * 5000 + b"-->"
    url = server.route("/f", Reply(200, {"Content-Type": "application/rss+xml"}, body, gzip=True))
    result = fetch(url)
    assert result.ok and result.body == body


def test_deflate_in_both_forms_and_multi_member_gzip(loopback):
    import zlib

    server = loopback()
    body = b"<rss>" + b"x" * 3000 + b"</rss>"
    raw = zlib.compressobj(wbits=-15)
    server.route("/zlib", Reply(200, {"Content-Encoding": "deflate"}, zlib.compress(body)))
    server.route("/raw", Reply(200, {"Content-Encoding": "deflate"}, raw.compress(body) + raw.flush()))
    two_members = gzip.compress(body[:100]) + gzip.compress(body[100:])
    server.route("/multi", Reply(200, {"Content-Encoding": "gzip"}, two_members))
    server.route("/br", Reply(200, {"Content-Encoding": "br"}, b"\x0b\x02\x80hello\x03"))
    server.route("/corrupt", Reply(200, {"Content-Encoding": "gzip"}, b"\x1f\x8b\x08\x00garbage-garbage"))
    with HttpClient() as client:
        assert client.fetch(server.url("/zlib")).body == body
        assert client.fetch(server.url("/raw")).body == body
        assert client.fetch(server.url("/multi")).body == body
        assert "content encoding" in client.fetch(server.url("/br")).error
        corrupt = client.fetch(server.url("/corrupt"))
        assert corrupt.body is None and "corrupt" in corrupt.error


def test_301_then_308_is_permanent_and_gives_the_final_url(loopback):
    first, second = loopback("127.0.0.1"), loopback("127.0.0.2")
    final = second.route("/feed.xml", Reply(200, body=RSS))
    second.route("/moved", Reply.redirect(308, "/feed.xml"))
    start = first.route("/old", Reply.redirect(301, second.url("/moved")))
    result = fetch(start)
    assert result.ok and result.body == RSS
    assert result.permanent_redirect and result.final_url == final and result.url == start
    assert [(h.status, h.url, h.location) for h in result.redirects] == [
        (301, start, second.url("/moved")),
        (308, second.url("/moved"), final),
    ]


def test_301_then_302_is_not_permanent(loopback):
    server = loopback()
    server.route("/a", Reply.redirect(301, "/b"))
    server.route("/b", Reply.redirect(302, "/c?x=1"))
    final = server.route("/c", Reply(200, body=RSS))
    result = fetch(server.url("/a"))
    assert result.ok and result.final_url == final + "?x=1"
    assert [h.status for h in result.redirects] == [301, 302]
    assert not result.permanent_redirect


def test_a_permanent_redirect_to_a_failing_url_does_not_count(loopback):
    server = loopback()
    server.route("/a", Reply.redirect(301, "/missing"))
    result = fetch(server.url("/a"))
    assert result.status == 404 and result.error == "HTTP 404 Not Found"
    assert not result.permanent_redirect and len(result.redirects) == 1


def test_redirect_loop_is_reported(loopback):
    server = loopback()
    server.route("/a", Reply.redirect(301, "/b"))
    server.route("/b", Reply.redirect(307, "/a"))
    result = fetch(server.url("/a"))
    assert result.body is None and "redirect loop" in result.error
    assert len(server.requests) == 2


def test_five_redirects_are_followed_and_a_sixth_is_refused(loopback):
    server = loopback()
    for i in range(6):
        server.route(f"/r{i}", Reply.redirect(302, f"/r{i + 1}"))
    server.route("/r5", Reply(200, body=RSS))  # five hops to here
    ok = fetch(server.url("/r0"))
    assert ok.ok and len(ok.redirects) == 5
    server.route("/r5", Reply.redirect(302, "/r6"))
    server.route("/r6", Reply(200, body=RSS))
    too_many = fetch(server.url("/r0"))
    assert too_many.body is None and "too many redirects (more than 5)" in too_many.error
    assert len(server.requests_to("/r6")) == 0


def test_redirect_to_another_scheme_or_without_location_is_refused(loopback):
    server = loopback()
    server.route("/file", Reply.redirect(301, "file:///etc/passwd"))
    server.route("/empty", Reply(301))
    assert "file: URLs are not fetched" in fetch(server.url("/file")).error
    assert "without a Location" in fetch(server.url("/empty")).error


def test_410_is_gone(loopback):
    server = loopback()
    result = fetch(server.route("/f", Reply(410, body=b"removed")))
    assert result.gone and result.status == 410 and result.body is None
    assert result.error.startswith("HTTP 410 Gone")


def test_429_with_retry_after_seconds(loopback):
    server = loopback()
    before = datetime.now(UTC)
    result = fetch(server.route("/f", Reply(429, {"Retry-After": "120"})))
    assert result.status == 429 and result.error.startswith("HTTP 429 Too Many Requests")
    assert before + timedelta(seconds=119) <= result.retry_after <= datetime.now(UTC) + timedelta(seconds=121)
    assert result.retry_after.tzinfo is not None


def test_429_and_503_with_retry_after_http_date(loopback):
    server = loopback()
    when = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0)
    header = when.strftime("%a, %d %b %Y %H:%M:%S GMT")
    for status in (429, 503):
        result = fetch(server.route(f"/{status}", Reply(status, {"Retry-After": header})))
        assert result.status == status and result.retry_after == when
        assert "retry after" in result.error
    plain = fetch(server.route("/503-plain", Reply(503)))
    assert plain.error == "HTTP 503 Service Unavailable" and plain.retry_after is None
    junk = fetch(server.route("/junk", Reply(429, {"Retry-After": "soon, maybe"})))
    assert junk.retry_after is None and junk.status == 429


def test_slow_drip_body_is_stopped_by_the_deadline(loopback):
    server = loopback()
    url = server.route("/drip", Reply(200, body=b"<rss>" + b" " * 1000 + b"</rss>", drip=0.05))
    started = time.monotonic()
    result = fetch(url, limits=FetchLimits(deadline=1.0, read_timeout=5.0))
    took = time.monotonic() - started
    assert result.body is None and "deadline" in result.error and "1 s" in result.error
    assert took < 3.0


def test_slow_drip_headers_are_stopped_by_the_deadline(loopback):
    server = loopback()
    url = server.route("/drip", Reply(200, {"X-Padding": "p" * 500}, body=RSS, drip=0.05, drip_headers=True))
    started = time.monotonic()
    result = fetch(url, limits=FetchLimits(deadline=1.0, read_timeout=5.0))
    assert result.status is None and "deadline" in result.error
    assert time.monotonic() - started < 3.0


def test_oversized_body_is_cut_off_and_reported(loopback):
    server = loopback()
    big = b"x" * 5000
    declared = server.route("/declared", Reply(200, body=big))
    undeclared = server.route("/streamed", Reply(200, body=big, chunked=True))
    exact = server.route("/exact", Reply(200, body=b"y" * 4096))
    with HttpClient(FetchLimits(max_body_bytes=4096)) as client:
        for url in (declared, undeclared):
            result = client.fetch(url)
            assert result.body is None and result.status == 200 and not result.ok
            assert "larger than the 4 KiB limit" in result.error
        assert client.fetch(exact).body == b"y" * 4096


def test_a_gzip_bomb_is_stopped_at_the_limit(loopback):
    server = loopback()
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))  # 64 MiB of zeros in ~64 KB
    url = server.route("/bomb", Reply(200, {"Content-Encoding": "gzip"}, bomb))
    result = fetch(url, limits=FetchLimits(max_body_bytes=1024 * 1024))
    assert result.body is None and "larger than the 1 MiB limit" in result.error


def test_at_most_two_requests_at_a_time_to_one_host(loopback):
    server = loopback("127.0.0.3")
    url = server.route("/slow", Reply(200, body=RSS, hold=0.25))
    results = list(fetch_many([FetchRequest(url, key=i) for i in range(8)]))
    assert sorted(r.request.key for r in results) == list(range(8))
    assert all(r.ok for r in results)
    assert server.max_in_flight == 2


def test_at_most_eight_requests_at_a_time_overall(loopback):
    servers = [loopback(f"127.0.0.{i}") for i in range(1, 7)]  # 6 hosts x 2 = 12 > 8
    urls = [s.route("/slow", Reply(200, body=RSS, hold=0.3)) for s in servers]
    results = list(fetch_many([url for url in urls for _ in range(4)]))
    assert len(results) == 24 and all(r.ok for r in results)
    assert loopback.meter.max == 8
    assert max(s.max_in_flight for s in servers) == 2


def test_limits_hold_across_threads_sharing_a_client(loopback):
    """The CLI's fetch and a reader's thread worker at once, through one client."""
    server = loopback("127.0.0.4")
    url = server.route("/slow", Reply(200, body=RSS, hold=0.2))
    counts: list[int] = []
    with HttpClient() as client:
        threads = [
            threading.Thread(target=lambda: counts.append(sum(r.ok for r in client.fetch_many([url] * 3))))
            for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
    assert counts == [3, 3, 3]
    assert server.max_in_flight == 2


def test_one_connection_serves_every_kind_of_answer_in_turn(loopback):
    """Keep-alive: a 304, a redirect, an error page and a body all leave the connection reusable."""
    server = loopback()
    feed = server.route("/feed.xml", conditional(RSS, etag='"v"'))
    server.route("/old", Reply.redirect(301, "/feed.xml"))
    with HttpClient() as client:
        for _ in range(3):
            assert client.fetch(feed).ok
            assert client.fetch(feed, etag='"v"').not_modified
            assert client.fetch(server.url("/old")).ok
            assert client.fetch(server.url("/missing")).status == 404
    assert len(server.requests) == 15
    assert len({request.client for request in server.requests}) == 1


def test_fetch_many_yields_results_as_they_complete(loopback):
    slow_host, fast_host = loopback("127.0.0.1"), loopback("127.0.0.2")
    slow = slow_host.route("/slow", Reply(200, body=b"slow", hold=1.0))
    fast = fast_host.route("/fast", Reply(200, body=b"fast"))
    order = [r.body for r in fetch_many([FetchRequest(slow), FetchRequest(fast)])]
    assert order == [b"fast", b"slow"]


def test_closing_fetch_many_early_cancels_the_rest(loopback):
    server = loopback()
    url = server.route("/slow", Reply(200, body=RSS, hold=0.5))
    started = time.monotonic()
    with HttpClient() as client:
        for _result in client.fetch_many([url] * 20):
            break
    assert time.monotonic() - started < 3.0  # not 20 x 0.5 s / 2
    assert len(server.requests) <= 4


@pytest.mark.parametrize(
    "url, reason",
    [
        ("file:///etc/passwd", "file: URLs are not fetched (only http and https)"),
        ("ftp://127.0.0.1/feed.xml", "ftp: URLs are not fetched (only http and https)"),
        ("data:application/rss+xml,<rss/>", "data: URLs are not fetched (only http and https)"),
        ("javascript:alert(1)", "javascript: URLs are not fetched (only http and https)"),
        ("127.0.0.1/feed.xml", "not an absolute URL (it must start with http:// or https://)"),
        ("localhost:8080/feed.xml", "not an absolute URL (it must start with http:// or https://)"),
        ("http:///feed.xml", "the URL has no host"),
        ("http://127.0.0.1:99999/", "not a valid URL"),
        ("http://127.0.0.1/\x1b[2J", "the URL contains control characters"),
        ("", "no URL given"),
    ],
)
def test_other_schemes_and_malformed_urls_are_refused_with_a_reason(url, reason):
    assert refusal(url) == reason
    result = fetch(url)
    assert result.error == reason and result.status is None and result.body is None


def test_connection_refused_is_a_reason(loopback):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert result.error == f"connection refused by 127.0.0.1:{port}" and result.status is None


def test_dns_failure_is_a_reason(monkeypatch):
    """No name is really looked up: the resolver is replaced so nothing leaves the machine."""

    def no_such_name(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    result = fetch("http://feeds.example.invalid/rss")
    assert result.error == "DNS lookup failed for feeds.example.invalid (Name or service not known)"


def test_tls_failure_is_a_reason(loopback, tmp_path):
    import shutil
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = loopback(tls=(str(cert), str(key)))
    url = server.route("/feed.xml", Reply(200, body=RSS))
    assert url.startswith("https://127.0.0.1:")
    result = fetch(url)
    assert result.status is None and result.error.startswith("TLS certificate of 127.0.0.1 not accepted")


@pytest.mark.parametrize(
    "headers, body, expected",
    [
        ({"cf-mitigated": "challenge", "Server": "cloudflare"}, b"<html>...</html>", "Cloudflare challenge"),
        (
            {"Server": "cloudflare"},
            b"<title>Just a moment...</title><script src='/cdn-cgi/challenge-platform/x'>",
            "Cloudflare challenge",
        ),
        ({"Server": "nginx"}, b"<html>DDoS-Guard</html>", "DDoS-Guard"),
    ],
)
def test_403_from_bot_protection_says_so(loopback, headers, body, expected):
    server = loopback()
    result = fetch(server.route("/f", Reply(403, {**headers, "Content-Type": "text/html"}, body)))
    assert result.status == 403 and result.error == f"HTTP 403 Forbidden: blocked by bot protection ({expected})"


def test_plain_403_and_other_statuses(loopback):
    server = loopback()
    assert fetch(server.route("/403", Reply(403, body=b"no"))).error == "HTTP 403 Forbidden"
    assert fetch(server.route("/500", Reply(500))).error == "HTTP 500 Internal Server Error"
    assert fetch(server.route("/599", Reply(599))).error == "HTTP 599"


def test_hostile_server_text_never_reaches_the_reason(loopback):
    server = loopback()
    server.route("/loc", Reply.redirect(302, "/\x1b]0;owned\x07"))
    server.route("/phrase", Reply(404, body=b"\x1b[2J"))
    for path in ("/loc", "/phrase"):
        result = fetch(server.url(path))
        assert result.error and no_control(result.error), result.error


def test_a_server_that_closes_without_answering(loopback):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]

    def hang_up():
        for _ in range(2):
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.recv(1024)
            connection.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        result = fetch(f"http://127.0.0.1:{port}/")
    finally:
        listener.close()
    assert result.error == "the server closed the connection without answering"


def test_truncated_body_is_an_error(loopback):
    server = loopback()
    result = fetch(server.route("/short", Reply(200, body=b"<rss>", content_length=500)))
    assert result.body is None and "before the whole response" in result.error


def test_limits_from_settings():
    settings = Settings(concurrency=4, per_host=1, deadline=12.0, connect_timeout=3.0, max_body_bytes=1000)
    limits = FetchLimits.from_settings(settings)
    assert (limits.concurrency, limits.per_host, limits.deadline, limits.connect_timeout, limits.max_body_bytes) == (
        4,
        1,
        12.0,
        3.0,
        1000,
    )
    assert limits.read_timeout <= limits.deadline


def test_the_http_service_loads_lazily_and_knows_no_ui_or_store():
    """httpx loads on the first fetch, never with the import; no UI, CLI or store imports."""
    import ast
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, briefing.feeds.http, briefing.feeds.schedule, briefing.config\n"
        "print(','.join(m for m in ('httpx', 'httpcore', 'textual', 'rich', 'click') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
    package = Path(__file__).resolve().parents[1] / "briefing"
    modules = [package / "config.py", *sorted((package / "feeds").glob("http*.py")), package / "feeds" / "schedule.py"]
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            )
            for name in names:
                assert not name.startswith(
                    ("textual", "rich", "click", "briefing.tui", "briefing.cli", "briefing.store")
                ), f"{path.name} imports {name}"


def test_closing_the_client_under_a_waiting_thread_gives_results_not_exceptions(loopback):
    server = loopback()
    url = server.route("/slow", Reply(200, body=RSS, hold=2.0))
    client = HttpClient()
    results: list = []
    worker = threading.Thread(target=lambda: results.extend(client.fetch_many([url] * 4)))
    worker.start()
    time.sleep(0.3)
    client.close()
    worker.join(timeout=10)
    assert len(results) == 4 and all(r.error == "cancelled: the HTTP client was closed" for r in results)
    with pytest.raises(RuntimeError):
        client.fetch(url)
