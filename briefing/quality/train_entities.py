"""Training the sequence model (a linear-chain CRF, python-crfsuite) from CoNLL-2003.

    python -m briefing.quality.train_entities [--train FILE...] [--output FILE] [--limit N]
        [--iterations N] [--c1 X] [--c2 Y] [--crossfit]

Reads the training split (``../shared/data/conll2003/eng.train`` unless ``--train`` names
other files, e.g. ``eng.train eng.testa`` for train + development; never a test split): the
shipped model is trained on the training split alone (train + development did not measure
better, see :func:`crossfit`). Turns every document into an article exactly as
:mod:`briefing.quality.conll` does, tokenises it as the recogniser does at run time, projects
the gold names (IOB1 over CoNLL tokens) onto our tokens and trains on the candidate windows
with the features of :mod:`.features`. Writes the model the package ships
(``briefing/analysis/data/entities.crfsuite``) unless ``--output`` says otherwise. The labels
are ours: B-/I- of PERSON, ORG, PLACE and MISC (other names, not reported), and O.

``--crossfit`` writes no model: it measures a setting with the development split kept honest
(:func:`crossfit`: a train-only model scored on dev, and train + one half of dev scored on the
other half). Choose settings with it before training on the development split too: a model
trained on dev scores on its own training data there.

Only this module (and the tests and tools that call it) imports the trainer; run time only
reads the model file.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from briefing.analysis import ORG, PERSON, PLACE
from briefing.analysis.entities import gazetteer
from briefing.analysis.entities.features import document_windows
from briefing.analysis.entities.model import MISC, MODEL_PATH
from briefing.analysis.entities.tokens import Field, tokenize_document

# CoNLL-2003's types -> the model's labels (MISC: names of other kinds, never reported)
TO_LABEL = {"PER": PERSON, "ORG": ORG, "LOC": PLACE, "MISC": MISC}
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


class GoldField(Protocol):
    """A field with gold tokens: its text, each token's character span, each token's IOB tag."""

    @property
    def text(self) -> str: ...
    @property
    def spans(self) -> Sequence[tuple[int, int]]: ...
    @property
    def tags(self) -> Sequence[str]: ...


class GoldArticle(Protocol):
    @property
    def title(self) -> GoldField: ...
    @property
    def body(self) -> GoldField: ...


def project(gold: GoldField, field: Field) -> list[str]:
    """The gold tags of ``gold``'s tokens carried over to our tokens of the same text (IOB2)."""
    starts = [s for s, _ in gold.spans]
    # which gold mention each gold token is in, and the mention's type
    mention_of: list[int] = []
    types: list[str] = []
    current = -1
    for tag in gold.tags:
        prefix, _, typ = tag.partition("-")
        if prefix == "O" or not typ:
            current = -1
        elif prefix == "B" or current < 0 or types[current] != typ:
            types.append(typ)
            current = len(types) - 1
        mention_of.append(current)
    out: list[str] = []
    prev_mention = -1
    for s in field.starts:
        k = bisect.bisect_right(starts, s) - 1
        m = mention_of[k] if 0 <= k < len(starts) and s < gold.spans[k][1] else -1
        if m < 0 or types[m] not in TO_LABEL:
            out.append("O")
            prev_mention = -1
            continue
        out.append(("I-" if m == prev_mention else "B-") + TO_LABEL[types[m]])
        prev_mention = m
    return out


