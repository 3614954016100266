"""Entity stage 1 (tokens) and stage 2 (candidate windows), on sentences written for these tests."""

from __future__ import annotations

import pytest

from briefing.analysis.entities import gazetteer
from briefing.analysis.entities.candidates import windows
from briefing.analysis.entities.tokens import (
    PLAIN_LINE,
    TITLE_LINE,
    UPPER_LINE,
    is_acronym,
    line_case,
    name_key,
    tokenize_document,
    tokenize_field,
    word_tokens,
)
from briefing.analysis.sentences import split_sentences


def test_word_tokens_keep_initialisms_names_and_possessives():
    assert [t for t, _, _ in word_tokens("The U.S. envoy met O'Brien's aide in Côte d'Ivoire.")] == [
        "The",
        "U.S.",
        "envoy",
        "met",
        "O'Brien",
        "'s",
        "aide",
        "in",
        "Côte",
        "d'Ivoire",
        ".",
    ]
    text = "Kim Jong-un's"
    assert [(t, text[s:e]) for t, s, e in word_tokens(text)] == [
        ("Kim", "Kim"),
        ("Jong", "Jong"),
        ("-", "-"),
        ("un", "un"),
        ("'s", "'s"),
    ]


def test_field_marks_sentence_and_line_starts_and_glued_tokens():
    text = 'Rains fell in Garissa. "Roads closed," Halima said.\n\nThe Tana River rose.'
    starts = [0, text.index('"'), text.index("The")]
    f = tokenize_field("body", text, starts)
    initial = [w for w, i in zip(f.words, f.initial) if i]
    assert initial == ["Rains", "Roads", "The"]  # the quote before "Roads" is skipped
    assert [w for w, s in zip(f.words, f.line_start) if s] == ["Rains", "The"]
    glued = [w for w, g in zip(f.words, f.glued) if g]
    assert glued == [".", "Roads", ",", '"', ".", "."]
    assert [f.words[i] for i in f.caps] == ["Rains", "Garissa", "Roads", "Halima", "The", "Tana", "River"]
    assert f.surface(f.words.index("Tana"), f.words.index("rose")) == "Tana River"


def test_short_fields_find_their_own_sentences():
    f = tokenize_field("title", "Floods hit Garissa. Herders move north")
    assert [w for w, i in zip(f.words, f.initial) if i] == ["Floods", "Herders"]


@pytest.mark.parametrize(
    "line, case",
    [
        ("FLOODS - HERDERS MOVE CATTLE AS RAINS RETURN.", UPPER_LINE),
        ("NAIROBI 2026-11-23", PLAIN_LINE),  # one cased word says nothing
        ("Herders Move Their Cattle North After Floods", TITLE_LINE),
        ("Herders Move Cattle North with the Floods", TITLE_LINE),
        ("Halima Adan told Kenya Red Cross Society officials in Garissa", PLAIN_LINE),
        ("Herders move their cattle north after the floods", PLAIN_LINE),
        ("1-0 2-2 3-1", PLAIN_LINE),
    ],
)
def test_line_casing(line, case):
    assert line_case(t for t, _, _ in word_tokens(line)) == case


def test_document_collects_lower_case_words_and_mid_sentence_capitals():
    doc = tokenize_document(
        "MARKETS RALLY", "", "Select traders bought. The choice was select grade beef from Wajir.", [(0, 22), (23, 67)]
    )
    assert [f.name for f in doc.fields] == ["title", "body"]
    assert "select" in doc.lower_words and "choice" in doc.lower_words
    assert "Wajir" in doc.mid_caps
    assert "Select" not in doc.mid_caps and "MARKETS" not in doc.mid_caps  # sentence start, all-caps line
    assert tokenize_document("", " ", "").fields == ()


def test_names_compare_loosely_and_acronyms_are_recognised():
    assert name_key("Ocasio-Cortez") == name_key("ocasio cortez") == "ocasio cortez"
    assert name_key("U.S.") == "u s"
    assert is_acronym("WHO") and is_acronym("U.N.") and is_acronym("S&P")
    assert not is_acronym("Who") and not is_acronym("A")


def _windows(text: str) -> list[str]:
    doc = tokenize_document("", "", text, split_sentences(text))
    f = doc.fields[0]
    return [f.surface(a, b) for a, b in windows(f, gazetteer.get())]


def test_windows_join_connectors_and_glued_parts():
    assert _windows("The officials of the Bank of Japan met the Observatoire de la Côte d'Azur staff.") == [
        "Bank of Japan",
        "Observatoire de la Côte d'Azur",
    ]
    assert _windows("Mian-ul-Nadeem met P. Mwangi, who works for Moody's, at Mar-a-Lago.") == [
        "Mian-ul-Nadeem",
        "P. Mwangi",
        "Moody's",
        "Mar-a-Lago.",
    ]
    assert _windows("Mian-ul-Nadeem and P. Mwangi left.") == ["Mian-ul-Nadeem and P. Mwangi"]


def test_windows_stop_at_sentences_lines_and_hyphenated_adjectives():
    assert _windows("He works for the European Commission. France objected.") == ["European Commission.", "France"]
    assert _windows("It cites a Kuala Lumpur-based Straits Policy Centre study.") == [
        "Kuala Lumpur",
        "Straits Policy Centre",
    ]
    doc = tokenize_document("", "", "Lake Victoria\n\nRose Again", [(0, 13), (15, 25)])
    f = doc.fields[0]
    assert [f.surface(a, b) for a, b in windows(f)] == ["Lake Victoria", "Rose Again"]


def test_words_never_names_alone_make_no_window():
    text = "However, on Friday the envoy and I said that the Korean team would meet Halima in October in Wajir."
    assert _windows(text) == ["Halima", "Wajir."]
    assert _windows("The Korean Air jet landed.") == ["The Korean Air"]  # a nationality inside a name stays


def test_a_list_number_opens_no_sentence_the_word_after_it_does():
    from briefing.analysis.entities.tokens import tokenize_field

    f = tokenize_field("body", "The plan passed.\n2. Fares stay the same\n10) Routes change")
    initial = {w for w, i in zip(f.words, f.initial) if i}
    assert {"The", "Fares", "Routes"} <= initial and not {"2", "10"} & initial
