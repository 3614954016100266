"""Entity scoring at document level: a predicted entity matches a gold entity when their labels
are equal and their alias sets (aliases plus canonical text) intersect case-insensitively;
each gold entity is matched at most once."""

from __future__ import annotations

from collections import Counter

from briefing.analysis import ENTITY_LABELS as LABELS


def match_entities(pred: list[dict], gold: list[dict]) -> tuple[Counter, Counter, Counter, list, list]:
    """Greedy document-level matching. Returns tp, fp, fn per label and the unmatched lists."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    gold_sets = [(g["label"], {a.lower() for a in [g["text"], *g["aliases"]]}) for g in gold]
    used = [False] * len(gold)
    missed_pred = []
    for p in pred:
        if p["label"] not in LABELS:
            continue
        pset = {a.lower() for a in [p["text"], *p["aliases"]]}
        hit = next(
            (i for i, (lab, gs) in enumerate(gold_sets) if not used[i] and lab == p["label"] and gs & pset),
            None,
        )
        if hit is None:
            fp[p["label"]] += 1
            missed_pred.append(p)
        else:
            used[hit] = True
            tp[p["label"]] += 1
    missed_gold = []
    for i, g in enumerate(gold):
        if not used[i]:
            fn[g["label"]] += 1
            missed_gold.append(g)
    return tp, fp, fn, missed_pred, missed_gold


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}
