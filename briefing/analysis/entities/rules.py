"""Stage 3c: the rules' corrections of the model's names, where the rules know better.

The model learnt its sense of names from 1996 Reuters news; the rules carry what holds in any
news and what the gazetteers know. Each rule is a function below; :func:`correct` applies them
to one field's names, in order:

- a sentence's first word that the article uses in lower case is no part of a name ("Thousands
  of River fans"), nor is the article of a long one ("The Socialist Party");
- a possessive between an organisation and what it owns splits them ("World Bank's Inspection
  Panel"); a period glued to a legal suffix or an initial belongs to the name ("SoftBank
  Corp."); a Romance organisation keeps its adjective ("Académie française");
- organisations' names may hold "and", commas and ordinals: "Ministry of Mining, Blue Economy
  and Maritime Affairs", "Avon and Somerset Police", "Court of Appeals for the 9th Circuit";
  but "Kroger and Whole Foods" are two;
- laws, events and storms are none of ours ("Endangered Species Act", "Typhoon Nakri"), nor are
  acronyms that are no names ("AI", "GDP") and common words; a hyphenated compound is cut
  whole ("Mar-a-Lago", not "-Lago");
- an organisation named by its head word starts where its capitalised words do ("Kenya
  Medical Research Institute"), and capitalised runs the model left out that end in an
  organisation word are organisations ("Fitch Ratings");
- a name's kind: the dateline's place, a country, the gazetteers' own names; a head that is an
  organisation word ("Cairo University") or a place word ("Kwale County", "Lake Victoria"); a
  first name before a surname the model took for a place ("Sofia Ekström"); party names
  ("the National Rally") and context ("Norvale, the Danish drugmaker", "an analyst at Morrow");
- places joined by hyphens are those places ("US-South Korea-Japan"), and an organisation's
  name running into a job title before a person's name is the known organisation inside it
  ("US National Security Council Strategic Communications Coordinator John Kirby").
"""

from __future__ import annotations

import re

from briefing.analysis import ORG, PERSON, PLACE

from .candidates import HYPHEN_SUFFIXES
from .features import LEGAL_SUFFIXES
from .gazetteer import Gazetteer
from .mentions import title_start
from .model import MISC, Tagged
from .tokens import POSSESSIVES, UPPER_LINE, Document, Field, is_cap, is_word

