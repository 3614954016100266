"""Stage 4 of entity recognition: merging mentions into entities.

Mentions of one entity come under many names. In order:

1. A short name in parentheses right after a longer one is its alias, wherever it appears:
   "World Health Organization (WHO)", "Kenya Electricity Generating Company (KenGen)";
   so is a name after ", known as".
2. A person's partial name joins the full name ("Biden" -> "Joe Biden", "Le Pen" -> "Marine
   Le Pen"), preferring the full name it ends (surname) over one it starts.
3. An organisation's first word or its last words join the one longer organisation they
   belong to ("Goldman" -> "Goldman Sachs", "the Assembly" -> "National Assembly"), and a
   country in front is not a different organisation ("U.S. Federal Reserve", "Federal Reserve").
4. Mentions group by label and canonical name (case, spaces, hyphens and periods ignored).
5. An acronym made of the initials of an organisation in the same text joins it ("ECB").
6. One name, one kind, in one article: when the same name was typed differently in different
   places, the kind the model was surest of wins.
7. A person never introduced, by a full name, a first name or a title, is dropped: news names
   people in full, so a lone capitalised word the model took for a surname is most often an
   unknown club, company or place ("Palmeiras", "Kellanova", "Upstage").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from briefing.analysis import ORG, PERSON, PLACE

from .gazetteer import Gazetteer
from .mentions import Mention
from .tokens import is_acronym, is_cap, is_word, name_key

_JOINING = frozenset("of for on de del della da di du dos das van von der den la le al el bin ibn y & and the".split())
_COUNTRY_MODIFIERS = frozenset("US U.S. UK U.K. EU".split())
_MAX_INNER = 5  # tokens inside the parentheses of an alias


@dataclass
class Group:
    label: str
    canonical: str
    mentions: list[Mention] = field(default_factory=list)


def _parenthesised(mentions: list[Mention], gz: Gazetteer) -> list[Mention]:
    """Step 1: aliases in parentheses and after 'known as'."""
    alias_of: dict[str, Mention] = {}
    replaced: set[int] = set()
    extra: list[Mention] = []
    by_start = {(id(m.field), m.tok): m for m in mentions}
    for m in mentions:
        f, j = m.field, m.tok_end
        words = f.words
        if j >= len(words) or len(m.text.split()) < 2:
            continue
        if words[j] == "(":
            k = j + 1
            while k < len(words) and words[k] != ")" and k - j <= _MAX_INNER:
                k += 1
            if k >= len(words) or words[k] != ")" or k == j + 1:
                continue
            inner = [w for w in words[j + 1 : k] if is_word(w)]
            short_name = (  # "Kenya Electricity Generating Company (KenGen)", "(Conagua)"
                m.label == ORG
                and k == j + 2
                and len(inner) == 1
                and len(inner[0]) >= 3
                and is_cap(inner[0])
                and gz.phrases.get((inner[0],), ("", ""))[1] != PLACE
            )
            if not inner or m.label == PERSON or not (any(is_acronym(w) for w in inner) or short_name):
                continue
            alias = Mention(f, j + 1, k, m.label, m.canonical, m.confidence)
            alias_of.setdefault(alias.text, m)
            for i in range(j + 1, k):
                old = by_start.get((id(f), i))
                if old is not None:
                    replaced.add(id(old))
            extra.append(alias)
        elif words[j] == "," and j + 3 < len(words) and words[j + 1] == "known" and words[j + 2] == "as":
            other = by_start.get((id(f), j + 3))
            if other is not None and m.label in (ORG, PLACE):
                alias_of.setdefault(other.text, m)
    out = []
    for m in sorted((m for m in mentions + extra if id(m) not in replaced), key=_order):
        target = alias_of.get(m.text)
        if target is not None and target is not m:
            m.label, m.canonical = target.label, target.canonical
        out.append(m)
    return out


def _order(m: Mention) -> tuple[int, int]:
    return (("title", "dek", "body").index(m.field.name), m.start)


def _persons(mentions: list[Mention]) -> None:
    """Step 2: partial names of persons join the full name."""
    full_names: dict[str, list[str]] = {}
    for m in mentions:
        if m.label == PERSON and len(m.canonical.split()) > 1 and m.canonical not in full_names:
            full_names[m.canonical] = name_key(m.canonical).split()
    found: dict[str, str | None] = {}

    def person_for(name: str) -> str | None:
        if name in found:
            return found[name]
        parts = name_key(name).split()
        n = len(parts)
        best: tuple[tuple[bool, bool, int], str] | None = None
        for full, fk in full_names.items():
            if len(fk) <= n:
                continue
            if any(fk[i : i + n] == parts for i in range(len(fk) - n + 1)):
                score = (fk[-n:] == parts, fk[:n] == parts, len(full.split()))
                if best is None or score > best[0]:
                    best = (score, " ".join(full.split()))
        found[name] = best[1] if best else None
        return found[name]

    for m in mentions:
        if m.label == PERSON or not is_acronym(m.text):
            full = person_for(m.canonical)
            # a person's surname alone is the person, whatever the model made of it ("Ibarra")
            if full is not None and (m.label == PERSON or name_key(full).endswith(" " + name_key(m.canonical))):
                m.label, m.canonical = PERSON, full


def _organisations(mentions: list[Mention], gz: Gazetteer) -> None:
    """Step 3: an organisation's first word or last words join the longer organisation."""
    orgs_full = {
        name_key(m.canonical): m.canonical for m in mentions if m.label == ORG and len(m.canonical.split()) >= 2
    }
    if not orgs_full:
        return
    first_words: dict[str, set[str]] = defaultdict(set)
    for k, v in orgs_full.items():
        first_words[k.split()[0]].add(v)
    modifiers = {name_key(c) for c in _COUNTRY_MODIFIERS}
    for m in mentions:
        k = name_key(m.canonical)
        parts = k.split()
        known = (m.canonical,) in gz.phrases or m.canonical in gz.org_words  # "Kenya", "Senate": names of their own
        if len(parts) == 1 and not is_acronym(m.canonical) and m.label != PERSON and not known:
            # "Lumora" after "Lumora Capital", whatever the model made of it
            owners = first_words.get(k, set())
            if len(owners) == 1:
                m.label, m.canonical = ORG, next(iter(owners))
                continue
        if m.label != ORG:
            continue
        if k not in orgs_full:
            # "the Assembly" -> "National Assembly", "the 9th Circuit" -> "... for the 9th Circuit"
            owners = {
                v
                for full, v in orgs_full.items()
                if len(full.split()) > len(parts) and full.split()[-len(parts) :] == parts
            }
            if len(owners) == 1:
                m.canonical = owners.pop()
                continue
        if len(parts) >= 2 and not any(k.startswith(mod + " ") for mod in modifiers):
            # "Federal Reserve" after "U.S. Federal Reserve": one organisation (a modifier's key
            # may have two words: "U.S." is "u s")
            longer = [v for full, v in orgs_full.items() if any(full == f"{mod} {k}" for mod in modifiers)]
            if len(longer) == 1:
                m.canonical = longer[0]


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[^\W_]+", name) if w not in _JOINING]
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return "".join(w[0] for w in words)
    return ""


