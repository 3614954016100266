"""Deterministic synthetic libraries for the TUI benchmark (and nothing else).

Articles are made from a fixed vocabulary with a seeded RNG; analyses are simple hand-built
dicts (three summary sentences, a dozen entities with spans), so building 50,000 articles takes
seconds and needs no analyzer.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from briefing.core.model import Article

WORDS = (
    "council budget transit strike harbour storm market rates energy vote court health school "
    "river bridge union talks election minister report climate rescue festival league final "
    "inflation housing museum survey coral glacier opera typhoon retail shoppers"
).split()
PEOPLE = ["Ada Moreno", "Kofi Mensah", "Lena Park", "Ravi Iyer", "Sara Lind", "Tomas Reyes", "Mei Chen", "Omar Haddad"]
ORGS = ["Riverton Transit", "Harbour Council", "Bellwether Bank", "Meridian Energy", "Capitol Health", "Touchline FC"]
PLACES = ["Riverton", "Harbour City", "Manila", "Geneva", "Nairobi", "Lisbon", "Osaka", "Quito"]
SOURCES = ["The Riverton Ledger", "Pacific Dispatch", "Bellwether Business", "Meridian News", "Capitol Wire", "Clinical Times"]


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    words.insert(rng.randrange(len(words)), rng.choice(names))
    return " ".join(words).capitalize() + "."


def make_article(index: int, rng: random.Random, first_day: dt.date) -> tuple[Article, dict]:
    people, orgs, places = rng.sample(PEOPLE, 3), rng.sample(ORGS, 2), rng.sample(PLACES, 3)
    names = people + orgs + places
    paragraphs = tuple(" ".join(_sentence(rng, names) for _ in range(3)) for _ in range(8))
    title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} in {places[0]} as {people[0]} {rng.choice(WORDS)}s #{index}"
    article = Article(
        title=title,
        paragraphs=paragraphs,
        dek=_sentence(rng, names),
        source=rng.choice(SOURCES),
        published=(first_day + dt.timedelta(days=index // 40)).isoformat(),
    )
    body = article.body
    entities = []
    for label, group in (("PERSON", people), ("ORG", orgs), ("PLACE", places)):
        for name in group:
            spans, start = [], body.find(name)
            while start != -1:
                spans.append([start, start + len(name)])
                start = body.find(name, start + 1)
            if spans:
                entities.append({"text": name, "label": label, "count": len(spans), "aliases": [name], "spans": spans})
    first = paragraphs[0]
    cut = [i + 1 for i, ch in enumerate(first) if ch == "."][:3]
    starts = [0, *(c + 1 for c in cut[:-1])]
    summary_spans = [[s, e] for s, e in zip(starts, cut)]
    analysis = {
        "summary": [body[s:e] for s, e in summary_spans],
        "summary_spans": summary_spans,
        "entities": entities,
        "analyzer": "synthetic",
    }
    return article, analysis


def build_library(path: Path, count: int, *, seed: int = 4) -> Path:
    """A library of `count` articles at `path` (library.json), built once and reused."""
    from briefing.store import ArticleStore

    path = Path(path)
    if path.exists():
        with ArticleStore(path) as store:
            if len(store) == count:
                return path
        raise SystemExit(f"{path} exists with another article count; delete {path.parent} and rerun")
    rng = random.Random(seed)
    first_day = dt.date(2026, 1, 1)
    with ArticleStore(path) as store:
        batch = []
        for index in range(count):
            batch.append(make_article(index, rng, first_day))
            if len(batch) == 5000:
                store.add(batch)
                batch = []
        if batch:
            store.add(batch)
        ids = [row.id for row in store.rows()[:200]]
        for n, article_id in enumerate(ids):
            if n % 3 == 0:
                store.set_read(article_id, True)
            if n % 7 == 0:
                store.tag(article_id, ["benchmark", f"batch-{n % 4}"])
    return path
