"""Library (store) benchmark: import throughput, open time, durable tag toggle, listing, memory.

Run from the repo root: `python benchmarks/store_bench.py [--sizes 1000,10000,50000] [--repeat 5]`.
Synthetic libraries are deterministic (~5 KB articles with a 3-sentence summary and 20 entities
each, like the real analysis) and cached under benchmarks/.cache/. Prints medians.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"

WORDS = (
    "government minister said talks city council market shares percent economy election court "
    "police report officials week president company announced bank rates inflation budget "
    "agreement region security forces health hospital climate storm energy prices workers union "
    "strike vote senator bill law judge ruling investors quarter growth exports"
).split()
NAMES = ["Amina Yusuf", "Joe Biden", "Kim Jong Un", "Dana Whitcomb", "Olaf Scholz", "Ana María González"]
ORGS = ["World Health Organization", "Bank of Japan", "Reuters", "European Union", "RRTA", "OPEC"]
PLACES = ["Nairobi", "Tokyo", "Washington", "Paris", "Luzon", "Riverton", "Brno", "Seoul"]


def synthetic_article(i: int, rng: random.Random):
    from briefing.core.model import Article

    paragraphs = []
    while sum(len(p) for p in paragraphs) < 5000:
        sentence = " ".join(rng.choice(WORDS) for _ in range(18)).capitalize() + "."
        paragraphs.append(f"{sentence} {rng.choice(NAMES)} said in {rng.choice(PLACES)}. {sentence}")
    day = 1 + i % 28
    article = Article(
        title=f"Synthetic story {i}: {' '.join(rng.choice(WORDS) for _ in range(6))}",
        dek=" ".join(rng.choice(WORDS) for _ in range(20)),
        paragraphs=tuple(paragraphs),
        source=rng.choice(["Example Wire", "Daily Courier", "Pacific Dispatch"]),
        url=f"https://example.com/story/{i}",
        published=f"2026-11-{day:02d}",
    )
    entities = []
    for n in range(20):
        label, pool = [("PERSON", NAMES), ("ORG", ORGS), ("PLACE", PLACES)][n % 3]
        text = f"{rng.choice(pool)} {n}"
        entities.append({"text": text, "label": label, "count": 3, "aliases": [text, text.split()[0]], "spans": [[0, 5], [10, 15], [20, 25]]})
    analysis = {
        "summary": paragraphs[0].split(". ")[:3],
        "summary_spans": [[0, 100], [101, 200], [201, 300]],
        "entities": entities,
        "analyzer": "synthetic",
    }
    return article, analysis


def build_library(size: int) -> tuple[Path, float]:
    """The cached synthetic library of `size` articles; returns (path, seconds spent inserting)."""
    from briefing.store import ArticleStore

    directory = CACHE / f"library-{size}"
    path = directory / "library.json"
    if path.exists():
        return path, float("nan")
    rng = random.Random(size)
    items = [synthetic_article(i, rng) for i in range(size)]
    start = time.perf_counter()
    with ArticleStore(path) as store:
        store.add(items)
    return path, time.perf_counter() - start


def median_time(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def peak_rss_mb(path: Path) -> float:
    """Peak resident memory of a fresh process that opens the library and lists every row."""
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from briefing.store import ArticleStore\n"
        "s = ArticleStore(%r); rows = s.rows()\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (large) parent.
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    ) % (str(ROOT), str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def cli_list_seconds(path: Path, repeat: int) -> float:
    env = {**os.environ, "BRIEFING_DB": str(path), "PYTHONPATH": str(ROOT)}

    def run() -> None:
        subprocess.run([sys.executable, "-m", "briefing", "list"], env=env, stdout=subprocess.DEVNULL, check=True)

    return median_time(run, repeat)


def bench(size: int, repeat: int) -> dict:
    from briefing.store import ArticleStore

    path, insert_seconds = build_library(size)
    results = {"articles": size}
    if insert_seconds == insert_seconds:  # not NaN: built in this run
        results["insert_all_s"] = round(insert_seconds, 3)
        results["insert_per_s"] = round(size / insert_seconds)
    results["open_s"] = round(median_time(lambda: ArticleStore(path).close(), repeat), 4)
    store = ArticleStore(path)
    target = store.ids()[size // 2]
    toggles = []
    for _ in range(repeat * 4):
        start = time.perf_counter()
        store.tag(target, ["bench"])
        toggles.append(time.perf_counter() - start)
        start = time.perf_counter()
        store.untag(target, ["bench"])
        toggles.append(time.perf_counter() - start)
    results["tag_toggle_ms"] = round(statistics.median(toggles) * 1000, 2)
    results["rows_s"] = round(median_time(store.rows, repeat), 4)
    results["ids_s"] = round(median_time(store.ids, repeat), 4)
    results["show_one_ms"] = round(median_time(lambda: store.get(target), repeat) * 1000, 2)
    store.close()
    results["cli_list_s"] = round(cli_list_seconds(path, max(3, repeat // 2)), 3)
    results["peak_rss_mb"] = round(peak_rss_mb(path), 1)
    results["index_mb"] = round(path.stat().st_size / 1e6, 1)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"store benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]} (medians)")
    for size in (int(s) for s in args.sizes.split(",")):
        results = bench(size, args.repeat)
        print("  " + "  ".join(f"{k}={v}" for k, v in results.items()), flush=True)


if __name__ == "__main__":
    main()
