"""A learned sentence-salience prior for the default summary: a linear model over cheap features
of each sentence, trained on real news with human highlights and shipped as a small JSON file
(``data/salience.json``, a few hundred bytes; loaded once, no numpy at run time).

Trained by ``python -m briefing.quality.train_salience`` on the tuning half of cnndm-val (CNN stories
and their highlights, ../shared/data; never the report half, never a test split): ridge
regression of each sentence's own ROUGE-2 + 0.5 x ROUGE-1 F1 against the highlights. It learns
what position, length, quotation, attribution and term centrality say about a sentence on its
own, and, from the words of each story's URL slug standing in for its headline, what overlap
with the headline adds (the stories carry none); the summariser (summarize.py) adds coverage of
the headline and what the summary says already.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

from briefing.analysis.linear import ShippedWeights

MODEL_PATH = Path(__file__).with_name("data") / "salience.json"

# Feature names, in the model's order (the training script writes them beside the weights and
# the loader checks them, so a model and this code can never silently disagree).
FEATURES: tuple[str, ...] = (
    "bias",
    "inv_position",
    "inv_sqrt_position",
    "relative_position",
    "position_0",
    "position_1",
    "position_2",
    "position_3",
    "position_4",
    "position_5plus",
    "length",
    "length_squared",
    "very_short",
    "quoted_share",
    "question",
    "centrality_sum",
    "centrality_mean",
    "title_overlap",
    "dependent_opening",
    "has_figure",
    "capitalised_share",
    "attribution",
    "opens_with_quote",
)
weights = ShippedWeights(MODEL_PATH, FEATURES)  # the shipped model's weights, loaded once per process
_DEPENDENT = frozenset(
    "he she it they this that these those but and so yet however also his her its their then there such".split()
)
_FIGURE = re.compile(r"\d")
_FIRST_WORD = re.compile(r"\W*(\w+)")
_CAPITALISED = re.compile(r"(?<![\w'\u2019.-])[A-Z]\w*")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told)\b")


def features(title_terms: set[str], sentences: list[str], terms: list[set[str]], df: Counter) -> list[list[float]]:
    """One feature row per sentence (see FEATURES); ``terms``/``df`` as the summariser computes them."""
    from .summarize import _quote_fraction, word_count  # the summariser's own measures (cached)

    n = len(sentences)
    log_df = {x: math.log(c) for x, c in df.items()}
    rows = []
    for i, text in enumerate(sentences):
        n_words = word_count(text)
        length = min(n_words, 80) / 25
        first = _FIRST_WORD.match(text)
        first_word = first.group(1).lower() if first else ""
        capital_first = first is not None and first_word != "" and text[first.start(1)].isupper()
        t = terms[i]
        centrality = sum(log_df[x] for x in t)
        position = [0.0] * 6
        position[min(i, 5)] = 1.0
        rows.append(
            [
                1.0,
                1 / (1 + i),
                1 / math.sqrt(1 + i),
                i / n,
                *position,
                length,
                length * length,
                float(n_words < 8),
                _quote_fraction(text),
                float(text.rstrip("\"'\u201d\u2019 ").endswith("?")),
                centrality / 10,
                centrality / (len(t) or 1),
                len(t & title_terms) / (len(title_terms) or 1),
                float(first_word in _DEPENDENT),
                float(bool(_FIGURE.search(text))),
                max(len(_CAPITALISED.findall(text)) - (1 if capital_first else 0), 0) / (n_words or 1),
                float(bool(_ATTRIBUTION.search(text))),
                float(text.startswith(('"', "\u201c", "'", "\u2018"))),
            ]
        )
    return rows


def scores(title_terms: set[str], sentences: list[str], terms: list[set[str]], df: Counter) -> list[float]:
    """Predicted salience of each sentence on its own (about 0 to 0.3 on news)."""
    w = weights()
    return [sum(a * b for a, b in zip(w, row)) for row in features(title_terms, sentences, terms, df)]
