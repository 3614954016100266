"""Speed of briefing.analysis: per-article medians and import cost.

    python benchmarks/analysis_speed.py [--articles N] [--repeat R] [--parallel N] [--json]
    python benchmarks/analysis_speed.py --against DIR [--rounds N]   # side by side with another checkout

Test articles are ~5 KB bodies built deterministically from the dev set
(tests/data/devset/*.json): each article's paragraphs, topped up with the next articles'
paragraphs until the body reaches 5,000 characters. Prints medians over all articles and
repeats of: sentence splitting, the default summary, entity extraction, and the whole
``analyze()`` call (one core, warm process; wall time, and for the entities also the
process's CPU time, which a busy machine disturbs less; likewise for the summary), plus the import time of
``briefing.analysis`` in a fresh interpreter, the entity recogniser's first-use load (its
gazetteers and trained model) in a fresh worker process, and the sentence splitter's
(nupunkt) first use. ``--parallel N`` also analyses N articles in a 2-process pool and
reports articles per second.

``--against DIR`` measures this checkout and another one (say, main in a temporary folder made
by ``git archive``) side by side on a busy machine: both run this same benchmark script's
``--json`` in fresh processes, alternating (and who goes first alternates), ``--rounds`` times each, with the same articles
(built from this checkout's dev set), and the medians of their per-round medians are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
# the checkout whose briefing package is measured (--against runs this script for another one)
ROOT = Path(os.environ.get("BRIEFING_BENCH_ROOT", HERE))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEVSET = HERE / "tests" / "data" / "devset"
TARGET_CHARS = 5000


def build_articles(limit: int) -> list[tuple[str, str]]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEVSET.glob("*.json"))]
    if not docs:
        raise SystemExit(f"no dev-set articles in {DEVSET}")
    paragraphs = [[p for p in d["body"].split("\n\n") if p.strip()] for d in docs]
    out = []
    for i in range(limit):
        k = i % len(docs)
        body_parts = list(paragraphs[k])
        pool = [p for j in range(1, len(docs)) for p in paragraphs[(k + j) % len(docs)]]
        while sum(len(p) + 2 for p in body_parts) < TARGET_CHARS and pool:
            body_parts.append(pool.pop(0))
        out.append((docs[k]["title"], "\n\n".join(body_parts)))
    return out


def import_time(runs: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import briefing.analysis; print(time.perf_counter() - t)"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def entity_load_time(runs: int = 5) -> float:
    """First use of the entity recogniser in a fresh process: gazetteers and model."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from briefing.analysis.entities import gazetteer, model\n"
        "gazetteer.get(); model.load(); print(time.perf_counter() - t)"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def _analyze_one(args: tuple[str, str]) -> int:
    from briefing.analysis import analyze

    title, body = args
    return len(analyze(title, None, body).entities)


