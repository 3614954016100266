"""Feed farm: 200 feeds x 50 items on 127.0.0.1-127.0.0.4, newsboat beside briefing's client.

    python benchmarks/feed_farm.py [--feeds 200] [--items 50] [--pages 1000] [--repeat 3]
    python benchmarks/feed_farm.py --serve [--urls-file urls.txt]    # only serve the farm (Ctrl-C stops)

The farm is RSS 2.0 feeds with teaser descriptions (ETag and Last-Modified, 304 when the
validators match), each item linking to a ~40 KB news-like article page (benchmarks/
farm_content.py makes them up). Feeds are spread over four loopback addresses, so per-host
limits act. It runs in a process of its own (the server's work never shares a GIL with the
client measured) and counts what it sees: requests, conditional requests, 304s, and the most
requests in flight per host and overall.

Measured, each `--repeat` times (medians printed): newsboat's first and second `-x reload`
(8 reload threads, fresh cache) as the yardstick, then briefing's HTTP client alone, each in a
fresh process (the first download of every feed, the refresh where every feed answers 304,
1,000 article pages), then whole `briefing fetch` processes on a fresh library
(benchmarks/farm_briefing.py: the first fetch of 10,000 items with analysis, the all-304
refresh, full text for 1,000 pages) with the issue's targets beside them, and once the
reader: how long keys wait while `R` refreshes the 200 feeds (`--no-reader` skips it).

Reusable:
    from benchmarks.feed_farm import start_farm
    with start_farm(feeds=200, items=50) as farm:
        farm.feed_urls, farm.page_urls(1000), farm.stats(), farm.reset_stats()
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

from farm_content import LAST_MODIFIED, article_html, feed_xml  # noqa: E402

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")


# -- the farm, in its own process ---------------------------------------------------------


class FarmServer:
    """The farm's servers (one per address) and its counters, in this process."""

    def __init__(self, feeds: int = 200, items: int = 50, hosts: tuple[str, ...] = HOSTS, latency: float = 0.0) -> None:
        from tests.support.loopback import ConcurrencyMeter, LoopbackServer

        self.meter = ConcurrencyMeter()
        self.servers = [LoopbackServer(host, self.meter, fallback=self._answer) for host in hosts]
        self.feeds, self.items = feeds, items
        self.latency = latency  # seconds each feed or page answer waits, like a real server far away
        self.lock = threading.Lock()
        self.bytes_sent = 0
        self.not_modified = 0
        self._feeds: dict[int, tuple[bytes, str]] = {}

    def start(self) -> FarmServer:
        import hashlib

        for server in self.servers:
            server.start()
        for feed in range(self.feeds):
            xml = feed_xml(feed, self.base_url(feed), self.items)
            self._feeds[feed] = (xml, f'"{hashlib.sha1(xml).hexdigest()[:20]}"')
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def base_url(self, feed: int) -> str:
        return self.servers[feed % len(self.servers)].base_url

    def feed_urls(self) -> list[str]:
        return [f"{self.base_url(feed)}/feeds/{feed}.xml" for feed in range(self.feeds)]

    def page_urls(self, count: int) -> list[str]:
        """`count` item pages, spread over every feed (item 0 of each feed, then item 1 ...)."""
        pairs = [(feed, item) for item in range(self.items) for feed in range(self.feeds)][:count]
        return [f"{self.base_url(feed)}/articles/{feed}/{item}.html" for feed, item in pairs]

    def prewarm(self, count: int, whole_feeds: int = 0) -> None:
        """Render the first `count` page URLs, and every page of the first `whole_feeds` feeds."""
        for url in self.page_urls(count):
            feed, item = url.rsplit("/articles/", 1)[1].removesuffix(".html").split("/")
            _page(int(feed), int(item))
        for feed in range(min(whole_feeds, self.feeds)):
            for item in range(self.items):
                _page(feed, item)

    def _answer(self, request):  # -> Reply
        from tests.support.loopback import Reply

        path = request.path.split("?", 1)[0]
        if path == "/_stats":
            return Reply(200, {"Content-Type": "application/json"}, json.dumps(self.stats()).encode())
        if path == "/_reset":
            self.reset()
            return Reply(200, body=b"reset")
        if path.startswith("/feeds/") and path.endswith(".xml"):
            feed = _number(path[len("/feeds/") : -len(".xml")])
            if feed is None or feed not in self._feeds:
                return Reply(404, body=b"no such feed")
            xml, etag = self._feeds[feed]
            headers = {
                "Content-Type": "application/rss+xml; charset=utf-8",
                "ETag": etag,
                "Last-Modified": LAST_MODIFIED,
                "Cache-Control": "max-age=0",
            }
            if _fresh(request, etag):
                with self.lock:
                    self.not_modified += 1
                return Reply(304, headers, hold=self.latency)
            return self._count(Reply(200, headers, xml, hold=self.latency))
        if path.startswith("/articles/") and path.endswith(".html"):
            feed, _, item = path[len("/articles/") : -len(".html")].partition("/")
            feed_number, item_number = _number(feed), _number(item)
            if feed_number is None or item_number is None or feed_number >= self.feeds or item_number >= self.items:
                return Reply(404, body=b"no such page")
            return self._count(
                Reply(
                    200,
                    {"Content-Type": "text/html; charset=utf-8"},
                    _page(feed_number, item_number),
                    hold=self.latency,
                )
            )
        return Reply(404, body=b"not found")

    def _count(self, reply):
        with self.lock:
            self.bytes_sent += len(reply.body)
        return reply

    def stats(self) -> dict[str, Any]:
        requests = [r for server in self.servers for r in list(server.requests)]
        feeds = [r for r in requests if r.path.startswith("/feeds/")]
        return {
            "requests": len([r for r in requests if not r.path.startswith("/_")]),
            "feed_requests": len(feeds),
            "conditional": sum(1 for r in feeds if r.header("if-none-match") or r.header("if-modified-since")),
            "not_modified": self.not_modified,
            "page_requests": sum(1 for r in requests if r.path.startswith("/articles/")),
            "bytes_sent": self.bytes_sent,
            "max_in_flight_per_host": max(server.max_in_flight for server in self.servers),
            "max_in_flight": self.meter.max,
            "user_agents": sorted({r.header("user-agent") or "" for r in requests if not r.path.startswith("/_")}),
        }

    def reset(self) -> None:
        for server in self.servers:
            with server.lock:
                server.requests.clear()
            server.own_meter.reset()
        self.meter.reset()
        with self.lock:
            self.bytes_sent = self.not_modified = 0


