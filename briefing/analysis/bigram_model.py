"""How likely each word pair of an article is to appear in a human summary of it: the learned model
under the default summary of an article with a standfirst (a logistic regression over 25 cheap
features of each distinct bigram, shipped as a small JSON file, ``data/bigrams.json``; loaded
once, no numpy at run time).

ROUGE-2, and a reader, credit a summary for the word pairs it shares with what a person would
write. So the model scores *bigrams*, not sentences: a bigram's features say how often the
article repeats it and in how many sentences, where it first appears (the lede, or late), whether
the headline has it or its words, whether it is made of stop words, a figure or capitalised
names, how much of it sits inside quotation marks, and a few of their products. Those features
mean the same on a CNN story without a headline and on a wire story with one; the summariser
(summarize.py) marks the standfirst's bigrams as near-certain and picks the sentences that cover
the most probable bigrams per word.

Trained by ``python -m briefing.quality.train_bigrams`` on the tuning half of cnndm-val (CNN
stories and their highlights, ../shared/data; never the report half, never a test split) and on
our dev set (tests/data/devset, the standfirst as the summary and hidden from the article), each
with the same total weight: a bigram's label is whether the reference summary has it (lower-case
word tokens, as our ROUGE counts them).
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from collections import Counter
from pathlib import Path

from briefing.analysis.linear import ShippedWeights

from .summarize import STOP_WORDS

MODEL_PATH = Path(__file__).with_name("data") / "bigrams.json"

# Feature names, in the model's order (the training script writes them beside the weights and
# the loader checks them, so a model and this code can never silently disagree).
FEATURES: tuple[str, ...] = (
    "bias",
    "log_count",  # occurrences in the article
    "log_sentences",  # sentences that have it
    "first_inverse",  # 1 / (1 + index of the first sentence that has it)
    "first_in_lede",
    "first_relative",  # index of that sentence / number of sentences
    "in_headline",  # the headline has this very bigram
    "headline_words",  # share of its two words that are headline content words
    "stop_both",  # both words are stop words ("of the")
    "stop_one",
    "figure",  # a word is a number
    "capitalised",  # share of occurrences with a capital (names), the sentence's first word aside
    "log_rarer_word",  # count in the article of its less frequent content word
    "log_commoner_word",
    "quoted",  # share of occurrences inside quotation marks
    "mean_relative_position",
    "once",  # occurs only once
    "headline_x_lede",
    "count_x_content",  # log_count for a bigram with a content word
    "capitalised_x_count",
    "headline_words_x_count",
    "headline_words_x_lede",
    "first_inverse_x_content",
    "figure_x_lede",
    "sentences_x_headline_words",
)
weights = ShippedWeights(MODEL_PATH, FEATURES)  # the shipped model's weights, loaded once per process
_TOKEN = re.compile(r"[^\W_]+")  # the word tokens our ROUGE counts (briefing/quality/rouge.py)
_QUOTES = re.compile('["\u201c\u201d]')
_STOP = STOP_WORDS | {"s", "t"}  # "s" and "t" of "it's", "don't"


def _quoted_starts(text: str) -> list[int]:
    """Offsets where a quotation opens and closes, alternating (a straight quote toggles)."""
    edges: list[int] = []
    inside = False
    for m in _QUOTES.finditer(text):
        ch = m.group(0)
        now = True if ch == "\u201c" else False if ch == "\u201d" else not inside
        if now != inside:
            edges.append(m.start())
            inside = now
    return edges


class _Stats:
    """What the article says about each of its bigrams and words (one pass over the sentences)."""

    __slots__ = (
        "caps",
        "count",
        "first",
        "in_sentences",
        "n",
        "per_sentence",
        "position_sum",
        "quoted",
        "title_bigrams",
        "title_words",
        "words",
    )

    def __init__(self, title: str, sentences: list[str]) -> None:
        self.n = len(sentences)
        title_tokens = [t.lower() for t in _TOKEN.findall(title)] if title else []
        self.title_bigrams = set(itertools.pairwise(title_tokens))
        self.title_words = {w for w in title_tokens if w not in _STOP}
        first: dict[tuple[str, str], int] = {}
        count: Counter = Counter()
        in_sentences: Counter = Counter()
        position_sum: dict[tuple[str, str], int] = {}  # a plain dict: a Counter's missing-key hook is slow
        caps: Counter = Counter()
        quoted: Counter = Counter()
        words: Counter = Counter()
        per_sentence: list[list[tuple[str, str]]] = []
        for i, text in enumerate(sentences):
            raw = _TOKEN.findall(text)
            toks = [w.lower() for w in raw]
            words.update(toks)
            pairs = list(itertools.pairwise(toks))
            per_sentence.append(pairs)
            if not pairs:
                continue
            count.update(pairs)
            distinct = set(pairs)
            in_sentences.update(distinct)
            for pair in distinct:
                if pair not in first:
                    first[pair] = i
            if i:
                get = position_sum.get
                for pair in pairs:
                    position_sum[pair] = get(pair, 0) + i
            # a pair is capitalised when its second word is, or its first one is and opens no sentence
            capitalised = {k for k in range(1, len(raw)) if raw[k][0].isupper()}
            if capitalised:
                at = {k - 1 for k in capitalised} | {k for k in capitalised if k < len(pairs)}
                caps.update(pairs[k] for k in at)
            if '"' in text or "\u201c" in text or "\u201d" in text:
                edges = _quoted_starts(text)
                if edges:
                    starts = [m.start() for m in _TOKEN.finditer(text)]
                    quoted.update(pairs[k] for k in range(len(pairs)) if bisect_right(edges, starts[k]) % 2)
        self.first, self.count, self.in_sentences, self.position_sum = first, count, in_sentences, position_sum
        self.caps, self.quoted, self.words, self.per_sentence = caps, quoted, words, per_sentence


def bigrams(
    title: str, sentences: list[str]
) -> tuple[list[tuple[str, str]], list[list[float]], list[list[tuple[str, str]]]]:
    """The article's distinct bigrams, one feature row each (see FEATURES), and each sentence's bigrams.

    The definition of the features (training reads these rows); `probabilities` computes the same
    linear score without building them.
    """
    st = _Stats(title, sentences)
    n, words = st.n, st.words
    keys = list(st.first)
    rows = []
    for pair in keys:
        a, b = pair
        tf = st.count[pair]
        f = st.first[pair]
        stop_a, stop_b = a in _STOP, b in _STOP
        content = 0.0 if (stop_a and stop_b) else 1.0
        ca, cb = (0 if stop_a else words[a]), (0 if stop_b else words[b])
        rarer = max(ca, cb) if (stop_a or stop_b) else min(ca, cb)
        log_tf = math.log(tf)
        log_df = math.log(st.in_sentences[pair])
        first_inv = 1 / (1 + f)
        lede = 1.0 if f == 0 else 0.0
        exact = 1.0 if pair in st.title_bigrams else 0.0
        hw = ((a in st.title_words) + (b in st.title_words)) / 2
        figure = 1.0 if (a.isdigit() or b.isdigit()) else 0.0
        cap = st.caps[pair] / tf
        rows.append(
            [
                1.0,
                log_tf,
                log_df,
                first_inv,
                lede,
                f / n,
                exact,
                hw,
                1.0 - content,
                1.0 if stop_a != stop_b else 0.0,
                figure,
                cap,
                math.log(1 + rarer),
                math.log(1 + max(ca, cb)),
                st.quoted[pair] / tf,
                st.position_sum.get(pair, 0) / tf / n,
                1.0 if tf == 1 else 0.0,
                lede * exact,
                log_tf * content,
                cap * log_tf,
                hw * log_tf,
                hw * lede,
                first_inv * content,
                figure * lede,
                log_df * hw,
            ]
        )
    return keys, rows, st.per_sentence


def probabilities(
    title: str, sentences: list[str], model: tuple[float, ...] | None = None
) -> tuple[dict[tuple[str, str], float], list[list[tuple[str, str]]]]:
    """Each distinct bigram's probability of being in a summary, and each sentence's bigrams (in order).

    The same linear score as the rows of `bigrams` times the weights, computed term by term (most
    bigrams occur once, in no headline, and most of their products are zero): a third of the time.
    ``model``: other weights than the shipped ones (cross-validation trains its own).
    """
    (
        bias,
        w_tf,
        w_df,
        w_first,
        w_lede,
        w_rel,
        w_exact,
        w_hw,
        w_stop2,
        w_stop1,
        w_fig,
        w_cap,
        w_rarer,
        w_common,
        w_quoted,
        w_mean,
        w_once,
        w_exact_lede,
        w_tf_content,
        w_cap_tf,
        w_hw_tf,
        w_hw_lede,
        w_first_content,
        w_fig_lede,
        w_df_hw,
    ) = model or weights()
    st = _Stats(title, sentences)
    n = st.n
    # per sentence index of a first occurrence: the position terms, without and with a content word
    position = [w_first / (1 + f) + w_rel * f / n for f in range(n)]
    position_content = [p + w_first_content / (1 + f) for f, p in enumerate(position)]
    if n:
        position[0] += w_lede
        position_content[0] += w_lede
    word_log = {w: math.log(1 + c) for w, c in st.words.items() if w not in _STOP}
    title_words, title_bigrams = st.title_words, st.title_bigrams
    count, in_sentences, caps, quoted, position_sum = st.count, st.in_sentences, st.caps, st.quoted, st.position_sum
    once = bias + w_once
    probs: dict[tuple[str, str], float] = {}
    exp = math.exp
    for pair, f in st.first.items():
        a, b = pair
        la, lb = word_log.get(a), word_log.get(b)
        if la is None:
            if lb is None:
                z = w_stop2 + position[f]
                content = 0.0
            else:  # a stop word, then a content word
                content = 1.0
                z = position_content[f]
                z += w_stop1 + (w_rarer + w_common) * lb
        else:
            content = 1.0
            z = position_content[f]
            if lb is None:
                z += w_stop1 + (w_rarer + w_common) * la
            elif la < lb:
                z += w_rarer * la + w_common * lb
            else:
                z += w_rarer * lb + w_common * la
        tf = count[pair]
        if tf == 1:
            z += once + w_mean * f / n
            cap = 1.0 if pair in caps else 0.0
            log_tf = log_df = 0.0
        else:
            log_tf = math.log(tf)
            cap = caps[pair] / tf if pair in caps else 0.0
            log_df = math.log(in_sentences[pair])
            z += bias + w_tf * log_tf + w_df * log_df + w_mean * position_sum.get(pair, 0) / tf / n
            z += log_tf * (w_tf_content * content + w_cap_tf * cap)
        if cap:
            z += w_cap * cap
        if pair in quoted:
            z += w_quoted * quoted[pair] / tf
        if a.isdigit() or b.isdigit():
            z += w_fig + (w_fig_lede if f == 0 else 0.0)
        if a in title_words or b in title_words:
            hw = ((a in title_words) + (b in title_words)) / 2
            z += w_hw * hw + w_hw_tf * hw * log_tf + w_df_hw * log_df * hw + (w_hw_lede * hw if f == 0 else 0.0)
        if pair in title_bigrams:
            z += w_exact + (w_exact_lede if f == 0 else 0.0)
        probs[pair] = 1 / (1 + exp(-z)) if z > -30 else 0.0
    return probs, st.per_sentence


def dek_bigrams(dek: str) -> set[tuple[str, str]]:
    """The standfirst's bigrams, as the model's keys (lower-case word tokens)."""
    toks = [w.lower() for w in _TOKEN.findall(dek)]
    return set(itertools.pairwise(toks))
