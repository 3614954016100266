"""Stage 3b: the trained sequence model that types the candidate windows.

A linear-chain CRF (python-crfsuite) trained on the CoNLL-2003 training split by
:mod:`.train`, shipped as ``briefing/analysis/data/entities.crfsuite``. It reads the features
of each window (:mod:`.features`) and labels every token B-/I- of PERSON, ORG, PLACE or MISC,
or O. The model is opened once per process on first use (crfsuite reads the file into
memory: milliseconds) and shared by threads under a lock, since a tagger holds the sequence
it is decoding.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .features import document_windows
from .gazetteer import Gazetteer
from .tokens import Document

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "entities.crfsuite"
MISC = "MISC"  # names that are none of ours: nationalities, events, works, products

_lock = threading.Lock()
_taggers: dict[Path, Any] = {}


class ModelError(RuntimeError):
    """The shipped model is missing or unreadable (a broken installation)."""


@dataclass(frozen=True)
class Tagged:
    """A name the model found: tokens a..b-1 of a field, with its label and confidence."""

    start: int
    end: int
    label: str
    confidence: float  # the model's marginal probability of the name's first label


def load(path: Path = MODEL_PATH) -> Any:
    """The tagger for the model at ``path``, opened once per process."""
    tagger = _taggers.get(path)
    if tagger is None:
        with _lock:
            tagger = _taggers.get(path)
            if tagger is None:
                import pycrfsuite

                tagger = pycrfsuite.Tagger()
                try:
                    tagger.open(str(path))
                except (OSError, ValueError) as exc:
                    raise ModelError(f"{path}: cannot read the entity model ({exc})") from exc
                _taggers[path] = tagger
    return tagger


def decode(labels: list[str], offset: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, type) of the names in a B-/I-/O label sequence; a stray I- starts a name."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        prefix, _, typ = lab.partition("-")
        if kind and (prefix != "I" or typ != kind):
            out.append((offset + start, offset + i, kind))
            kind = ""
        if prefix in ("B", "I") and not kind:
            start, kind = i, typ
    return out


def tag_document(doc: Document, gz: Gazetteer, path: Path | None = None) -> dict[str, list[Tagged]]:
    """Every name the model finds in each field of ``doc`` (by field name), in order.

    ``path`` is the shipped model (``MODEL_PATH``, read when called) unless given.
    """
    tagger = load(MODEL_PATH if path is None else path)
    out: dict[str, list[Tagged]] = {f.name: [] for f in doc.fields}
    windows = document_windows(doc, gz)
    with _lock:
        for field, a, _, feats in windows:
            labels = tagger.tag(feats)
            for s, e, kind in decode(labels, a):
                p = tagger.marginal(labels[s - a], s - a)
                out[field.name].append(Tagged(s, e, kind, p))
    return out