_COUNTRY_MODIFIERS = frozenset("US U.S. UK U.K. EU".split())  # "U.S. Federal Reserve": two names
# place heads that also end clubs' and teams' names ("Notts County", "Manchester City",
# "Crystal Palace", "Nottingham Forest"): they make a place of a person, never of an organisation
_CLUB_HEADS = frozenset("City County Counties Town Park Palace Forest Square Street Road Rovers".split())
_PLACE_PREFIXES = frozenset(
    """Lake Mount Mt Cape Fort Isla Lago Monte Lac Mont Rue Avenida Calle Plaza Piazza Gulf Bay Río
    Estadio Estádio Stade Stadio Parque Palais""".split()
)
# heads of public bodies, which may follow "X and Y" ("Avon and Somerset Police", "Fish and
# Wildlife Service"); company heads may not ("Kroger and Whole Foods" are two names)
_INSTITUTION_HEADS = frozenset(
    """Police Service Services Commission Authority Council Committee Department Ministry Agency
    Board Court Office Bureau Administration Institute Association Union Federation Society Party
    Trust Foundation Corps Force Forces Guard Tribunal Survey Directorate Inspectorate Secretariat
    Centre Center Hospital University College School Academy Museum Library Alliance""".split()
)
_OF_LIKE = frozenset("of for de del della di du des do da dos das".split())
_ROMANCE_HEADS = frozenset(
    """Académie Academia Accademia Institut Instituto Istituto Comité Comitato Conseil Consejo
    Consiglio Banque Banco Banca Société Sociedad Società Agence Agencia Agenzia Agência
    Partido Parti Partito Parlement Parlamento Assemblée Asamblea Congreso Ministère Ministerio
    Université Universidad Universidade Università Centre Centro Fondation Fundación Fundação
    Fondazione Bibliothèque Biblioteca Musée Museo Observatoire Observatorio Tribunal Cour Corte
    Compagnie Compañía Companhia Groupe Grupo Gruppo Orchestre Orquesta Théâtre Teatro""".split()
)
_ROMANCE_ADJ = re.compile(
    r"^[^\W\d_]{3,}(?:ais|aise|ain|aine|al|ale|aux|ique|ien|ienne|ois|oise|ano|ana|iano|iana|ense|"
    r"ês|esa|ol|ola|ino|ina|eño|eña|ico|ica|ista|ivo|iva|if|ive|ario|aria)$"
)
# names with these heads are events, laws, works: not ours ("Endangered Species Act", "Geneva Accords")
NOT_ENTITY_HEADS = frozenset(
    """Day Week Month Year Games Cup Olympics War Festival Awards Award Prize Act Bill Agreement
    Accord Accords Treaty Protocol Convention Election Elections Index Era Age Revolution
    Doctrine Plan Deal Summit Conference Forum Talks Crisis Pandemic Storm Hurricane Typhoon
    Fever Virus Disease Syndrome Strategy Report Survey Budget Law Rule Rules Niño Niña
    Century Quarter Anniversary Amendment""".split()
)
_EVENT_PREFIXES = frozenset("Typhoon Hurricane Cyclone Storm Tropical Operation".split())
_ORDINARY_SUFFIXES = ("ing", "ly", "ers", "ists", "ians", "ants", "ents", "ors", "ment", "tion", "sion", "ity", "ure")
# adjectives that start organisations' names, never people's: "National Rally", "Popular Party"
_ORG_ADJECTIVES = frozenset(
    """National Democratic Republican Socialist Liberal Conservative Progressive Popular United
    Federal Royal Central General Global International Islamic Patriotic Revolutionary
    Green Labour Labor Workers Civic Citizens Social Radical Independent Free Reform""".split()
)
# nouns that say what an organisation is, in an apposition: "Norvale, the Danish drugmaker,"
_ORG_NOUNS = frozenset(
    """company companies maker manufacturer firm group retailer chain bank lender insurer carrier
    line airline newspaper agency body regulator club team party union association consultancy
    startup start-up conglomerate brand label exchange network studio charity nonprofit
    non-profit organisation organization university institute giant utility subsidiary platform
    outlet daily weekly magazine website watchdog automaker carmaker drugmaker chipmaker
    shipbuilder""".split()
)
_APPOSITION_END = frozenset(", . ; ) : that which whose based in with to for and \u2014".split())
# people who work "at" an organisation: "an economist at X", "a senior fellow at X"
_WORKS_AT = frozenset(
    """researcher researchers professor professors lecturer lecturers fellow fellows student students
    director directors manager managers engineer engineers executive executives official officials
    spokesperson spokesman spokeswoman partner partners trader traders banker bankers lawyer
    lawyers consultant consultants employee employees staff staffer staffers teacher teachers
    historian historians curator curators editor editors reporter reporters correspondent
    correspondents coach strategist economist economists analyst analysts scientist scientists""".split()
)
_ORDINAL = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")
_MAX_CONJOINED = 6  # capitalised words in one part of a conjoined organisation name


def _head(words: tuple[str, ...], a: int, b: int) -> str:
    """The last word of tokens a..b-1, without a period."""
    for k in range(b - 1, a - 1, -1):
        if is_word(words[k]):
            return words[k].rstrip(".")
    return ""


