"""briefing's own rows of the feed farm benchmark (benchmarks/feed_farm.py runs them in the same
run as newsboat, on the same farm): whole `briefing` processes on a fresh library.

- `briefing fetch --full-text never` the first time: 200 feeds, 10,000 items parsed, analysed
  and stored;
- `briefing fetch --force` again: every feed answers 304;
- `briefing fetch --full-text always` on 20 feeds of a fresh library: 1,000 article pages
  fetched and extracted (and analysed);
- the reader: `R` on a fresh library of the 200 feeds, headless, while a key is sent every
  25 ms: how long keys wait to be handled (and how late the event loop wakes) during the refresh.

Peak memory is the peak of the sum of RSS over the process and its workers, sampled from /proc.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FULL_TEXT_FEEDS = 20  # x 50 items = 1,000 pages


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, ()))
    return out


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, int, float, str, str]:
    """(wall seconds, exit status, peak RSS of the process tree in MB, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        peak = 0.0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _rss_mb(_descendants(process.pid)))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        process.wait()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        return wall, process.returncode, peak, stdout, stderr


def _opml(urls: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0"><head><title>farm</title></head><body>']
    lines += [f'<outline type="rss" text="farm {n}" xmlUrl="{url}"/>' for n, url in enumerate(urls)]
    lines.append("</body></opml>")
    return "\n".join(lines).encode()


def _briefing(library: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "briefing", "--db", str(library), *args]


def _environment(work: Path) -> dict[str, str]:
    config = work / "briefing-config"
    config.mkdir(exist_ok=True)
    return {**os.environ, "BRIEFING_CONFIG_DIR": str(config), "PYTHONPATH": str(ROOT)}


def _subscribe(library: Path, urls: list[str], env: dict[str, str], work: Path) -> None:
    opml = work / f"farm-{len(urls)}.opml"
    opml.write_bytes(_opml(urls))
    done = subprocess.run(
        _briefing(library, "feed", "import", str(opml)), env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"feed import failed: {done.stderr[-500:]}")


def run_fetches(farm, work: Path) -> list[tuple[str, float, dict, int, float, dict]]:
    """The three `briefing fetch` rows: (label, wall, farm stats, exit status, peak MB, report)."""
    env = _environment(work)
    rows = []
    library = work / "fetch" / "library.json"
    _subscribe(library, farm.feed_urls, env, work)
    feeds = len(farm.feed_urls)
    for label, args in (
        (f"briefing fetch --full-text never: first, {feeds} feeds", ["fetch", "--full-text", "never"]),
        (f"briefing fetch --force: all {feeds} feeds answer 304", ["fetch", "--force", "--full-text", "never"]),
    ):
        farm.reset_stats()
        wall, status, peak, _, err = run_measured(_briefing(library, *args), env)
        rows.append((label, wall, farm.stats(), status, peak, {"summary": _last_line(err)}))
    pages = work / "pages" / "library.json"
    subset = farm.feed_urls[:FULL_TEXT_FEEDS]
    _subscribe(pages, subset, env, work)
    farm.reset_stats()
    wall, status, peak, _, err = run_measured(_briefing(pages, "fetch", "--full-text", "always"), env)
    stats = farm.stats()
    rows.append(
        (
            f"briefing fetch --full-text always: {len(subset)} feeds, {stats['page_requests']:,} pages",
            wall,
            stats,
            status,
            peak,
            {"summary": _last_line(err)},
        )
    )
    return rows


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


# -- the reader: key latency while R refreshes ---------------------------------------------


def run_reader(farm, work: Path) -> dict:
    """R on a fresh library of every farm feed, in a headless reader of its own process."""
    env = _environment(work)
    library = work / "reader" / "library.json"
    # Before subscribing: the subscriptions take their full-text mode from it (the same work as
    # `fetch --full-text never`; the R refresh has no per-run override).
    config = Path(env["BRIEFING_CONFIG_DIR"]) / "config.toml"
    config.write_text('[feeds]\nfull_text = "never"\n', encoding="utf-8")
    try:
        _subscribe(library, farm.feed_urls, env, work)
    finally:
        config.unlink()
    config.write_text('[feeds]\nfull_text = "never"\n', encoding="utf-8")
    command = [sys.executable, str(Path(__file__).resolve()), "--reader-keys", str(library), env["BRIEFING_CONFIG_DIR"]]
    _wall, status, peak, out, err = run_measured(command, env)
    if status != 0:
        sys.stderr.write(err[-2000:])
        return {}
    return {**json.loads(out.strip().splitlines()[-1]), "peak_mb": peak}


async def _reader_keys(library: str, config_dir: str) -> dict:
    import asyncio
    import statistics

    from textual import events

    from briefing.store import ArticleStore
    from briefing.tui.app import BriefingApp
    from briefing.tui.widgets.article_list import ArticleList

    handled: list[float] = []
    original = ArticleList.action_cursor_down, ArticleList.action_cursor_up

    def down(self) -> None:
        handled.append(time.perf_counter())
        original[0](self)

    def up(self) -> None:
        handled.append(time.perf_counter())
        original[1](self)

    ArticleList.action_cursor_down, ArticleList.action_cursor_up = down, up
    import gc

    collections: list[tuple[int, float]] = []  # (generation, ms) of every collection during the run
    gc_started: list[float] = []

    def timing(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started.append(time.perf_counter())
        elif gc_started:
            collections.append(
                (info["generation"], (time.perf_counter() - gc_started.pop()) * 1000, time.perf_counter())
            )

    gc.callbacks.append(timing)
    app = BriefingApp(ArticleStore(library), config_dir=Path(config_dir), reanalyse_delay=None)

    async def keys(pilot, seconds: float | None, until=None) -> tuple[list[float], list[float]]:
        """Send j/k every 25 ms; (key latencies, event-loop lateness) in ms."""
        sent: list[float] = []
        lags: list[float] = []
        handled.clear()
        start = time.perf_counter()
        n = 0
        while True:
            if seconds is not None and time.perf_counter() - start >= seconds:
                break
            if until is not None and until():
                break
            sent.append(time.perf_counter())
            app._driver.send_message(events.Key("j" if n % 2 == 0 else "k", "j" if n % 2 == 0 else "k"))
            n += 1
            before = time.perf_counter()
            await asyncio.sleep(0.025)
            lags.append((time.perf_counter() - before - 0.025) * 1000)
        await asyncio.sleep(0.5)
        latencies = [(h - s) * 1000 for s, h in zip(sent, handled)]
        return latencies, lags

    def summary(values: list[float]) -> dict:
        ordered = sorted(values) or [0.0]
        return {
            "median": statistics.median(ordered),
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "max": ordered[-1],
            "n": len(values),
        }

    refresh_started = 0.0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(1.0)
        idle, idle_lag = await keys(pilot, 2.0)
        screen = app.main_screen
        started = refresh_started = time.perf_counter()
        screen.action_refresh_feeds()
        during, during_lag = await keys(pilot, None, until=lambda: not screen.refreshing)
        refresh = time.perf_counter() - started
        for _ in range(100):  # the list catches up with the last batch
            await pilot.pause(0.1)
            if len(screen.article_list.rows) >= len(app.store):
                break
        count = len(app.store)
    full = [
        ms
        for generation, ms, at in collections
        if generation == 2 and refresh_started <= at <= refresh_started + refresh
    ]
    return {
        "refresh_seconds": refresh,
        "articles": count,
        "idle": summary(idle),
        "idle_lag": summary(idle_lag),
        "during": summary(during),
        "during_lag": summary(during_lag),
        "gc_full": {"count": len(full), "max": max(full, default=0.0), "total": sum(full)},
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--reader-keys"]:
        import asyncio

        print(json.dumps(asyncio.run(_reader_keys(argv[1], argv[2]))))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
