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
The pair products and the clustering run on dense numpy matrices: a busy day (1,000 articles
sharing common words) costs a fraction of a second instead of seconds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
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


def _matrix(vectors: Sequence[dict]):
    """The vectors as rows of a dense float32 matrix over the features two or more of them
    share (a feature of one vector adds nothing to any dot product)."""
    import numpy as np

    seen: set = set()
    shared: dict = {}
    for vector in vectors:
        for feature in vector:
            if feature in seen:
                if feature not in shared:
                    shared[feature] = len(shared)
            else:
                seen.add(feature)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, vector in enumerate(vectors):
        for feature, value in vector.items():
            column = shared.get(feature)
            if column is not None:
                rows.append(row)
                columns.append(column)
                values.append(value)
    matrix = np.zeros((len(vectors), max(len(shared), 1)), dtype=np.float32)
    matrix[rows, columns] = values
    return matrix


class PairSimilarities(Mapping):
    """{(i, j): similarity} for i < j, over a dense symmetric matrix: pairs with no similarity
    are absent (0.0 through `.get`)."""

    def __init__(self, matrix) -> None:
        self.matrix = matrix

    def __getitem__(self, pair: tuple[int, int]) -> float:
        i, j = pair
        value = float(self.matrix[i, j]) if i != j else 0.0
        if value <= 0.0:
            raise KeyError(pair)
        return value

    def _pairs(self):
        import numpy as np

        rows, cols = np.nonzero(np.triu(self.matrix, 1) > 0)
        return zip(rows.tolist(), cols.tolist())

    def __iter__(self):
        return iter(self._pairs())

    def __len__(self) -> int:
        import numpy as np

        return int(np.count_nonzero(np.triu(self.matrix, 1) > 0))


def similarities(docs: Sequence[StoryDoc], text_weight: float = TEXT_WEIGHT) -> PairSimilarities:
    """Combined similarity of every pair (i < j) of docs that has any. Dense matrix products
    (numpy): a busy day of 1,000 articles shares common words across most pairs, which sparse
    pure-Python dot products made take seconds."""
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
    text = _matrix(_vectors(bags, df_limit))
    entities = _matrix(_vectors([{k: float(v) for k, v in doc.entities.items()} for doc in docs], df_limit))
    combined = (text_weight * (text @ text.T) + (1.0 - text_weight) * (entities @ entities.T)).astype(float)
    combined[combined < 1e-6] = 0.0  # float32 rounding noise is not a similarity
    return PairSimilarities(combined)


def cluster(n: int, sims: Mapping[tuple[int, int], float], threshold: float = THRESHOLD) -> list[list[int]]:
    """Average-linkage agglomerative clustering of items 0..n-1: the two groups with the highest
    mean pairwise similarity merge while that mean is at least `threshold` (ties: the pair with
    the lowest indices). Returns groups of indices, each sorted, in order of their first item.
    Pairs absent from `sims` count as 0.

    The mean similarity of a merged group to any other is the size-weighted mean of its two
    parts' (Lance-Williams), so one dense matrix row per group is all the state there is."""
    import numpy as np

    if isinstance(sims, PairSimilarities):
        matrix = np.array(sims.matrix, dtype=float)
    else:
        matrix = np.zeros((n, n))
        for (i, j), value in sims.items():
            if value > 0 and i != j:
                matrix[i, j] = matrix[j, i] = value
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    if n < 2:
        return [[i] for i in range(n)]
    np.fill_diagonal(matrix, -np.inf)
    sizes = np.ones(n)
    # Each row's best partner and its similarity, kept up to date instead of searching the whole
    # matrix after every merge (the first of equal values wins, as in a row-major search).
    best = matrix.max(axis=1)
    partner = matrix.argmax(axis=1)
    rows = np.arange(n)
    while True:
        a = int(np.argmax(best))
        if not best[a] >= threshold:
            break
        a, b = min(a, int(partner[a])), max(a, int(partner[a]))
        merged = (sizes[a] * matrix[a] + sizes[b] * matrix[b]) / (sizes[a] + sizes[b])
        matrix[a, :] = merged
        matrix[:, a] = merged
        matrix[b, :] = -np.inf
        matrix[:, b] = -np.inf
        matrix[a, a] = -np.inf
        sizes[a] += sizes[b]
        members[a].extend(members.pop(b))
        best[b] = -np.inf
        # Rows whose best partner was a or b look again; every other row compares with a's new column.
        stale = (partner == a) | (partner == b)
        stale[b] = False
        stale[a] = True
        column = matrix[:, a]
        better = ~stale & ((column > best) | ((column == best) & (a < partner)))
        best[better] = column[better]
        partner[better] = a
        for i in rows[stale]:
            partner[i] = int(np.argmax(matrix[i]))
            best[i] = matrix[i, partner[i]]
    groups = [sorted(group) for group in members.values()]
    groups.sort(key=lambda group: group[0])
    return groups


def group_stories(
    docs: Sequence[StoryDoc], threshold: float = THRESHOLD, text_weight: float = TEXT_WEIGHT
) -> tuple[list[list[int]], PairSimilarities]:
    """Story groups (lists of indices into `docs`) and the pairwise similarities used."""
    sims = similarities(docs, text_weight)
    return cluster(len(docs), sims, threshold), sims
