"""ROUGE-1/2/L F1, implemented here (no package): lower-cased word tokens (letters and
digits), no stemming, no stop-word removal; ROUGE-N from clipped n-gram overlap, ROUGE-L from
the longest common subsequence."""

from __future__ import annotations

import re
from collections import Counter

_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def _f1(overlap: int, n_pred: int, n_gold: int) -> float:
    if not overlap or not n_pred or not n_gold:
        return 0.0
    p, r = overlap / n_pred, overlap / n_gold
    return 2 * p * r / (p + r)


def rouge_n(pred: list[str], gold: list[str], n: int) -> float:
    pc = Counter(tuple(pred[i : i + n]) for i in range(len(pred) - n + 1))
    gc = Counter(tuple(gold[i : i + n]) for i in range(len(gold) - n + 1))
    overlap = sum(min(c, gc[g]) for g, c in pc.items())
    return _f1(overlap, sum(pc.values()), sum(gc.values()))


def rouge_l(pred: list[str], gold: list[str]) -> float:
    if not pred or not gold:
        return 0.0
    prev = [0] * (len(gold) + 1)
    for p in pred:
        cur = [0]
        for j, g in enumerate(gold):
            cur.append(prev[j] + 1 if p == g else max(prev[j + 1], cur[j]))
        prev = cur
    return _f1(prev[-1], len(pred), len(gold))


def rouge(pred_text: str, gold_text: str) -> dict[str, float]:
    p, g = tokens(pred_text), tokens(gold_text)
    return {"rouge1": rouge_n(p, g, 1), "rouge2": rouge_n(p, g, 2), "rougeL": rouge_l(p, g)}