@lru_cache(maxsize=4096)
def _page(feed: int, item: int) -> bytes:
    return article_html(feed, item)


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) < 9 else None


def _fresh(request, etag: str) -> bool:
    """RFC 9110: If-None-Match decides when present, else If-Modified-Since."""
    sent_etag = request.header("if-none-match")
    if sent_etag is not None:
        return etag in {tag.strip() for tag in sent_etag.split(",")} or sent_etag.strip() == "*"
    since = request.header("if-modified-since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(LAST_MODIFIED) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class Farm:
    """A farm running in a child process (see `start_farm`)."""

    def __init__(self, process: subprocess.Popen, info: dict[str, Any]) -> None:
        self.process = process
        self.feed_urls: list[str] = info["feeds"]
        self._pages: list[str] = info["pages"]
        self.control = info["control"]

    def page_urls(self, count: int) -> list[str]:
        if count > len(self._pages):
            raise ValueError(f"the farm was started with {len(self._pages)} page URLs listed")
        return self._pages[:count]

    def _get(self, path: str) -> bytes:
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
        with opener.open(self.control + path, timeout=30) as response:
            return response.read()

    def stats(self) -> dict[str, Any]:
        return json.loads(self._get("/_stats"))

    def reset_stats(self) -> None:
        self._get("/_reset")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # the farm exits when its stdin closes
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Farm:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_farm(
    feeds: int = 200, items: int = 50, pages: int = 1000, latency: float = 0.0, whole_feeds: int = 0
) -> Farm:
    """Start the farm in a child process; returns when it serves. `pages`: how many article
    URLs to list (and pre-render, so the farm's page making is not measured); `latency`:
    seconds every answer waits (0: as fast as the machine goes)."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--serve",
            "--machine",
            "--feeds",
            str(feeds),
            "--items",
            str(items),
            "--pages",
            str(pages),
            "--latency",
            str(latency),
            "--prewarm-feeds",
            str(whole_feeds),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    line = process.stdout.readline()
    if not line:
        process.wait()
        raise RuntimeError(f"the feed farm did not start (exit {process.returncode})")
    return Farm(process, json.loads(line))


def serve(args: argparse.Namespace) -> int:
    farm = FarmServer(args.feeds, args.items, latency=args.latency).start()
    farm.prewarm(args.pages, args.prewarm_feeds)
    stop = threading.Event()
    if args.machine:
        print(
            json.dumps(
                {"feeds": farm.feed_urls(), "pages": farm.page_urls(args.pages), "control": farm.servers[0].base_url}
            ),
            flush=True,
        )
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    else:
        if args.urls_file:
            Path(args.urls_file).write_text("\n".join(farm.feed_urls()) + "\n", encoding="utf-8")
            print(f"{args.feeds} feed URLs written to {args.urls_file}")
        else:
            print("\n".join(farm.feed_urls()))
        print(
            f"serving {args.feeds} feeds x {args.items} items on {', '.join(s.base_url for s in farm.servers)}; "
            f"stats: {farm.servers[0].base_url}/_stats; Ctrl-C stops",
            file=sys.stderr,
            flush=True,
        )
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    farm.stop()
    return 0


# -- briefing's client, in a fresh process of its own -------------------------------------


def client_run(mode: str, input_path: Path, output_path: Path | None) -> int:
    """Fetch the URLs (`feeds`, `pages`) or the stored states (`refresh`) in `input_path`;
    print one JSON line with what it took."""
    started = time.perf_counter()
    from briefing.feeds.http import PAGE_ACCEPT, FetchRequest, HttpClient

    data = json.loads(input_path.read_text(encoding="utf-8"))
    if mode == "refresh":
        requests = [FetchRequest(s["url"], etag=s["etag"], last_modified=s["last_modified"]) for s in data]
    else:
        accept = PAGE_ACCEPT if mode == "pages" else FetchRequest("x").accept
        requests = [FetchRequest(url, accept=accept) for url in data]
    counts = {"ok": 0, "not_modified": 0, "failed": 0, "bytes": 0}
    states, errors = [], []
    with HttpClient() as client:
        client.warm_up()  # httpx imported, TLS context made: what every fresh process pays first
        imported = time.perf_counter()
        for result in client.fetch_many(requests):
            if result.ok:
                counts["ok"] += 1
                counts["bytes"] += len(result.body or b"")
            elif result.not_modified:
                counts["not_modified"] += 1
            else:
                counts["failed"] += 1
                errors.append(f"{result.url}: {result.error}")
            states.append({"url": result.final_url, "etag": result.etag, "last_modified": result.last_modified})
    done = time.perf_counter()
    if output_path:
        output_path.write_text(json.dumps(states), encoding="utf-8")
    print(
        json.dumps(
            {**counts, "fetch_seconds": done - imported, "import_seconds": imported - started, "errors": errors[:5]}
        )
    )
    return 0


def measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, float, str]:
    """Wall seconds, exit status, peak RSS (MB) and stdout of a child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        _, code, usage = os.wait4(process.pid, 0)  # reaped here, with its own resource usage
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(code)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        sys.stderr.write(stderr[-2000:])
    return wall, process.returncode, usage.ru_maxrss / 1024, stdout


def run_newsboat(farm: Farm, work: Path) -> list[tuple[str, float, dict, int, float, dict]]:
    """First and second reload on a fresh cache."""
    home = work / "newsboat-home"
    home.mkdir()
    urls, config, cache = home / "urls", home / "config", home / "cache.db"
    urls.write_text("\n".join(farm.feed_urls) + "\n", encoding="utf-8")
    config.write_text("reload-threads 8\ndownload-timeout 30\n", encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local"),
        "TERM": os.environ.get("TERM", "xterm"),
    }
    rows = []
    for label in ("newsboat first reload", "newsboat second reload"):
        farm.reset_stats()
        wall, status, peak, _ = measured(
            ["newsboat", "-x", "reload", "-u", str(urls), "-C", str(config), "-c", str(cache)], env
        )
        rows.append((label, wall, farm.stats(), status, peak, {}))
    return rows


def run_briefing(farm: Farm, work: Path, pages: int) -> list[tuple[str, float, dict, int, float, dict]]:
    feeds_file, pages_file, states = work / "feeds.json", work / "pages.json", work / "states.json"
    feeds_file.write_text(json.dumps(farm.feed_urls), encoding="utf-8")
    pages_file.write_text(json.dumps(farm.page_urls(pages)), encoding="utf-8")
    me = str(Path(__file__).resolve())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = []
    for label, mode, source, out in (
        (f"briefing HTTP: first download, {len(farm.feed_urls)} feeds (no parse)", "feeds", feeds_file, states),
        (f"briefing HTTP: all-304 refresh, {len(farm.feed_urls)} conditional GETs", "refresh", states, None),
        (f"briefing HTTP: {pages:,} article pages", "pages", pages_file, None),
    ):
        farm.reset_stats()
        command = [sys.executable, me, "--client", mode, "--input", str(source)]
        command += ["--output", str(out)] if out else []
        wall, status, peak, stdout = measured(command, env)
        report = json.loads(stdout.strip().splitlines()[-1]) if status == 0 else {}
        rows.append((label, wall, farm.stats(), status, peak, report))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="seconds every answer waits (default 0; e.g. 0.05 makes the concurrency limits visible)",
    )
    parser.add_argument("--serve", action="store_true", help="only serve the farm")
    parser.add_argument("--urls-file", help="with --serve: write the feed URLs here")
    parser.add_argument("--no-reader", action="store_true", help="skip the reader's key-latency run")
    parser.add_argument("--no-fetch", action="store_true", help="skip the whole `briefing fetch` rows")
    parser.add_argument("--machine", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prewarm-feeds", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--client", choices=("feeds", "refresh", "pages"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args)
    if args.client:
        return client_run(args.client, args.input, args.output)
    return benchmark(args)


def benchmark(args: argparse.Namespace) -> int:
    newsboat = shutil.which("newsboat")
    version = ""
    if newsboat:
        version = subprocess.run([newsboat, "--version"], capture_output=True, text=True).stdout.split(" - ")[0].strip()
    print(
        f"feed farm: {args.feeds} feeds x {args.items} items on {HOSTS[0]}-{HOSTS[-1]}, {args.pages:,} article "
        f"pages, {args.latency * 1000:g} ms server latency, {args.repeat} runs; medians (a busy 2-core machine: "
        "timings are noisy)",
        flush=True,
    )
    if not newsboat:
        print("newsboat is not installed (apt-get install newsboat): its rows are skipped")
    runs: dict[str, list[tuple[float, dict, int, float, dict]]] = {}
    reader: dict = {}
    from farm_briefing import FULL_TEXT_FEEDS, run_fetches, run_reader

    with start_farm(args.feeds, args.items, args.pages, args.latency, whole_feeds=FULL_TEXT_FEEDS) as farm:
        for repeat in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="briefing-farm-") as work:
                rows = run_newsboat(farm, Path(work)) if newsboat else []
                rows += run_briefing(farm, Path(work), args.pages)
                if not args.no_fetch:
                    rows += run_fetches(farm, Path(work))
                for label, *result in rows:
                    runs.setdefault(label, []).append(tuple(result))
                if repeat == 0 and not args.no_reader:
                    farm.reset_stats()
                    reader = run_reader(farm, Path(work))
    print(
        f"{'':56} {'median s':>8} {'runs':>17} {'RSS MB':>6} {'requests':>8} {'cond.':>5} {'304':>4} "
        f"{'host':>4} {'all':>3}"
    )
    medians: dict[str, float] = {}
    for label, results in runs.items():
        walls = [wall for wall, *_ in results]
        medians[label] = statistics.median(walls)
        _, stats, status, _, report = results[-1]
        peak = statistics.median(r[3] for r in results)
        name = label.replace("newsboat", version or "newsboat", 1)
        print(
            f"{name[:56]:56} {statistics.median(walls):8.2f} {' '.join(f'{w:.2f}' for w in walls):>17} {peak:6.0f} "
            f"{stats['requests']:8} {stats['conditional']:5} {stats['not_modified']:4} "
            f"{stats['max_in_flight_per_host']:4} {stats['max_in_flight']:3}"
            + ("" if status == 0 else f"  exit {status}")
        )
        if report.get("summary"):
            print(f"{'':4}{report['summary']}")
        elif report:
            inner = statistics.median(r[4].get("fetch_seconds", 0) for r in results)
            print(
                f"{'':4}in the process: {inner:.2f} s fetching, after {report['import_seconds']:.2f} s of start-up "
                "(imports, TLS context); "
                f"ok {report['ok']}, 304 {report['not_modified']}, failed {report['failed']}, "
                f"{report['bytes'] / 1e6:.1f} MB of bodies"
                + (f"; e.g. {report['errors'][0]}" if report["errors"] else "")
            )
        else:
            print(f"{'':4}User-Agent: {', '.join(stats['user_agents'])}; {stats['bytes_sent'] / 1e6:.1f} MB sent")
    print(
        "(wall time of a fresh process; RSS: peak memory (newsboat and the HTTP client: the process; briefing fetch: "
        "the sum over the process and its workers); cond.: requests with If-None-Match or If-Modified-Since; 304: "
        "answered Not Modified; host / all: most requests in flight at once to one host / overall, as the farm saw "
        "them)"
    )
    print_targets(medians)
    if reader:
        print_reader(reader)
    return 0