def _kind(doc: Document, field: Field, t: Tagged, gz: Gazetteer) -> str:
    """The kind of a name, by its head, its first name or its dateline."""
    words = field.words
    content = [w for w in words[t.start : t.end] if is_word(w)]
    if t.label != PLACE and field.name == "body" and t.start < 6 and field.ends[t.end - 1] < 40:
        # the dateline: "MEXICO CITY —", "NAIROBI, Kenya (EAW) —"
        titled = tuple(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words[t.start : t.end])
        if gz.phrases.get(titled, ("", ""))[1] == PLACE and field.line_case[t.start] != UPPER_LINE:
            return PLACE
    if tuple(words[t.start : t.end]) in gz.countries and t.label == ORG:
        return PLACE  # a country is a place, its team included ("Kenya beat Ghana")
    if len(content) < 2:
        return t.label
    if t.label == MISC or (t.label == PERSON and content[0] in gz.first_names):
        return t.label
    if tuple(words[t.start : t.end]) in gz.phrases:
        return t.label  # "West Bank", "Kansas City", "Russian Federation": the gazetteer knows it
    head = _head(words, t.start, t.end)
    if head in gz.org_words or head in LEGAL_SUFFIXES:
        return ORG
    if head in gz.place_words and not (t.label == ORG and head in _CLUB_HEADS and content[-2] != "National"):
        return PLACE
    if content[0] in _PLACE_PREFIXES and head not in gz.org_words:
        return PLACE
    if (
        t.label == PLACE
        and len(content) == t.end - t.start <= 3
        and (content[0] in gz.first_names or content[0] in gz.ambiguous_first)
        and not any((w,) in gz.phrases for w in content[1:])
        and head not in gz.place_words
    ):
        return PERSON  # "Sofia Ekström", "Santiago Ibarra", "Jordan Bardella"
    return t.label


def _cap_run(field: Field, i: int) -> int:
    """End of the run of capitalised words (and acronyms) starting at token i, or i."""
    words = field.words
    j = i
    while (
        j < len(words) and j - i < _MAX_CONJOINED and is_word(words[j]) and is_cap(words[j]) and not field.line_start[j]
    ):
        j += 1
    return j


def _conjoined(field: Field, t: Tagged, gz: Gazetteer) -> int:
    """Where an organisation's name really ends when it goes on over "and" or commas, or t.end."""
    words = field.words
    n = len(words)
    a, b = t.start, t.end
    content = words[a:b]
    # "Ministry of Mining, Blue Economy and Maritime Affairs": a head word, "of", then a list
    of_phrase = any(
        w.rstrip(".") in gz.org_words and k + 1 < len(content) and content[k + 1] in _OF_LIKE
        for k, w in enumerate(content)
    )
    if of_phrase:
        j = b
        end = b
        while j + 1 < n and words[j] in (",", "and") and not field.line_start[j]:
            k = j + 1
            if words[j] == "," and k < n and words[k] == "and":
                k += 1
            e = _cap_run(field, k)
            if e == k:
                break
            if words[j] == "and" or words[k - 1] == "and":
                end = e  # the list ends with "and ..."
                break
            j = e
        if end > b:
            return end
    # "U.S. Court of Appeals for the 9th Circuit"
    if b + 2 < n and words[b] in ("for", "of"):
        k = b + 1 + (words[b + 1] == "the")
        if k + 1 < n and _ORDINAL.match(words[k]) and is_cap(words[k + 1]):
            return _cap_run(field, k + 1)
    # "Avon and Somerset Police", "National Earthquake Monitoring and Research Center"
    if b + 1 < n and words[b] == "and" and _head(words, a, b) not in gz.org_words:
        e = _cap_run(field, b + 1)
        if b + 1 < e <= b + 4 and words[e - 1] in _INSTITUTION_HEADS and (e >= n or words[e] not in _OF_LIKE):
            return e
    return b


def _whole_compounds(field: Field, a: int, b: int) -> tuple[int, int]:
    """Tokens a..b-1 widened to the whole hyphenated compounds at their ends: "Mar-a-Lago",
    "Ocasio-Cortez", not "-Lago" or "Cortez" (places joined by hyphens, "US-South
    Korea-Japan", are split again by :func:`_place_parts`)."""
    words, glued = field.words, field.glued
    n = len(words)

    def joined(k: int) -> bool:  # token k is glued to k-1 by a hyphen on one side
        return glued[k] and ((words[k] == "-" and is_word(words[k - 1])) or (words[k - 1] == "-" and is_word(words[k])))

    while a > 0 and joined(a):
        a -= 1
    while b < n and joined(b) and not (words[b] == "-" and b + 1 < n and words[b + 1] in HYPHEN_SUFFIXES):
        b += 1
    return a, b


