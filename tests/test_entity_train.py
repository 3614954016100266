"""The training script: label projection onto our tokens, and a quick training run so it cannot rot.

The articles here are written for these tests and built in memory; the CoNLL files are read
from ../shared/data/conll2003 (never copied) by the one test that runs the script on them.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.analysis.entities import gazetteer, model
from briefing.analysis.entities.tokens import tokenize_document, tokenize_field
from briefing.quality import conll
from briefing.quality import train_entities as train

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class GoldField:
    text: str
    spans: list[tuple[int, int]]
    tags: list[str]


@dataclass
class GoldArticle:
    title: GoldField
    body: GoldField


def gold(tokens: list[tuple[str, str]]) -> GoldField:
    text, spans = conll.detokenize([t for t, _ in tokens])
    return GoldField(text, spans, [tag for _, tag in tokens])


SENTENCE = [
    ("Halima", "I-PER"),
    ("Adan-Noor", "I-PER"),
    ("of", "O"),
    ("the", "O"),
    ("Kenya", "I-ORG"),
    ("Red", "I-ORG"),
    ("Cross", "I-ORG"),
    ("met", "O"),
    ("Kenyan", "I-MISC"),
    ("herders", "O"),
    ("in", "O"),
    ("Garissa", "I-LOC"),
    ("and", "O"),
    ("Wajir", "B-LOC"),
    (".", "O"),
]


def test_projection_carries_gold_names_onto_our_tokens():
    g = gold(SENTENCE)
    assert g.text == "Halima Adan-Noor of the Kenya Red Cross met Kenyan herders in Garissa and Wajir."
    field = tokenize_field("body", g.text)
    labels = train.project(g, field)
    got = [(w, lab) for w, lab in zip(field.words, labels) if lab != "O"]
    assert got == [
        ("Halima", "B-PERSON"),
        ("Adan", "I-PERSON"),
        ("-", "I-PERSON"),
        ("Noor", "I-PERSON"),
        ("Kenya", "B-ORG"),
        ("Red", "I-ORG"),
        ("Cross", "I-ORG"),
        ("Kenyan", "B-MISC"),
        ("Garissa", "B-PLACE"),
        ("Wajir", "B-PLACE"),
    ]


def _articles() -> list[GoldArticle]:
    title = gold([("Floods", "O"), ("hit", "O"), ("Garissa", "I-LOC")])
    people = ["Halima Adan", "Tom Lee", "Ana Ruiz", "Joseph Mwangi"]
    places = ["Garissa", "Wajir", "Mombasa", "Nairobi"]
    out = []
    for i in range(8):
        first, last = people[i % 4].split()
        body = gold(
            [
                (first, "I-PER"),
                (last, "I-PER"),
                ("said", "O"),
                ("the", "O"),
                ("Kenya", "I-ORG"),
                ("Red", "I-ORG"),
                ("Cross", "I-ORG"),
                ("sent", "O"),
                ("aid", "O"),
                ("to", "O"),
                (places[i % 4], "I-LOC"),
                (".", "O"),
            ]
        )
        out.append(GoldArticle(title, body))
    return out


def test_training_writes_a_model_the_tagger_reads(tmp_path):
    out = tmp_path / "tiny.crfsuite"
    info = train.train(_articles(), out, {"max_iterations": 30})
    assert out.is_file() and info["model_bytes"] == out.stat().st_size > 0
    assert info["windows"] >= 8 * 3 and info["tokens"] >= info["windows"]
    body = "Ana Ruiz said the Kenya Red Cross sent aid to Wajir."
    doc = tokenize_document("", "", body, [(0, len(body))])
    tagged = model.tag_document(doc, gazetteer.get(), out)["body"]
    f = doc.fields[0]
    assert {(t.label, f.surface(t.start, t.end)) for t in tagged} >= {("PERSON", "Ana Ruiz"), ("PLACE", "Wajir")}


@pytest.mark.skipif(not conll.TRAIN.is_file(), reason="../shared/data/conll2003 is not here")
def test_the_training_script_runs_on_the_conll_files(tmp_path):
    out = tmp_path / "model.crfsuite"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing.quality.train_entities",
            "--limit",
            "5",
            "--iterations",
            "10",
            "--output",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "5 articles" in result.stdout and out.is_file()
    assert model.load(out) is not None


def test_the_development_split_is_cross_fitted_in_two_contiguous_halves():
    a, b = train._halves(215)
    assert list(a) + list(b) == list(range(215)) and len(a) == 107


def test_the_training_script_names_a_missing_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "briefing.quality.train_entities", "--train", str(tmp_path / "nope.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "nope.txt: no such file" in result.stderr and "Traceback" not in result.stderr
