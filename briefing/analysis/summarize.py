"""Extractive summaries: our news scorer ("default"), lead-N, and every stock sumy algorithm.

The default scorer is plain Python (no sumy, numpy or NLTK import, so it is cheap in worker
processes) and combines a few principled news features:

- position: news puts the point first (inverted pyramid), so early sentences score higher;
- headline (and dek, when given) overlap: content words shared with the title;
- centrality: cosine similarity of the sentence to the whole article's term vector;
- figures: a sentence with a number gets a small bonus (standfirsts carry the key figure);
- shape: very short fragments, questions and sentences that are mostly a quotation rarely
  carry the news, and lose points (a quotation running over from the previous sentence
  counts as quoted);
- redundancy: sentences are picked greedily (maximal marginal relevance), each one
  penalised by its similarity to the ones already chosen.

The sumy algorithms get the same sentence spans through our tokenizer (see sentences.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .sentences import _WORD, SumyTokenizer

SUMY_ALGORITHMS = ("lexrank", "textrank", "lsa", "luhn", "edmundson", "sumbasic", "kl", "reduction")

STOP_WORDS = frozenset(
    """a about above after again against ago all almost also although always am amid among an
    and another any are around as at be because been before being below between both but by
    can could did do does doing down during each either even ever every few for from further
    had has have having he her here hers herself him himself his how however i if in into is
    it its itself just last least less like made make many may me might more most much must my
    near new no nor not now of off on once one only or other our ours ourselves out over own
    per said same say says she should since so some still such than that the their theirs them
    themselves then there these they this those though through to too two under until up upon
    us very via was we were what when where whether which while who whom whose why will with
    within without would year years yet you your yours also told according mr mrs ms""".split()
)

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s")


def stem(word: str) -> str:
    """A deliberately light suffix stripper: good enough to match 'talks'/'talk', cheap."""
    w = word.lower()
    if len(w) <= 4:
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def content_terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and not w.isdigit()]


_QUOTE_CHARS = "\"\u201c\u201d"


def _quote_fraction(text: str) -> float:
    """Share of the sentence's characters inside double quotes.

    A quotation often spans sentences, so a sentence may start inside one: a first quote
    mark that closes (right after punctuation, as in `...conditions," she said`) means
    everything before it was quoted.
    """
    marks = [i for i, ch in enumerate(text) if ch in _QUOTE_CHARS]
    if not marks:
        return 0.0
    inside = 0
    first = marks[0]
    if text[first] == "\u201d" or (first > 0 and text[first - 1] in ",.!?" and text[first] == '"'):
        inside += first
        marks = marks[1:]
    for a, b in zip(marks[::2], marks[1::2]):
        inside += b - a
    if len(marks) % 2:
        inside += len(text) - marks[-1]  # a quotation that runs on past the sentence
    return min(1.0, inside / max(len(text), 1))


def _cosine(a: Counter, b: Counter, na: float, nb: float) -> float:
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / (na * nb)


# Weights of the default scorer. Few, and each has a reason; see the module docstring.
W_POSITION = 1.0
W_CENTRALITY = 0.4
W_TITLE = 0.3
MMR_REDUNDANCY = 0.5
POSITION_DECAY = 1.0  # position score = 1 / (1 + index) ** decay
NUMBER_BONUS = 0.15
QUOTE_PENALTY = 1.0
_NUMBER = re.compile(r"\d")


def default_scores(title: str, dek: str | None, sentences: list[str]):
    """Relevance of each sentence (before redundancy handling)."""
    terms = [content_terms(s) for s in sentences]
    n = len(sentences)
    df: Counter = Counter()
    for t in terms:
        df.update(set(t))
    idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
    vecs = []
    for t in terms:
        tf = Counter(t)
        vecs.append(Counter({w: c * idf[w] for w, c in tf.items()}))
    norms = [math.sqrt(sum(v * v for v in vec.values())) for vec in vecs]
    centroid: Counter = Counter()
    for vec in vecs:
        centroid.update(vec)
    cnorm = math.sqrt(sum(v * v for v in centroid.values()))
    query = set(content_terms(title))
    if dek:
        query |= set(content_terms(dek))
    scores = []
    for i, (t, vec, norm) in enumerate(zip(terms, vecs, norms)):
        position = 1.0 / (1.0 + i) ** POSITION_DECAY
        centrality = _cosine(vec, centroid, norm, cnorm)
        uniq = set(t)
        title_overlap = len(uniq & query) / math.sqrt(len(query) * len(uniq)) if uniq and query else 0.0
        score = W_POSITION * position + W_CENTRALITY * centrality + W_TITLE * title_overlap
        words = len(_WORD.findall(sentences[i]))
        text = sentences[i]
        if words < 6:
            score *= 0.5
        if _NUMBER.search(text):
            score *= 1.0 + NUMBER_BONUS
        if text.rstrip("\"'\u201d\u2019 ").endswith("?"):
            score *= 0.6
        score *= 1.0 - QUOTE_PENALTY * _quote_fraction(text)
        scores.append(score)
    return scores, vecs, norms


def select_default(title: str, dek: str | None, sentences: list[str], count: int) -> list[int]:
    """Indices (article order) of the sentences our default summary picks."""
    if count >= len(sentences):
        return list(range(len(sentences)))
    scores, vecs, norms = default_scores(title, dek, sentences)
    chosen: list[int] = []
    candidates = set(range(len(sentences)))
    while len(chosen) < count and candidates:
        best, best_val = -1, -math.inf
        for i in candidates:
            redundancy = max((_cosine(vecs[i], vecs[j], norms[i], norms[j]) for j in chosen), default=0.0)
            val = scores[i] - MMR_REDUNDANCY * redundancy
            if val > best_val or (val == best_val and i < best):
                best, best_val = i, val
        chosen.append(best)
        candidates.discard(best)
    return sorted(chosen)


def select_sumy(algorithm: str, title: str, paragraphs: list[list[str]], count: int) -> list[int]:
    """Indices of the sentences a stock sumy summarizer picks (lazy imports: sumy, numpy, NLTK)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    tokenizer = SumyTokenizer()
    stemmer = Stemmer("english")
    if algorithm == "lexrank":
        from sumy.summarizers.lex_rank import LexRankSummarizer as cls
    elif algorithm == "textrank":
        from sumy.summarizers.text_rank import TextRankSummarizer as cls
    elif algorithm == "lsa":
        from sumy.summarizers.lsa import LsaSummarizer as cls
    elif algorithm == "luhn":
        from sumy.summarizers.luhn import LuhnSummarizer as cls
    elif algorithm == "edmundson":
        from sumy.summarizers.edmundson import EdmundsonSummarizer as cls
    elif algorithm == "sumbasic":
        from sumy.summarizers.sum_basic import SumBasicSummarizer as cls
    elif algorithm == "kl":
        from sumy.summarizers.kl import KLSummarizer as cls
    elif algorithm == "reduction":
        from sumy.summarizers.reduction import ReductionSummarizer as cls
    else:  # pragma: no cover - guarded by analyze()
        raise ValueError(algorithm)

    index: dict[str, list[int]] = {}
    sumy_paragraphs = []
    k = 0
    for para in paragraphs:
        objs = []
        for text in para:
            objs.append(Sentence(text, tokenizer))
            index.setdefault(objs[-1]._text, []).append(k)
            k += 1
        sumy_paragraphs.append(Paragraph(objs))
    document = ObjectDocumentModel(sumy_paragraphs)
    summarizer = cls(stemmer)
    stop_words = get_stop_words("english")
    if algorithm == "edmundson":
        summarizer.null_words = stop_words
        summarizer.bonus_words = [w for w in tokenizer.to_words(title) if w.lower() not in stop_words] or ["news"]
        summarizer.stigma_words = ["said", "told"]
    else:
        summarizer.stop_words = stop_words
    picked = summarizer(document, count)
    out = []
    used: set[int] = set()
    for sent in picked:
        for i in index.get(sent._text, []):
            if i not in used:
                used.add(i)
                out.append(i)
                break
    return sorted(out)

