"""The one synthetic library of briefing's benchmarks, built the way users build theirs.

    python benchmarks/library.py --sizes 1000,10000        # build (or find) the cached libraries
    python benchmarks/library.py --sample 2                 # print two generated articles
    python benchmarks/library.py --clean                    # delete caches made by other code versions
    python benchmarks/library.py --sizes 250000 --files-only  # only the article files (kept across layouts)

1. Generate news-like article files, one JSON Lines file per day (streamed: a day at a time
   is in memory): ~5 KB articles with a headline, a standfirst and 8-12 paragraphs of prose
   in sentences, people with titles (full name first, surname afterwards), organisations
   (with acronyms), places, numbers and quotations, from the vocabulary in news_words.py;
   30 outlets, stories told by several outlets on the same day (and some followed up the
   next day), publication times in each outlet's own UTC offset. Deterministic (seeded).
2. Import them with the real command, `python -m briefing --db LIB import --quiet FILES...`
   (analysis included), at most IMPORT_CHUNK articles per command; the import time is
   recorded.
3. Add a user's state through the real CLI: `read` and `star` (a week's worth per command),
   `tag` (two articles a day) and `note` (every other day). Outlets with a subscription tag
   carry it in their files, as `briefing feed add URL --tag T` would give them.

Libraries are cached in benchmarks/.cache/library-SIZE-FINGERPRINT/ (the library is lib/,
what was built is build.json). The fingerprint covers the generator (GENERATOR_VERSION and
news_words.py), the store (briefing/store/**/*.py, briefing/services/importing.py) and
briefing.analysis.ANALYZER_VERSION: change the layout and the next run builds a new library
instead of measuring a stale one. Nothing here reads or writes the store's files itself.

Spans: 1k over 10 days, 10k and 50k over 60 days (~170 and ~830 articles a day, the issue's
figures), 250k over 250 days (~1,000 a day: a year of 30 outlets); other sizes: 60 days up
to 60k, else 1,000 a day. EXTRA_ARTICLES more, on the day after the library's last day, are
generated apart (extra.jsonl) for measuring an import into the existing library.

Build times measured on the 2-core reference machine under other load, library format 1
(single index file, content in 256 hash shards): 1k 36 s, 10k 6.6 min (import 280 s), 50k
33 min (import 1,542 s, user state 435 s). Generating the files takes ~1-2.5 ms an article.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))

import news_words as W  # noqa: E402

GENERATOR_VERSION = "1"  # bump whenever the generated articles or the user state change
SEED = "briefing-bench-library"
LAST_DAY = dt.date(2026, 11, 30)
EXTRA_ARTICLES = 1000
IMPORT_CHUNK = 10_000  # articles per `briefing import` command: bounds the importer's memory
SPANS = {1000: 10, 10_000: 60, 50_000: 60, 250_000: 250}
TOPIC_TAG = {
    "politics": "politics",
    "economy": "markets",
    "health": "health",
    "tech": "tech",
    "climate": "climate",
    "sport": "sport",
    "transport": "local",
    "education": "local",
}
STORY_SIZES = ((1, 40), (2, 20), (3, 14), (4, 10), (5, 7), (6, 5), (8, 4))  # articles per story: weight


def span_days(size: int) -> int:
    if size in SPANS:
        return SPANS[size]
    return 60 if size <= 60_000 else -(-size // 1000)


# --- the world: people, organisations, places, outlets ------------------------------------


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    title: str | None  # None: introduced by a role ("X, an economist at Y,")

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Org:
    name: str  # "Meridian Energy", "the Nairobi Transport Authority"
    acronym: str | None

    @property
    def bare(self) -> str:
        return self.name[4:] if self.name.startswith("the ") else self.name


@dataclass(frozen=True)
class Place:
    city: str
    country: str


class Pool:
    """Items drawn with Zipf-like popularity: a few are in the news every day."""

    def __init__(self, items: list, exponent: float = 0.9) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))

    def draw(self, rng, k: int = 1) -> list:
        return rng.choices(self.items, cum_weights=self.cumulative, k=k)


def _acronym(name: str) -> str | None:
    letters = [w[0] for w in name.replace("the ", "").split() if w[0].isupper() and w not in ("of", "and")]
    return "".join(letters) if 3 <= len(letters) <= 5 else None


class World:
    def __init__(self) -> None:
        import random

        rng = random.Random(SEED + ":world")
        names = [(f, s) for f in W.FIRST_NAMES for s in W.SURNAMES]
        rng.shuffle(names)
        names = iter(names)
        self.people = {
            kind: Pool([Person(*next(names), rng.choice(titles)) for _ in range(500)])
            for kind, titles in W.TITLES.items()
        }
        self.background_people = Pool([Person(*next(names), None) for _ in range(4000)], 0.7)
        places = [Place(city, country) for city, country in W.PLACES]
        rng.shuffle(places)
        self.places = Pool(places, 0.6)
        self.by_country = defaultdict(list)
        for place in places:
            self.by_country[place.country].append(place)
        orgs: dict[str, list[Org]] = {"public": [], "company": [], "civic": [], "national": []}
        for place in places:
            for head in rng.sample(W.ORG_HEADS["public"], 6):
                name = f"the {place.city} {head}"
                orgs["public"].append(Org(name, _acronym(name) if rng.random() < 0.5 else None))
        stems = list(W.ORG_STEMS)
        for kind in ("company", "civic"):
            for stem, head in rng.sample([(s, h) for s in stems for h in W.ORG_HEADS[kind]], 600):
                name = f"{stem} {head}" if kind == "company" else f"the {stem} {head}"
                orgs[kind].append(Org(name, _acronym(name) if kind == "civic" and rng.random() < 0.4 else None))
        orgs["national"] = [Org(f"the {body}", None) for body in W.NATIONAL_BODIES]
        for kind in orgs:
            rng.shuffle(orgs[kind])
        self.orgs = {kind: Pool(items, 0.8) for kind, items in orgs.items()}
        self.background_orgs = Pool([o for kind in ("company", "civic", "public") for o in orgs[kind]], 0.7)
        self.outlets = W.OUTLETS
        self.topics = list(W.TOPICS)


@dataclass
class Story:
    topic: str
    people: list[Person]
    orgs: list[Org]
    places: list[Place]
    subject: str
    keywords: list[str]
    start: dt.datetime  # when the story breaks (UTC)
    size: int
    outlets: list = field(default_factory=list)


def new_story(world: World, rng, day: dt.date, size: int) -> Story:
    topic = rng.choice(world.topics)
    spec = W.TOPICS[topic]
    seen: set[str] = set()
    people = []
    for kind in spec["people"]:
        person = world.people[kind].draw(rng)[0]
        while person.full in seen:
            person = world.people[kind].draw(rng)[0]
        seen.add(person.full)
        people.append(person)
    orgs = [world.orgs[kind].draw(rng)[0] for kind in spec["orgs"][:2]]
    if orgs[0] == orgs[1]:
        orgs[1] = world.orgs[spec["orgs"][2]].draw(rng)[0]
    lead = world.places.draw(rng)[0]
    others = [p for p in world.by_country[lead.country] if p != lead] or [world.places.draw(rng)[0]]
    places = [lead, rng.choice(others)]
    start = dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(minutes=rng.randint(0, 22 * 60))
    return Story(
        topic, people, orgs, places, rng.choice(spec["subjects"]), rng.sample(spec["keywords"], 4), start, size
    )


# --- one article -----------------------------------------------------------------------------

SLOT = re.compile(r"\{(\w+)\}")


class ArticleWriter:
    """Renders one outlet's article of a story: the slots of news_words' templates filled
    with the story's entities (first mention in full, then short) and background ones."""

    def __init__(self, world: World, story: Story, outlet: tuple, rng) -> None:
        self.world, self.story, self.outlet, self.rng = world, story, outlet, rng
        self.mentioned: set = set()
        self.percent = "%" if rng.random() < 0.4 else " percent"
        self.currency = rng.choice(("$", "$", "€", "£"))
        self.mode = "body"
        # A dozen background names per article, each mentioned once or more, as in real
        # news: with the story's eight, the analyzer finds about twenty entities.
        self.background = {
            "bp": list(dict.fromkeys(world.background_people.draw(rng, rng.randint(3, 4)))),
            "bo": list(dict.fromkeys(world.background_orgs.draw(rng, rng.randint(4, 5)))),
            "bl": list(dict.fromkeys(p.city for p in world.places.draw(rng, rng.randint(3, 4)))),
        }

    def person(self, person: Person) -> str:
        if self.mode == "headline":
            return person.last
        if person.full in self.mentioned:
            return person.last
        if self.mode == "body":
            self.mentioned.add(person.full)
        return f"{person.title} {person.full}" if person.title else person.full

    def org(self, org: Org) -> str:
        if self.mode == "headline":
            return org.acronym or org.bare
        if org.name in self.mentioned:
            return org.acronym if org.acronym and self.rng.random() < 0.7 else org.name
        if self.mode == "body":
            self.mentioned.add(org.name)
        return f"{org.name} ({org.acronym})" if org.acronym else org.name

    def slot(self, match: re.Match) -> str:
        name, rng, story = match.group(1), self.rng, self.story
        if name[0] in "pP" and name[1:].isdigit():
            return self.person(story.people[int(name[1:])])
        if name[0] in "oO" and name[1:].isdigit():
            return self.org(story.orgs[int(name[1:])])
        if name in ("l0", "l1"):
            return story.places[int(name[1])].city
        if name == "c0":
            return story.places[0].country
        if name == "bp":
            return self.person(rng.choice(self.background["bp"]))
        if name == "bo":
            return self.org(rng.choice(self.background["bo"]))
        if name == "bl":
            return rng.choice(self.background["bl"])
        if name == "s":
            return story.subject
        if name == "s_cap":
            return story.subject[:1].upper() + story.subject[1:]
        if name in ("k", "k_cap"):
            word = rng.choice(story.keywords)
            return word.capitalize() if name == "k_cap" else word
        if name == "n":
            return str(rng.randint(2, 40))
        if name == "n2":
            return str(rng.randint(0, 5))
        if name in ("pct", "pct2"):
            return f"{rng.randint(2, 89)}{'.' + str(rng.randint(1, 9)) if rng.random() < 0.3 else ''}{self.percent}"
        if name == "money":
            unit = "billion" if rng.random() < 0.25 else "million"
            return f"{self.currency}{rng.uniform(1.1, 950):.1f} {unit}"
        if name == "count":
            return (
                f"{rng.randint(1, 90) * 100 + rng.randint(0, 9) * 10:,}"
                if rng.random() < 0.5
                else f"{rng.randint(2, 250)},000"
            )
        if name == "year":
            return str(rng.randint(1998, 2025))
        if name == "day":
            return rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
        if name == "role":
            return rng.choice(W.ROLES)
        if name == "outlet":
            return self.outlet[0]
        if name == "q":
            return self.render(rng.choice(W.QUOTES), capital=False)
        raise KeyError(name)

    def render(self, template: str, capital: bool = True) -> str:
        text = SLOT.sub(self.slot, template)
        return text[:1].upper() + text[1:] if capital else text

    def write(self, published: dt.datetime) -> dict:
        rng, story, spec = self.rng, self.story, W.TOPICS[self.story.topic]
        self.mode = "headline"
        title = self.render(rng.choice(spec["headlines"]))
        self.mode = "dek"
        dek = self.render(rng.choice(W.DEKS))
        self.mode = "body"
        dateline = f"{story.places[0].city.upper()} — " if rng.random() < 0.5 else ""
        paragraphs = [dateline + self.render(rng.choice(W.LEDES)) + " " + self.render(rng.choice(spec["sentences"]))]
        # 8-12 paragraphs sharing the length that is left; each template at most once until
        # every one has been used (then the deck is dealt again).
        deck: list[str] = []
        wanted = rng.randint(8, 12)
        budget = (rng.randint(4300, 5200) - len(paragraphs[0])) / (wanted - 1)
        while len(paragraphs) < wanted:
            sentences: list[str] = []
            while sum(len(s) + 1 for s in sentences) < budget and len(sentences) < 6:
                if not deck:
                    deck = list(spec["sentences"]) + list(W.COMMON)
                    rng.shuffle(deck)
                sentences.append(self.render(deck.pop()))
            paragraphs.append(" ".join(sentences))
        domain, offset, tag = self.outlet[1], self.outlet[2], self.outlet[3]
        local = published.astimezone(dt.datetime.strptime(offset, "%z").tzinfo)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        digest = hashlib.blake2b(f"{title}{published}".encode(), digest_size=3).hexdigest()
        item = {
            "title": title,
            "dek": dek,
            "date": local.isoformat(timespec="seconds"),
            "source": self.outlet[0],
            "url": f"https://{domain}/{local:%Y/%m/%d}/{slug}-{digest}",
            "body": paragraphs,
        }
        if tag:
            item["tags"] = [tag]
        return item


