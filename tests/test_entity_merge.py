"""Entity stages 4 and 5: mentions merged into entities, and the entities with their spans.

Mentions are made from hand-written model output, so merging is tested whatever the model does.
"""

from __future__ import annotations

from briefing.analysis import ORG, PERSON, PLACE, Entity
from briefing.analysis.entities import gazetteer
from briefing.analysis.entities.mentions import Mention, from_tagged
from briefing.analysis.entities.merge import merge
from briefing.analysis.entities.model import Tagged
from briefing.analysis.entities.spans import entities
from briefing.analysis.entities.tokens import Document, tokenize_document
from briefing.analysis.sentences import split_sentences


def _mentions(doc: Document, names: dict[str, list[tuple[str, str]]]) -> list[Mention]:
    """Mentions from (surface, label) pairs per field name, found left to right."""
    out: list[Mention] = []
    for field in doc.fields:
        tagged = []
        pos = 0
        for surface, label in names.get(field.name, []):
            start = field.text.index(surface, pos)
            a = field.starts.index(start)
            b = next(k for k in range(a, len(field.words)) if field.ends[k] == start + len(surface)) + 1
            tagged.append(Tagged(a, b, label, 0.95))
            pos = start + len(surface)
        out.extend(from_tagged(field, tagged, gazetteer.get()))
    return out


def _entities(title: str, dek: str, body: str, names: dict[str, list[tuple[str, str]]]) -> dict[str, Entity]:
    doc = tokenize_document(title, dek, body, split_sentences(body))
    return {e.text: e for e in entities(merge(_mentions(doc, names), gazetteer.get()))}


def test_parenthesised_aliases_and_known_as():
    body = (
        "The World Health Organization (WHO) and the Kenya Electricity Generating Company (KenGen) met. "
        "WHO experts praised KenGen. The Japanese Trade Union Confederation, known as Rengo, agreed."
    )
    ents = _entities(
        "",
        "",
        body,
        {
            "body": [
                ("World Health Organization", ORG),
                ("WHO", ORG),
                ("Kenya Electricity Generating Company", ORG),
                ("KenGen", PERSON),
                ("WHO", ORG),
                ("KenGen", PERSON),
                ("Japanese Trade Union Confederation", ORG),
                ("Rengo", PERSON),
            ]
        },
    )
    assert ents["World Health Organization"].aliases == ("World Health Organization", "WHO")
    assert ents["World Health Organization"].count == 3
    kengen = ents["Kenya Electricity Generating Company"]
    assert kengen.label == ORG and kengen.count == 3 and "KenGen" in kengen.aliases
    assert "Rengo" in ents["Japanese Trade Union Confederation"].aliases
    assert "KenGen" not in ents and "Rengo" not in ents


def test_partial_names_of_people_join_the_full_name():
    body = "Marine Le Pen met Santiago Ibarra. Le Pen spoke first, then Ibarra answered."
    ents = _entities(
        "",
        "",
        body,
        {
            "body": [
                ("Marine Le Pen", PERSON),
                ("Santiago Ibarra", PERSON),
                ("Le Pen", PERSON),
                ("Ibarra", ORG),
            ]
        },
    )
    assert set(ents) == {"Marine Le Pen", "Santiago Ibarra"}
    assert ents["Marine Le Pen"].aliases == ("Marine Le Pen", "Le Pen")
    assert (
        ents["Santiago Ibarra"].count == 2 and ents["Santiago Ibarra"].label == PERSON
    )  # a surname, whatever its label


def test_parts_of_organisations_and_acronyms_join_them():
    body = (
        "The National Assembly sat. Later the Assembly voted, and Lumora Capital said Lumora would appeal. "
        "The European Central Bank kept rates, the ECB said, and the U.S. Federal Reserve and the Federal Reserve agreed."
    )
    ents = _entities(
        "",
        "",
        body,
        {
            "body": [
                ("National Assembly", ORG),
                ("Assembly", ORG),
                ("Lumora Capital", ORG),
                ("Lumora", PLACE),
                ("European Central Bank", ORG),
                ("ECB", ORG),
                ("U.S.", PLACE),
                ("Federal Reserve", ORG),
                ("Federal Reserve", ORG),
            ]
        },
    )
    assert ents["National Assembly"].aliases == ("National Assembly", "Assembly")
    assert ents["Lumora Capital"].count == 2 and "Lumora" not in ents
    assert ents["European Central Bank"].aliases == ("European Central Bank", "ECB")
    assert ents["Federal Reserve"].count == 2 and ents["United States"].aliases == ("U.S.",)


def test_an_organisation_with_its_country_in_front_is_the_same_organisation():
    body = "The U.S. Forest Service appealed. The Forest Service said so. The UK Met Office and the Met Office agreed."
    ents = _entities(
        "",
        "",
        body,
        {
            "body": [
                ("U.S. Forest Service", ORG),
                ("Forest Service", ORG),
                ("UK Met Office", ORG),
                ("Met Office", ORG),
            ]
        },
    )
    assert ents["U.S. Forest Service"].aliases == ("U.S. Forest Service", "Forest Service")  # "U.S." keys as "u s"
    assert ents["U.S. Forest Service"].count == 2 and "Forest Service" not in ents
    assert len([e for e in ents.values() if "Met Office" in e.aliases or "UK Met Office" in e.aliases]) == 1


def test_one_kind_per_name_the_surest_wins():
    doc = tokenize_document("", "", "Leeds won. Leeds lost. Leeds drew.", [(0, 10), (11, 22), (23, 34)])
    ms = _mentions(doc, {"body": [("Leeds", ORG), ("Leeds", ORG), ("Leeds", PLACE)]})
    ms[2].confidence = 0.6
    [entity] = entities(merge(ms, gazetteer.get()))
    assert entity.label == ORG and entity.count == 3


def test_every_mention_has_a_span_in_its_own_field():
    title = "Biden meets Kim in Seoul"
    dek = "Joe Biden and Kim Jong Un met."
    body = "SEOUL, South Korea — President Joe Biden met Kim Jong Un.\n\nBiden left Seoul on Friday."
    ents = _entities(
        title,
        dek,
        body,
        {
            "title": [("Biden", PERSON), ("Kim", PERSON), ("Seoul", PLACE)],
            "dek": [("Joe Biden", PERSON), ("Kim Jong Un", PERSON)],
            "body": [
                ("SEOUL", PLACE),
                ("South Korea", PLACE),
                ("Joe Biden", PERSON),
                ("Kim Jong Un", PERSON),
                ("Biden", PERSON),
                ("Seoul", PLACE),
            ],
        },
    )
    biden = ents["Joe Biden"]
    assert biden.count == 4 == len(biden.spans) + len(biden.title_spans) + len(biden.dek_spans)
    assert [title[s:e] for s, e in biden.title_spans] == ["Biden"]
    assert [dek[s:e] for s, e in biden.dek_spans] == ["Joe Biden"]
    assert [body[s:e] for s, e in biden.spans] == ["Joe Biden", "Biden"]
    assert biden.aliases == ("Biden", "Joe Biden", "President Joe Biden")  # headline first, then the titled form
    seoul = ents["Seoul"]
    assert seoul.aliases == ("Seoul", "SEOUL") and seoul.count == 3 and seoul.title_spans == ((19, 24),)
    # most mentioned first, then the first mentioned
    assert list(ents)[:3] == ["Joe Biden", "Kim Jong Un", "Seoul"]
    for e in ents.values():
        for s, t in e.spans:
            assert body[s:t] in e.aliases
