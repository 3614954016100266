"""Summary and entity quality of briefing.analysis on the annotated dev set.

    python benchmarks/quality.py [--json] [--errors] [--devset DIR] [--algorithms a,b,...] [--cv]
    python benchmarks/quality.py --cnndm [--limit N] [--json] [--rouge-score]   # real news: cnndm-val, lead-3 vs ours
    python benchmarks/quality.py --bbc [--limit N] [--json]     # real news: BBC extractive summaries
    python benchmarks/quality.py --conll [FILE] [--json] [--errors]   # entities on CoNLL-2003 dev
    python benchmarks/quality.py --cnndm --form detokenised|tokenised|lowercased|uppercased  # another surface form
    python benchmarks/quality.py --pages [DIR] [--json]   # tabloid pages: furniture in summaries, in every form
    python benchmarks/quality.py --cnndm --copied-fields   # headline and standfirst copied from the opening

Summaries: every algorithm picks 3 sentences with the gold standfirst (``dek``) hidden
(``analyze(title, None, body)``) and is scored against that standfirst with ROUGE-1/2/L F1
(briefing/quality/rouge.py), averaged over articles.

``--cnndm`` / ``--bbc`` score 3-sentence summaries of real news against their references
(../shared/data, briefing/quality/realnews.py): lead-raw (the splitter's first three spans),
lead (the first three prose sentences: the same splitter and prose filter as ours) and
default, with ROUGE-1/2/L in percent on the tuning part, the report part and all.
``--rouge-score`` scores with the rouge-score package instead (``pip install rouge-score``; not a
dependency): Porter stemmer and ROUGE-Lsum, as published CNN/DailyMail figures are.

``--form`` gives ``--cnndm`` the stories as the corpus also circulates: ``detokenised`` (its appended
" ." made "."), ``tokenised`` (spaces before punctuation) or ``lowercased`` (tokenised and
lower-cased, as the corpus's most used preprocessed release has it) or ``uppercased`` (the stored
text in capitals, as weather warnings and teletype wires come); ``stored`` is the default.
``--copied-fields`` gives every story the headline and standfirst a feed or a converter without
an editor gives: the first 12 words of the body and its first two sentences
(``realnews.with_copied_fields``). The summary should be as good as with neither.
``--pages`` summarises the tabloid pages of tests/data/tabloid (briefing/quality/pages.py) in all
three forms: summary sentences that carry page furniture, ledes that open the summary, and
ROUGE against each page's bullet highlights, lead-3 beside ours.

``--cv`` instead cross-validates the default summary: its weights without a standfirst (leave
one article out over a small grid, ``cross_validate``) and its bigram model with one (retrained
without each quarter of the articles, ``cross_validate_bigrams``), each estimate next to the
shipped setting's own score.

Entities: document level. A predicted entity matches a gold entity when their labels are
equal and their alias sets (aliases plus canonical text) intersect case-insensitively; each
gold entity is matched at most once (briefing/quality/entities.py). Precision, recall and F1
per label and micro-averaged over PERSON, ORG and PLACE.

``--conll`` instead scores the entities on real news: the CoNLL-2003 development split
(../shared/data/conll2003/eng.testa unless FILE is given) read as articles, body mentions,
exact span, PERSON/ORG/PLACE (briefing/quality/conll.py), with the time the analysis took.

The measurements live in the package (briefing.quality) so the tests import them; this script
only prints them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from briefing.quality.conll import DEV as CONLL_DEV  # noqa: E402
from briefing.quality.devset import DEVSET, cross_validate, cross_validate_bigrams, evaluate, load_devset  # noqa: E402


def print_conll(path: Path, as_json: bool, errors: bool) -> int:
    from briefing.quality import conll

    if not path.is_file():
        print(f"{path}: no such CoNLL file", file=sys.stderr)
        return 2
    res = conll.evaluate(conll.load_articles(path), collect_errors=errors)
    if as_json:
        print(json.dumps(res, indent=2))
        return 0
    print(
        f"{path.name}: {res['articles']} articles, {res['body_chars']:,} body characters; body mentions, exact span\n"
    )
    print(f"{'entities':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for lab, r in res["entities"].items():
        print(f"{lab:<10}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}")
    for e in res.get("errors", []):
        print(f"\n#{e['article']} {e['title']}")
        for lab, text in e["false_positives"]:
            print(f"  FP {lab:<7}{text}")
        for lab, text in e["missed"]:
            print(f"  FN {lab:<7}{text}")
    print(f"\nanalyze(): {res['seconds']} s in all, median {res['median_ms_per_article']} ms per article")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--errors", action="store_true", help="also list entity false positives and misses")
    ap.add_argument("--devset", type=Path, default=DEVSET, help="folder of dev-set JSON files")
    ap.add_argument("--algorithms", help="comma-separated subset of algorithms to score")
    ap.add_argument("--cv", action="store_true", help="cross-validate the default summary's model instead")
    ap.add_argument("--cnndm", action="store_true", help="summaries of cnndm-val (real CNN news) vs lead-3 instead")
    ap.add_argument("--bbc", action="store_true", help="summaries of bbc-news-summary vs lead-3 instead")
    ap.add_argument("--limit", type=int, help="with --cnndm/--bbc: only the first N stories")
    ap.add_argument(
        "--rouge-score",
        action="store_true",
        help="with --cnndm/--bbc: score with the rouge-score package (stemmed, ROUGE-Lsum) instead of ours",
    )
    ap.add_argument(
        "--form",
        choices=("stored", "detokenised", "tokenised", "lowercased", "uppercased"),
        default="stored",
        help="with --cnndm/--bbc: the stories in this surface form of the corpus",
    )
    ap.add_argument(
        "--copied-fields",
        action="store_true",
        help="with --cnndm/--bbc: give each story a headline and a standfirst copied from its opening",
    )
    ap.add_argument(
        "--pages",
        nargs="?",
        type=Path,
        const=Path("tests/data/tabloid"),
        metavar="DIR",
        help="tabloid pages (default tests/data/tabloid): furniture in summaries and ROUGE, every form",
    )
    ap.add_argument(
        "--conll",
        nargs="?",
        type=Path,
        const=CONLL_DEV,
        metavar="FILE",
        help="score entities on a CoNLL-2003 file instead (default: the development split)",
    )
    args = ap.parse_args(argv)
    if args.conll:
        return print_conll(args.conll, args.json, args.errors)
    if args.cnndm or args.bbc:
        return real_news(args)
    if args.pages:
        return print_pages(ROOT / args.pages if not args.pages.is_absolute() else args.pages, args.json)
    docs = load_devset(args.devset)
    if not docs:
        print(f"no dev-set files in {args.devset}", file=sys.stderr)
        return 2
    if args.cv:
        cv = cross_validate(docs)
        bigrams = cross_validate_bigrams(docs)
        if args.json:
            print(json.dumps({"default": cv, "default+dek": bigrams}, indent=2))
            return 0
        print(f"{len(docs)} articles, ROUGE-2 vs the standfirst")
        print(f"default (standfirst hidden): leave-one-out over {cv['grid_points']} weight settings: {cv['grid']}")
        for key in ("loo_rouge2", "default_weights_rouge2", "best_grid_rouge2", "median_grid_rouge2", "lead3_rouge2"):
            print(f"  {key:<24}{cv[key]:.4f}")
        print(f"default+dek (standfirst given): the bigram model retrained without each of {bigrams['folds']} folds")
        for key in ("cv_rouge2", "shipped_rouge2", "lead3_rouge2"):
            print(f"  {key:<24}{bigrams[key]:.4f}")
        return 0
    t0 = time.perf_counter()
    algos = args.algorithms.split(",") if args.algorithms else None
    res = evaluate(docs, algos, collect_errors=args.errors)
    res["seconds"] = round(time.perf_counter() - t0, 2)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(
        f"{res['articles']} articles, 3-sentence summaries vs gold standfirst "
        "(dek hidden, except default+dek: the analyzer sees the standfirst)\n"
    )
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


def print_pages(path: Path, as_json: bool) -> int:
    from briefing.quality import pages

    docs = pages.load_pages(path)
    if not docs:
        print(f"no page files in {path}", file=sys.stderr)
        return 2
    res = pages.evaluate(docs)
    if as_json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"{res['pages']} tabloid pages, 3-sentence summaries vs their bullet highlights (our ROUGE F1 %)")
    print("leaks: summary sentences carrying page furniture; lede first: pages whose summary opens with the lede\n")
    print(f"{'form':<13}{'system':<9}{'R-1':>7}{'R-2':>7}{'R-L':>7}{'leaks':>7}{'lede first':>12}")
    for form in pages.ALL_FORMS:
        for system, r in res[form].items():
            print(
                f"{form:<13}{system:<9}{r['rouge1']:>7.2f}{r['rouge2']:>7.2f}{r['rougeL']:>7.2f}"
                f"{r['leaks']:>7}{r['lede_first']:>8}/{res['pages']}"
            )
    for ex in res["examples"]:
        print(f"  leak ({ex['form']}, {ex['system']}) {ex['file']}: {ex['sentence'][:120]}")
    return 0


def real_news(args) -> int:
    from briefing.quality import realnews

    path = realnews.CNNDM if args.cnndm else realnews.BBC
    docs = realnews.load_cnndm(path) if args.cnndm else realnews.load_bbc(path)
    if not docs:
        print(f"{path}: no stories (is ../shared/data beside the repository?)", file=sys.stderr)
        return 2
    docs = docs[: args.limit] if args.limit else docs
    if args.form != "stored":
        shape = (realnews.FORMS | realnews.LOWERCASED | realnews.UPPERCASED)[args.form]
        docs = [dict(d, body=shape(d["body"])) for d in docs]
    if args.copied_fields:
        docs = [realnews.with_copied_fields(d) for d in docs]
    scorer = None
    if args.rouge_score:
        scorer = realnews.rouge_score_scorer()
        if scorer is None:
            print("--rouge-score needs the rouge-score package: pip install rouge-score", file=sys.stderr)
            return 2
    t0 = time.perf_counter()
    res = realnews.evaluate(docs, scorer=scorer)
    res["seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    how = (
        "rouge-score F1 in percent (Porter stemmer, R-L = ROUGE-Lsum)"
        if scorer
        else "our ROUGE F1 in percent (no stemming)"
    )
    fields = ", headline and standfirst copied from the opening" if args.copied_fields else ""
    print(f"{path.name} ({args.form}{fields}): 3-sentence summaries vs references, {how}")
    print("lead-raw: the splitter's first 3 spans; lead: first 3 prose sentences (same splitter and filter as ours)\n")
    print(f"{'part':<8}{'n':>6}  {'system':<10}{'R-1':>7}{'R-2':>7}{'R-L':>7}")
    for group in ("tune", "report", "all"):
        for system, r in res.get(group, {}).items():
            print(
                f"{group:<8}{res['counts'][group]:>6}  {system:<10}{r['rouge1']:>7.2f}{r['rouge2']:>7.2f}{r['rougeL']:>7.2f}"
            )
        if group in res:
            lead, ours = res[group]["lead"], res[group]["default"]
            print(
                f"{'':<16}default - lead: R-1 {ours['rouge1'] - lead['rouge1']:+.2f}, R-2 {ours['rouge2'] - lead['rouge2']:+.2f}, "
                f"R-L {ours['rougeL'] - lead['rougeL']:+.2f}"
            )
    print(f"\n({res['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