def print_targets(medians: dict[str, float]) -> None:
    """The issue's targets beside the medians measured."""

    def find(prefix: str) -> float | None:
        return next((value for label, value in medians.items() if label.startswith(prefix)), None)

    first, second = find("newsboat first"), find("newsboat second")
    checks = [
        (
            "first fetch (10,000 items, analysis) within 3x newsboat's first reload",
            find("briefing fetch --full-text never"),
            3 * first if first else None,
        ),
        (
            "all-304 refresh within half of newsboat's second reload",
            find("briefing fetch --force"),
            0.5 * second if second else None,
        ),
        ("1,000 full-text articles in at most 60 s", find("briefing fetch --full-text always"), 60.0),
    ]
    print("targets:")
    for what, measured, target in checks:
        if measured is None or target is None:
            continue
        verdict = "met" if measured <= target else "MISSED"
        print(f"    {what}: {measured:.2f} s against {target:.2f} s: {verdict}")


def print_reader(reader: dict) -> None:
    during, idle = reader["during"], reader["idle"]
    print(
        f"reader, R on a fresh library of the farm ({reader['articles']:,} articles stored in "
        f"{reader['refresh_seconds']:.1f} s; peak {reader['peak_mb']:.0f} MB with its workers), a key every 25 ms:"
    )
    print(
        f"    key handled after: median {during['median']:.1f} ms, p99 {during['p99']:.1f} ms, longest "
        f"{during['max']:.1f} ms ({during['n']} keys during the refresh); idle: median {idle['median']:.1f} ms, "
        f"longest {idle['max']:.1f} ms"
    )
    lag = reader["during_lag"]
    print(
        f"    event loop late by: median {lag['median']:.1f} ms, p99 {lag['p99']:.1f} ms, longest {lag['max']:.1f} ms"
    )
    full = reader.get("gc_full", {})
    print(
        f"    full garbage collections during the refresh: {full.get('count', 0)} (longest {full.get('max', 0):.0f} ms)"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