def side_by_side(other: Path, rounds: int, articles: int, repeat: int) -> int:
    """Alternate fresh runs of this benchmark against this checkout and ``other``; medians."""
    if not (other / "briefing" / "analysis").is_dir():
        print(f"{other}: not a briefing checkout (no briefing/analysis)", file=sys.stderr)
        return 2
    script = Path(__file__).resolve()
    results: dict[str, list[dict]] = {str(ROOT): [], str(other): []}
    order = list(results)
    for k in range(rounds):
        for root in order if k % 2 == 0 else order[::-1]:  # who goes first alternates too
            env = dict(os.environ, BRIEFING_BENCH_ROOT=root)
            out = subprocess.run(
                [sys.executable, str(script), "--json", "--articles", str(articles), "--repeat", str(repeat)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            res = json.loads(out.stdout)
            results[root].append(res["median_ms"] | {"summary, CPU": res["median_cpu_ms_summary"]})
    keys = list(next(iter(results.values()))[0])
    print(
        f"median over {rounds} alternating rounds of per-round medians, ms per article ({articles} articles x {repeat}):"
    )
    print(f"  {'':<15}" + "".join(f"{Path(r).name[:14]:>16}" for r in results))
    for key in keys:
        print(
            f"  {key:<15}" + "".join(f"{statistics.median(r[key] for r in runs):>16.2f}" for runs in results.values())
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--parallel", type=int, default=0, help="also analyse N articles in a 2-process pool")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--against", type=Path, metavar="DIR", help="measure side by side with the checkout in DIR")
    ap.add_argument("--rounds", type=int, default=5, help="with --against: alternating runs of each")
    args = ap.parse_args(argv)
    if args.against:
        return side_by_side(args.against.resolve(), args.rounds, args.articles, args.repeat)

    imp = import_time()
    load = entity_load_time()
    from briefing.analysis import analyze
    from briefing.analysis.entities import extract
    from briefing.analysis.sentences import split_sentences
    from briefing.analysis.summarize import candidates, select_default

    t0 = time.perf_counter()
    split_sentences("Warm up. The splitter's model loads on first use.")
    splitter_load = time.perf_counter() - t0

    articles = build_articles(args.articles)
    split_t, summ_t, summ_cpu, ent_t, ent_cpu, total_t = [], [], [], [], [], []
    for title, body in articles[:2]:
        extract(body, split_sentences(body), title, "")  # the model and the tables load here
    for _ in range(args.repeat):
        for title, body in articles:
            a = time.perf_counter()
            spans = split_sentences(body)
            b = time.perf_counter()
            cpu = time.process_time()
            prose = candidates(body, spans)  # the prose filter is part of the summary's cost
            select_default(title, None, [body[s:e] for s, e in prose], 3)
            summ_cpu.append(time.process_time() - cpu)
            c = time.perf_counter()
            cpu = time.process_time()
            extract(body, spans, title, "")
            ent_cpu.append(time.process_time() - cpu)
            d = time.perf_counter()
            analyze(title, None, body)
            e = time.perf_counter()
            split_t.append(b - a)
            summ_t.append(c - b)
            ent_t.append(d - c)
            total_t.append(e - d)
    ms = lambda xs: round(statistics.median(xs) * 1000, 2)  # noqa: E731
    res = {
        "articles": len(articles),
        "mean_body_chars": round(statistics.mean(len(b) for _, b in articles)),
        "median_ms": {"split": ms(split_t), "summary": ms(summ_t), "entities": ms(ent_t), "analyze_total": ms(total_t)},
        "median_cpu_ms_entities": ms(ent_cpu),
        "median_cpu_ms_summary": ms(summ_cpu),
        "min_cpu_ms_summary": round(min(summ_cpu) * 1000, 2),
        "p90_ms_analyze_total": round(sorted(total_t)[int(len(total_t) * 0.9)] * 1000, 2),
        "import_briefing_analysis_ms": round(imp * 1000, 1),
        "first_use_entity_load_ms": round(load * 1000, 1),
        "first_use_splitter_load_ms": round(splitter_load * 1000, 1),
    }
    if args.parallel:
        from concurrent.futures import ProcessPoolExecutor

        work = build_articles(args.parallel)
        t = time.perf_counter()
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_analyze_one, work, chunksize=16))
        wall = time.perf_counter() - t
        res["parallel"] = {
            "articles": len(work),
            "processes": 2,
            "wall_s": round(wall, 2),
            "articles_per_s": round(len(work) / wall, 1),
        }
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"{res['articles']} articles of ~{res['mean_body_chars']} chars, {args.repeat} repeats, one core, medians:")
    for k, v in res["median_ms"].items():
        print(f"  {k:<15}{v:>8.2f} ms")
    print(f"  {'p90 total':<15}{res['p90_ms_analyze_total']:>8.2f} ms")
    print(f"  {'entities, CPU':<15}{res['median_cpu_ms_entities']:>8.2f} ms")
    print(
        f"  {'summary, CPU':<15}{res['median_cpu_ms_summary']:>8.2f} ms (fastest article {res['min_cpu_ms_summary']:.2f} ms)"
    )
    print(f"import briefing.analysis: {res['import_briefing_analysis_ms']} ms (fresh interpreter)")
    print(
        f"first use of the entity recogniser (gazetteers + model), fresh worker: {res['first_use_entity_load_ms']} ms"
    )
    print(f"first use (nupunkt import + model load): {res['first_use_splitter_load_ms']} ms")
    if "parallel" in res:
        p = res["parallel"]
        print(
            f"{p['articles']} articles, {p['processes']} processes: {p['wall_s']} s wall, {p['articles_per_s']} articles/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
