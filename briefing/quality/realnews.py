"""Summary quality on real news with reference summaries, read from the team's shared data
(``../shared/data`` beside the repository, or ``$BRIEFING_SHARED_DATA``; never copied into it).

- ``cnndm-val``: 1,000 CNN stories of the CNN/DailyMail *validation* split with their
  abstractive highlights (no headline). Split by story id into a tuning part (what weights
  may be chosen on) and a report part (never tuned on): ``part(id)``.
- ``bbc-news-summary``: 2,125 BBC stories with machine-made extractive summaries of ~8
  sentences: a salience signal, not a length target. Its own ``split`` field (train /
  validation) is kept: tune on train, report on validation.

Every system picks 3 sentences with ``briefing.analysis.analyze`` (the same sentence splitter
and the same prose filter for all); ``lead-raw`` is the first three spans of the splitter with
no filter at all. Scores are our ROUGE-1/2/L F1 (briefing/quality/rouge.py: no stemming,
ROUGE-L over the whole summary), averaged over stories, in percent.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.quality.rouge import rouge

# -- the surface forms the CNN/DailyMail text circulates in ------------------------------
# As Hugging Face stores it ("stored": every page line without final punctuation given " .",
# the lines joined with spaces), detokenised (that " ." made "."), and tokenised (Penn Treebank
# tokens, as the corpus's tokenised releases have them). The held-out real news may come in
# any of them, so the prose filter is measured on all three (benchmarks/quality.py --form).
_ADDED_PERIOD = re.compile(r" \.(?=\s|$)")
_TOKEN_PUNCT = re.compile(r"(?<=\w)([,;:!?])(?=\s|$)")
_FINAL_PERIOD = re.compile(r"(?<=[\w%)\]'\u2019])\.(?=\s|$)")
_CLITIC = re.compile(r"(?<=\w)(n't|'s|'re|'ve|'ll|'d|'m)\b")
_OPEN_QUOTE = re.compile("(?:(?<=\\s)|^)([\"'\u201c\u2018])(?=\\w)")
_CLOSE_QUOTE = re.compile("(?<=[\\w.,!?])([\"'\u201d\u2019])(?=\\s|$)")


def detokenise(text: str) -> str:
    """The text with the corpus's appended " ." made a plain "."."""
    return _ADDED_PERIOD.sub(".", text)


def tokenise(text: str) -> str:
    """A Penn Treebank tokenisation, as the corpus's tokenised releases have it: quotation
    marks, clitics, commas, colons and final periods split from their words, double quotes
    written `` and '', single ones ` and ', brackets as -LRB- and -RRB- ("-LRB- CNN -RRB- She
    said : `` It was n't mine . ''")."""
    text = _OPEN_QUOTE.sub(lambda m: ("``" if m.group(1) in '"\u201c' else "`") + " ", text)
    text = _CLOSE_QUOTE.sub(lambda m: " " + ("''" if m.group(1) in '"\u201d' else "'"), text)
    text = _CLITIC.sub(r" \1", text)
    text = _TOKEN_PUNCT.sub(r" \1", text)
    text = _FINAL_PERIOD.sub(_final_period, text)
    text = _BRACKET.sub(lambda m: f" {_PTB_BRACKETS[m.group()]} ", text)
    return _LINE_EDGE_SPACE.sub("", re.sub(r"[ \t]+", " ", text))


_PTB_BRACKETS = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}
_BRACKET = re.compile(r"[()\[\]{}]")
_LINE_EDGE_SPACE = re.compile(r"(?m)^[ \t]+|[ \t]+$")


# Abbreviations whose period the Penn Treebank tokeniser keeps ("Port St. Lucie", "Mr. Hale").
_KEEP_PERIOD = frozenset(
    "mr mrs ms dr st mt ft jr sr gen sen rep gov lt col sgt capt prof rev no vs inc co corp ltd"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _final_period(m: re.Match) -> str:
    start = m.start()
    k = start
    while k > 0 and m.string[k - 1].isalpha():
        k -= 1
    word = m.string[k:start]
    return "." if word.lower() in _KEEP_PERIOD or len(word) == 1 else " ."


FORMS: dict[str, Callable[[str], str]] = {"stored": lambda t: t, "detokenised": detokenise, "tokenised": tokenise}
# Lower-cased, as the corpus's most used preprocessed release (tokenised, then lower-cased) has it:
# no capital marks a sentence start, a name or a caption, so it is measured apart.
LOWERCASED: dict[str, Callable[[str], str]] = {"lowercased": lambda t: tokenise(t).lower()}
# All in capitals, as weather warnings, teletype wires and some press releases come: no capital
# tells anything there either (the analyzer reads it in lower case, sentences.capitals_view).
UPPERCASED: dict[str, Callable[[str], str]] = {"uppercased": str.upper}

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("BRIEFING_SHARED_DATA", ROOT.parent / "shared" / "data"))
CNNDM = SHARED_DATA / "cnndm-val" / "cnndm-val.jsonl"
BBC = SHARED_DATA / "bbc-news-summary" / "bbc-news-summary.jsonl"
SYSTEMS = ("lead-raw", "lead", "default")
METRICS = ("rouge1", "rouge2", "rougeL")


def part(story_id: str) -> str:
    """``tune`` or ``report``: half of cnndm-val each, fixed by the story id (a SHA-1)."""
    return "tune" if int(story_id, 16) % 2 == 0 else "report"


