"""Train the default summary's bigram model (briefing/analysis/data/bigrams.json), used when an
article has a standfirst.

    python -m briefing.quality.train_bigrams [--l2 1.0] [--dry-run]

Data, read where it lies and never copied into the repository: the *tuning* half of
../shared/data/cnndm-val (CNN validation stories with their human highlights;
briefing.quality.realnews.part splits by story id), CNN Student News transcripts left out, and
our dev set (tests/data/devset, the gold standfirst as the summary, the standfirst hidden from
the article). Never the report half of cnndm-val, never the held-out set, never a public test
split. Only the weights (25 numbers) go into the package.

Each distinct bigram of an article's prose sentences (the summariser's own candidates) is one
example; its label is whether the reference summary has that bigram (lower-case word tokens, as
our ROUGE counts them, briefing/quality/rouge.py). The two sources weigh the same in total, every
article the same within its source and every bigram the same within its article, so the dev
set's 24 articles speak as loudly as 475 CNN stories and a long story no louder than a short one.
L2-regularised logistic regression, fitted by Newton's method with numpy (a training-time tool
only; the model runs in plain Python). The same inputs give the same weights.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from datetime import date
from pathlib import Path

from briefing.analysis import bigram_model
from briefing.analysis.sentences import split_sentences
from briefing.analysis.summarize import candidates
from briefing.quality import devset, realnews
from briefing.quality.rouge import tokens
from briefing.quality.training import write_weights

SOURCE_WEIGHT = 100.0  # total weight of each source (its articles share it equally)


def article_examples(title: str, body: str, reference: str) -> tuple[list[list[float]], list[float]]:
    """Feature rows and 0/1 labels of one article's distinct bigrams."""
    sents = [body[s:e] for s, e in candidates(body, split_sentences(body))]
    if len(sents) < 2:
        return [], []
    ref = tokens(reference)
    gold = set(itertools.pairwise(ref))
    keys, rows, _ = bigram_model.bigrams(title, sents)
    return rows, [1.0 if k in gold else 0.0 for k in keys]


def cnndm_articles(data: Path = realnews.CNNDM) -> list[tuple[str, str, str]]:
    """``(title, body, reference)`` of cnndm-val's tuning half, Student News transcripts left out."""
    return [
        (d["title"], d["body"], d["reference"])
        for d in realnews.load_cnndm(data)
        if d["part"] == "tune" and not d["student"]
    ]


def training_sources(data: Path = realnews.CNNDM, dev: Path = devset.DEVSET) -> dict[str, list[tuple[str, str, str]]]:
    """``{source: [(title, body, reference), ...]}``: cnndm-val's tuning half and the dev set."""
    ours = [(d["title"], d["body"], d["dek"]) for d in devset.load_devset(dev)]
    return {"cnndm-val tuning half": cnndm_articles(data), "dev set": ours}


def examples(sources: dict[str, list[tuple[str, str, str]]]) -> list[tuple[str, list[list[float]], list[float]]]:
    """``(source, feature rows, labels)`` of every article with at least two prose sentences."""
    out = []
    for name, articles in sources.items():
        for title, body, reference in articles:
            rows, labels = article_examples(title, body, reference)
            if rows:
                out.append((name, rows, labels))
    return out


def fit(sources: dict[str, list[tuple[str, str, str]]], l2: float = 1.0):
    """Weights (numpy array, FEATURES order) of the logistic model on these articles."""
    return fit_examples(examples(sources), l2)


def fit_examples(data: list[tuple[str, list[list[float]], list[float]]], l2: float = 1.0, iterations: int = 50):
    import numpy as np

    per_source: dict[str, int] = {}
    for name, _, _ in data:
        per_source[name] = per_source.get(name, 0) + 1
    xs, ys, ws = [], [], []
    for name, rows, labels in data:
        xs.append(np.array(rows))
        ys.append(np.array(labels))
        ws.append(np.full(len(rows), SOURCE_WEIGHT / per_source[name] / len(rows)))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + l2 * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return beta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=realnews.CNNDM, help="cnndm-val.jsonl")
    ap.add_argument("--devset", type=Path, default=devset.DEVSET, help="folder of dev-set JSON files")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--dry-run", action="store_true", help="print the weights, do not write the model")
    args = ap.parse_args(argv)
    sources = training_sources(args.data, args.devset)
    for name, articles in sources.items():
        if not articles:
            print(
                f"{name}: no articles found ({args.data if name.startswith('cnndm') else args.devset})", file=sys.stderr
            )
            return 2
    beta = fit(sources, args.l2)
    model = {
        "about": "briefing default-summary bigram model: logistic weights over briefing.analysis.bigram_model.FEATURES",
        "trained_on": ", ".join(f"{name} ({len(a)} articles)" for name, a in sources.items()),
        "label": "the reference summary has the bigram (lower-case word tokens)",
        "l2": args.l2,
        "date": date.today().isoformat(),
        "features": list(bigram_model.FEATURES),
        "weights": [round(float(v), 6) for v in beta],
    }
    write_weights(bigram_model.MODEL_PATH, model, dry_run=args.dry_run, name_width=28)
    return 0


if __name__ == "__main__":
    sys.exit(main())
