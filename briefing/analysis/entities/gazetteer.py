"""The shipped gazetteers (``briefing/analysis/data/*.tsv``, ``*.txt``), loaded once per process.

Places, organisations, first names, titles, nationalities, the words that head an
organisation's or a place's name and the common words. Phrases are keyed by their tokens
(stage 1), so a stage matches them against a run of tokens. Loading is lazy and guarded by a
lock so threads share the tables; worker processes load their own copy (tens of milliseconds).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from briefing.analysis import ORG, PLACE

from .tokens import word_tokens

DATA = Path(__file__).resolve().parent.parent / "data"

_lock = threading.Lock()
_tables: Gazetteer | None = None


def tokenize_phrase(text: str) -> tuple[str, ...]:
    parts = text.split()
    if all(p.isalpha() for p in parts):
        return tuple(parts)  # what the tokenizer makes of plain words, much faster
    return tuple(t for t, _, _ in word_tokens(text))


def first_words(table: dict | frozenset) -> dict[str, int]:
    """For a table of token tuples: each first token and the longest entry it starts."""
    out: dict[str, int] = {}
    for key in table:
        if key and len(key) > out.get(key[0], 0):
            out[key[0]] = len(key)
    return out


@dataclass
class Gazetteer:
    # token tuple (exact case) -> (canonical, label)
    phrases: dict[tuple[str, ...], tuple[str, str]]
    countries: frozenset[tuple[str, ...]]  # the phrases naming countries, regions and US states
    first_names: frozenset[str]
    titles: dict[tuple[str, ...], str]
    title_max: int
    nationalities: dict[tuple[str, ...], str]
    org_words: frozenset[str]
    place_words: frozenset[str]
    common: frozenset[str]
    acronym_stop: frozenset[str]
    ambiguous_first: frozenset[str]
    towns: frozenset[tuple[str, ...]]  # smaller towns: a hint for the model, never a canonical name
    # first token -> the longest entry it starts, per table (phrase matching looks here first)
    phrase_starts: dict[str, int] = field(default_factory=dict)
    title_starts: dict[str, int] = field(default_factory=dict)
    nat_starts: dict[str, int] = field(default_factory=dict)
    town_starts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.phrase_starts = first_words(self.phrases)
        self.title_starts = first_words(self.titles)
        self.nat_starts = first_words(self.nationalities)
        self.town_starts = first_words(self.towns)


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(line.rstrip("\n"))
    return out


def _load() -> Gazetteer:
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(name: str, canonical: str, label: str, override: bool = False) -> None:
        toks = tokenize_phrase(name)
        if not toks:
            return
        if toks[0] in ("the", "The") and len(toks) > 1:
            # "the Gaza Strip": register without the article; the article is not part of a name
            rest = toks[1:]
            if override or rest not in phrases:
                phrases[rest] = (canonical, label)
        if override or toks not in phrases:
            phrases[toks] = (canonical, label)

    # Later tables override earlier ones: cities < states < countries < regions < orgs.
    countries: set[tuple[str, ...]] = set()
    for fname, label in (
        ("cities.tsv", PLACE),
        ("us_states.tsv", PLACE),
        ("countries.tsv", PLACE),
        ("regions.tsv", PLACE),
        ("orgs.tsv", ORG),
    ):
        for line in _lines(fname):
            fields = [f.strip() for f in line.split("\t") if f.strip()]
            canonical = fields[0]
            for name in fields:
                add(name, canonical, label, override=True)
                if fname in ("us_states.tsv", "countries.tsv", "regions.tsv"):
                    countries.add(tokenize_phrase(name))
    countries = {k for k in countries if phrases.get(k, ("", ""))[1] == PLACE}

    titles = {tokenize_phrase(t): t for t in _lines("titles.txt")}
    titles.pop((), None)
    nats = {tokenize_phrase(t): t for t in _lines("nationalities.txt")}
    nats.pop((), None)
    towns = frozenset(tokenize_phrase(t) for t in _lines("towns.txt")) - {()}
    return Gazetteer(
        phrases=phrases,
        countries=frozenset(countries),
        first_names=frozenset(_lines("first_names.txt")),
        titles=titles,
        title_max=max(len(k) for k in titles),
        nationalities=nats,
        org_words=frozenset(w.strip() for w in _lines("org_words.txt")),
        place_words=frozenset(w.strip() for w in _lines("place_words.txt")),
        common=frozenset(w.strip().lower() for w in _lines("common_words.txt")),
        acronym_stop=frozenset(w.strip() for w in _lines("acronym_stoplist.txt")),
        ambiguous_first=frozenset(w.strip() for w in _lines("ambiguous_first_names.txt")),
        towns=towns,
    )


def get() -> Gazetteer:
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _load()
    return _tables
