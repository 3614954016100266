"""Grouping a brief's articles into stories: shared entities plus shared vocabulary.

Two articles are compared by
- vocabulary: TF-IDF cosine of their headline (counted twice), standfirst and summary;
- entities: cosine of their merged-entity vectors (weight 1 + log(mentions), times IDF),
and `similarity = TEXT_WEIGHT * vocabulary + (1 - TEXT_WEIGHT) * entities`. Articles are
joined by average-linkage clustering: two groups merge while the mean similarity of all
their pairs is at least `THRESHOLD`, so one shared name cannot chain unrelated stories.

IDF comes from the articles being grouped (smoothed, so two articles alone still compare
sensibly). Weight and threshold were chosen by measurement (tests/test_brief_grouping.py;
`python tests/test_brief_grouping.py --sweep` prints the table): on the dev set every text
weight from 0.25 to 0.75 separates its six same-story pairs from everything else; at 0.5 the
lowest same-story pair scores about 0.5 (0.41 when the two are the day's only articles) and the
highest unrelated pair 0.12 (0.19 with the bundled seeds added: two typhoons in two
countries). THRESHOLD sits in the middle of that gap. The vocabulary is headline, standfirst
and stored summary, not the body: the same separation at a fraction of the tokenising.
Plain Python, no numpy: pairs are found through an inverted index, so articles that share
nothing cost nothing.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# The analyzer's light suffix stripper, so a story's words match the same way in summaries and groups.
from briefing.analysis.summarize import STOP_WORDS as SUMMARY_STOP_WORDS
from briefing.analysis.summarize import stem

TEXT_WEIGHT = 0.5
THRESHOLD = 0.27
# A term or entity in more than this share of the articles (and more than a handful of
# them) says little about which story an article tells; skipping it keeps pairs sparse.
COMMON_SHARE = 0.5
COMMON_MIN = 8

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# The summariser's stop words (one list, briefing.analysis.summarize) plus the calendar words,
# small numbers and "get"/"percent" that every story of a day shares.
STOP_WORDS = SUMMARY_STOP_WORDS | frozenset(
    """get got monday tuesday wednesday thursday friday saturday sunday week weeks day days
    month months three four five six seven eight nine ten first second percent""".split()
)

_STEMS: dict[str, str | None] = {}


def terms(text: str) -> list[str]:
    """Content-word stems of a text (stop words, one-letter words and apostrophe-s dropped)."""
    out = []
    for word in _WORD.findall(text.casefold()):
        stemmed = _STEMS.get(word, "")
        if stemmed == "":
            base = word.replace("’", "'")
            if base.endswith("'s"):
                base = base[:-2]
            stemmed = None if len(base) < 2 or base in STOP_WORDS else stem(base)
            if len(_STEMS) < 200_000:
                _STEMS[word] = stemmed
        if stemmed:
            out.append(stemmed)
    return out


@dataclass(frozen=True)
class StoryDoc:
    """What grouping knows of an article: its words and its merged entities with mentions."""

    headline: str
    text: str  # standfirst, summary (or body): anything that says what the article is about
    entities: dict[int, int] = field(default_factory=dict)


def _vectors(bags: Sequence[dict], df_limit: int) -> list[dict]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) of bags {feature: weight}."""
    n = len(bags)
    df: dict = {}
    for bag in bags:
        for feature in bag:
            df[feature] = df.get(feature, 0) + 1
    idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items() if d <= df_limit}
    vectors = []
    for bag in bags:
        vector = {f: (1.0 + math.log(w)) * idf[f] for f, w in bag.items() if f in idf and w > 0}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({f: v / norm for f, v in vector.items()})
    return vectors


def _dots(vectors: Sequence[dict]) -> dict[tuple[int, int], float]:
    """Dot products of every pair (i < j) that shares at least one feature."""
    postings: dict = {}
    for index, vector in enumerate(vectors):
        for feature, value in vector.items():
            postings.setdefault(feature, []).append((index, value))
    dots: dict[tuple[int, int], float] = {}
    for posting in postings.values():
        if len(posting) < 2:
            continue
        for a in range(len(posting)):
            i, vi = posting[a]
            for b in range(a + 1, len(posting)):
                j, vj = posting[b]
                dots[(i, j)] = dots.get((i, j), 0.0) + vi * vj
    return dots


def similarities(docs: Sequence[StoryDoc], text_weight: float = TEXT_WEIGHT) -> dict[tuple[int, int], float]:
    """Combined similarity of every pair (i < j) of docs that has any."""
    n = len(docs)
    df_limit = n if n <= COMMON_MIN else max(COMMON_MIN, int(n * COMMON_SHARE))
    bags = []
    for doc in docs:
        bag: dict[str, float] = {}
        for term in terms(doc.headline):
            bag[term] = bag.get(term, 0.0) + 2.0
        for term in terms(doc.text):
            bag[term] = bag.get(term, 0.0) + 1.0
        bags.append(bag)
    text_dots = _dots(_vectors(bags, df_limit))
    entity_dots = _dots(_vectors([{k: float(v) for k, v in doc.entities.items()} for doc in docs], df_limit))
    combined: dict[tuple[int, int], float] = {}
    for pair in text_dots.keys() | entity_dots.keys():
        combined[pair] = text_weight * text_dots.get(pair, 0.0) + (1.0 - text_weight) * entity_dots.get(pair, 0.0)
    return combined


def cluster(n: int, sims: dict[tuple[int, int], float], threshold: float = THRESHOLD) -> list[list[int]]:
    """Average-linkage agglomerative clustering of items 0..n-1: the two groups with the highest
    mean pairwise similarity merge while that mean is at least `threshold`. Returns groups of
    indices, each sorted, in order of their first item. Pairs absent from `sims` count as 0."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Sum of similarities between the members of two live groups, both directions.
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), value in sims.items():
        if value > 0 and i != j:
            links[i][j] = links[i].get(j, 0.0) + value
            links[j][i] = links[j].get(i, 0.0) + value
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        score = links[a][b] / (len(members[a]) * len(members[b]))
        if score >= threshold:
            heapq.heappush(heap, (-score, a, b, version[a], version[b]))

    for a in range(n):
        for b in links[a]:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue  # stale: one side has merged since this entry was pushed
        members[a].extend(members.pop(b))
        version[a] += 1
        for other, total in links.pop(b).items():
            del links[other][b]
            if other != a:
                links[a][other] = links[a].get(other, 0.0) + total
                links[other][a] = links[other].get(a, 0.0) + total
        links[a].pop(b, None)
        for other in links[a]:
            push(a, other)
    groups = [sorted(group) for group in members.values()]
    groups.sort(key=lambda group: group[0])
    return groups


def group_stories(
    docs: Sequence[StoryDoc], threshold: float = THRESHOLD, text_weight: float = TEXT_WEIGHT
) -> tuple[list[list[int]], dict[tuple[int, int], float]]:
    """Story groups (lists of indices into `docs`) and the pairwise similarities used."""
    sims = similarities(docs, text_weight)
    return cluster(len(docs), sims, threshold), sims
