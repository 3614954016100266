"""Extractive summaries: which sentences may enter one (`candidates`), our news scorer
("default"), and every stock sumy algorithm.

Every algorithm picks from the same candidates: article prose only (briefing.core.prose decides
what prose is), datelines cut off the lede, no sentence that repeats an earlier one.

The default scorer is plain Python (no sumy, numpy or NLTK import, so it is cheap in worker
processes). It has two ways to pick, by what the article carries.

**Without a standfirst** (feeds and pages often give none) it picks sentences greedily; each
pick maximises

    (position + coverage) x shape factors + learned salience - redundancy

- position: news puts the point first (inverted pyramid): 1 / sqrt(1 + index), plus a bonus
  for the lede;
- coverage: the article's key terms that the sentence adds to the summary so far. A term
  weighs more when it is in the headline and the more sentences of the article use it (log of
  that count: the main actors and the topic recur, incidental words do not). Counting only
  terms not yet covered rewards a sentence that names the actors or the number the lede left
  out, and not one that repeats the lede;
- shape: a sentence with a figure gains; long sentences lose (score x (25 / words) ** 0.75:
  a summary of three 60-word sentences says less per word than highlights do); very short
  fragments, questions and quotations rarely carry the news;
- learned salience: a linear model of what position, length, quotation, headline overlap and
  term centrality say about a sentence on its own, trained on real news with human highlights
  (salience.py);
- redundancy: a small penalty for similarity (TF-IDF cosine) to sentences already picked.

**With a standfirst** (the editor's own summary: a file's line 2, a Markdown ``dek``) it picks
the body sentences that best cover the standfirst and what a summary would say. A learned
model (bigram_model.py) gives every distinct word pair (bigram) of the article its probability
of appearing in a human summary; the standfirst's bigrams are taken as almost certain
(``Weights.dek_probability``); each greedy pick then maximises

    (expected bigrams matched by the summary so far and this sentence)
    / (bigrams of the summary so far and this sentence + prior_bigrams)

an estimate of the summary's ROUGE-2 F1 against a reference of about ``Weights.prior_bigrams``
(40) word pairs.
A bigram counts once, however many sentences repeat it.

A headline or standfirst that only copies the body's opening (``repeats_opening``: a feed
description cut from the first paragraph) carries no editor's judgement; ``analyze`` passes it
to neither pick.

Why two: on the dev set with the standfirst given the bigram pick is ahead on 18 of 24 articles
and behind on none (ROUGE-2 0.194 against 0.164), while with no standfirst it was behind the
first scorer on the sets neither was tuned on (BBC, the report half of cnndm-val).

Weights were chosen on the tuning half of cnndm-val (CNN stories with highlights; the URL's
slug serves as their headline) and on the dev set (tests/data/devset), as round values on the
plateau rather than the single best point; the report half of cnndm-val, the BBC set and the
held-out set were only measured (``python benchmarks/quality.py --cnndm``).

The sumy algorithms get the same sentence spans through our tokenizer (see sentences.py).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from briefing.core.prose import CJK_CHAR

from .sentences import _WORD, SumyTokenizer

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
    return list(_content_terms(text))


@lru_cache(maxsize=8192)
def _content_terms(text: str) -> tuple[str, ...]:
    # cached: candidates() and the scorer both need a sentence's terms
    return tuple(stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and not w.isdigit())


@lru_cache(maxsize=8192)
def word_count(text: str) -> int:
    """Words of ``text``; in Chinese or Japanese, written without spaces, one for every two
    characters (about a word's length there), so a sentence is no 'fragment' for its lack of spaces."""
    n = len(_WORD.findall(text))
    if CJK_CHAR.search(text):
        n += len(CJK_CHAR.findall(text)) // 2
    return n


_QUOTE_CHARS = '"\u201c\u201d'
_QUOTE_MARK = re.compile('["\u201c\u201d]')


@lru_cache(maxsize=8192)
def _quote_fraction(text: str) -> float:
    """Share of the sentence's characters inside quotation marks: double quotes, or single
    quotes as British copy uses them ('It was terrifying,' she said.).

    A quotation often spans sentences, so a sentence may start inside one: a first quote
    mark that closes (right after punctuation, as in `...conditions," she said`) means
    everything before it was quoted.
    """
    inside = _double_quoted(text) if ('"' in text or "\u201c" in text or "\u201d" in text) else 0
    if "'" in text or "\u2018" in text or "\u2019" in text:
        inside = max(inside, _single_quoted(text))
    return min(1.0, inside / max(len(text), 1))


def _double_quoted(text: str) -> int:
    marks = [m.start() for m in _QUOTE_MARK.finditer(text)]
    inside = 0
    first = marks[0]
    if text[first] == "\u201d" or (first > 0 and text[first - 1] in ",.!?" and text[first] == '"'):
        inside += first
        marks = marks[1:]
    for a, b in zip(marks[::2], marks[1::2]):
        inside += b - a
    if len(marks) % 2:
        inside += len(text) - marks[-1]  # a quotation that runs on past the sentence
    return inside


# Single quotes are also apostrophes ("couldn't", "Jones' car"): an opening mark stands after a
# space, a bracket, a colon or a dash and before a letter (not "the '90s"); a closing one right after
# the quotation's own punctuation ('...door,' she said).
_SINGLE_OPEN = re.compile("(?:^|(?<=[\\s(\\[:\u2014\u2013-]))['\u2018](?= ?[A-Za-z])")
_SINGLE_CLOSE = re.compile("(?:(?<=[.,!?])|(?<=[.,!?] ))['\u2019](?=[\\s)\u2014\u2013-]|$)")


def _single_quoted(text: str) -> int:
    opens = [m.start() for m in _SINGLE_OPEN.finditer(text)]
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    if not opens and not closes:
        return 0
    inside = 0
    pos = 0
    if closes and (not opens or closes[0] < opens[0]):
        inside, pos = closes[0], closes[0] + 1  # the sentence starts inside a quotation
    for a in opens:
        if a < pos:
            continue
        b = next((c for c in closes if c > a), None)
        if b is None:  # a quotation that runs on past the sentence opens with a capital
            return inside + (len(text) - a if text[a + 1 : a + 2].isupper() else 0)
        inside += b - a
        pos = b + 1
    return inside


def _cosine(a: Counter, b: Counter, na: float, nb: float) -> float:
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / (na * nb)


@dataclass(frozen=True)
class Weights:
    """Weights of the default scorer (see the module docstring for the reasons)."""

    position_decay: float = 0.5  # position score = 1 / (1 + index) ** decay
    first_bonus: float = 0.25  # the lede: position score + bonus
    title_term: float = 0.05  # per newly covered headline term
    repeated_term: float = 0.025  # per newly covered term, times log(sentences using it)
    number_bonus: float = 0.3  # a figure in the sentence: score x (1 + bonus)
    quote_penalty: float = 0.5  # score x (1 - penalty x quoted share of the sentence)
    question_factor: float = 0.6
    short_factor: float = 0.8  # fewer than SHORT_WORDS words
    long_words: int = 25  # longer sentences: score x (long_words / words) ** long_exponent
    long_exponent: float = 0.75
    salience: float = 2.5  # plus this x the learned prior (salience.py)
    redundancy: float = 0.25  # minus this x the highest cosine to a sentence already picked
    # with a standfirst (the bigram pick)
    prior_bigrams: float = 40.0  # the reference's assumed size, in bigrams: the price of a long sentence
    dek_probability: float = 0.9  # a standfirst bigram's probability of being a summary bigram
    bigram_model: tuple[float, ...] | None = None  # the bigram model's weights; None: the shipped ones


DEFAULT_WEIGHTS = Weights()
SHORT_WORDS = 6
_NUMBER = re.compile(r"\d")


def _prepare(sentences: list[str]):
    words = [_content_terms(s) for s in sentences]
    terms = [set(t) for t in words]
    n = len(sentences)
    df: Counter = Counter()
    for t in terms:
        df.update(t)
    idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
    vecs = [Counter({w: c * idf[w] for w, c in Counter(t).items()}) for t in words]
    norms = [math.sqrt(sum(v * v for v in vec.values())) for vec in vecs]
    return terms, df, vecs, norms


def _shape_factor(text: str, w: Weights) -> float:
    factor = 1.0
    words = word_count(text)
    if words < SHORT_WORDS:
        factor *= w.short_factor
    if words > w.long_words:
        factor *= (w.long_words / words) ** w.long_exponent
    if _NUMBER.search(text):
        factor *= 1.0 + w.number_bonus
    if text.rstrip("\"'\u201d\u2019 ").endswith("?"):
        factor *= w.question_factor
    return factor * (1.0 - w.quote_penalty * _quote_fraction(text))


OPENING_COPY_SHARE = 0.9  # share of a field's word pairs found in the body's opening


def repeats_opening(text: str, opening: str) -> bool:
    """True when at least OPENING_COPY_SHARE of the word pairs of ``text`` (a headline or a
    standfirst, 4 pairs at least) are in ``opening`` (the body up to its third prose sentence,
    datelines and captions included): the field is a copy of the opening, whole or cut short
    ("..."), not an editor's words. Real headlines and standfirsts share at most about three
    quarters of their pairs with the opening (measured on tests/data: 0.76 for a tabloid
    headline, 0.71 for a standfirst)."""
    pairs = _word_pairs(text)
    return len(pairs) >= 4 and len(pairs & _word_pairs(opening)) >= OPENING_COPY_SHARE * len(pairs)


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return set(itertools.pairwise(words))


def select_default(
    title: str, dek: str | None, sentences: list[str], count: int, weights: Weights = DEFAULT_WEIGHTS
) -> list[int]:
    """Indices (article order) of the sentences our default summary picks."""
    n = len(sentences)
    if count >= n:
        return list(range(n))
    if dek:
        return _select_by_bigrams(title, dek, sentences, count, weights)
    w = weights
    terms, df, vecs, norms = _prepare(sentences)
    query = set(content_terms(title))
    term_weight = {t: w.title_term * (t in query) + w.repeated_term * math.log(c) for t, c in df.items()}
    base = [1.0 / (1.0 + i) ** w.position_decay for i in range(n)]
    base[0] += w.first_bonus
    shape = [_shape_factor(s, w) for s in sentences]
    prior = [0.0] * n
    if w.salience:
        from .salience import scores

        prior = [w.salience * v for v in scores(query, sentences, terms, df)]
    chosen: list[int] = []
    covered: set[str] = set()
    candidates = set(range(n))
    # Each sentence's coverage gain and its highest cosine to a picked sentence, kept between
    # rounds: after a pick only the sentences sharing a newly covered term get a new gain (the
    # same sum as from scratch), and every cosine is computed once.
    gains = [sum(term_weight[t] for t in terms[i] if t not in covered) for i in range(n)]
    nearest = [-math.inf] * n
    while len(chosen) < count and candidates:
        best, best_val = -1, -math.inf
        for i in candidates:
            val = (base[i] + gains[i]) * shape[i] + prior[i]
            if w.redundancy and chosen:
                val -= w.redundancy * nearest[i]
            if val > best_val or (val == best_val and i < best):
                best, best_val = i, val
        chosen.append(best)
        new = terms[best] - covered
        covered |= new
        candidates.discard(best)
        for i in candidates:
            if not new.isdisjoint(terms[i]):
                gains[i] = sum(term_weight[t] for t in terms[i] if t not in covered)
            if w.redundancy and len(chosen) < count:
                nearest[i] = max(nearest[i], _cosine(vecs[i], vecs[best], norms[i], norms[best]))
    return sorted(chosen)


def _select_by_bigrams(title: str, dek: str, sentences: list[str], count: int, weights: Weights) -> list[int]:
    """The standfirst's pick: the sentences with the most expected summary bigrams per bigram."""
    n = len(sentences)
    from .bigram_model import dek_bigrams, probabilities

    probs, pairs = probabilities(title, sentences, weights.bigram_model)
    for pair in dek_bigrams(dek):
        if pair in probs and probs[pair] < weights.dek_probability:
            probs[pair] = weights.dek_probability
    distinct = [set(p) for p in pairs]
    lengths = [max(len(p), 1) for p in pairs]
    gains = [sum(probs[p] for p in d) for d in distinct]  # expected new matches of each sentence
    prior = weights.prior_bigrams
    chosen: list[int] = []
    covered: set[tuple[str, str]] = set()
    matched = 0.0  # expected bigrams matched by the summary so far
    length = 0  # its bigrams
    left = list(range(n))
    while len(chosen) < count and left:
        best, best_val = -1, -math.inf
        for i in left:
            val = (matched + gains[i]) / (length + lengths[i] + prior)
            if val > best_val:
                best, best_val = i, val
        chosen.append(best)
        left.remove(best)
        matched += gains[best]
        length += lengths[best]
        new = distinct[best] - covered
        covered |= new
        for i in left:  # what the pick now covers is no longer new in the others
            if not new.isdisjoint(distinct[i]):
                gains[i] -= sum(probs[p] for p in new & distinct[i])
    return sorted(chosen)


# -- which sentences may enter a summary ------------------------------------------------

DUPLICATE_SHARE = 0.75  # share of the shorter sentence's terms that the other one also says
_DUPLICATE_WINDOW = 40  # compare with the lede and the last kept sentences: linear on huge bodies


def candidates(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence spans a summary may use, in article order, whatever the algorithm.

    Only article prose (briefing.core.prose.classify): no byline, dateline, caption, credit,
    boilerplate, correction note or headline line. A dateline or agency tag that opens a
    sentence is left out of its span. A sentence that says what an earlier one said (most of
    its terms again: a caption or a standfirst repeating the lede) is dropped. A body with no
    prose sentence at all (a feed item's one-line fragment) keeps its captions and headline
    lines rather than having no summary.
    """
    from briefing.core.prose import (
        BOILERPLATE,
        BYLINE,
        CAPTION,
        CORRECTION,
        CREDIT,
        DATELINE,
        HEADLINE,
        PROSE,
        classify,
        has_added_period,
        lead_in,
    )

    _WHOLE_LINE_KINDS = {BOILERPLATE, BYLINE, CORRECTION, CREDIT, DATELINE, HEADLINE}

    # A tokenised text ("The vote , she said , was close .") ends its sentences in " .": there
    # the ending is a full stop. Elsewhere it marks a line that had no final punctuation (a
    # caption, a link, a byline part), however many of them a page has: the page's long
    # sentences, its prose, end in a plain period.
    from .sentences import is_caseless

    caseless = is_caseless(body)
    added = [has_added_period(body[s:e]) for s, e in spans]
    long = [a for a, (s, e) in zip(added, spans) if word_count(body[s:e]) >= 10]
    commas = body.count(",")
    tokenised = (len(long) >= 2 and sum(long) >= 0.75 * len(long)) or (
        2 * sum(added) >= len(spans) and commas > 0 and 2 * body.count(" ,") >= commas
    )
    # A line that is not prose as a whole (a byline "By . Daily Globe Reporter .", a correction
    # note, an all-caps headline) gives no sentence, whatever its pieces look like alone.
    line_kinds: dict[int, str] = {}
    kinds = []
    for s, e in spans:
        line_start = body.rfind("\n", 0, s) + 1
        if line_start not in line_kinds:
            line_end = body.find("\n", e)
            line_kinds[line_start] = classify(
                body[line_start : line_end if line_end >= 0 else len(body)], tokenised=tokenised, caseless=caseless
            )
        line_kind = line_kinds[line_start]
        if line_kind in _WHOLE_LINE_KINDS or (line_start == s and body[e : e + 1] in ("\n", "")):
            kinds.append(line_kind)  # the line is not prose as a whole, or it is this very sentence
        else:
            kinds.append(classify(body[s:e], tokenised=tokenised, caseless=caseless))
    _byline_names(body, spans, kinds)
    _furniture_runs(body, spans, kinds)
    _about_section(body, spans, kinds)
    allowed = {PROSE} if PROSE in kinds else {CAPTION, HEADLINE}
    out: list[tuple[int, int]] = []
    sizes: list[int] = []  # terms of each kept sentence
    where: dict[str, list[int]] = {}  # term -> the kept sentences that have it, in order
    for (s, e), kind in zip(spans, kinds):
        if kind not in allowed:
            continue
        s += lead_in(body[s:e])
        terms = set(_content_terms(body[s:e]))
        if len(terms) >= 3 and _repeats(terms, sizes, where):
            continue
        for t in terms:
            where.setdefault(t, []).append(len(sizes))
        out.append((s, e))
        sizes.append(len(terms))
    return out


FURNITURE_RUN_WORDS = 12  # a "sentence" this short, amid page furniture, is a link text or a label
_FURNITURE_RUN = 6
_LABEL_WORDS = 3  # at the top of the page: a section label ("Health.", "Match report.")


def _byline_names(body: str, spans: list[tuple[int, int]], kinds: list[str]) -> None:
    """Mark the name and the role after a bare "By" as the byline, in place: "By . Sam Greatorex .
    Consumer affairs editor ." as a corpus stores a page, up to two short runs of words none of
    which reads as prose (briefing.core.prose.name_run). Cased copy is told by its capitals
    already; lower-cased copy has only this."""
    from briefing.core.prose import BYLINE, PROSE, name_run

    left = 0  # name runs still allowed after the bare "By" just seen
    for i, (s, e) in enumerate(spans):
        text = body[s:e]
        if left and kinds[i] == PROSE and name_run(text):
            kinds[i] = BYLINE
            left -= 1
            continue
        left = 2 if kinds[i] == BYLINE and text.strip(" .").lower() == "by" else 0


def _furniture_runs(body: str, spans: list[tuple[int, int]], kinds: list[str]) -> None:
    """Mark short 'prose' sentences that sit in a run of page furniture as captions, in place.

    A related-stories strip ("RELATED ARTICLES. Previous. 1. Next. Rail fares to rise by 3.1 per
    cent. Share this article.") or a short line between two captions reads as sentences once a
    corpus's " ." marks are gone: a run of at most _FURNITURE_RUN short sentences with no prose
    on either side is not article prose. The last sentence of the body counts as having prose
    beyond it, and so does the first (a short lede stays) unless the run opening the body is
    of section labels of at most _LABEL_WORDS words before more furniture ("Health. Nutrition.
    Medically reviewed by ...").
    """
    from briefing.core.prose import CAPTION, PROSE, name_run

    n = len(kinds)
    short = [kind == PROSE and word_count(body[s:e]) <= FURNITURE_RUN_WORDS for kind, (s, e) in zip(kinds, spans)]
    i = 0
    while i < n:
        if not short[i]:
            i += 1
            continue
        j = i
        while j < n and short[j]:
            j += 1
        before = (
            kinds[i - 1] != PROSE
            if i > 0
            else all(word_count(body[s:e]) <= _LABEL_WORDS or name_run(body[s:e]) for s, e in spans[i:j])
        )
        if before and j < n and j - i <= _FURNITURE_RUN and kinds[j] != PROSE:
            for k in range(i, j):
                kinds[k] = CAPTION
        i = j


_ABOUT = re.compile(
    r"About (?:the (?:author|authors|company|writer)|(?P<name>[A-Z][\w&.'\u2019-]*(?: (?:[A-Z&][\w&.'\u2019-]*|of|and|for)){0,5}))"
)


def _about_section(body: str, spans: list[tuple[int, int]], kinds: list[str]) -> None:
    """Mark everything after a press release's "About Acme Robotics" heading as boilerplate, in
    place: the company's standard paragraph, its contacts and notices, never the news. The
    heading is a line of its own after the first three sentences, and names the author, the
    company, or a name those sentences gave already ("About the warnings" in a report is a
    subheading of prose: nothing before it named "the warnings" as a company)."""
    from briefing.core.prose import BOILERPLATE, HEADLINE

    n = len(spans)
    for i in range(3, n):
        s, e = spans[i]
        if kinds[i] != HEADLINE or body[s - 1 : s] not in ("\n", "") or body[e : e + 1] not in ("\n", ""):
            continue
        m = _ABOUT.fullmatch(body[s:e].rstrip(" :"))
        if m is None or (m.group("name") and m.group("name") not in body[: spans[min(2, n - 1)][1]]):
            continue
        for j in range(i + 1, n):
            kinds[j] = BOILERPLATE
        return


def _repeats(terms: set[str], sizes: list[int], where: dict[str, list[int]]) -> bool:
    """True when most of the terms of ``terms`` or of a kept sentence are shared with the other
    (DUPLICATE_SHARE of the smaller one, at least 3 terms), comparing with the first 3 kept
    sentences and the last _DUPLICATE_WINDOW (an index of terms: no pairwise set intersections)."""
    low = max(3, len(sizes) - _DUPLICATE_WINDOW)
    shared: dict[int, int] = {}
    for t in terms:
        ids = where.get(t)
        if not ids:
            continue
        k = len(ids) - 1
        while k >= 0 and ids[k] >= low:
            shared[ids[k]] = shared.get(ids[k], 0) + 1
            k -= 1
        for j in ids[:3]:
            if j < 3:
                shared[j] = shared.get(j, 0) + 1
    n = len(terms)
    for j, c in shared.items():
        small = min(n, sizes[j])
        if small >= 3 and c >= DUPLICATE_SHARE * small:
            return True
    return False


# Every stock sumy algorithm: module and class, imported only when asked for.
SUMY_SUMMARIZERS: dict[str, tuple[str, str]] = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "edmundson": ("sumy.summarizers.edmundson", "EdmundsonSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
}


def select_sumy(algorithm: str, title: str, paragraphs: list[list[str]], count: int) -> list[int]:
    """Indices of the sentences a stock sumy summarizer picks (lazy imports: sumy, numpy, NLTK)."""
    import importlib

    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    module, name = SUMY_SUMMARIZERS[algorithm]
    cls = getattr(importlib.import_module(module), name)
    tokenizer = SumyTokenizer()
    index: dict[str, list[int]] = {}
    sumy_paragraphs = []
    k = 0
    for para in paragraphs:
        objs = []
        for text in para:
            objs.append(Sentence(text, tokenizer))
            index.setdefault(str(objs[-1]), []).append(k)
            k += 1
        sumy_paragraphs.append(Paragraph(objs))
    document = ObjectDocumentModel(sumy_paragraphs)
    summarizer = cls(Stemmer("english"))
    stop_words = get_stop_words("english")
    if algorithm == "edmundson":
        summarizer.null_words = stop_words
        summarizer.bonus_words = [w for w in tokenizer.to_words(title) if w.lower() not in stop_words] or ["news"]
        summarizer.stigma_words = ["said", "told"]
    else:
        summarizer.stop_words = stop_words
    out = []
    used: set[int] = set()
    for sent in summarizer(document, count):
        for i in index.get(str(sent), []):
            if i not in used:
                used.add(i)
                out.append(i)
                break
    return sorted(out)
