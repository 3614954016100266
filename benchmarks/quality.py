"""Summary and entity quality of briefing.analysis on the annotated dev set.

    python benchmarks/quality.py [--json] [--errors] [--devset DIR] [--algorithms a,b,...] [--cv]

Summaries: every algorithm picks 3 sentences with the gold standfirst (``dek``) hidden
(``analyze(title, None, body)``) and is scored against that standfirst with ROUGE-1/2/L F1,
averaged over articles. ROUGE is implemented here (no package): lower-cased word tokens
(letters and digits), no stemming, no stop-word removal; ROUGE-N F1 from clipped n-gram
overlap, ROUGE-L F1 from the longest common subsequence.

``--cv`` instead cross-validates the default summary's weights (leave one article out over a
small grid, see ``cross_validate``) and prints the estimate next to the defaults' own score.

Entities: document level. A predicted entity matches a gold entity when their labels are
equal and their alias sets (aliases plus canonical text) intersect case-insensitively; each
gold entity is matched at most once. Precision, recall and F1 per label and micro-averaged
over PERSON, ORG and PLACE.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEVSET = ROOT / "tests" / "data" / "devset"
LABELS = ("PERSON", "ORG", "PLACE")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


# -- ROUGE ------------------------------------------------------------------------------


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


# -- entities ---------------------------------------------------------------------------


def match_entities(pred: list[dict], gold: list[dict]) -> tuple[Counter, Counter, Counter, list, list]:
    """Greedy document-level matching. Returns tp, fp, fn per label and the unmatched lists."""
    tp, fp, fn = Counter(), Counter(), Counter()
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


# -- evaluation -------------------------------------------------------------------------


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
    """
    import itertools
    from dataclasses import replace

    from briefing.analysis.sentences import split_sentences
    from briefing.analysis.summarize import DEFAULT_WEIGHTS, select_default

    keys = list(CV_GRID)
    grid = [replace(DEFAULT_WEIGHTS, **dict(zip(keys, vals))) for vals in itertools.product(*CV_GRID.values())]
    prepared = []
    for doc in docs:
        body = doc["body"]
        prepared.append((doc, [body[s:e] for s, e in split_sentences(body)]))

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--errors", action="store_true", help="also list entity false positives and misses")
    ap.add_argument("--devset", type=Path, default=DEVSET, help="folder of dev-set JSON files")
    ap.add_argument("--algorithms", help="comma-separated subset of algorithms to score")
    ap.add_argument("--cv", action="store_true", help="leave-one-out CV of the default summary's weights instead")
    args = ap.parse_args(argv)
    docs = load_devset(args.devset)
    if not docs:
        print(f"no dev-set files in {args.devset}", file=sys.stderr)
        return 2
    if args.cv:
        cv = cross_validate(docs)
        if args.json:
            print(json.dumps(cv, indent=2))
            return 0
        print(f"{len(docs)} articles, leave-one-out over {cv['grid_points']} weight settings: {cv['grid']}")
        for key in ("loo_rouge2", "default_weights_rouge2", "best_grid_rouge2", "median_grid_rouge2", "lead3_rouge2"):
            print(f"  {key:<24}{cv[key]:.4f}")
        return 0
    t0 = time.perf_counter()
    algos = args.algorithms.split(",") if args.algorithms else None
    res = evaluate(docs, algos, collect_errors=args.errors)
    res["seconds"] = round(time.perf_counter() - t0, 2)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"{res['articles']} articles, 3-sentence summaries vs gold standfirst "
          "(dek hidden, except default+dek: the analyzer sees the standfirst)\n")
    print(f"{'algorithm':<12}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}")
    for algo, r in res["summaries"].items():
        print(f"{algo:<12}{r['rouge1']:>9.4f}{r['rouge2']:>9.4f}{r['rougeL']:>9.4f}")
    others = [r["rouge2"] for a, r in res["summaries"].items() if not a.startswith("default")]
    if "default" in res["summaries"] and others:
        best = max(others)
        for name in ("default", "default+dek"):
            gain = (res["summaries"][name]["rouge2"] / best - 1) * 100 if best else float("inf")
            print(f"\n{name} vs best stock ROUGE-2: {gain:+.1f}%", end="")
        print()
    print(f"\n{'entities':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for lab, r in res["entities"].items():
        print(f"{lab:<10}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}")
    if args.errors:
        for e in res["errors"]:
            print(f"\n{e['file']}")
            for lab, text, al in e["false_positives"]:
                print(f"  FP {lab:<7}{text}  {al}")
            for lab, text, al in e["missed"]:
                print(f"  FN {lab:<7}{text}  {al}")
    print(f"\n({res['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
