"""Entity stage 3c: the rules' corrections of the model's names, and mentions with canonical names.

The model's output is written by hand here (``Tagged`` spans), so each rule is tested on its own
whatever the trained model does.
"""

from __future__ import annotations

from briefing.analysis import ORG, PERSON, PLACE
from briefing.analysis.entities import gazetteer
from briefing.analysis.entities.mentions import from_tagged
from briefing.analysis.entities.model import MISC, Tagged
from briefing.analysis.entities.rules import correct
from briefing.analysis.entities.tokens import tokenize_document
from briefing.analysis.sentences import split_sentences


def _field(text: str):
    doc = tokenize_document("", "", text, split_sentences(text))
    return doc, doc.fields[0]


def _tag(field, *names: tuple[str, str]) -> list[Tagged]:
    """Tagged spans for (surface, label) pairs, found left to right in the field."""
    out = []
    pos = 0
    for surface, label in names:
        start = field.text.index(surface, pos)
        a = field.starts.index(start)
        b = next(k for k in range(a, len(field.words)) if field.ends[k] == start + len(surface)) + 1
        out.append(Tagged(a, b, label, 0.8))
        pos = start + len(surface)
    return out


def _corrected(text: str, *names: tuple[str, str]) -> list[tuple[str, str]]:
    doc, field = _field(text)
    return [(t.label, field.surface(t.start, t.end)) for t in correct(doc, field, _tag(field, *names), gazetteer.get())]


def test_heads_decide_the_kind():
    assert _corrected(
        "Doctors at Cairo University and the Suez Canal agreed.", ("Cairo University", PLACE), ("Suez Canal", ORG)
    ) == [
        (ORG, "Cairo University"),
        (PLACE, "Suez Canal"),
    ]
    assert _corrected("They sailed across Lake Victoria at dawn.", ("Lake Victoria", PERSON)) == [
        (PLACE, "Lake Victoria")
    ]
    # a club's place head does not make a place of an organisation; the gazetteer's names stand
    assert _corrected("Fans of Notts County met in the West Bank.", ("Notts County", ORG), ("West Bank", PLACE)) == [
        (ORG, "Notts County"),
        (PLACE, "West Bank"),
    ]


def test_organisations_conjoined_with_and_and_commas():
    text = "The Ministry of Mining, Blue Economy and Maritime Affairs and Avon and Somerset Police met Kroger and Whole Foods."
    got = _corrected(
        text,
        ("Ministry of Mining", ORG),
        ("Blue Economy", PERSON),
        ("Maritime Affairs", ORG),
        ("Avon", PLACE),
        ("Somerset Police", ORG),
        ("Kroger", ORG),
        ("Whole Foods", ORG),
    )
    assert got == [
        (ORG, "Ministry of Mining, Blue Economy and Maritime Affairs"),
        (ORG, "Avon and Somerset Police"),
        (ORG, "Kroger"),
        (ORG, "Whole Foods"),
    ]
    assert _corrected("The Court of Appeals for the 9th Circuit ruled.", ("Court of Appeals", ORG)) == [
        (ORG, "Court of Appeals for the 9th Circuit"),
    ]


def test_possessives_periods_compounds_and_romance_adjectives():
    assert _corrected("The World Bank's Inspection Panel met.", ("World Bank's Inspection Panel", ORG)) == [
        (ORG, "World Bank"),
        (ORG, "Inspection Panel"),
    ]
    assert _corrected("Shares of SoftBank Corp. rose.", ("SoftBank Corp", ORG)) == [(ORG, "SoftBank Corp.")]
    assert _corrected("He spent the weekend at Mar-a-Lago with friends.", ("Lago", PERSON)) == [(PERSON, "Mar-a-Lago")]
    assert _corrected("The US-South Korea-Japan summit ended.", ("US-South Korea-Japan", PLACE)) == [
        (PLACE, "US"),
        (PLACE, "South Korea"),
        (PLACE, "Japan"),
    ]
    assert _corrected("The Académie française met.", ("Académie", ORG)) == [(ORG, "Académie française")]


