"""What the training scripts share: printing a trained linear model's weights and writing it
where the analysis reads it (briefing.analysis.linear.ShippedWeights)."""

from __future__ import annotations

import json
from pathlib import Path


def write_weights(path: Path, model: dict, *, dry_run: bool, name_width: int = 28) -> None:
    """Print each feature's weight, then write `model` (with "features" and "weights") to
    `path` unless `dry_run`."""
    for name, value in zip(model["features"], model["weights"]):
        print(f"  {name:<{name_width}}{value:+.4f}")
    if not dry_run:
        path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")
