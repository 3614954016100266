"""`briefing fetch` as real processes sharing one library: two fetches at once, a fetch while
another process tags, and a fetch killed with SIGKILL half-way. Nothing acknowledged is lost,
nothing is imported twice, and the next fetch completes the work."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.store import ArticleStore
from tests.support.feeds import FeedSite, story

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def farm(loopback, feeds: int, items: int, hold: float = 0.0) -> list[str]:
    """`feeds` feeds of `items` stories on two loopback addresses; every answer waits `hold` s."""
    sites = [FeedSite(loopback("127.0.0.1")), FeedSite(loopback("127.0.0.2"))]
    urls = []
    for f in range(feeds):
        site = sites[f % 2]
        url = site.feed(
            f"/f{f}.xml", [story(f * 1000 + i, words=60) for i in range(items)], title=f"Feed {f}", pages=False
        )
        if hold:
            route = site.server.routes[f"/f{f}.xml"]
            site.server.route(f"/f{f}.xml", lambda request, route=route: dataclasses.replace(route(request), hold=hold))
        urls.append(url)
    return urls


def subscribe(library: Path, urls: list[str]) -> None:
    store = ArticleStore(library)
    for url in urls:
        store.add_feed(url, full_text="never")


def briefing(library: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "--db", str(library), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def assert_complete(library: Path, expected: int) -> ArticleStore:
    store = ArticleStore(library)
    rows = store.rows()
    assert len(rows) == expected == len(store)
    assert len({r.title for r in rows}) == expected  # nothing imported twice
    assert len(store.get_many([r.id for r in rows])) == expected  # every article readable whole
    return store


def test_two_fetches_at_once_import_every_item_exactly_once(loopback, library_path):
    urls = farm(loopback, feeds=10, items=30, hold=0.05)
    subscribe(library_path, urls)
    first, second = briefing(library_path, "fetch"), briefing(library_path, "fetch")
    results = [finish(first), finish(second)]
    for code, _, err in results:
        assert code == 0, err
    lines = [err.strip().splitlines()[-1] for _, _, err in results]
    new = [int(line.split("new ")[1].split(",")[0]) for line in lines]
    assert sum(new) == 300, lines  # each item counted new by exactly one of them
    store = assert_complete(library_path, 300)
    assert all(f["http"]["status"] in ("ok", "not-modified") for f in store.feeds())


TAGGER = """
import sys
from briefing.store import ArticleStore
store = ArticleStore(sys.argv[1])
ids = sys.argv[2].split(",")
for n in range(int(sys.argv[3])):
    store.tag(ids[n % len(ids)], [f"t{n}"])
print("tagged")
"""


def test_a_fetch_while_another_process_tags_loses_nothing(loopback, library_path):
    urls = farm(loopback, feeds=8, items=25, hold=0.05)
    subscribe(library_path, urls[:2])
    code, _, err = finish(briefing(library_path, "fetch"))
    assert code == 0, err
    ids = [r.id for r in ArticleStore(library_path).rows()]
    assert len(ids) == 50
    subscribe(library_path, urls[2:])
    fetch = briefing(library_path, "fetch")
    tagger = subprocess.Popen(
        [sys.executable, "-c", TAGGER, str(library_path), ",".join(ids), "150"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert finish(tagger)[0] == 0
    code, _, err = finish(fetch)
    assert code == 0, err
    store = assert_complete(library_path, 200)
    tags = {tag for row in store.rows() for tag in row.tags}
    assert tags == {f"t{n}" for n in range(150)}


def test_a_fetch_killed_half_way_leaves_a_library_with_every_acknowledged_article(loopback, library_path):
    urls = farm(loopback, feeds=24, items=30, hold=0.3)
    subscribe(library_path, urls)
    expected = 24 * 30
    for attempt in range(2):
        process = briefing(library_path, "fetch")
        deadline = time.monotonic() + 60
        seen: set[str] = set()
        while time.monotonic() < deadline and process.poll() is None:
            seen = set(ArticleStore(library_path).ids())  # what another process sees: acknowledged
            if len(seen) > (attempt + 1) * 60:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the fetch ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        process.stderr.close()
        store = ArticleStore(library_path)  # opens (and repairs an interrupted write)
        assert seen <= set(store.ids())
        assert len(store.get_many(sorted(seen))) == len(seen)
        assert len(store) < expected
    code, _, err = finish(briefing(library_path, "fetch"))
    assert code == 0, err
    assert_complete(library_path, expected)
    # Every feed is saved now; nothing is due, nothing new.
    code, _, err = finish(briefing(library_path, "fetch", "--force"))
    assert err.strip().splitlines()[-1] == "feeds 24, new 0, not modified 24, failed 0"
