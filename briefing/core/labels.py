"""The entity labels and how they are named, spelled here once.

The analyzer emits PERSON, ORG and PLACE (others may follow: NORP, EVENT...); every
renderer, the reader and the measurements name them from this table.
"""

from __future__ import annotations

PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"
ENTITY_LABELS: tuple[str, ...] = (PERSON, ORG, PLACE)

# The short word (text and rich renderers; the reader's colour classes and theme variables).
KINDS: dict[str, str] = {PERSON: "person", ORG: "org", PLACE: "place", "GPE": "place", "LOC": "place"}
# The word in running text (Markdown).
WORDS: dict[str, str] = {PERSON: "person", ORG: "organisation", PLACE: "place"}
# A heading over a list of them (the reader's entity panel).
PLURALS: dict[str, str] = {PERSON: "People", ORG: "Organisations", PLACE: "Places"}


def kind(label: str) -> str:
    """`person`, `org`, `place` or `other`: the colour an entity label is drawn in."""
    return KINDS.get(label, "other")