# Slug words that are CNN's URL conventions, not the story's ("-feat", "-intl", "sn-").
_SLUG_NOISE = frozenset("feat intl spt irpt cnnphotos pkg vid sn wus index html".split())


def url_headline(url: str) -> str:
    """The headline words of a story's URL slug: ".../2015/03/07/africa/mali-bar-shooting/" gives
    "mali bar shooting" (the editor's keywords for the story; cnndm-val carries no headline)."""
    parts = [p for p in (url or "").split("/") if p and not p.endswith((".html", ".htm"))]
    slug = parts[-1] if parts else ""
    return " ".join(w for w in slug.split("-") if w and w not in _SLUG_NOISE and not w.isdigit())


def load_cnndm(path: Path = CNNDM) -> list[dict]:
    """The stories as dicts: id, title (""), headline (url_headline), body, reference (highlights
    joined), part, student.

    ``title`` stays empty: summaries of cnndm-val are measured without a headline, as before.
    ``headline`` is for training what a headline says (briefing.quality.train_salience).
    ``student``: a CNN Student News transcript (a show rundown, not a story; README of the data).
    """
    docs: list[dict] = []
    if not path.exists():
        return docs
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            body = "\n\n".join(rec["paragraphs"])
            docs.append(
                {
                    "id": rec["id"],
                    "title": rec.get("title") or "",
                    "headline": url_headline(rec.get("url", "")),
                    "body": body,
                    "reference": " ".join(rec["reference"]),
                    "reference_lines": list(rec["reference"]),
                    "part": part(rec["id"]),
                    "student": "CNN Student News" in body[:400] or "ROLL CALL" in body,
                }
            )
    return docs


def load_bbc(path: Path = BBC) -> list[dict]:
    """BBC stories: id, title, body (paragraphs joined), reference (the extracted sentences), part."""
    docs: list[dict] = []
    if not path.exists():
        return docs
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.append(
                {
                    "id": rec["id"],
                    "title": rec.get("title") or "",
                    "body": "\n\n".join(rec["paragraphs"]),
                    "reference": " ".join(rec["reference"]),
                    "reference_lines": list(rec["reference"]),
                    "part": "tune" if rec["split"] == "train" else "report",
                    "student": False,
                }
            )
    return docs


def with_copied_fields(doc: dict) -> dict:
    """The story as a feed or a converter without an editor gives it: the standfirst is the
    body's first two sentences (a description cut from the first paragraph) and the headline
    the first 12 words of the body, cut with an ellipsis."""
    from briefing.analysis.sentences import split_sentences

    body = doc["body"]
    spans = split_sentences(body)[:2]
    if not spans:
        return dict(doc)
    return dict(doc, title=" ".join(body.split()[:12]) + "\u2026", dek=body[spans[0][0] : spans[-1][1]])


def summary_sentences(doc: dict, system: str, sentences: int = 3) -> list[str]:
    from briefing.analysis import analyze
    from briefing.analysis.sentences import split_sentences

    if system == "lead-raw":
        return [doc["body"][s:e] for s, e in split_sentences(doc["body"])[:sentences]]
    a = analyze(doc["title"], doc.get("dek"), doc["body"], sentences=sentences, algorithm=system, entities=False)
    return [s.text for s in a.summary]


def rouge_score_scorer() -> Callable[[list[str], list[str]], dict[str, float]] | None:
    """The rouge-score package's F1 (Porter stemmer; ROUGE-Lsum over sentences, one a line), as
    published CNN/DailyMail figures are computed, or None when it is not installed (it is not a
    dependency: ``pip install rouge-score``). Keys as ours: rouge1, rouge2, rougeL (= Lsum)."""
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        return None
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    def score(predicted: list[str], reference: list[str]) -> dict[str, float]:
        r = scorer.score("\n".join(reference), "\n".join(predicted))
        return {"rouge1": r["rouge1"].fmeasure, "rouge2": r["rouge2"].fmeasure, "rougeL": r["rougeLsum"].fmeasure}

    return score


def evaluate(
    docs: Iterable[dict],
    systems: Iterable[str] = SYSTEMS,
    sentences: int = 3,
    scorer: Callable[[list[str], list[str]], dict[str, float]] | None = None,
) -> dict:
    """``{group: {system: {metric: percent}}, "counts": {group: n}}`` for groups tune, report, all.

    ``scorer(summary sentences, reference sentences)``: ours (briefing/quality/rouge.py) unless
    given, e.g. `rouge_score_scorer()`."""
    docs = list(docs)
    systems = list(systems)
    totals: dict[str, dict[str, Counter]] = {g: {s: Counter() for s in systems} for g in ("tune", "report", "all")}
    counts: Counter[str] = Counter()
    for doc in docs:
        counts[doc["part"]] += 1
        counts["all"] += 1
        for system in systems:
            picked = summary_sentences(doc, system, sentences)
            if scorer is None:
                scores = rouge(" ".join(picked), doc["reference"])
            else:
                scores = scorer(picked, doc.get("reference_lines") or [doc["reference"]])
            totals[doc["part"]][system].update(scores)
            totals["all"][system].update(scores)
    out: dict = {"counts": dict(counts)}
    for group, by_system in totals.items():
        n = counts[group]
        if n:
            out[group] = {s: {m: 100 * t[m] / n for m in METRICS} for s, t in by_system.items()}
    return out
