"""Stage 3c: mentions, the model's names with what the rules know about them on top.

The model says where the names are and of which kind; the rules here give each one its
canonical name and the surface forms it is known by:

- the gazetteers' canonical names: "DPRK" and "Democratic People's Republic of Korea" are
  "North Korea", "U.S." is "United States", "NEW YORK" in a headline is "New York";
- a title in front of a person's name is not part of it, but the titled form is an alias
  ("President Joe Biden" -> Joe Biden);
- a legal suffix is an alias, not the name ("Goldman Sachs Inc." -> Goldman Sachs);
- an AP-style state after a town ("Hartford, Conn.") is the state, by its full name;
- MISC (nationalities, events, works) is no entity of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.analysis import PERSON, PLACE

from .features import LEGAL_SUFFIXES, as_usually_written
from .gazetteer import Gazetteer
from .model import MISC, Tagged
from .tokens import POSSESSIVES, UPPER_LINE, Field, is_acronym, is_cap, is_word

# AP-style state abbreviations as they follow a town: "Stamford, Conn.", "Easton, Pa.".
# Only recognised in that position (after a capitalised name and a comma, with the period),
# since bare "Mo", "Pa" or "Ill" are names or ordinary words.
AP_STATES = {
    "Ala": "Alabama",
    "Ariz": "Arizona",
    "Ark": "Arkansas",
    "Calif": "California",
    "Colo": "Colorado",
    "Conn": "Connecticut",
    "Del": "Delaware",
    "Fla": "Florida",
    "Ga": "Georgia",
    "Ill": "Illinois",
    "Ind": "Indiana",
    "Kan": "Kansas",
    "Ky": "Kentucky",
    "La": "Louisiana",
    "Mass": "Massachusetts",
    "Md": "Maryland",
    "Mich": "Michigan",
    "Minn": "Minnesota",
    "Miss": "Mississippi",
    "Mo": "Missouri",
    "Mont": "Montana",
    "Neb": "Nebraska",
    "Nev": "Nevada",
    "Okla": "Oklahoma",
    "Ore": "Oregon",
    "Pa": "Pennsylvania",
    "Tenn": "Tennessee",
    "Vt": "Vermont",
    "Va": "Virginia",
    "Wash": "Washington",
    "Wis": "Wisconsin",
    "Wyo": "Wyoming",
    "N.H.": "New Hampshire",
    "N.J.": "New Jersey",
    "N.M.": "New Mexico",
    "N.Y.": "New York",
    "N.C.": "North Carolina",
    "N.D.": "North Dakota",
    "R.I.": "Rhode Island",
    "S.C.": "South Carolina",
    "S.D.": "South Dakota",
}


@dataclass
class Mention:
    field: Field
    tok: int  # first token
    tok_end: int  # one past the last token
    label: str
    canonical: str
    confidence: float = 1.0
    titled: str | None = None  # the surface form with the title in front, when there is one
    extra_aliases: tuple[str, ...] = ()
    # set from the tokens: character offsets into the field, the text there, and whether it is
    # written in capitals only because its line is (a headline, a dateline)
    start: int = 0
    end: int = 0
    text: str = ""
    upper: bool = False

    def __post_init__(self) -> None:
        self.start = self.field.starts[self.tok]
        self.end = self.field.ends[self.tok_end - 1]
        self.text = self.field.text[self.start : self.end]
        self.upper = self.field.line_case[self.tok] == UPPER_LINE or (self.text.isupper() and not is_acronym(self.text))


_MC = re.compile(r"\bMc([a-z])")


def name_case(text: str) -> str:
    """A name written in capitals as it is usually written: "JOHN MCCAIN" -> "John McCain",
    "O'BRIEN" -> "O'Brien"."""
    return _MC.sub(lambda m: "Mc" + m.group(1).upper(), text.title())


def _gazetteer_name(words: tuple[str, ...], gz: Gazetteer) -> tuple[str, str] | None:
    hit = gz.phrases.get(words)
    if hit is None and any(w.isupper() and len(w) > 1 for w in words):
        low = tuple(
            w if not w.isalpha() else w.lower() if w.lower() in ("of", "the", "and") else w.capitalize() for w in words
        )
        hit = gz.phrases.get(low)
    if hit is None and len(words) > 1 and words[0] in ("the", "The"):
        hit = gz.phrases.get(words[1:])
    return hit


def title_start(field: Field, tok: int, gz: Gazetteer) -> int | None:
    """The first token of a title right before token ``tok`` ("President", "Sen.", "Finance Minister")."""
    words = field.words
    for ln in range(min(gz.title_max, tok), 0, -1):
        a = tok - ln
        if tuple(words[a:tok]) in gz.titles and is_cap(words[a]) and not field.glued[tok]:
            return a
    return None


def _kept_period(words: tuple[str, ...], a: int, b: int) -> bool:
    """A final period that belongs to the name: "Corp.", "P.", "Jr."; not the sentence's."""
    if words[b - 1] != "." or b - 1 <= a:
        return False
    before = words[b - 2]
    return (len(before) == 1 and before.isupper()) or before in LEGAL_SUFFIXES or before in ("Jr", "Sr", "St")


