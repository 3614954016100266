"""Brief benchmark: `briefing brief` for one day of 200 articles in a 10,000-article library.

Run from the repo root: `python benchmarks/brief_speed.py [--repeat 7] [--articles 10000]
[--day-articles 200]`. The library is synthetic and deterministic (news-like ~5 KB articles
in multi-article stories, a 3-sentence summary and ~20 entities each, tags, stars, notes) and
cached under benchmarks/.cache/. Each figure is the median wall time of the whole process
(`python -m briefing ... brief`, output to a pipe) over --repeat runs after one warm-up; then
an in-process breakdown of where the time goes (with and without the cyclic garbage
collector, which `briefing brief` turns off). Target: the default (text) run <= 1 s; the
script exits 1 if the median misses it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
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
DAY = dt.date(2026, 11, 23)
TARGET_SECONDS = 1.0
GENERATOR_VERSION = "4"

FUNCTION_WORDS = "the of and to in a for on that with as by at from its after was has is said but were have".split()
SYLLABLES = "ka lo mi ra ven tor sa del un pre ma ti no ber gan ris col ta ne vi dor han pel mon est lin qua ro fe si".split()
FIRST = "Amina Joe Ana Luis Dana Kenji Olga Samuel Priya Tomas Grace Ivan Leila Marco Nadia Omar Ruth Sven Tariq Yuki".split()
LAST = "Yusuf Ortega Whitcomb Tanaka Petrova Mensah Sharma Novak Okafor Lindqvist Haddad Rossi Kowalski Brandt Sato Moreau".split()
ORG_WORDS = "Bank Ministry Council Authority Union Agency Institute Commission Group Federation".split()
TAGS = "politics economy markets health science climate local transit labor sport culture tech asia europe africa follow-up to-read urgent energy courts".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


class World:
    """A deterministic vocabulary, entity pool and set of stories."""

    def __init__(self, rng: random.Random) -> None:
        self.vocab = sorted({_word(rng) for _ in range(6000)})
        self.entities = []
        for n in range(1500):
            kind = n % 3
            if kind == 0:
                first, last = rng.choice(FIRST), rng.choice(LAST) + _word(rng)[:3]
                self.entities.append((f"{first} {last.capitalize()}", "PERSON", [f"{first} {last.capitalize()}", last.capitalize()]))
            elif kind == 1:
                name = f"{_word(rng).capitalize()} {rng.choice(ORG_WORDS)}"
                self.entities.append((name, "ORG", [name]))
            else:
                name = _word(rng).capitalize()
                self.entities.append((name, "PLACE", [name]))

    def story(self, rng: random.Random) -> dict:
        return {"words": rng.sample(self.vocab, 25), "entities": rng.sample(self.entities, 6)}

    def sentence(self, rng: random.Random, story: dict, length: int) -> str:
        words = []
        for _ in range(length):
            roll = rng.random()
            if roll < 0.35:
                words.append(rng.choice(FUNCTION_WORDS))
            elif roll < 0.7:
                words.append(rng.choice(story["words"]))
            elif roll < 0.77:
                words.append(rng.choice(rng.choice(story["entities"])[2]))
            else:
                words.append(rng.choice(self.vocab))
        return " ".join(words).capitalize() + "."


def synthetic(world: World, rng: random.Random, story: dict, published: str, source: str):
    from briefing.core.model import Article

    title = world.sentence(rng, story, rng.randint(8, 12))[:-1]
    dek = world.sentence(rng, story, 22)
    paragraphs = []
    while sum(len(p) + 2 for p in paragraphs) < 5000:
        paragraphs.append(" ".join(world.sentence(rng, story, rng.randint(15, 25)) for _ in range(rng.randint(2, 3))))
    body = "\n\n".join(paragraphs)
    summary_spans, summary, offset = [], [], 0
    for paragraph in paragraphs[:2]:
        sentence = paragraph.split(". ")[0].rstrip(".") + "."
        summary.append(sentence)
        summary_spans.append([offset, offset + len(sentence)])
        offset += len(paragraph) + 2
    summary.append(paragraphs[2].split(". ")[0].rstrip(".") + ".")
    summary_spans.append([offset, offset + len(summary[-1])])
    chosen = list(story["entities"][: rng.randint(4, 6)]) + rng.sample(world.entities, 14)
    entities = []
    seen = set()
    for text, label, aliases in chosen:
        if text in seen:
            continue
        seen.add(text)
        count = rng.randint(1, 6)
        spans = sorted(rng.randrange(0, len(body) - 40) for _ in range(count))
        entities.append({"text": text, "label": label, "count": count, "aliases": aliases,
                         "spans": [[s, s + len(text)] for s in spans]})
    entities.sort(key=lambda e: -e["count"])
    analysis = {"summary": summary, "summary_spans": summary_spans, "entities": entities, "analyzer": "1"}
    tags = tuple(rng.sample(TAGS, rng.randint(1, 3))) if rng.random() < 0.3 else ()
    article = Article(title=title, paragraphs=tuple(paragraphs), dek=dek, source=source, url=None,
                      published=published, origin=None, tags=tags)
    return article, analysis


def build_library(path: Path, total: int, on_day: int) -> None:
    from briefing.store import ArticleStore

    rng = random.Random(20261123)
    world = World(rng)
    sources = [f"{_word(rng).capitalize()} {kind}" for kind in ("Times", "Wire", "Post", "Herald", "Ledger", "Dispatch", "Courier", "Review") for _ in range(3)]
    items = []
    # The day: stories of 1-6 articles until `on_day` articles, times spread over the day.
    while len(items) < on_day:
        story = world.story(rng)
        for _ in range(min(rng.choice((1, 1, 1, 2, 2, 3, 4, 6)), on_day - len(items))):
            if rng.random() < 0.3:
                published = DAY.isoformat()
            else:
                moment = dt.datetime.combine(DAY, dt.time(rng.randint(1, 22), rng.randint(0, 59)), tzinfo=dt.timezone.utc)
                published = moment.isoformat()
            items.append(synthetic(world, rng, story, published, rng.choice(sources)))
    # The rest: the two years before, a few articles per story.
    while len(items) < total:
        story = world.story(rng)
        day = DAY - dt.timedelta(days=rng.randint(1, 730))
        for _ in range(min(rng.randint(1, 3), total - len(items))):
            items.append(synthetic(world, rng, story, day.isoformat(), rng.choice(sources)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with ArticleStore(path) as store:
        store.add(items)
        # User data on the newest 400 (the day and the days before): each write is a durable
        # rewrite of the user file, so keep them few.
        for n, row in enumerate(store.rows()[:400]):
            if n % 10 == 0:
                store.set_starred(row.id, True)
            if n % 25 == 0:
                store.add_note(row.id, f"Follow up with the desk about item {n}.")
            if n % 3 == 0:
                store.set_read(row.id, True)


def library(total: int, on_day: int) -> Path:
    directory = CACHE / f"brief-{total}-{on_day}-v{GENERATOR_VERSION}"
    path = directory / "library.json"
    marker = directory / "complete"
    if not marker.exists():
        if directory.exists():
            for child in sorted(directory.rglob("*"), reverse=True):
                child.unlink() if child.is_file() else child.rmdir()
        start = time.perf_counter()
        print(f"building {total:,}-article library in {directory} ...", flush=True)
        build_library(path, total, on_day)
        marker.write_text("ok\n")
        print(f"  built in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def time_process(args: list[str], repeat: int) -> tuple[float, float, float, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "briefing", *args]
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)  # warm-up
    times = []
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        times.append(time.perf_counter() - start)
        size = len(result.stdout)
    return statistics.median(times), min(times), max(times), size


def breakdown(path: Path) -> list[tuple[str, float]]:
    """Where the time goes, in-process (one run, after the imports)."""
    t0 = time.perf_counter()
    from briefing.brief import BriefQuery, brief_from_records, render_text, select_rows
    from briefing.store.storage import gc_paused
    from briefing.store import ArticleStore

    steps = [("imports (brief, store)", time.perf_counter() - t0)]
    query = BriefQuery(date=DAY, tz=dt.timezone.utc)
    period = query.period()
    t = time.perf_counter()
    store = ArticleStore(path)
    steps.append(("open the library", time.perf_counter() - t))
    t = time.perf_counter()
    rows = store.rows()
    steps.append((f"store.rows() ({len(rows):,} rows)", time.perf_counter() - t))
    t = time.perf_counter()
    chosen = select_rows(rows, query, period)
    steps.append((f"select the day ({len(chosen)} articles)", time.perf_counter() - t))
    # From here on as in `briefing brief`: no cyclic garbage collection.
    gc.disable()
    t = time.perf_counter()
    records = store.get_many([row.id for row in chosen])
    steps.append(("store.get_many (pauses the collector itself)", time.perf_counter() - t))
    t = time.perf_counter()
    with gc_paused():
        brief = brief_from_records(records, query, period)
    steps.append((f"build: entities, grouping, order ({len(brief.groups)} groups)", time.perf_counter() - t))
    t = time.perf_counter()
    text = render_text(brief)
    steps.append((f"render text ({len(text):,} chars)", time.perf_counter() - t))
    t = time.perf_counter()
    from briefing.brief.render_rich import render_rich

    steps.append(("import rich", time.perf_counter() - t))
    t = time.perf_counter()
    text = render_rich(brief, width=100, color=True)
    steps.append((f"render rich, width 100 ({len(text):,} chars)", time.perf_counter() - t))
    store.close()
    gc.enable()
    return steps


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--day-articles", type=int, default=200)
    args = parser.parse_args(argv)
    path = library(args.articles, args.day_articles)
    base = ["--db", str(path), "brief", "--date", DAY.isoformat(), "--tz", "UTC"]
    print(f"library: {path} ({args.articles:,} articles, {args.day_articles} on {DAY})")
    print(f"whole process, median of {args.repeat} runs (min-max), output to a pipe:")
    verdict = 0
    runs = [
        ("brief (default: text in a pipe)", []),
        ("brief --format json", ["--format", "json"]),
        ("brief --format markdown", ["--format", "markdown"]),
        ("brief --format rich (no colour in a pipe)", ["--format", "rich"]),
        ("brief --by tag", ["--by", "tag"]),
    ]
    for n, (label, extra) in enumerate(runs):
        median, low, high, size = time_process(base + extra, args.repeat)
        mark = ""
        if n == 0:
            ok = median <= TARGET_SECONDS
            verdict = 0 if ok else 1
            mark = f"  target <= {TARGET_SECONDS:.1f} s: {'met' if ok else 'MISSED'}"
        print(f"  {label:<44} {median:6.3f} s ({low:.3f}-{high:.3f}), {size:,} bytes{mark}", flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import briefing.cli"], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True)
    print(f"  (python start-up + import briefing.cli alone: {time.perf_counter() - start:.3f} s)")
    print("in-process breakdown (one run):")
    for label, seconds in breakdown(path):
        print(f"  {label:<52} {seconds * 1000:8.1f} ms")
    return verdict


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
