"""Run every benchmark of briefing and print their medians.

    python benchmarks/run.py            # all benchmarks, library sizes 1k / 10k / 50k
    python benchmarks/run.py --quick    # smaller sizes, fewer repetitions
    python benchmarks/run.py scale      # only the named ones (scale, analysis, tui)

Each benchmark is its own script beside this one (runnable alone); this runner starts them in
turn so that one's memory and imports never colour another's figures. The libraries they
measure are built once by library.py (the real `briefing import` of generated news articles)
and cached in benchmarks/.cache/; the first run at 50k spends most of its time building.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    # name: (script, arguments, arguments with --quick)
    "scale": ("scale.py", ["--sizes", "1000,10000,50000"], ["--sizes", "1000", "--runs", "3", "--import-runs", "1"]),
    "analysis": ("analysis_speed.py", [], []),
    "tui": ("tui_startup.py", ["--sizes", "1000,10000"], ["--sizes", "1000", "--runs", "3"]),
    "feeds": ("feed_farm.py", [], ["--repeat", "1"]),
    "export": ("export_bench.py", [], ["--count", "300", "--repeat", "2"]),
}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("-")] or list(BENCHMARKS)
    print(
        f"briefing benchmarks: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    failures = 0
    unknown = [name for name in wanted if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in wanted:
        script, full, short = BENCHMARKS[name]
        path = HERE / script
        if not path.exists():
            print(f"\n== {name}: {script} not present, skipped")
            continue
        print(f"\n== {name} ({script})", flush=True)
        start = time.perf_counter()
        status = subprocess.call([sys.executable, str(path), *(short if quick else full)], cwd=HERE.parent)
        print(f"   ({time.perf_counter() - start:.1f} s{'' if status == 0 else f', exit {status}'})")
        failures += status != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