def sequences(articles: Iterable[GoldArticle]) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, labels) for every candidate window of every article."""
    from briefing.analysis.sentences import split_sentences

    gz = gazetteer.get()
    for art in articles:
        body = art.body.text
        doc = tokenize_document(art.title.text, "", body, split_sentences(body) if body.strip() else [])
        labels = {f.name: project(art.title if f.name == "title" else art.body, f) for f in doc.fields}
        for field, a, b, feats in document_windows(doc, gz):
            yield feats, labels[field.name][a:b]


def train(articles: Iterable[GoldArticle], output: Path, params: dict | None = None, verbose: bool = False) -> dict:
    """Train on ``articles`` and write the model to ``output``; returns what it did."""
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    windows = tokens = 0
    for feats, labels in sequences(articles):
        trainer.append(feats, labels)
        windows += 1
        tokens += len(labels)
    trainer.set_params({**PARAMS, **(params or {})})
    output.parent.mkdir(parents=True, exist_ok=True)
    t1 = time.perf_counter()
    trainer.train(str(output))
    return {
        "windows": windows,
        "tokens": tokens,
        "features_seconds": round(t1 - t0, 1),
        "train_seconds": round(time.perf_counter() - t1, 1),
        "iterations": len(trainer.logparser.iterations),
        "model_bytes": output.stat().st_size,
    }


def _halves(docs: int) -> tuple[range, range]:
    """The development documents in two halves by document id: the first half and the rest."""
    return range(docs // 2), range(docs // 2, docs)


def _fit_and_score(
    job: tuple[str, list[Path], Path, list[int] | None, dict[str, list[int]], dict, Path],
) -> list[tuple[str, dict]]:
    """One run of the protocol: train on the files (plus the dev documents ``extra``), score on
    each named set of the other dev documents."""
    from briefing.analysis.entities import model
    from briefing.quality import conll

    name, files, dev, extra, held, params, output = job
    dev_articles = conll.load_articles(dev)
    articles = [a for f in files for a in conll.load_articles(f)]
    articles += [dev_articles[k] for k in extra or ()]
    info = train(articles, output, params)
    model.MODEL_PATH = output  # this worker process measures the model it just trained
    return [
        (f"{name} {part}", {"entities": conll.evaluate([dev_articles[k] for k in docs])["entities"], **info})
        for part, docs in held.items()
    ]


def crossfit(files: list[Path], dev: Path, params: dict, jobs: int = 2) -> dict:
    """Honest estimates for a setting, without the test split.

    ``train-only``: trained on ``files`` alone, scored on all of ``dev`` (the development
    figure of a train-only model) and on each half. ``+A`` / ``+B``: trained on ``files`` plus one
    half of ``dev`` (A: the first half of its documents, B: the rest; neighbouring documents
    share stories, so the halves are not interleaved), scored on the other half.
    ``cross-fitted``: the two pooled, what training on the development split too is worth on
    documents the model did not see (compare ``train-only``, whose "all" pools the same halves).
    """
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    from briefing.quality import conll
    from briefing.quality.entities import LABELS, prf

    a, b = _halves(len(conll.read_documents(dev)))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        runs = [
            ("train-only", files, dev, None, {"all": [*a, *b], "A": list(a), "B": list(b)}, params, out / "t.crfsuite"),
            ("+A", files, dev, list(a), {"B": list(b)}, params, out / "a.crfsuite"),
            ("+B", files, dev, list(b), {"A": list(a)}, params, out / "b.crfsuite"),
        ]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = {name: r for scored in pool.map(_fit_and_score, runs) for name, r in scored}
    pooled = {}
    for lab in [*LABELS, "micro"]:
        tp, fp, fn = (sum(results[r]["entities"][lab][k] for r in ("+A B", "+B A")) for k in ("tp", "fp", "fn"))
        pooled[lab] = prf(tp, fp, fn)
    results["cross-fitted"] = {"entities": pooled}
    return results


def main(argv: list[str] | None = None) -> int:
    from briefing.quality import conll

    ap = argparse.ArgumentParser(description="Train briefing's entity model from CoNLL-2003 (train + development).")
    ap.add_argument(
        "--train",
        type=Path,
        nargs="+",
        default=[conll.TRAIN],
        metavar="FILE",
        help="CoNLL-2003 files to train on (default: the training split; measure with --crossfit before adding dev)",
    )
    ap.add_argument("--output", type=Path, default=MODEL_PATH, help="where to write the model")
    ap.add_argument("--limit", type=int, help="train on the first N documents of each file only (quick runs, tests)")
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--c1", type=float, default=PARAMS["c1"], help="L1 regularisation")
    ap.add_argument("--c2", type=float, default=PARAMS["c2"], help="L2 regularisation")
    ap.add_argument(
        "--crossfit",
        action="store_true",
        help="write no model: measure the setting (train-only on dev, and train + one dev half on the other)",
    )
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    for path in args.train:
        if not path.is_file():
            print(f"{path}: no such file (a CoNLL-2003 split to train on)", file=sys.stderr)
            return 2
    params = {"max_iterations": args.iterations, "c1": args.c1, "c2": args.c2}
    if args.crossfit:
        files = [p for p in args.train if p.resolve() != conll.DEV.resolve()]
        results = crossfit(files, conll.DEV, params)
        print(f"{', '.join(p.name for p in files)} (+ halves of {conll.DEV.name}); {params}")
        print(f"{'run':<16}{'micro F1':>9}{'PERSON':>8}{'ORG':>8}{'PLACE':>8}")
        for name, r in results.items():
            e = r["entities"]
            print(
                f"{name:<16}"
                + "".join(f"{e[k]['f1']:>{w}.4f}" for k, w in (("micro", 9), ("PERSON", 8), ("ORG", 8), ("PLACE", 8)))
            )
        return 0
    articles = [a for path in args.train for a in conll.load_articles(path, limit=args.limit)]
    info = train(articles, args.output, params, verbose=args.verbose)
    print(
        f"{args.output}: {len(articles)} articles from {' + '.join(p.name for p in args.train)}, "
        f"{info['windows']:,} windows, {info['tokens']:,} tokens; "
        f"features {info['features_seconds']} s, training {info['train_seconds']} s "
        f"({info['iterations']} iterations); {info['model_bytes'] / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
