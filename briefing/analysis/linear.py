"""The shipped linear models (the summary's salience prior and its bigram model): a JSON file
of named features and their weights, trained by a script in briefing.quality and loaded here
once per process."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class ShippedWeights:
    """`weights()`: the model's weights in the order of `features`, read on first use (thread-
    safe). A model whose features are not the code's is refused: it must be retrained."""

    def __init__(self, path: Path, features: tuple[str, ...]) -> None:
        self.path = path
        self.features = features
        self._lock = threading.Lock()
        self._weights: list[float] | None = None

    def __call__(self) -> list[float]:
        if self._weights is None:
            with self._lock:
                if self._weights is None:
                    model = json.loads(self.path.read_text(encoding="utf-8"))
                    if tuple(model["features"]) != self.features:
                        raise RuntimeError(f"{self.path}: features do not match this code; retrain it")
                    self._weights = [float(w) for w in model["weights"]]
        return self._weights

    @contextmanager
    def replaced(self, weights: list[float]) -> Iterator[None]:
        """Use ``weights`` instead of the file's within the block (measuring tools: a model
        fitted on one part of the data, scored on another). Not for run time."""
        if len(weights) != len(self.features):
            raise ValueError(f"{len(weights)} weights for {len(self.features)} features")
        before = self._weights
        self._weights = list(weights)
        try:
            yield
        finally:
            self._weights = before