def _introduced(m: Mention, gz: Gazetteer) -> bool:
    """A mention that introduces a person: more than one word, a title, or a first name."""
    return m.tok_end - m.tok > 1 or m.titled is not None or m.field.words[m.tok] in gz.first_names


def merge(mentions: list[Mention], gz: Gazetteer) -> list[Group]:
    """The article's entities, each with its mentions (in article order)."""
    mentions = _parenthesised(mentions, gz)
    _persons(mentions)
    _organisations(mentions, gz)
    # step 6 first, on the names as written: the kind the model is surest of, per name
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m in mentions:
        votes[name_key(m.canonical)][m.label] += m.confidence
    for m in mentions:
        v = votes[name_key(m.canonical)]
        if len(v) > 1:
            m.label = max(v, key=lambda lab: v[lab])
    groups: dict[tuple[str, str], Group] = {}
    for m in mentions:
        k = (m.label, name_key(m.canonical))
        if k not in groups:
            groups[k] = Group(m.label, m.canonical)
        groups[k].mentions.append(m)
    # step 5
    by_initials: dict[str, Group] = {}
    for g in groups.values():
        if g.label == ORG:
            initials = _initials(g.canonical)
            if initials:
                by_initials.setdefault(initials, g)
    for k in list(groups):
        g = groups[k]
        if g.label == ORG and is_acronym(g.canonical):
            target = by_initials.get(g.canonical.replace(".", ""))
            if target is not None and target is not g:
                target.mentions.extend(g.mentions)
                del groups[k]
    # step 7
    for k, g in list(groups.items()):
        if g.label == PERSON and not any(_introduced(m, gz) for m in g.mentions):
            del groups[k]
    for g in groups.values():
        g.mentions.sort(key=_order)
        if g.label == PERSON:
            g.canonical = max((m.canonical for m in g.mentions), key=lambda t: (len(t.split()), len(t)))
        else:
            plain = [m for m in g.mentions if not m.upper]
            g.canonical = (plain or g.mentions)[0].canonical
    return list(groups.values())