def _place_parts(field: Field, t: Tagged, gz: Gazetteer) -> list[Tagged]:
    """A place made of known places joined by hyphens is those places ("US-South Korea-Japan")."""
    words = field.words
    cuts = [k for k in range(t.start + 1, t.end - 1) if words[k] == "-" and field.glued[k]]
    if not cuts:
        return [t]
    parts = []
    a = t.start
    for k in [*cuts, t.end]:
        parts.append((a, k))
        a = k + 1
    if all(gz.phrases.get(tuple(words[x:y]), ("", ""))[1] == PLACE for x, y in parts):
        return [Tagged(x, y, PLACE, t.confidence) for x, y in parts]
    return [t]


def _job_description(field: Field, t: Tagged, gz: Gazetteer, people: set[int]) -> list[Tagged]:
    """An organisation's name that runs into a job title before a person's name is the known
    organisation inside it: "US National Security Council Strategic Communications
    Coordinator John Kirby" -> US, National Security Council."""
    words = field.words
    b = t.end
    title_end = next((b + k for k in range(gz.title_max, 0, -1) if tuple(words[b : b + k]) in gz.titles), 0)
    if not title_end or title_end not in people:
        return [t]
    for x in range(t.start, t.end):
        for y in range(min(t.end, x + gz.phrase_starts.get(words[x], 0)), x, -1):
            hit = gz.phrases.get(tuple(words[x:y]))
            if hit is not None and hit[1] == ORG and y - x >= 2:
                out = [Tagged(x, y, ORG, t.confidence)]
                if x == t.start + 1 and words[t.start] in _COUNTRY_MODIFIERS:
                    out.insert(0, Tagged(t.start, x, PLACE, t.confidence))
                return out
    return [t]


_SPEAKER_TITLES = frozenset("SEN REP GOV DR GEN PRES PRESIDENT SENATOR MAYOR JUDGE".split())
_NOT_SPEAKER_NAMES = frozenset("UNIDENTIFIED UNKNOWN ANNOUNCER MALE FEMALE CROWD AUDIENCE GROUP VOICE".split())


def _speaker(field: Field, a: int, b: int, gz: Gazetteer) -> bool:
    """A transcript speaker's label: a name of two words or more in capitals opening its line
    (after a title at most: "SEN. JOHN MCCAIN"), then a manner in brackets at most and a colon
    ("ANDERSON COOPER, CNN ANCHOR: ", its role blanked by briefing.core.prose.furniture_spans),
    that the gazetteer does not know as a place or an organisation ("NEW YORK: "). A person,
    whatever the model made of it ("Anderson" is a town too); "UNIDENTIFIED MALE" is no name."""
    words = field.words
    if b - a < 2 or not all(w.isupper() and w.isalpha() for w in words[a:b]):
        return False
    k = a
    if k and words[k - 1] == ".":
        k -= 1
    if k and words[k - 1].isupper() and words[k - 1] in _SPEAKER_TITLES:
        k -= 1
    if not field.line_start[k] or not _label_colon(words, b) or words[a] in _NOT_SPEAKER_NAMES:
        return False
    return tuple(w.capitalize() for w in words[a:b]) not in gz.phrases  # not "NEW YORK: ", "WHITE HOUSE: "


def _label_colon(words: tuple[str, ...], j: int) -> bool:
    """True when a speaker's label ends at words[j]: a colon, after a manner in brackets at most
    ("(voice-over):")."""
    n = len(words)
    if j < n and words[j] == "(":
        j = next((x + 1 for x in range(j + 1, min(n, j + 8)) if words[x] == ")"), n)
    return j < n and words[j] == ":"


def _speaker_surnames(field: Field, tagged: list[Tagged]) -> set[int]:
    """A transcript's later labels, the speaker's surname alone ("COOPER: ", "TUCHMAN (voice-over):
    "): the tokens that are one, when a name the model found in the field ends in that word
    ("ANDERSON COOPER"). They are persons, and the merge joins them to the full name, so a
    speaker's turns count."""
    out: set[int] = set()
    if ":" not in field.text:
        return out  # no label at all: the common case, told at once
    words = field.words
    n = len(words)
    surnames = {words[t.end - 1].lower() for t in tagged if t.end - t.start >= 2 and words[t.end - 1].isalpha()}
    if not surnames:
        return out
    for i in range(n - 1):
        w = words[i]
        if field.line_start[i] and w.isupper() and w.isalpha() and w.lower() in surnames and _label_colon(words, i + 1):
            out.add(i)
    return out


