"""briefing.quality.conll: reading the four-column files, articles from documents, exact-span scoring.

The input files are written at test time from sentences made up for these tests; no CoNLL text
is in the repository.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from briefing.quality import conll

DOC_1 = [
    [("FLOODS", "O"), ("HIT", "O"), ("GARISSA", "I-LOC")],
    [("NAIROBI", "I-LOC"), ("2026-11-23", "O")],
    [
        ("Halima", "I-PER"),
        ("Adan", "I-PER"),
        ("of", "O"),
        ("the", "O"),
        ("Kenya", "I-ORG"),
        ("Red", "I-ORG"),
        ("Cross", "I-ORG"),
        ("said", "O"),
        ("Kenya", "I-LOC"),
        ("'s", "O"),
        ("herders", "O"),
        ("(", "O"),
        ("$", "O"),
        ("2", "O"),
        ("million", "O"),
        (")", "O"),
        ("needed", "O"),
        ('"', "O"),
        ("help", "O"),
        ('"', "O"),
        (".", "O"),
    ],
    [("Garissa", "I-LOC"), ("Wajir", "B-LOC"), ("and", "O"), ("Kenyan", "I-MISC"), ("towns", "O"), (".", "O")],
]
DOC_2 = [[("Rains", "O"), ("return", "O")], [("Tom", "I-PER"), ("Lee", "I-PER"), ("agreed", "O"), (".", "O")]]


def write(path: Path, docs: list[list[list[tuple[str, str]]]]) -> Path:
    lines = []
    for doc in docs:  # in the shared copy the separator line follows each document
        for sent in doc:
            lines += [f"{tok} POS CHUNK {tag}" for tok, tag in sent] + [""]
        lines += ["-DOCSTART- -X- -X- O", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_documents_become_articles(tmp_path):
    path = write(tmp_path / "two.txt", [DOC_1, DOC_2])
    assert [len(d) for d in conll.read_documents(path)] == [4, 2]
    art, other = conll.load_articles(path)
    assert art.title.text == "FLOODS HIT GARISSA"
    assert art.body.text == (
        'NAIROBI 2026-11-23 - Halima Adan of the Kenya Red Cross said Kenya\'s herders ($2 million) needed "help".'
        "\n\nGarissa Wajir and Kenyan towns."
    )
    title_tokens = [t for t, _ in DOC_1[0]]
    body_tokens = [t for t, _ in DOC_1[1]] + ["-"] + [t for sent in DOC_1[2:] for t, _ in sent]  # the dateline's dash
    for field, tokens in ((art.title, title_tokens), (art.body, body_tokens)):
        assert len(field.spans) == len(field.tags) == len(tokens)
        assert [field.text[s:e] for s, e in field.spans] == tokens
    assert other.body.text == "Tom Lee agreed."
    assert conll.load_articles(path, limit=1) == [art]


def test_iob_mentions():
    tags = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG", "B-ORG", "I-ORG", "I-MISC"]
    assert [(m.start, m.end, m.label) for m in conll.iob_mentions(tags)] == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 6, "ORG"),
        (6, 8, "ORG"),
        (8, 9, "MISC"),
    ]


def _fake(entities_by_text: dict[str, list[tuple[str, str]]]):
    """An analyzer that returns the given (label, surface) names with the spans of their first occurrences."""

    def analyze(title, dek, body):
        ents = []
        for label, surface in entities_by_text.get(body[:10], []):
            s = body.index(surface)
            ents.append(SimpleNamespace(label=label, spans=[(s, s + len(surface))]))
        return SimpleNamespace(entities=ents)

    return analyze


def test_exact_span_scoring_of_body_mentions(tmp_path):
    arts = conll.load_articles(write(tmp_path / "one.txt", [DOC_1]))
    body = arts[0].body.text
    analyze = _fake(
        {
            body[:10]: [
                ("PLACE", "NAIROBI"),  # right
                ("PERSON", "Halima Adan"),  # right
                ("ORG", "Kenya Red"),  # wrong span
                ("PLACE", "Garissa Wajir"),  # two gold mentions, one predicted: wrong
                ("PLACE", "Kenyan"),  # MISC in the gold: a false positive
                ("ORG", "Cros"),  # not on token boundaries
                ("NORP", "Kenyan"),  # not one of our labels: ignored
            ]
        }
    )
    res = conll.evaluate(arts, analyze, collect_errors=True)
    e = res["entities"]
    assert (e["PERSON"]["tp"], e["PERSON"]["fp"], e["PERSON"]["fn"]) == (1, 0, 0)
    assert (e["PLACE"]["tp"], e["PLACE"]["fp"], e["PLACE"]["fn"]) == (1, 2, 3)  # Kenya, Garissa, Wajir missed
    assert (e["ORG"]["tp"], e["ORG"]["fp"], e["ORG"]["fn"]) == (0, 2, 1)
    assert e["micro"]["tp"] == 2 and e["micro"]["fp"] == 4 and e["micro"]["fn"] == 4
    assert ("ORG", "Cros") in res["errors"][0]["false_positives"]
    assert ("PLACE", "Wajir") in res["errors"][0]["missed"]
    assert res["articles"] == 1 and res["median_ms_per_article"] >= 0


@pytest.mark.skipif(not conll.DEV.is_file(), reason="../shared/data/conll2003 is not here")
def test_the_shared_development_split_reads_as_216_articles():
    arts = conll.load_articles(conll.DEV)
    assert len(arts) == 216
    mentions = [m for a in arts for m in a.body.mentions() if m.label in conll.TO_LABEL]
    assert len(mentions) > 4000
    for a in arts[:20]:
        for m in a.body.mentions():
            s, e = a.body.spans[m.start][0], a.body.spans[m.end - 1][1]
            assert a.body.text[s:e].strip() == a.body.text[s:e]
