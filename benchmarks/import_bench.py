"""Import benchmark: wall time of `briefing import` on 1,000 news-like ~5 KB article files.

Run from the repo root: `python benchmarks/import_bench.py [--count 1000] [--repeat 3]`.
The files are composed deterministically from the paragraphs of the annotated dev set and the
seeds (real news prose, so analysis does real work), written once to benchmarks/.cache/.
Target on the 2-core reference machine: 1,000 articles in <= 30 s, analysis included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"


def corpus() -> tuple[list[str], list[str]]:
    titles, paragraphs = [], []
    for path in sorted((ROOT / "tests" / "data" / "devset").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        titles.append(data["title"])
        paragraphs.extend(p for p in data["body"].split("\n\n") if p.strip())
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        titles.append(lines[0])
        paragraphs.extend(lines[2:])
    return titles, paragraphs


def build_files(count: int) -> Path:
    directory = CACHE / f"import-{count}"
    marker = directory / ".complete"
    if marker.exists():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    titles, paragraphs = corpus()
    rng = random.Random(count)
    for i in range(count):
        body: list[str] = []
        while sum(len(p) for p in body) < 5000:
            body.append(rng.choice(paragraphs))
        text = f"{rng.choice(titles)} ({i})\n{rng.choice(paragraphs)[:200]}\n" + "\n".join(body) + "\n"
        (directory / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    marker.touch()
    return directory


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    files = build_files(args.count)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    samples = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "briefing", "--db", f"{tmp}/lib.json", "import", "--quiet", str(files)],
                env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    print(f"import of {args.count} files (~5 KB each) on {os.cpu_count()} cores: median {median:.2f} s wall, "
          f"{args.count / median:.0f} articles/s (runs: {', '.join(f'{s:.2f}' for s in samples)})")


if __name__ == "__main__":
    main()
