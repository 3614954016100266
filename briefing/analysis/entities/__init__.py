"""Named entities (PERSON, ORG, PLACE): a trained sequence model with rules on top.

A short pipeline, one module per stage, each tested on its own:

1. :mod:`.tokens` - the headline, standfirst and body as tokens, with sentence and line
   starts, line casing and the words the article writes in lower case.
2. :mod:`.candidates` - candidate windows: runs of capitalised words and what joins them.
3. typing - :mod:`.features` and :mod:`.model`: a linear-chain CRF trained on CoNLL-2003
   news (:mod:`.train`) labels each window's tokens as names of a kind; :mod:`.rules`
   corrects it where the rules know better (names' heads, organisations conjoined with
   "and"), and :mod:`.mentions` adds what the gazetteers know (canonical names, titles, legal
   suffixes, AP-style states) and drops other kinds of names (nationalities, events).
4. :mod:`.merge` - mentions into entities: aliases in parentheses, partial names of people,
   parts of organisations' names, acronyms, one kind per name.
5. :mod:`.spans` - the entities with the spans of all their mentions, in each field.

A headline in capitals or in Title Case gives the model nothing to go on; its mentions are the
names the rest of the article uses and the gazetteers' (``mentions.headline_mentions``).

:mod:`.gazetteer` holds the shipped word lists. Importing this package imports no model
code; the model file is read on the first call.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.analysis import Entity


def extract(
    body: str,
    sentence_spans: Iterable[tuple[int, int]],
    title: str = "",
    dek: str = "",
) -> tuple[Entity, ...]:
    """The entities of an article, most mentioned first.

    ``sentence_spans`` are the body's sentences (character offsets, from the sentence
    splitter); every span of an entity is an offset into its own field.
    """
    from . import gazetteer, mentions, merge, model, rules, spans
    from .tokens import TITLE_LINE, UPPER_LINE, Field, tokenize_document

    doc = tokenize_document(title, dek, body, sentence_spans)
    if not doc.fields:
        return ()
    gz = gazetteer.get()
    tagged = model.tag_document(doc, gz)
    found: list[mentions.Mention] = []
    headline: Field | None = None
    for field in doc.fields:
        if field.name == "title" and field.line_case and field.line_case[0] in (UPPER_LINE, TITLE_LINE):
            headline = field  # capitals say nothing there: read after the rest, by the names it uses
            continue
        found.extend(mentions.from_tagged(field, rules.correct(doc, field, tagged[field.name], gz), gz))
    if headline is not None:
        found.extend(mentions.headline_mentions(headline, found, gz))
    if not found:
        return ()
    return spans.entities(merge.merge(found, gz))