# --- days and files ---------------------------------------------------------------------------


def day_counts(size: int, days: int) -> list[int]:
    """Articles per day, oldest first: weekdays busier than weekends, some noise, summing to size."""
    import random

    rng = random.Random(f"{SEED}:counts:{size}:{days}")
    first = LAST_DAY - dt.timedelta(days=days - 1)
    weights = []
    for n in range(days):
        weekday = (first + dt.timedelta(days=n)).weekday()
        weights.append((0.75 if weekday >= 5 else 1.1) * rng.uniform(0.9, 1.1))
    total = sum(weights)
    exact = [size * w / total for w in weights]
    counts = [int(x) for x in exact]
    for n in sorted(range(days), key=lambda i: exact[i] - counts[i], reverse=True)[: size - sum(counts)]:
        counts[n] += 1
    return counts


class DayWriter:
    """Generates days in order; a few of yesterday's bigger stories are followed up today."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.yesterday: list[Story] = []
        self.sizes, self.size_weights = zip(*STORY_SIZES)

    def day(self, day: dt.date, count: int) -> list[dict]:
        import random

        rng = random.Random(f"{SEED}:day:{day.isoformat()}:{count}")
        world = self.world
        stories: list[Story] = []
        planned = 0
        for old in self.yesterday:
            if old.size >= 3 and rng.random() < 0.15 and planned < count:
                size = min(rng.randint(1, 3), count - planned)
                start = dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(minutes=rng.randint(0, 20 * 60))
                stories.append(
                    Story(old.topic, old.people, old.orgs, old.places, old.subject, old.keywords, start, size)
                )
                planned += size
        while planned < count:
            size = min(rng.choices(self.sizes, self.size_weights)[0], count - planned)
            stories.append(new_story(world, rng, day, size))
            planned += size
        end = dt.datetime.combine(day, dt.time(23, 59, 59), dt.UTC)
        items = []
        for story in stories:
            weights = [3 if TOPIC_TAG.get(story.topic) == o[3] else 1 for o in world.outlets]
            outlets: list[tuple] = []
            while len(outlets) < story.size:
                outlet = rng.choices(world.outlets, weights)[0]
                if outlet not in outlets:
                    outlets.append(outlet)
            for outlet in outlets:
                published = min(end, story.start + dt.timedelta(minutes=int(rng.expovariate(1 / 90))))
                items.append(ArticleWriter(world, story, outlet, rng).write(published))
        items.sort(key=lambda item: item["date"])
        self.yesterday = stories
        return items


def code_digest(path: Path) -> bytes:
    """A digest of a Python file's code, not its layout: its syntax tree without line numbers,
    so reformatting or re-commenting the code keeps the cached articles and libraries."""
    return hashlib.sha256(ast.dump(ast.parse(path.read_text(encoding="utf-8"))).encode()).digest()


def articles_dir(size: int) -> Path:
    digest = code_digest(HERE / "news_words.py").hex()[:8]
    return CACHE / f"articles-{size}-g{GENERATOR_VERSION}-{digest}"


def generate(size: int, *, log=print) -> dict:
    """Write the article files of a library of `size` (cached); returns their manifest."""
    directory = articles_dir(size)
    manifest_path = directory / "manifest.json"
    if manifest_path.exists():
        return json.loads(manifest_path.read_text())
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    started = time.perf_counter()
    days = span_days(size)
    counts = day_counts(size, days)
    first = LAST_DAY - dt.timedelta(days=days - 1)
    writer = DayWriter(World())
    manifest: dict = {"generator": GENERATOR_VERSION, "size": size, "days": [], "bytes": 0}
    for n, count in enumerate(counts):
        day = first + dt.timedelta(days=n)
        items = writer.day(day, count)
        name = f"{day.isoformat()}.jsonl"
        data = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
        (directory / name).write_text(data, encoding="utf-8")
        manifest["bytes"] += len(data.encode())
        manifest["days"].append({"date": day.isoformat(), "articles": len(items), "file": name})
        if day == LAST_DAY:
            manifest["newest_titles"] = [item["title"] for item in items]
    extra_day = LAST_DAY + dt.timedelta(days=1)
    items = writer.day(extra_day, EXTRA_ARTICLES)
    (directory / "extra.jsonl").write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
    manifest["extra"] = {"date": extra_day.isoformat(), "articles": len(items), "file": "extra.jsonl"}
    manifest["generate_seconds"] = round(time.perf_counter() - started, 1)
    manifest_path.write_text(json.dumps(manifest, indent=1))
    log(
        f"  generated {size:,} articles over {days} days ({manifest['bytes'] / 1e6:.0f} MB of JSON Lines) "
        f"in {manifest['generate_seconds']} s: {directory}"
    )
    return manifest


def typical_day(manifest: dict) -> dict:
    """A day with a typical article count: among the last 14 days, the one closest to the
    median count of all days (the most recent on a tie)."""
    counts = sorted(d["articles"] for d in manifest["days"])
    median = counts[len(counts) // 2]
    recent = manifest["days"][-14:]
    return min(reversed(recent), key=lambda d: abs(d["articles"] - median))


# --- building through the CLI -----------------------------------------------------------------


def fingerprint() -> tuple[str, dict]:
    """What the built library depends on: the generator and the code that writes the library."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from briefing.analysis import ANALYZER_VERSION

    files = [*sorted((ROOT / "briefing" / "store").rglob("*.py")), ROOT / "briefing" / "services" / "importing.py"]
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{ANALYZER_VERSION}".encode())
    digest.update(code_digest(HERE / "news_words.py"))
    for path in files:
        if path.exists():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + code_digest(path))
    inputs = {
        "generator": GENERATOR_VERSION,
        "analyzer": ANALYZER_VERSION,
        "code": [str(p.relative_to(ROOT)) for p in files if p.exists()],
    }
    return digest.hexdigest()[:12], inputs


