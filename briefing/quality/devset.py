"""Summary and entity quality of briefing.analysis on the annotated sets we wrote
(tests/data/devset for tuning, tests/data/heldout for reporting only).

Summaries: every algorithm picks 3 sentences with the gold standfirst (``dek``) hidden
(``analyze(title, None, body)``) and is scored against that standfirst with ROUGE-1/2/L F1,
averaged over articles; ``default+dek`` lets the analyzer see the standfirst, as an import of a
file that carries one does. ``cross_validate`` estimates the default weights' quality on
unseen text by leave-one-out over a small grid; ``cross_validate_bigrams`` the standfirst
pick's, by retraining its model without each fold.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from briefing.quality.entities import LABELS, match_entities, prf
from briefing.quality.rouge import rouge

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "data" / "devset"
HELDOUT = ROOT / "tests" / "data" / "heldout"


def load_devset(path: Path = DEVSET) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) | {"_file": p.name} for p in sorted(path.glob("*.json"))]


def evaluate(docs: list[dict], algorithms: list[str] | None = None, collect_errors: bool = False) -> dict:
    from briefing.analysis import ALGORITHMS, analyze

    algorithms = algorithms or [a for a in ALGORITHMS if a != "default"] + ["default"]
    summaries: dict[str, dict[str, float]] = {}
    totals: defaultdict[str, float]
    for algo in algorithms:
        totals = defaultdict(float)
        for doc in docs:
            a = analyze(doc["title"], None, doc["body"], sentences=3, algorithm=algo, entities=False)
            for k, v in rouge(" ".join(s.text for s in a.summary), doc["dek"]).items():
                totals[k] += v
        summaries[algo] = {k: totals[k] / max(len(docs), 1) for k in ("rouge1", "rouge2", "rougeL")}
    if "default" in algorithms:
        # As `briefing import` / `analyze` run on a file that carries its standfirst (the seed
        # format's line 2, a Markdown `dek`): the analyzer sees it. The stock algorithms and
        # the rows above never do.
        totals = defaultdict(float)
        for doc in docs:
            a = analyze(doc["title"], doc["dek"], doc["body"], sentences=3, entities=False)
            for k, v in rouge(" ".join(s.text for s in a.summary), doc["dek"]).items():
                totals[k] += v
        summaries["default+dek"] = {k: totals[k] / max(len(docs), 1) for k in ("rouge1", "rouge2", "rougeL")}

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors = []
    for doc in docs:
        a = analyze(doc["title"], None, doc["body"], entities=True, sentences=3)
        pred = a.to_dict()["entities"]
        t, f, n, mp, mg = match_entities(pred, doc["entities"])
        tp += t
        fp += f
        fn += n
        if collect_errors:
            errors.append(
                {
                    "file": doc["_file"],
                    "false_positives": [(p["label"], p["text"], p["aliases"]) for p in mp],
                    "missed": [(g["label"], g["text"], g["aliases"]) for g in mg],
                }
            )
    entities = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in LABELS}
    entities["micro"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    out = {"articles": len(docs), "summaries": summaries, "entities": entities}
    if collect_errors:
        out["errors"] = errors
    return out


# -- cross-validation of the default summary's weights ----------------------------------

CV_GRID = {
    "title_term": (0.0, 0.0125, 0.025, 0.05, 0.1),
    "repeated_term": (0.0, 0.0125, 0.025, 0.05, 0.1),
    "quote_penalty": (0.5, 1.0),
    "number_bonus": (0.0, 0.15),
}


def cross_validate(docs: list[dict]) -> dict:
    """Leave-one-article-out CV of the default scorer's weights over CV_GRID.

    For every article, the grid point with the best mean ROUGE-2 on the other articles is
    scored on it; the mean of those scores estimates quality on unseen text of the same kind.
    Every point picks from the summariser's own candidates (prose only), as analyze() does.
    """
    import itertools
    from dataclasses import replace

    from briefing.analysis.sentences import split_sentences
    from briefing.analysis.summarize import DEFAULT_WEIGHTS, candidates, select_default

    points = itertools.product(
        CV_GRID["title_term"], CV_GRID["repeated_term"], CV_GRID["quote_penalty"], CV_GRID["number_bonus"]
    )
    grid = [
        replace(DEFAULT_WEIGHTS, title_term=title, repeated_term=repeated, quote_penalty=quote, number_bonus=number)
        for title, repeated, quote, number in points
    ]
    prepared = []
    for doc in docs:
        body = doc["body"]
        # the sentences the summariser picks from (prose only), as analyze() gives them
        prepared.append((doc, [body[s:e] for s, e in candidates(body, split_sentences(body))]))

    def score(weights) -> list[float]:
        out = []
        for doc, sents in prepared:
            picked = select_default(doc["title"], None, sents, 3, weights)
            out.append(rouge(" ".join(sents[i] for i in picked), doc["dek"])["rouge2"])
        return out

    table = [score(w) for w in grid]
    n = len(docs)
    folds = []
    for held in range(n):
        best = max(range(len(grid)), key=lambda g: sum(table[g][d] for d in range(n) if d != held))
        folds.append(table[best][held])
    totals = sorted((sum(row) / n for row in table), reverse=True)
    default_row = score(DEFAULT_WEIGHTS)
    lead = [rouge(" ".join(sents[:3]), doc["dek"])["rouge2"] for doc, sents in prepared]
    return {
        "grid": {k: list(v) for k, v in CV_GRID.items()},
        "grid_points": len(grid),
        "loo_rouge2": sum(folds) / n,
        "default_weights_rouge2": sum(default_row) / n,
        "best_grid_rouge2": totals[0],
        "median_grid_rouge2": totals[len(totals) // 2],
        "lead3_rouge2": sum(lead) / n,
    }


CV_FOLDS = 4


def cross_validate_bigrams(docs: list[dict], folds: int = CV_FOLDS) -> dict:
    """K-fold cross-validation of the bigram model (the default summary of an article with a
    standfirst) on these articles.

    Article k is in fold k mod ``folds``. For each fold, the model is retrained as the shipped
    one is (briefing.quality.train_salience: cnndm-val's tuning half and the articles here) but
    without that fold's articles, and those articles are summarised with it, the standfirst
    given to the analyzer (as ``default+dek``), and scored against their standfirst. The mean estimates quality on unseen text of the same
    kind; ``shipped_rouge2`` is the shipped model's own score (it saw every article here). The
    labels are the standfirst's bigrams and the pick sees the standfirst, so this measures how
    well the body sentences are chosen around it, not how well it is guessed.
    Needs ../shared/data/cnndm-val (raises FileNotFoundError without it) and numpy.
    """
    from dataclasses import replace

    from briefing.analysis.sentences import split_sentences
    from briefing.analysis.summarize import DEFAULT_WEIGHTS, candidates, select_default
    from briefing.quality import realnews, train_bigrams

    if not realnews.CNNDM.exists():
        raise FileNotFoundError(f"{realnews.CNNDM}: the model's training data is not here")
    cnn_examples = train_bigrams.examples({"cnn": train_bigrams.cnndm_articles()})
    prepared = []
    for doc in docs:
        body = doc["body"]
        sents = [body[s:e] for s, e in candidates(body, split_sentences(body))]
        rows, labels = train_bigrams.article_examples(doc["title"], body, doc["dek"])
        prepared.append((doc, sents, [("dev", rows, labels)] if rows else []))

    def rouge2(doc, sents, picked) -> float:
        return rouge(" ".join(sents[i] for i in picked), doc["dek"])["rouge2"]

    scores = [0.0] * len(docs)
    for fold in range(folds):
        train = cnn_examples + [ex for k, (_, _, exs) in enumerate(prepared) if k % folds != fold for ex in exs]
        model = tuple(float(v) for v in train_bigrams.fit_examples(train))
        weights = replace(DEFAULT_WEIGHTS, bigram_model=model)
        for k, (doc, sents, _) in enumerate(prepared):
            if k % folds == fold:
                scores[k] = rouge2(doc, sents, select_default(doc["title"], doc["dek"], sents, 3, weights))
    n = max(len(docs), 1)
    shipped = [rouge2(doc, sents, select_default(doc["title"], doc["dek"], sents, 3)) for doc, sents, _ in prepared]
    lead = [rouge2(doc, sents, range(min(3, len(sents)))) for doc, sents, _ in prepared]
    return {
        "folds": folds,
        "cv_rouge2": sum(scores) / n,
        "shipped_rouge2": sum(shipped) / n,
        "lead3_rouge2": sum(lead) / n,
    }