def test_what_is_no_name():
    text = "Thousands of River fans cheered, and thousands more watched. AI helped. The Endangered Species Act passed. Typhoon Nakri hit."
    got = _corrected(
        text, ("Thousands of River", ORG), ("AI", ORG), ("Endangered Species Act", ORG), ("Typhoon Nakri", PERSON)
    )
    assert got == [(ORG, "River")]


def test_context_makes_organisations():
    text = (
        'Norvale, the Danish drugmaker, agreed. "Fair," said an analyst at Morrow. '
        "The far-right National Rally abstained. Sofia Ekström smiled."
    )
    got = _corrected(text, ("Norvale", PERSON), ("Morrow", PLACE), ("National Rally", PERSON), ("Sofia Ekström", PLACE))
    assert got == [(ORG, "Norvale"), (ORG, "Morrow"), (ORG, "National Rally"), (PERSON, "Sofia Ekström")]


def test_organisations_the_model_missed_or_cut():
    # "Fitch Ratings" untagged; "Institute" cut from its name
    text = "Fitch Ratings and S&P Global cut ratings. The Kenya Medical Research Institute confirmed it."
    got = _corrected(text, ("S&P Global", ORG), ("Kenya", PLACE), ("Institute", ORG))
    assert got == [(ORG, "Fitch Ratings"), (ORG, "S&P Global"), (ORG, "Kenya Medical Research Institute")]
    # a name run back from its head word stops at the article that opens the sentence
    text = "It was upheld.\n\nA Forest Service spokesperson in Missoula said the agency would comply."
    assert _corrected(text, ("Service", ORG), ("Missoula", PLACE)) == [(ORG, "Forest Service"), (PLACE, "Missoula")]


def test_job_descriptions_before_a_title():
    text = "US National Security Council Strategic Communications Coordinator John Kirby spoke."
    got = _corrected(text, ("US National Security Council Strategic Communications", ORG), ("John Kirby", PERSON))
    assert got == [(PLACE, "US"), (ORG, "National Security Council"), (PERSON, "John Kirby")]


def _mentions(text: str, *names: tuple[str, str]):
    _, field = _field(text)
    return from_tagged(field, _tag(field, *names), gazetteer.get())


def test_mentions_take_canonical_names_titles_and_suffixes():
    ms = _mentions(
        "President Joe Biden told the DPRK and NEW YORK bankers at Goldman Sachs Inc. that the French agreed.",
        ("Joe Biden", PERSON),
        ("DPRK", PLACE),
        ("NEW YORK", PLACE),
        ("Goldman Sachs Inc.", ORG),
        ("French", MISC),
    )
    got = [(m.label, m.text, m.canonical, m.titled) for m in ms]
    assert got == [
        (PERSON, "Joe Biden", "Joe Biden", "President Joe Biden"),
        (PLACE, "DPRK", "North Korea", None),
        (PLACE, "NEW YORK", "New York", None),
        (ORG, "Goldman Sachs Inc.", "Goldman Sachs", None),
    ]
    assert [m.text for m in _mentions("Sen. Susan Collins left.", ("Sen. Susan Collins", PERSON))] == ["Susan Collins"]


def test_ap_style_states_after_towns():
    ms = _mentions("STAMFORD, Conn. — A plant in Mountain View, Calif., and Mo Farah.", ("Mo Farah", PERSON))
    got = [(m.label, m.text, m.canonical) for m in ms]
    assert got == [
        (PLACE, "STAMFORD", "Stamford"),
        (PLACE, "Conn.", "Connecticut"),
        (PLACE, "Mountain View", "Mountain View"),
        (PLACE, "Calif.", "California"),
        (PERSON, "Mo Farah", "Mo Farah"),
    ]


def test_names_in_capitals_are_written_as_names_usually_are():
    from briefing.analysis.entities.mentions import name_case

    assert name_case("JOHN MCCAIN") == "John McCain"
    assert name_case("DALE O'BRIEN") == "Dale O'Brien"
    assert name_case("NEW YORK") == "New York"