def from_tagged(field: Field, tagged: list[Tagged], gz: Gazetteer) -> list[Mention]:
    """The field's mentions, in order, from the model's names and the AP-state rule."""
    words = field.words
    states = _ap_states(field)
    in_state = {k for a, b, _ in states for k in range(a, b)}
    out: list[Mention] = []
    for t in tagged:
        if t.label == MISC:
            continue
        a, b = t.start, t.end
        while b > a and (words[b - 1] in POSSESSIVES or (not is_word(words[b - 1]) and not _kept_period(words, a, b))):
            b -= 1
        while a < b and not is_word(words[a]):
            a += 1
        if t.label == PERSON:
            # a title the model kept inside the name ("Sen. Susan Collins")
            while True:
                ln = next(
                    (k for k in range(min(gz.title_max, b - a - 1), 0, -1) if tuple(words[a : a + k]) in gz.titles), 0
                )
                if not ln:
                    break
                a += ln
        if b <= a or any(k in in_state for k in range(a, b)):
            continue
        m = Mention(field, a, b, t.label, field.surface(a, b), t.confidence)
        hit = _gazetteer_name(words[a:b], gz)
        if hit is not None and hit[1] == t.label:
            m.canonical = hit[0]
        elif m.upper:
            m.canonical = name_case(m.text) if not any(c.isdigit() for c in m.text) else m.text
        if t.label == PERSON:
            ts = title_start(field, a, gz)
            if ts is not None:
                m.titled = field.surface(ts, b)
        last = b - 1 if words[b - 1] != "." else b - 2
        if last > a and words[last].rstrip(".") in LEGAL_SUFFIXES:
            # "Goldman Sachs Inc." -> Goldman Sachs; the suffixed form stays an alias
            end = last
            while end > a + 1 and not is_word(words[end - 1]):
                end -= 1
            m.canonical = field.surface(a, end)
        out.append(m)
    ends = {m.tok_end for m in out}
    for a, b, state in states:
        out.append(Mention(field, a, b, PLACE, state))
        town_end = a - 1  # the comma
        if town_end not in ends:
            s = town_end - 1
            while s > 0 and is_cap(words[s - 1]) and not field.initial[s] and not field.line_start[s]:
                s -= 1
            town = Mention(field, s, town_end, PLACE, field.surface(s, town_end))
            if town.upper:
                town.canonical = name_case(town.text)
            out.append(town)
    out.sort(key=lambda m: m.tok)
    return out


def headline_mentions(field: Field, known: list[Mention], gz: Gazetteer, max_len: int = 8) -> list[Mention]:
    """Mentions in a headline written in Title Case or in capitals, where capitals say nothing:
    the names the rest of the article uses ("Kenya", "Rift Valley" in "Kenya Confirms Rift
    Valley Fever Outbreak"), then the gazetteers' places and organisations, longest first."""
    names: dict[tuple[str, ...], Mention] = {}
    for m in known:
        name = tuple(w.casefold() for w in m.field.words[m.tok : m.tok_end])
        names.setdefault(name, m)
        if m.label == PERSON:  # "Biden" for Joe Biden, "Kim" for Kim Jong Un
            for k in range(1, len(name)):
                for part in (name[:k], name[k:]):
                    if part[-1] not in gz.common and part[0] not in gz.common:
                        names.setdefault(part, m)
    words = field.words
    folded = [w.casefold() for w in words]
    usual = [as_usually_written(w) for w in words]
    out = []
    i = 0
    while i < len(words):
        found: Mention | None = None
        for ln in range(min(max_len, len(words) - i), 0, -1):
            same = names.get(tuple(folded[i : i + ln]))
            if same is not None:
                found = Mention(field, i, i + ln, same.label, same.canonical, same.confidence)
                break
            hit = gz.phrases.get(tuple(usual[i : i + ln])) or gz.phrases.get(tuple(words[i : i + ln]))
            if hit is not None:
                found = Mention(field, i, i + ln, hit[1], hit[0])
                break
        if found is None:
            i += 1
        else:
            out.append(found)
            i = found.tok_end
    return out


def _ap_states(field: Field) -> list[tuple[int, int, str]]:
    """'Hartford, Conn.' / 'Mountain View, Calif.': (first token, end, full name) of each state."""
    words = field.words
    out = []
    for i in field.caps:
        if i < 2:
            continue
        w = words[i]
        dotted = w.endswith(".") and w in AP_STATES
        if not (dotted or (w in AP_STATES and i + 1 < len(words) and words[i + 1] == "." and field.glued[i + 1])):
            continue
        if words[i - 1] != "," or not is_cap(words[i - 2]):
            continue
        out.append((i, i + 1 if dotted else i + 2, AP_STATES[w]))
    return out
