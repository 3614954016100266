"""The summary's salience prior is reproducible from its training script: retraining on the
tuning half of ../shared/data/cnndm-val gives the weights that ship (so a change to the
features without retraining fails here)."""

from __future__ import annotations

import json

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
