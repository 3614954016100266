"""The shipped gazetteers (data/*.tsv, data/*.txt), loaded once per process on first use.

Loading is lazy and guarded by a lock so threads can share the tables; worker processes
load their own copy (a few milliseconds).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

_lock = threading.Lock()
_tables: "Gazetteer | None" = None


def tokenize_phrase(text: str) -> tuple[str, ...]:
    from .entities import word_tokens

    return tuple(t for t, _, _ in word_tokens(text))


@dataclass
class Gazetteer:
    # token tuple (exact case) -> (canonical, label)
    phrases: dict[tuple[str, ...], tuple[str, str]]
    max_len: int
    first_names: frozenset[str]
    titles: dict[tuple[str, ...], str]
    title_max: int
    nationalities: dict[tuple[str, ...], str]
    nat_max: int
    org_words: frozenset[str]
    place_words: frozenset[str]
    common: frozenset[str]
    acronym_stop: frozenset[str]
    ambiguous_first: frozenset[str]


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
    for fname, label in (
        ("cities.tsv", "PLACE"),
        ("us_states.tsv", "PLACE"),
        ("countries.tsv", "PLACE"),
        ("regions.tsv", "PLACE"),
        ("orgs.tsv", "ORG"),
    ):
        for line in _lines(fname):
            fields = [f.strip() for f in line.split("\t") if f.strip()]
            canonical = fields[0]
            for name in fields:
                add(name, canonical, label, override=True)
    max_len = max(len(k) for k in phrases)

    titles = {tokenize_phrase(t): t for t in _lines("titles.txt")}
    titles.pop((), None)
    nats = {tokenize_phrase(t): t for t in _lines("nationalities.txt")}
    nats.pop((), None)
    return Gazetteer(
        phrases=phrases,
        max_len=max_len,
        first_names=frozenset(_lines("first_names.txt")),
        titles=titles,
        title_max=max(len(k) for k in titles),
        nationalities=nats,
        nat_max=max(len(k) for k in nats),
        org_words=frozenset(w.strip() for w in _lines("org_words.txt")),
        place_words=frozenset(w.strip() for w in _lines("place_words.txt")),
        common=frozenset(w.strip().lower() for w in _lines("common_words.txt")),
        acronym_stop=frozenset(w.strip() for w in _lines("acronym_stoplist.txt")),
        ambiguous_first=frozenset(w.strip() for w in _lines("ambiguous_first_names.txt")),
    )


def get() -> Gazetteer:
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _load()
    return _tables