def _org_run_start(doc: Document, field: Field, a: int, gz: Gazetteer, people: set[int]) -> int:
    """Where an organisation named by its head word really starts: "Kenya Medical Research
    Institute", not "Institute" after a place and two untagged words."""
    words = field.words
    k = a
    while (
        k > 0
        and is_word(words[k - 1])
        and is_cap(words[k - 1])
        and not field.line_start[k]
        and not field.initial[k]
        and k - 1 not in people
        and words[k - 1] not in _COUNTRY_MODIFIERS
        and words[k - 1] not in ("A", "An")  # "A Forest Service spokesperson said"
        and field.line_case[k] != UPPER_LINE
    ):
        k -= 1
    if k < a and (words[k] == "The" or (field.initial[k] and _ordinary(doc, words[k], gz))):
        k += 1
    return k


def _ordinary(doc: Document, word: str, gz: Gazetteer) -> bool:
    """A sentence-initial word that is an ordinary word, not a name ("Neighbouring", "Thousands")."""
    low = word.lower()
    if len(word) < 3 or not word[1:].islower():
        return False  # "NEW YORK" in a dateline, the initial "A." of a name
    if low in gz.common or low in doc.lower_words or low.rstrip("s") in doc.lower_words:
        return True
    return len(low) > 4 and low.endswith(_ORDINARY_SUFFIXES) and word not in gz.first_names


def _org_by_context(field: Field, t: Tagged, gz: Gazetteer) -> bool:
    """Words around a name that make it an organisation: "Norvale, the Danish drugmaker,",
    "an analyst at Morrow", "the far-right National Rally", "Académie française"."""
    words = field.words
    n = len(words)
    a, b = t.start, t.end
    first = words[a]
    if first in _ROMANCE_HEADS:
        return True
    if t.label == PERSON and (first in gz.first_names or title_start(field, a, gz) is not None):
        return False
    if t.label == PERSON and first in _ORG_ADJECTIVES:
        return True
    if b + 2 < n and words[b] == "," and words[b + 1] in ("the", "a", "an"):
        for k in range(b + 2, min(b + 7, n)):
            if words[k] in _APPOSITION_END:
                break
            if words[k] in _ORG_NOUNS and (k + 1 >= n or words[k + 1] in _APPOSITION_END):
                return True
    if a >= 2 and words[a - 1] == "at" and words[a - 2] in _WORKS_AT:
        return t.label != ORG
    return False


def _unnamed_organisations(doc: Document, field: Field, tagged: list[Tagged], gz: Gazetteer) -> list[Tagged]:
    """Runs of capitalised words the model left out that end in an organisation word
    ("Fitch Ratings and S&P Global": Fitch Ratings)."""
    words = field.words
    taken = {k for t in tagged for k in range(t.start, t.end)}
    out = []
    caps = field.caps
    i = 0
    while i < len(caps):
        a = caps[i]
        j = i
        while j + 1 < len(caps) and caps[j + 1] == caps[j] + 1 and not field.line_start[caps[j + 1]]:
            j += 1
        b = caps[j] + 1
        i = j + 1
        if b - a < 2 or any(k in taken for k in range(a, b)) or field.line_case[a]:
            continue
        if field.initial[a] and _ordinary(doc, words[a], gz):
            a += 1
        if b - a >= 2 and words[b - 1].rstrip(".") in gz.org_words and all(is_word(w) for w in words[a:b]):
            out.append(Tagged(a, b, ORG, 0.5))
    return out


