"""The summary's two learned models are reproducible from their training scripts: retraining
the salience prior (the tuning half of ../shared/data/cnndm-val) and the bigram model (that and
the dev set) gives the weights that ship, so a change to the features without retraining fails
here; and the bigram model's fast run-time score is the one its features define."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from briefing.analysis import salience
from briefing.quality import realnews, train_salience


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_weights(capsys):
    if not realnews.CNNDM.exists():
        pytest.fail(f"{realnews.CNNDM} is missing: the training data is read from ../shared/data")
    assert train_salience.main(["--dry-run"]) == 0
    printed = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    shipped = json.loads(salience.MODEL_PATH.read_text(encoding="utf-8"))
    assert [name for name, _ in printed] == shipped["features"] == list(salience.FEATURES)
    for (name, value), weight in zip(printed, shipped["weights"]):
        assert float(value) == pytest.approx(weight, abs=1e-4), name


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_bigram_model(capsys):
    """The standfirst pick's bigram model, from cnndm-val's tuning half and the dev set."""
    from briefing.analysis import bigram_model
    from briefing.quality import train_bigrams

    if not realnews.CNNDM.exists():
        pytest.fail(f"{realnews.CNNDM} is missing: the training data is read from ../shared/data")
    assert train_bigrams.main(["--dry-run"]) == 0
    printed = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    shipped = json.loads(bigram_model.MODEL_PATH.read_text(encoding="utf-8"))
    assert [name for name, _ in printed] == shipped["features"] == list(bigram_model.FEATURES)
    for (name, value), weight in zip(printed, shipped["weights"]):
        assert float(value) == pytest.approx(weight, abs=1e-4), name


def test_the_bigram_model_scores_what_its_features_say():
    """`probabilities` (term by term, the run-time path) equals the feature rows times the weights."""
    import math

    from briefing.analysis import bigram_model

    title = "Port strike halts cargo in Mombasa"
    sentences = [
        "MOMBASA — Dock workers at Kenya's main port walked out on Monday, halting cargo.",
        '"We will not go back until we are paid," said union leader Amina Odhiambo.',
        "The strike at the port of Mombasa left 40 ships waiting offshore, officials said.",
        "Cargo worth $12 million a day passes through the port.",
    ]
    keys, rows, per_sentence = bigram_model.bigrams(title, sentences)
    probs, pairs = bigram_model.probabilities(title, sentences)
    assert pairs == per_sentence and set(probs) == set(keys)
    weights = bigram_model.weights()
    for key, row in zip(keys, rows):
        z = sum(a * b for a, b in zip(weights, row))
        assert probs[key] == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12), key
    # a headline bigram that the lede repeats is likelier than a stop-word pair late in the text
    assert probs[("halting", "cargo")] > probs[("through", "the")]
    assert bigram_model.dek_bigrams("Dock workers strike.") == {("dock", "workers"), ("workers", "strike")}


def test_a_measuring_tool_can_swap_the_prior_for_a_block():
    shipped = list(salience.weights())
    zeros = [0.0] * len(salience.FEATURES)
    with salience.weights.replaced(zeros):
        assert salience.weights() == zeros
        assert salience.scores({"x"}, ["One sentence.", "Two."], [{"one"}, {"two"}], Counter(one=1, two=1)) == [
            0.0,
            0.0,
        ]
    assert salience.weights() == shipped
    with pytest.raises(ValueError), salience.weights.replaced([1.0]):
        pass
