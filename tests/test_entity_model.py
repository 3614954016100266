"""Entity stage 3a/3b: the features of a window and the shipped model that types it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefing.analysis.entities import gazetteer, model
from briefing.analysis.entities.features import document_contexts, document_windows, shape
from briefing.analysis.entities.tokens import tokenize_document
from briefing.analysis.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]


def _doc(body: str, title: str = ""):
    return tokenize_document(title, "", body, split_sentences(body))


def _features(doc, word: str) -> list[str]:
    for f, a, b, feats in document_windows(doc, gazetteer.get()):
        for i in range(a, b):
            if f.words[i] == word:
                return feats[i - a]
    raise AssertionError(f"{word!r} is in no window")


def test_shapes():
    assert shape("McDonald") == "XxXx"
    assert shape("U.S.") == "X.X."
    assert shape("1996-08-30") == "d-d-d"
    assert shape("Wajir") == "Xx"


def test_features_say_what_the_gazetteers_context_and_layout_say():
    body = (
        "NAIROBI, Kenya — President Halima Adan met the Bank of Japan board in Garissa on Monday.\n\n"
        "Officials in Garissa said the select committee would meet. Select members said little."
    )
    doc = _doc(body, title="FLOODS HIT GARISSA")
    f = _features(doc, "NAIROBI")
    assert "lead" in f and "init" in f and "w=nairobi" in f and "sh=X" in f
    f = _features(doc, "Halima")
    assert "fn" in f and "-1w=president" in f and "+1w=adan" in f
    assert "tt=B" in _features(doc, "President")
    assert "gz=B-ORG" in _features(doc, "Bank") and "gz=I-ORG" in _features(doc, "Japan")
    garissa = _features(doc, "Garissa")
    assert "d-1=in" in garissa and "d+1=said" in garissa  # the cues of all its occurrences
    assert "low" in _features(doc, "Select")  # "select" is written in lower case in the article
    title = next(feats for field, a, b, feats in document_windows(doc, gazetteer.get()) if field.name == "title")
    assert all("line=upper" in t and "f=title" in t for t in title)


def test_document_contexts_gather_cues_of_every_occurrence():
    ctx = document_contexts(
        _doc("Rains hit Wajir. Wajir said the roads closed. Herders left Wajir, and prices rose."), gazetteer.get()
    )
    assert {"d+1=said", "d+1=,"} <= set(ctx["wajir"]) and list(ctx["wajir"]) == sorted(ctx["wajir"])


def test_decode_reads_bio_labels():
    assert model.decode(["B-PERSON", "I-PERSON", "O", "B-ORG", "B-ORG", "I-PLACE"], offset=10) == [
        (10, 12, "PERSON"),
        (13, 14, "ORG"),
        (14, 15, "ORG"),
        (15, 16, "PLACE"),
    ]
    assert model.decode([]) == []


def test_the_shipped_model_types_names():
    body = "Halima Adan, the head of the Kenya Red Cross Society, said on Monday that floods in Garissa had cut roads."
    doc = _doc(body)
    f = doc.fields[0]
    names = {(t.label, f.surface(t.start, t.end)) for t in model.tag_document(doc, gazetteer.get())["body"]}
    assert ("PERSON", "Halima Adan") in names
    assert ("PLACE", "Garissa") in names
    assert any(label == "ORG" and "Red Cross Society" in text for label, text in names)
    assert all(0.0 < t.confidence <= 1.0 for t in model.tag_document(doc, gazetteer.get())["body"])


def test_the_model_ships_in_the_package_and_is_small():
    assert model.MODEL_PATH.is_file()
    assert model.MODEL_PATH.parent == ROOT / "briefing" / "analysis" / "data"
    assert 100_000 < model.MODEL_PATH.stat().st_size < 8_000_000


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(model.ModelError, match="cannot read the entity model"):
        model.load(tmp_path / "missing.crfsuite")


def test_threads_share_the_tagger():
    body = "Officials of the Bank of Japan met Kazuo Ueda in Tokyo on Friday."
    doc = _doc(body)
    expected = model.tag_document(doc, gazetteer.get())
    results = []

    def run():
        for _ in range(20):
            results.append(model.tag_document(doc, gazetteer.get()))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80 and all(r == expected for r in results)


def test_help_and_import_load_no_model():
    code = (
        "import sys; from briefing.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "import briefing.analysis.entities\n"
        "print('LOADED:' + ','.join(m for m in ('pycrfsuite', 'briefing.analysis.entities.model') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED:"
