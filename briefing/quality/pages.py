"""Summaries of tabloid pages as a news corpus stores them (tests/data/tabloid): does any page
furniture reach a summary, does the lede open it, and how do lead-3 and ours score against the
page's bullet-point highlights, in each surface form of the corpus (realnews.FORMS).

The pages were written for the project by a helper session that saw none of the software
(README in the folder): bylines, timestamps, photo captions, prompts and related-story strips
between the paragraphs, every line without final punctuation given " ." and the lines joined
into one, as CNN/DailyMail stores Daily Mail pages. Each file lists its furniture and its lede.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from briefing.quality.realnews import FORMS, LOWERCASED
from briefing.quality.rouge import rouge

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "tabloid"
SYSTEMS = ("lead", "default")
# The cased forms, and the tokenised and lower-cased one (no capital tells furniture there).
ALL_FORMS = FORMS | LOWERCASED
_WORD = re.compile(r"[^\W_]+")


def load_pages(path: Path = PAGES) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) | {"_file": p.name} for p in sorted(path.glob("*.json"))]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text))


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def leaks(sentence: str, furniture: Iterable[str]) -> list[str]:
    """The furniture items a summary sentence carries: the sentence is (part of) one, or it
    contains one of three words or more, as written (a caption glued to prose)."""
    words = _words(sentence)
    out = []
    for item in furniture:
        fw = _words(item)
        if not fw or not words:
            continue
        # three words as written: "Stoke-on-Trent", a section label, is one word in prose
        if _contains(fw, words) or (len(item.split()) >= 3 and _contains(words, fw)):
            out.append(item)
    return out


def evaluate(docs: list[dict], forms: Iterable[str] = tuple(ALL_FORMS), systems: Iterable[str] = SYSTEMS) -> dict:
    """``{form: {system: {rouge1, rouge2, rougeL (percent, mean), leaks (sentences), lede_first
    (pages), pages}}}``, and ``examples``: the leaked sentences, by form and system."""
    from briefing.analysis import analyze

    out: dict = {"pages": len(docs), "examples": []}
    for form in forms:
        shape = ALL_FORMS[form]
        out[form] = {}
        for system in systems:
            totals: Counter[str] = Counter()
            for doc in docs:
                body = shape(doc["body"])
                furniture = [shape(f) for f in doc["furniture"]]
                a = analyze("", None, body, sentences=3, algorithm=system, entities=False)
                texts = [s.text for s in a.summary]
                totals.update(rouge(" ".join(texts), " ".join(doc["highlights"])))
                totals["lede_first"] += bool(texts) and _words(texts[0]) == _words(shape(doc["lede"]))
                for t in texts:
                    found = leaks(t, furniture)
                    if found:
                        totals["leaks"] += 1
                        out["examples"].append({"form": form, "system": system, "file": doc["_file"], "sentence": t})
            n = max(len(docs), 1)
            out[form][system] = {m: 100 * totals[m] / n for m in ("rouge1", "rouge2", "rougeL")} | {
                "leaks": totals["leaks"],
                "lede_first": totals["lede_first"],
            }
    return out
