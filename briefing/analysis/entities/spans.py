"""Stage 5 of entity recognition: the entities as the analysis reports them, with spans.

Every mention has a span: in the body (``spans``, offsets into the body, the paragraphs
joined by a blank line), in the headline (``title_spans``, offsets into the title) or in the
standfirst (``dek_spans``, offsets into the dek). ``count`` is the number of mentions, so it is
the number of spans of the three kinds. Aliases are the surface forms in article order
(headline, standfirst, body), each mention's text first and then its titled form ("President
Joe Biden"). Entities come most mentioned first, then by first mention.
"""

from __future__ import annotations

from briefing.analysis import Entity

from .merge import Group

_FIELDS = ("title", "dek", "body")


def entities(groups: list[Group]) -> tuple[Entity, ...]:
    ranked = []
    for g in groups:
        spans: dict[str, set[tuple[int, int]]] = {name: set() for name in _FIELDS}
        aliases: list[str] = []
        for m in g.mentions:
            spans[m.field.name].add((m.start, m.end))
            for a in (m.text, m.titled, *m.extra_aliases):
                if a and a not in aliases:
                    aliases.append(a)
        first = g.mentions[0]
        entity = Entity(
            text=g.canonical,
            label=g.label,
            count=sum(len(s) for s in spans.values()),
            aliases=tuple(aliases),
            spans=tuple(sorted(spans["body"])),
            title_spans=tuple(sorted(spans["title"])),
            dek_spans=tuple(sorted(spans["dek"])),
        )
        ranked.append(((-entity.count, _FIELDS.index(first.field.name), first.start), entity))
    ranked.sort(key=lambda r: r[0])
    return tuple(e for _, e in ranked)