def correct(doc: Document, field: Field, tagged: list[Tagged], gz: Gazetteer) -> list[Tagged]:
    """The model's names in ``field`` with the rules' corrections, in order."""
    words = field.words
    n = len(words)
    out: list[Tagged] = []
    skip_to = 0
    speakers = _speaker_surnames(field, tagged)
    taken = {t.start for t in tagged}
    queue = sorted(
        [
            *tagged,
            *_unnamed_organisations(doc, field, tagged, gz),
            *(Tagged(k, k + 1, PERSON, 0.9) for k in sorted(speakers - taken)),
        ],
        key=lambda x: x.start,
    )
    people = {k for t in tagged if t.label == PERSON for k in range(t.start, t.end)}
    i = 0
    while i < len(queue):
        t = queue[i]
        i += 1
        if t.start < skip_to:
            continue  # swallowed by a conjoined name before it
        a, b = t.start, t.end
        # "Thousands of River fans", "Neighbouring South Gloucestershire Council": an ordinary
        # first word (and its connector) is no part of the name; nor is "The" of a long one
        if field.initial[a] and b - a >= 2 and _ordinary(doc, words[a], gz) and tuple(words[a:b]) not in gz.phrases:
            a += 2 if words[a + 1] in _OF_LIKE else 1
        elif words[a] in ("The", "the") and b - a >= 3 and tuple(words[a:b]) not in gz.phrases:
            a += 1
        elif words[a] in ("A", "An") and b - a >= 2 and not field.glued[a + 1]:
            a += 1  # "A Forest Service spokesman"
        # "World Bank's Inspection Panel": what an organisation owns is not part of its name
        for k in range(a + 1, b - 1):
            if words[k] in POSSESSIVES and t.label in (ORG, PLACE):
                before = tuple(words[a:k])
                if before in gz.phrases or _head(words, a, k) in gz.org_words:
                    if _head(words, k + 1, b) in gz.org_words:
                        queue.append(Tagged(k + 1, b, ORG, t.confidence))
                    b = k
                    break
        # the period of "Corp." or of an initial, unless it ends the sentence
        if b < n and words[b] == "." and field.glued[b] and (b + 1 >= n or not field.initial[b + 1]):
            last = words[b - 1]
            if last in LEGAL_SUFFIXES or (len(last) == 1 and last.isupper()):
                b += 1
        # "Académie française", "Institut national"
        if b < n and words[b - 1] in _ROMANCE_HEADS and _ROMANCE_ADJ.match(words[b]) and words[b][:1].islower():
            b += 1
        if t.label in (ORG, MISC, PLACE) or (t.label == PERSON and t.confidence < 0.9):
            end = _conjoined(field, Tagged(a, b, t.label, t.confidence), gz)
            if end > b:
                b, skip_to = end, end
                t = Tagged(t.start, t.end, ORG, t.confidence)
        if b <= a or a >= n:
            continue
        t = Tagged(a, b, t.label, t.confidence)
        if b - a == 1 and (words[a] in gz.acronym_stop or words[a].lower() in gz.common):
            continue
        if (_head(words, a, b) in NOT_ENTITY_HEADS or words[a] in _EVENT_PREFIXES) and not any(
            w.rstrip(".") in gz.org_words for w in words[a:b]
        ):
            continue  # a law, an event, a storm; not "Office of Management and Budget"
        a, b = _whole_compounds(field, a, b)
        if t.label == ORG and _head(words, a, b) in gz.org_words:
            k = _org_run_start(doc, field, a, gz, people)
            if k < a:
                a = k
                out = [x for x in out if x.end <= a]
        t = Tagged(a, b, _kind(doc, field, Tagged(a, b, t.label, t.confidence), gz), t.confidence)
        if (
            t.label == MISC
            and b - a >= 2
            and words[a] in _ORG_ADJECTIVES
            and not any(c.isdigit() for w in words[a:b] for c in w)
        ):
            t = Tagged(a, b, ORG, t.confidence)  # "the National Rally", "the Popular Party"
        if t.label in (PERSON, PLACE) and _org_by_context(field, t, gz):
            t = Tagged(a, b, ORG, t.confidence)
        if t.label != PERSON and ((b - a == 1 and a in speakers) or _speaker(field, a, b, gz)):
            t = Tagged(a, b, PERSON, t.confidence)
        if t.label == PLACE:
            out.extend(_place_parts(field, t, gz))
        elif t.label == ORG:
            out.extend(_job_description(field, t, gz, people))
        else:
            out.append(t)
    out.sort(key=lambda x: x.start)
    return out
