"""Train the default summary's sentence-salience prior (briefing/analysis/data/salience.json).

    python -m briefing.quality.train_salience [--data PATH/cnndm-val.jsonl] [--ridge 0.1] [--dry-run]
    python -m briefing.quality.train_salience --crossfit   # fit on each half, score on the other

Data: the *tuning* half of ../shared/data/cnndm-val (CNN validation stories with their human
highlights; briefing.quality.realnews.part splits by story id), CNN Student News transcripts
left out. Never the report half, never a public test split. The data stays in shared/; only
the weights (23 numbers) go into the package.

The stories carry no headline, so the headline-overlap feature is 0 throughout and the fit
gives it no weight. The words of a story's URL slug ("mali-bar-shooting",
briefing.quality.realnews.url_headline) stand in for a headline in a second step: with every
other weight fixed, the headline-overlap weight alone is fitted (ridge, in closed form) to what
the first fit leaves unexplained. The other weights, and so every summary of a text without a
headline, stay what the first fit gives.

Each prose sentence (the summariser's own candidates) is one example; its target is its own
ROUGE-2 + 0.5 x ROUGE-1 F1 against the highlights (our ROUGE, briefing/quality/rouge.py).
Ridge regression, solved in closed form with numpy (a training-time tool only; the model runs
in plain Python).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from briefing.analysis import salience
from briefing.analysis.sentences import split_sentences
from briefing.analysis.summarize import _prepare, candidates, content_terms
from briefing.quality import realnews
from briefing.quality.rouge import rouge
from briefing.quality.training import write_weights


def examples(docs: list[dict], headline: str = "title"):
    """Feature rows and targets of every prose sentence; ``headline``: the field read as the headline."""
    rows, targets = [], []
    for doc in docs:
        body = doc["body"]
        sents = [body[s:e] for s, e in candidates(body, split_sentences(body))]
        if len(sents) < 2:
            continue
        terms, df, _, _ = _prepare(sents)
        rows.extend(salience.features(set(content_terms(doc[headline])), sents, terms, df))
        for text in sents:
            r = rouge(text, doc["reference"])
            targets.append(r["rouge2"] + 0.5 * r["rouge1"])
    return rows, targets


def fit(docs: list[dict], ridge: float) -> tuple[list[float], int]:
    """The prior's weights from these stories, and the number of sentences they gave."""
    import numpy as np

    rows, targets = examples(docs)
    x, y = np.array(rows), np.array(targets)
    w = np.linalg.solve(x.T @ x + ridge * np.eye(x.shape[1]), x.T @ y)
    # the headline weight, from the URL slugs, on what the other weights leave unexplained
    k = salience.FEATURES.index("title_overlap")
    rows, targets = examples(docs, headline="headline")
    x, y = np.array(rows), np.array(targets)
    rest = y - x @ w
    w[k] = float(x[:, k] @ rest / (x[:, k] @ x[:, k] + ridge))
    return [float(v) for v in w], len(targets)


def crossfit(stories: list[dict], ridge: float) -> int:
    """Fit on one half of cnndm-val, summarise the other half with that prior, both ways: an
    estimate of the gain over lead-3 on CNN stories the prior never saw (the hand weights of
    summarize.py were still chosen on the tuning half, which flatters the 'tune' row)."""
    print("salience prior fitted on one half of cnndm-val, summaries of the other (ROUGE F1 %, ours)")
    print(f"{'scored on':<10}{'n':>5}  {'lead-3 R-1/R-2/R-L':<22}{'ours R-1/R-2/R-L':<22}{'R-2 gain':>8}")
    for held in ("tune", "report"):
        w, _ = fit([d for d in stories if d["part"] != held], ridge)
        scored = [d for d in stories if d["part"] == held]
        with salience.weights.replaced(w):
            res = realnews.evaluate(scored, systems=("lead", "default"))["all"]
        lead, ours = res["lead"], res["default"]
        cells = ["/".join(f"{r[m]:.2f}" for m in realnews.METRICS) for r in (lead, ours)]
        print(f"{held:<10}{len(scored):>5}  {cells[0]:<22}{cells[1]:<22}{ours['rouge2'] - lead['rouge2']:>+8.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=realnews.CNNDM)
    ap.add_argument("--ridge", type=float, default=0.1)
    ap.add_argument("--dry-run", action="store_true", help="print the weights, do not write the model")
    ap.add_argument(
        "--crossfit",
        action="store_true",
        help="write nothing; fit on each half of cnndm-val and score the summary on the other half",
    )
    args = ap.parse_args(argv)
    stories = [d for d in realnews.load_cnndm(args.data) if not d["student"]]
    docs = [d for d in stories if d["part"] == "tune"]
    if not docs:
        print(f"{args.data}: no cnndm-val stories found", file=sys.stderr)
        return 2
    if args.crossfit:
        return crossfit(stories, args.ridge)
    w, n_sentences = fit(docs, args.ridge)
    model = {
        "about": "briefing default-summary salience prior: linear weights over briefing.analysis.salience.FEATURES",
        "trained_on": f"cnndm-val tuning half, {len(docs)} stories, {n_sentences} sentences; title_overlap from their URL slugs",
        "target": "sentence ROUGE-2 + 0.5 ROUGE-1 F1 vs highlights",
        "ridge": args.ridge,
        "date": date.today().isoformat(),
        "features": list(salience.FEATURES),
        "weights": [round(v, 6) for v in w],
    }
    write_weights(salience.MODEL_PATH, model, dry_run=args.dry_run, name_width=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
