"""Summary and entity quality of briefing.analysis on the annotated sets we wrote
(tests/data/devset for tuning, tests/data/heldout for reporting only).

Summaries: every algorithm picks 3 sentences with the gold standfirst (``dek``) hidden
(``analyze(title, None, body)``) and is scored against that standfirst with ROUGE-1/2/L F1,
averaged over articles; ``default+dek`` lets the analyzer see the standfirst, as an import of a
file that carries one does. ``cross_validate`` estimates the default summary's quality on
unseen text of this kind by retraining its model without each fold.
"""

from __future__ import annotations

import json
from collections import Counter
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
    for algo in algorithms:
        totals = Counter()
        for doc in docs:
            a = analyze(doc["title"], None, doc["body"], sentences=3, algorithm=algo, entities=False)
            for k, v in rouge(" ".join(s.text for s in a.summary), doc["dek"]).items():
                totals[k] += v
        summaries[algo] = {k: totals[k] / max(len(docs), 1) for k in ("rouge1", "rouge2", "rougeL")}
    if "default" in algorithms:
        # As `briefing import` / `analyze` run on a file that carries its standfirst (the seed
        # format's line 2, a Markdown `dek`): the analyzer sees it. The stock algorithms and
        # the rows above never do.
        totals = Counter()
        for doc in docs:
            a = analyze(doc["title"], doc["dek"], doc["body"], sentences=3, entities=False)
            for k, v in rouge(" ".join(s.text for s in a.summary), doc["dek"]).items():
                totals[k] += v
        summaries["default+dek"] = {k: totals[k] / max(len(docs), 1) for k in ("rouge1", "rouge2", "rougeL")}

    tp, fp, fn = Counter(), Counter(), Counter()
    errors = []
    for doc in docs:
        a = analyze(doc["title"], None, doc["body"], entities=True, sentences=3)
        pred = a.to_dict()["entities"]
        t, f, n, mp, mg = match_entities(pred, doc["entities"])
        tp += t
        fp += f
        fn += n
        if collect_errors:
            errors.append({"file": doc["_file"], "false_positives": [(p["label"], p["text"], p["aliases"]) for p in mp],
                           "missed": [(g["label"], g["text"], g["aliases"]) for g in mg]})
    entities = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in LABELS}
    entities["micro"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    out = {"articles": len(docs), "summaries": summaries, "entities": entities}
    if collect_errors:
        out["errors"] = errors
    return out


# -- cross-validation of the default summary's model ------------------------------------

CV_FOLDS = 4


def cross_validate(docs: list[dict], folds: int = CV_FOLDS) -> dict:
    """K-fold cross-validation of the default summary's bigram model on these articles.

    Article k is in fold k mod ``folds``. For each fold, the model is retrained as the shipped
    one is (briefing.quality.train_salience: cnndm-val's tuning half and the articles here) but
    without that fold's articles, and those articles are summarised with it (standfirst hidden)
    and scored against their standfirst. The mean estimates quality on unseen text of the same
    kind; ``shipped_rouge2`` is the shipped model's own score (it saw every article here).
    Needs ../shared/data/cnndm-val (raises FileNotFoundError without it) and numpy.
    """
    from dataclasses import replace

    from briefing.analysis.sentences import split_sentences
    from briefing.analysis.summarize import DEFAULT_WEIGHTS, candidates, select_default
    from briefing.quality import realnews, train_salience

    if not realnews.CNNDM.exists():
        raise FileNotFoundError(f"{realnews.CNNDM}: the model's training data is not here")
    cnn_examples = train_salience.examples({"cnn": train_salience.cnndm_articles()})
    prepared = []
    for doc in docs:
        body = doc["body"]
        sents = [body[s:e] for s, e in candidates(body, split_sentences(body))]
        rows, labels = train_salience.article_examples(doc["title"], body, doc["dek"])
        prepared.append((doc, sents, [("dev", rows, labels)] if rows else []))

    def rouge2(doc, sents, picked) -> float:
        return rouge(" ".join(sents[i] for i in picked), doc["dek"])["rouge2"]

    scores = [0.0] * len(docs)
    for fold in range(folds):
        train = cnn_examples + [ex for k, (_, _, exs) in enumerate(prepared) if k % folds != fold for ex in exs]
        model = tuple(float(v) for v in train_salience.fit_examples(train))
        weights = replace(DEFAULT_WEIGHTS, model=model)
        for k, (doc, sents, _) in enumerate(prepared):
            if k % folds == fold:
                scores[k] = rouge2(doc, sents, select_default(doc["title"], None, sents, 3, weights))
    n = max(len(docs), 1)
    shipped = [rouge2(doc, sents, select_default(doc["title"], None, sents, 3)) for doc, sents, _ in prepared]
    lead = [rouge2(doc, sents, range(min(3, len(sents)))) for doc, sents, _ in prepared]
    return {
        "folds": folds,
        "cv_rouge2": sum(scores) / n,
        "shipped_rouge2": sum(shipped) / n,
        "lead3_rouge2": sum(lead) / n,
    }
