"""How fast the reader starts and answers keys, in-process (headless), on big libraries.

    python benchmarks/tui_startup.py [--sizes 1000,10000] [--runs 5]

The libraries are those of benchmarks/library.py (built with the real import, cached), the
same as scale.py's, which measures the reader from the outside in a real terminal (tmux);
this script breaks the start-up down and times keys inside the app. For each size:
- first frame: a fresh Python process imports briefing, opens the library, starts the app
  headless at 120x40 and stops the clock when the first screen with the list (the newest
  weeks) is drawn, then again when the background loading of older weeks has listed the whole
  library (process start to frame, so imports count). Median of --runs processes.
- keys: in one headless app, the median wall and CPU time of `pilot.press` (the key handled
  and the screen refreshed; the wall time includes the test harness's wait for idle) for j, G,
  u (filter every row), enter (open an article, mark it read: waits for the save), s (star,
  saved), and searches set straight into the search box until the result is listed (the
  first reads every body, later ones reuse them).
It drives the app's own classes (ArticleStore, BriefingApp): when the reader's start-up
changes, adjust FIRST_FRAME and KEYS here; scale.py's figures need no change.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

FIRST_FRAME = r"""
import time
start = time.perf_counter()
import asyncio, json, sys
from briefing.store import ArticleStore
from briefing.tui.app import BriefingApp
imported = time.perf_counter()
store = ArticleStore(sys.argv[1])
opened = time.perf_counter()

async def main():
    app = BriefingApp(store, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # one full refresh: the first frame is composed and rendered
        drawn = time.perf_counter()
        first_title = str(app.main_screen.article_list.border_title)
        heavy = [m for m in ("sumy", "numpy", "nupunkt", "pycrfsuite", "briefing.analysis") if m in sys.modules]
        # Older weeks load in the background: wait until the list holds the whole library.
        while " of " in str(app.main_screen.article_list.border_title) and time.perf_counter() - drawn < 120:
            await pilot.pause(0.02)
        loaded = time.perf_counter()
        print(json.dumps({"imports": imported - start, "open": opened - imported, "frame": drawn - start,
                          "loaded": loaded - start, "first_title": first_title,
                          "title": str(app.main_screen.article_list.border_title), "heavy": heavy}))

asyncio.run(main())
"""

KEYS = r"""
import asyncio, json, statistics, sys, time
from briefing.store import ArticleStore
from briefing.tui.app import BriefingApp

async def timed(pilot, *keys, wait=False):
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(*keys)
    if wait:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    return time.perf_counter() - wall, time.process_time() - cpu

def medians(samples):
    return [statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)]

async def search(pilot, text):
    screen = pilot.app.main_screen
    wall, cpu = time.perf_counter(), time.process_time()
    screen.search_input.value = text  # as if typed at once; the search runs in a worker
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return [time.perf_counter() - wall, time.process_time() - cpu, len(screen.article_list.rows)]

async def main():
    store = ArticleStore(sys.argv[1])
    app = BriefingApp(store, poll_interval=None)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        while " of " in str(app.main_screen.article_list.border_title):  # the whole library listed
            await pilot.pause(0.02)
        out["j"] = medians([await timed(pilot, "j") for _ in range(40)])
        out["G"] = medians([await timed(pilot, "G") for _ in range(10) if not await timed(pilot, "g") is None])
        out["u (filter every row)"] = medians([await timed(pilot, "u") for _ in range(10)])
        out["enter (open, mark read)"] = medians([(await timed(pilot, "j"), await timed(pilot, "enter", wait=True))[1] for _ in range(10)])
        out["s (star, saved)"] = medians([await timed(pilot, "s", wait=True) for _ in range(10)])
        await pilot.press("slash")
        out["search 'zyzzyva', first (reads all bodies)"] = await search(pilot, "zyzzyva")
        out["search 'pipeline geneva', bodies cached"] = await search(pilot, "pipeline geneva")
        out["search '#local' (a feed's tag, no bodies)"] = await search(pilot, "#local")
    print(json.dumps(out))

asyncio.run(main())
"""


def run_python(code: str, *args: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as config:
        env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_CONFIG_DIR": config, "TZ": "UTC"}
        result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(count: int, library: Path, runs: int) -> None:
    frames = [run_python(FIRST_FRAME, str(library)) for _ in range(runs)]
    assert all(f["title"] == f"Articles {count:,}" for f in frames), frames[0]["title"]
    for key in ("imports", "open", "frame", "loaded"):
        values = [f[key] for f in frames]
        label = {
            "imports": "  imports (briefing.store, briefing.tui.app)",
            "open": "  open the library",
            "frame": f"  process start -> first frame ({frames[0]['first_title']})",
            "loaded": "  process start -> the whole library listed",
        }[key]
        print(f"{label:<48} {statistics.median(values):.3f} s   (min {min(values):.3f}, max {max(values):.3f})")
    print(f"  {'heavy modules imported':<46} {frames[0]['heavy'] or 'none'}")
    keys = run_python(KEYS, str(library))
    print(f"  {'key (wall incl. test-harness idle wait / CPU)':<46}")
    for label, value in keys.items():
        found = f", {value[2]:,} articles listed" if len(value) > 2 else ""
        print(f"    {label:<44} {value[0] * 1000:7.1f} ms / {value[1] * 1000:6.1f} ms CPU{found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(HERE))
    import library as benchmark_library

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; medians; terminal 120x40")
    for count in (int(n) for n in args.sizes.split(",")):
        started = time.perf_counter()
        cached = benchmark_library.ensure(count)
        print(f"\n{count:,} articles ({cached.path}, ready in {time.perf_counter() - started:.1f} s)")
        # On a copy: the app writes (read flags, stars, the theme); the cache stays as built.
        work = Path(tempfile.mkdtemp(prefix="briefing-tui-bench-"))
        try:
            shutil.copytree(cached.path.parent, work / "lib")
            measure(count, work / "lib" / cached.path.name, args.runs)
        finally:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