def cli_env(config_dir: str | Path) -> dict:
    """The environment every benchmark runs briefing in: this checkout's code, UTC days, a
    config directory of its own (no user keys or themes), colour as on a terminal."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "UTC", "BRIEFING_CONFIG_DIR": str(config_dir)}
    for name in ("NO_COLOR", "BRIEFING_DB", "COLUMNS", "LINES"):
        env.pop(name, None)
    return env


class CLI:
    def __init__(self, library: Path, config_dir: Path) -> None:
        self.library = library
        self.env = cli_env(config_dir)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "briefing", "--db", str(self.library), *args]
        result = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise SystemExit(
                f"`briefing {' '.join(args[:3])} ...` failed ({result.returncode}): {result.stderr.strip()[-2000:]}"
            )
        return result


def import_files(cli: CLI, directory: Path, days: list[dict], log=print) -> list[dict]:
    chunks, chunk, articles = [], [], 0
    for day in days:
        chunk.append(day)
        articles += day["articles"]
        if articles >= IMPORT_CHUNK:
            chunks.append(chunk)
            chunk, articles = [], 0
    if chunk:
        chunks.append(chunk)
    done = []
    for chunk in chunks:
        count = sum(d["articles"] for d in chunk)
        start = time.perf_counter()
        result = cli.run("import", "--quiet", *(str(directory / d["file"]) for d in chunk))
        seconds = time.perf_counter() - start
        line = result.stderr.strip().splitlines()[-1]
        if line != f"imported {count}, duplicates 0, failed 0":
            raise SystemExit(f"unexpected import result for {chunk[0]['date']}..{chunk[-1]['date']}: {line}")
        done.append(
            {"from": chunk[0]["date"], "to": chunk[-1]["date"], "articles": count, "seconds": round(seconds, 2)}
        )
        log(
            f"    import {chunk[0]['date']}..{chunk[-1]['date']}: {count:,} articles in {seconds:.1f} s "
            f"({sum(d['articles'] for d in done):,} in the library)"
        )
    return done


def utc_day(published: str) -> str:
    moment = dt.datetime.fromisoformat(published)
    return moment.astimezone(dt.UTC).date().isoformat()


def add_user_state(cli: CLI, size: int, log=print) -> dict:
    """A reader's two months (or year) of use, through the CLI: each day two articles tagged by
    hand and a few read; a note every other day; a week's reads and stars per command."""
    import random

    rng = random.Random(f"{SEED}:user:{size}")
    rows = json.loads(cli.run("list", "--json").stdout)
    by_day: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_day[utc_day(row["published"])].append(row)
    read: dict[int, list[str]] = defaultdict(list)
    starred: dict[int, list[str]] = defaultdict(list)
    commands: list[tuple[str, ...]] = []
    for n, day in enumerate(sorted(by_day)):
        chosen = sorted(by_day[day], key=lambda r: r["id"])
        rng.shuffle(chosen)
        reads = max(1, round(len(chosen) * 0.06))
        read[n // 7] += [r["id"] for r in chosen[:reads]]
        starred[n // 7] += [r["id"] for r in chosen[reads : reads + max(1, round(len(chosen) * 0.005))]]
        for row in chosen[reads + 10 : reads + 12]:
            commands.append(("tag", row["id"], *rng.sample(W.USER_TAGS, rng.randint(1, 2))))
        if n % 2 == 0:
            row = chosen[-1]
            commands.append(("note", row["id"], rng.choice(W.NOTES).replace("{outlet}", row["source"] or "the wire")))
    for week in sorted(read):
        commands.append(("read", *read[week]))
        commands.append(("star", *starred[week]))
    start = time.perf_counter()
    for command in commands:
        cli.run(*command)
    seconds = time.perf_counter() - start
    summary = Counter(c[0] for c in commands)
    state = {
        "seconds": round(seconds, 1),
        "commands": len(commands),
        "read": sum(map(len, read.values())),
        "starred": sum(map(len, starred.values())),
        "tagged_by_hand": summary["tag"],
        "notes": summary["note"],
        "feed_tagged": sum(1 for r in rows if r["tags"]),
    }
    log(
        f"    user state: {state['read']:,} read, {state['starred']:,} starred, {state['tagged_by_hand']} tagged by hand, "
        f"{state['notes']} notes ({state['commands']} commands, {seconds:.1f} s); {state['feed_tagged']:,} carry a feed tag"
    )
    return state


@dataclass
class Library:
    size: int
    path: Path  # the main library file (what --db names)
    directory: Path  # the cache folder: lib/ (the library) and build.json
    build: dict
    articles: Path  # the generated article files
    manifest: dict


def library_dir(size: int) -> tuple[Path, str, dict]:
    key, inputs = fingerprint()
    return CACHE / f"library-{size}-{key}", key, inputs


def ensure(size: int, *, log=print) -> Library:
    """The cached library of `size` articles for the current code, built first if missing."""
    directory, key, inputs = library_dir(size)
    manifest = generate(size, log=log)
    articles = articles_dir(size)
    build_path = directory / "build.json"
    if not build_path.exists():
        build(size, directory, key, inputs, manifest, log=log)
    build_info = json.loads(build_path.read_text())
    return Library(size, directory / "lib" / "library.json", directory, build_info, articles, manifest)


def build(size: int, directory: Path, key: str, inputs: dict, manifest: dict, *, log=print) -> None:
    stale = [
        p for p in CACHE.glob(f"library-{size}-*") if p.is_dir() and p != directory and not p.name.endswith(".partial")
    ]
    log(
        f"building the {size:,}-article library for this code ({key}) in {directory}"
        + (f"; older builds kept: {', '.join(p.name for p in stale)} (--clean removes them)" if stale else "")
    )
    partial = directory.with_name(directory.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "lib").mkdir(parents=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-config-") as config:
        cli = CLI(partial / "lib" / "library.json", Path(config))
        imports = import_files(cli, articles_dir(size), manifest["days"], log=log)
        import_seconds = sum(i["seconds"] for i in imports)
        log(f"    import total: {import_seconds:.1f} s for {size:,} articles in {len(imports)} commands")
        state = add_user_state(cli, size, log=log)
        day = typical_day(manifest)
        rows = json.loads(cli.run("list", "--json", "--date", day["date"]).stdout)
        if len(rows) != day["articles"]:
            raise SystemExit(
                f"`list --date {day['date']}` shows {len(rows)} articles, the generator wrote {day['articles']}"
            )
        target = next(
            r for r in sorted(rows, key=lambda r: r["id"]) if not r["tags"] and not r["starred"] and not r["notes"]
        )
    info = {
        "size": size,
        "fingerprint": key,
        "inputs": inputs,
        "built": dt.datetime.now().isoformat(timespec="seconds"),
        "span_days": len(manifest["days"]),
        "first_day": manifest["days"][0]["date"],
        "last_day": manifest["days"][-1]["date"],
        "import": {"seconds": round(import_seconds, 1), "commands": imports, "chunk": IMPORT_CHUNK},
        "user_state": state,
        "brief_day": day,
        "tag_article": target["id"],
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    (partial / "build.json").write_text(json.dumps(info, indent=1))
    shutil.rmtree(directory, ignore_errors=True)
    partial.rename(directory)
    log(f"  built in {info['build_seconds']:.0f} s")


def clean(log=print) -> None:
    keep = {library_dir(size)[0] for size in (*SPANS, *(int(p.name.split("-")[1]) for p in CACHE.glob("library-*")))}
    keep_articles = {articles_dir(int(p.name.split("-")[1])) for p in CACHE.glob("articles-*")}
    for path in sorted(CACHE.glob("library-*")) + sorted(CACHE.glob("articles-*")):
        if path not in keep and path not in keep_articles:
            size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            log(f"removing {path} ({size / 1e6:.0f} MB)")
            shutil.rmtree(path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="", help="comma-separated sizes to build, e.g. 1000,10000")
    parser.add_argument("--sample", type=int, default=0, help="print N generated articles of the 1k set and exit")
    parser.add_argument("--clean", action="store_true", help="delete cached libraries and files of other code versions")
    parser.add_argument(
        "--files-only",
        action="store_true",
        help="only write the article files (they do not depend on the store's code: a layout change keeps them)",
    )
    args = parser.parse_args(argv)
    if args.sample:
        manifest = generate(1000)
        lines = (articles_dir(1000) / manifest["days"][-1]["file"]).read_text(encoding="utf-8").splitlines()
        for line in lines[: args.sample]:
            item = json.loads(line)
            print(f"{item['title']}\n{item['dek']}\n{item['date']} · {item['source']} · {item.get('tags')}\n")
            print(
                "\n\n".join(item["body"]),
                f"\n\n({len(chr(10).join(item['body']))} characters, {len(item['body'])} paragraphs)\n",
            )
        return 0
    if args.clean:
        clean()
    for size in (int(s) for s in args.sizes.split(",") if s):
        if args.files_only:
            manifest = generate(size)
            print(f"{size:,}: {len(manifest['days'])} day files in {articles_dir(size)}")
            continue
        library = ensure(size)
        b = library.build
        print(f"{size:,}: {library.path} (import {b['import']['seconds']} s, built {b['built']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
