"""Named entities (PERSON, ORG, PLACE) from rules and the shipped gazetteers.

Pipeline, per article (headline + standfirst + body; only body mentions get spans):

1. Tokenise (words, initialisms such as "U.S.", possessive "'s" as its own token, punctuation).
   Datelines in capitals ("NAIROBI, Kenya —") are places.
2. Build *chains*: runs of capitalised tokens, allowed to continue over connectors
   ("Bank of Japan", "Office of Management and Budget", "Observatoire de la Côte d'Azur"),
   hyphens without spaces ("Ocasio-Cortez", "US-South Korea-Japan"), a possessive before a
   capital ("Democratic People's Republic of Korea"), the period of an initial or a title
   ("Sen."), an ordinal before a capital ("Court of Appeals for the 9th Circuit") and a
   lower-case adjective after a Romance organisation head ("Académie française").
3. Segment every chain, left to right:
   - sentence-initial function words ("Moreover", "In"), months and weekdays are skipped;
   - titles ("President", "Sen.", "Coordinator") are stripped and mark the name after them
     as a PERSON; a job description in front of a title is dropped;
   - a run that ends in an organisation word is one ORG even when it contains a place or a
     nationality ("Bank of Japan", "Japanese Trade Union Confederation", "New York Stock
     Exchange", "Avon and Somerset Police"; but "Fitch Ratings and S&P Global" are two); one
     that ends in a place word is a PLACE ("Wajir County", "Tana River");
   - a name led by a foreign article ("Le Monde", "La Guajira") is left to the context;
     one led by an organisation adjective ("National Rally") is no person;
   - gazetteer phrases (longest match) are PLACE/ORG with a canonical name, so "DPRK" and
     "Democratic People's Republic of Korea" are both "North Korea";
   - nationality adjectives ("South Korean") are skipped;
   - anything else is classified by first names, titles and context ("said X", "X, a ...").
4. Merge mentions into entities: same canonical name; a person's partial name ("Biden")
   joins the full name ("Joe Biden"); an acronym in parentheses after a name ("(WHO)") or
   after "known as", or one whose letters are the initials of an organisation in the same
   text, joins that organisation; so does a short name in parentheses ("(KenGen)") and a
   name's last word alone ("the Assembly" -> "National Assembly"). Context makes an unknown
   name, or a person's name without a first name or title, an organisation: "X's shares",
   "X's chief executive", "shares of X", "X, the world's largest container line,",
   "drugmaker X", "an economist at X", "the conservative X", a list with organisations.
   Single unknown words are kept only with evidence ("in Dadaab" -> PLACE; coordinated with
   a known place; seen several times -> ORG).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import gazetteer

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # initialisms: U.S. D.C. a.m.
    r"|[^\W_]+(?:['\u2019](?![sS]\b)[^\W\d_]+)*"  # words, O'Brien, d'Ivoire
    r"|['\u2019][sS]\b"  # possessive
    r"|[^\w\s]",  # any other single symbol
    re.UNICODE,
)
_DATELINE = re.compile(r"^[ \t]*((?:[A-Z][A-Z.'\u2019-]*[A-Z.])(?:[ ][A-Z][A-Z.'\u2019-]*[A-Z.])*)(?=\s*(?:,|\(|\u2014|\u2013|-\s))", re.M)

_JOINING = frozenset("of for on de del della da di du dos das van von der den la le al el bin ibn y & and".split())
CONNECTORS = _JOINING | {"-", "the"}
_POSSESSIVE = ("'s", "\u2019s", "'S", "\u2019S")
_SPEECH = frozenset(
    "said says told added stressed noted wrote argued explained warned insisted acknowledged "
    "announced asked answered replied declared tweeted posted urged claimed recalled".split()
)
_PLACE_NOUNS = frozenset(
    "town towns city cities village villages county counties province provinces district districts "
    "region regions state states island islands port river valley border dam dams reservoir airport "
    "bridge canal lake mountain mountains hills desert forest beach coast bay peninsula stadium "
    "neighbourhood neighborhood suburb suburbs".split()
)
# "residents of X", "the mayor of X": X is a place
_PLACE_OF = frozenset("residents people citizens villagers inhabitants mayor governor outskirts streets".split())
_APPOSITION = frozenset("a an the who whose whom".split())
_PLACE_PREPS = frozenset("in near from across inside outside into towards toward via".split())
_LEGAL_SUFFIX = frozenset("Inc Corp Co Ltd LLC PLC Plc GmbH AG SA NV".split())
_NOT_ENTITY_HEADS = frozenset(
    "Day Week Month Year Games Cup Olympics War Festival Awards Award Prize Act Bill Agreement "
    "Accord Accords Treaty Protocol Convention Election Elections Index Era Age Revolution "
    "Doctrine Plan Deal Summit Conference Forum Talks Crisis Pandemic Storm Hurricane Typhoon "
    "Prize Fever Virus Disease Syndrome Strategy Report Survey Budget Law Rule Rules Niño Niña "
    "Century Quarter Anniversary Amendment".split()
)
_COUNTRY_MODIFIERS = frozenset("US U.S. UK U.K. EU".split())
_HYPHEN_SUFFIXES = frozenset(
    "based born led backed owned run made style era linked funded controlled bound wide level related "
    "year old class built listed headquartered speaking language majority friendly inspired "
    "focused dominated brokered sponsored affiliated registered area only".split()
)
_PLACE_PREFIX = frozenset("County Lake Mount Mt Cape Avenida Fort Isla Lago Monte Lac Mont Rue Plaza Piazza Lake".split())
_EVENT_PREFIX = frozenset("Typhoon Hurricane Cyclone Storm Tropical Operation".split())
# "of" and its Romance cousins: "Bank of Japan", "Observatoire de la Côte d'Azur", "Banco do Brasil"
_OF_LIKE = frozenset("of for de del della di du des do da dos das".split())
# Romance organisation heads that take a lower-case adjective: "Académie française", "Institut français"
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
# Heads of public bodies that may follow "X and Y" ("Avon and Somerset Police", "Fish and
# Wildlife Service"); company heads may not ("Kroger and Whole Foods" are two names).
_INSTITUTION_HEADS = frozenset(
    """Police Service Services Commission Authority Council Committee Department Ministry Agency
    Board Court Office Bureau Administration Institute Association Union Federation Society Party
    Trust Foundation Corps Force Forces Guard Tribunal Survey Directorate Inspectorate Secretariat
    Centre Center Hospital University College School Academy Museum Library""".split()
)
_FOREIGN_ARTICLES = frozenset("Le La Les El Los Las Il Lo Gli Der Die Das Het".split())
# Adjectives that start organisation names, never people's: "National Rally", "Popular Party"
_ORG_ADJECTIVES = frozenset(
    """National Democratic Republican Socialist Liberal Conservative Progressive Popular United
    Federal Royal Central General Global International Islamic Patriotic Revolutionary
    Green Labour Labor Workers Civic Citizens Social Radical Independent Free Reform""".split()
)
_ROMAN = frozenset("II III IV V VI VII VIII IX X XI XII".split())


def word_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


_ELIDED = re.compile(r"^[dl]['\u2019][^\W\d_]*[A-Z\u00c0-\u00de]")  # "Côte d'Azur", "Val d'Isère"
_ORDINAL = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")


def _is_ordinal(tok: str) -> bool:
    return _ORDINAL.match(tok) is not None


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum()


def _is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _key(text: str) -> str:
    return re.sub(r"[\s\-\u2010\u2011\u2013.]+", " ", text).strip().lower()


@dataclass
class Mention:
    start: int  # char offsets into the analysed text (title excluded from a person's name)
    end: int
    text: str
    label: str  # PERSON / ORG / PLACE / UNK
    canonical: str
    titled: str | None = None  # surface form including the title, when there was one
    strong: bool = True  # False: a guess that needs support elsewhere in the text
    tok: int = 0  # index of the first token
    tok_end: int = 0
    extra_aliases: tuple[str, ...] = ()
    lead_article: bool = False  # "Le Monde": an organisation unless it is part of a person's name
    target: "Mention | None" = None  # for a parenthesised acronym: the name it abbreviates


@dataclass
class _Group:
    label: str
    canonical: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


# AP-style state abbreviations as they follow a town: "Stamford, Conn.", "Easton, Pa.".
# Only recognised in that position (after a capitalised name and a comma, before a period),
# since bare "Mo", "Pa" or "Ill" are names or ordinary words.
AP_STATES = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California", "Colo": "Colorado",
    "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida", "Ga": "Georgia", "Ill": "Illinois",
    "Ind": "Indiana", "Kan": "Kansas", "Ky": "Kentucky", "La": "Louisiana", "Mass": "Massachusetts",
    "Md": "Maryland", "Mich": "Michigan", "Minn": "Minnesota", "Miss": "Mississippi", "Mo": "Missouri",
    "Mont": "Montana", "Neb": "Nebraska", "Nev": "Nevada", "Okla": "Oklahoma", "Ore": "Oregon",
    "Pa": "Pennsylvania", "Tenn": "Tennessee", "Vt": "Vermont", "Va": "Virginia", "Wash": "Washington",
    "Wis": "Wisconsin", "Wyo": "Wyoming", "N.H.": "New Hampshire", "N.J.": "New Jersey",
    "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina", "N.D.": "North Dakota",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
}


class _Extractor:
    def __init__(self, text: str, sentence_starts: set[int]):
        self.text = text
        self.gz = gazetteer.get()
        self.toks = word_tokens(text)
        self.starts = sentence_starts
        self.lower_words = {t for t, _, _ in self.toks if t[:1].islower()}
        self.abbrevs = frozenset(k[0] for k in self.gz.titles if len(k) == 2 and k[1] == ".")
        self.tok_at = {s: i for i, (_, s, _) in enumerate(self.toks)}

    def _match(self, table: dict, max_len: int, words: list[str], pos: int, end: int | None = None) -> int:
        end = len(words) if end is None else end
        for ln in range(min(max_len, end - pos), 0, -1):
            if tuple(words[pos : pos + ln]) in table:
                return ln
        return 0

    def _sentence_initial(self, i: int) -> bool:
        toks = self.toks
        if toks[i][1] in self.starts:
            return True
        j = i - 1
        while j >= 0 and toks[j][0] in "\"'\u201c\u2018([\u2014\u2013-:":
            j -= 1
        return j < 0 or toks[j][0] in ".!?\u2026" or "\n" in self.text[toks[j][2] : toks[i][1]]

    # -- datelines ------------------------------------------------------------------
    def datelines(self) -> list[Mention]:
        out = []
        for m in _DATELINE.finditer(self.text):
            s, e = m.span(1)
            raw = m.group(1)
            letters = [c for c in raw if c.isalpha()]
            if len(letters) < 3:
                continue
            words = [t for t, _, _ in word_tokens(raw.title())]
            g = self._match(self.gz.phrases, self.gz.max_len, words, 0)
            if g == len(words):
                canonical, label = self.gz.phrases[tuple(words)]
            else:
                canonical, label = raw.title(), "PLACE"
            if label != "PLACE":
                continue
            first = self.tok_at.get(s, 0)
            last = first
            while last < len(self.toks) and self.toks[last][2] <= e:
                last += 1
            out.append(Mention(s, e, raw, "PLACE", canonical, tok=first, tok_end=last))
        return out

    def towns_with_states(self, skip: set[int]) -> list[Mention]:
        """'Hartford, Conn.' / 'Mountain View, Calif.': the state (canonical full name, the
        abbreviation as its alias) and the town before it, both places."""
        toks = self.toks
        out = []
        for i in range(2, len(toks)):
            word = toks[i][0]
            dotted = word.endswith(".") and word in AP_STATES
            if not (dotted or word in AP_STATES and i + 1 < len(toks) and toks[i + 1][0] == "."):
                continue
            if toks[i - 1][0] != "," or i in skip:
                continue
            town_end = i - 1
            town_start = town_end
            while town_start - 1 >= 0 and (_is_cap(toks[town_start - 1][0]) or toks[town_start - 1][0] == "-"):
                town_start -= 1
                if self._sentence_initial(town_start):
                    break
            if town_start == town_end or toks[town_start][0] == "-":
                continue
            last = i + (0 if dotted else 1)
            start, end = toks[i][1], toks[last][2]
            out.append(Mention(start, end, self.text[start:end], "PLACE", AP_STATES[word], tok=i, tok_end=last + 1))
            if not any(t in skip for t in range(town_start, town_end)):
                s, e = toks[town_start][1], toks[town_end - 1][2]
                town = self.text[s:e]
                canonical = town.title() if town.isupper() else town
                out.append(Mention(s, e, town, "PLACE", canonical, tok=town_start, tok_end=town_end))
        return out

    # -- chain building -------------------------------------------------------------
    def chains(self, skip: set[int]) -> list[list[int]]:
        toks, text = self.toks, self.text
        out: list[list[int]] = []
        i, n = 0, len(toks)
        def ordinal_name(k: int) -> bool:
            # "9th Circuit", "82nd Airborne Division": an ordinal right before a capitalised word
            return (
                _is_ordinal(toks[k][0])
                and k + 1 < n
                and k + 1 not in skip
                and _is_cap(toks[k + 1][0])
                and _is_word(toks[k + 1][0])
                and text[toks[k][2] : toks[k + 1][1]] == " "
            )

        while i < n:
            tok = toks[i][0]
            if i in skip or not (_is_word(tok) and _is_cap(tok) or ordinal_name(i)):
                i += 1
                continue
            chain = [i]
            j = i + 1
            while j < n and j not in skip:
                t, s, e = toks[j]
                prev_t, _, prev_e = toks[j - 1]
                gap = text[prev_e:s]
                if "\n" in gap:
                    break
                if _is_word(t) and (_is_cap(t) or _ELIDED.match(t) or ordinal_name(j)):
                    if gap == " " or (gap == "" and prev_t == "-"):
                        chain.append(j)
                        j += 1
                        continue
                    break
                if (
                    gap == " "
                    and t[:1].islower()
                    and _ROMANCE_ADJ.match(t)
                    and t not in self.gz.common
                    and (prev_t in _ROMANCE_HEADS or len(chain) >= 2 and toks[chain[-2]][0] in _ROMANCE_HEADS and toks[chain[-1]][0][:1].islower())
                ):
                    chain.append(j)  # "Académie française", "Institut national"
                    j += 1
                    continue
                if _is_word(t) and prev_t == "-" and gap == "":
                    if t in _HYPHEN_SUFFIXES:
                        chain.pop()  # "Kuala Lumpur-based": the hyphen ends the name
                        break
                    chain.append(j)  # "Jong-un", "Mar-a-Lago"
                    j += 1
                    continue
                if t == "." and gap == "" and ((len(prev_t) == 1 and prev_t.isupper()) or prev_t in self.abbrevs):
                    chain.append(j)
                    j += 1
                    continue
                if t == "&" and j + 1 < n and _is_word(toks[j + 1][0]) and _is_cap(toks[j + 1][0]):
                    chain.extend((j, j + 1))  # "S&P", "AT&T", "Johnson & Johnson"
                    j += 2
                    continue
                if t == "-" and gap == "" and j + 1 < n and toks[j + 1][1] == e and _is_word(toks[j + 1][0]):
                    chain.append(j)
                    j += 1
                    continue
                if (t in _JOINING or t in _POSSESSIVE) and gap in (" ", ""):
                    # a connector stays only when a capitalised word follows (maybe after "the")
                    # "Observatoire de la Côte d'Azur", "Court of Appeals for the 9th Circuit"
                    k = j + 1
                    while k < n and k - j <= 2 and (toks[k][0] == "the" or toks[k][0] in _JOINING and toks[k][0] not in ("and", "&", "y")):
                        k += 1
                    if (
                        k < n
                        and k not in skip
                        and (_is_word(toks[k][0]) and _is_cap(toks[k][0]) or ordinal_name(k))
                        and text[toks[k - 1][2] : toks[k][1]] == " "
                    ):
                        chain.extend(range(j, k))
                        j = k
                        continue
                break
            out.append(chain)
            i = j
        return out

    # -- segmentation ---------------------------------------------------------------
    def _head_run_end(self, words: list[str], pos: int, heads: frozenset) -> int:
        """End of the longest name run from pos that is headed by a word in ``heads``, or 0.

        The head is the run's last word ("Kenya Medical Research Institute"), or comes before
        an "of"/"for" phrase that completes it ("Ministry of Labour and Social Protection",
        "Commission for Regulation of Utilities"). The run never crosses a possessive or a
        title; it crosses "of"/"for" only after a head word or a single word ("Port of"),
        and "and" only inside such a phrase or after a single word ("Employment and Labour
        Relations Court"), never before "the".
        """
        gz = self.gz
        best = 0
        in_phrase = False  # inside an "of"/"for" phrase that follows a head word
        seen_head = False
        n = len(words)
        j = pos
        while j < n:
            w = words[j]
            if w in _POSSESSIVE:
                # "U.S. Attorney's Office", "Moody's Ratings": a possessive inside a name
                if j + 1 < n and words[j + 1].rstrip(".") in heads and not self._known_phrase_end(words, j - 1):
                    j += 1
                    continue
                break
            if w in _OF_LIKE:
                if not (seen_head or j - pos == 1):
                    break
                in_phrase = True
            elif w == "and":
                if j + 1 < n and words[j + 1] == "the":
                    break
                if best == j and j - pos >= 2 and not in_phrase:
                    break  # "Fitch Ratings and S&P Global": a complete name before "and"
                # "Avon and Somerset Police", "Fish and Wildlife Service": one word, then the head
                one_then_head = (
                    j + 2 < n
                    and _is_cap(words[j + 1])
                    and words[j + 1].rstrip(".") not in heads
                    and words[j + 2] in _INSTITUTION_HEADS
                    and (j + 3 >= n or words[j + 3] not in _OF_LIKE)
                )
                if not (in_phrase or self._ordinary(words[j - 1]) or one_then_head):
                    break  # "Kroger and Whole Foods" are two names
            elif _is_word(w) and w not in CONNECTORS:
                if (
                    j > pos
                    and self._match(gz.titles, gz.title_max, words, j)
                    and w not in heads
                    and not (j + 1 < n and words[j + 1] in _POSSESSIVE)
                ):
                    break
                if w.rstrip(".") in heads:
                    seen_head = True
                    if j > pos or j + 1 < n and (words[j + 1] in _OF_LIKE or _ROMANCE_ADJ.match(words[j + 1])):
                        best = j + 1
                elif best == j and w[:1].islower() and _ROMANCE_ADJ.match(w):
                    best = j + 1  # "Académie française"
                elif in_phrase:
                    best = max(best, j + 1) if seen_head else best
            j += 1
        return best

    def _known_phrase_end(self, words, pos):
        g = self._match(self.gz.phrases, self.gz.max_len, words, pos)
        return pos + g if g else 0

    def segment(self, chain: list[int]) -> list[Mention]:
        gz = self.gz
        words = [self.toks[i][0] for i in chain]
        n = len(words)
        out: list[Mention] = []
        pos = 0
        title_start: int | None = None
        initial = self._sentence_initial(chain[0])
        while pos < n:
            w = words[pos]
            if not _is_word(w) or w in CONNECTORS:
                pos += 1
                continue
            if w == "The" or (pos == 0 and initial and self._ordinary(w)):
                if not self._known_phrase_end(words, pos):
                    pos += 1
                    continue
            t = self._match(gz.titles, gz.title_max, words, pos)
            g = self._known_phrase_end(words, pos)
            if t and pos + t + 1 < n and words[pos + t] in _POSSESSIVE and words[pos + t + 1].rstrip(".") in gz.org_words:
                t = 0  # "U.S. Attorney's Office": the title belongs to the organisation's name
            if w in _FOREIGN_ARTICLES and title_start is None and not g and pos + 1 < n and _is_cap(words[pos + 1]):
                # "Le Monde", "Les Républicains", "La France Insoumise": an article starts the name
                e = pos + 1
                while e < n and (_is_word(words[e]) and _is_cap(words[e]) or words[e] in CONNECTORS and e + 1 < n and _is_cap(words[e + 1])):
                    e += 1
                quoted = chain[pos] > 0 and self.toks[chain[pos] - 1][0] in "\"\u201c\u00ab'\u2018"
                if not quoted and not any(x in _NOT_ENTITY_HEADS for x in words[pos + 1 : e]):  # a work's title is quoted
                    # a newspaper or a party ("Le Monde", "Les Républicains") or a place ("in La
                    # Guajira", "La Boquilla dam"): the context votes, an organisation by default
                    m = self._mention(chain, pos, e, "UNK", None, None)
                    m.strong, m.lead_article = False, True
                    out.append(m)
                pos = e
                continue
            if t and pos + t < n and not (g and g - pos > t and gz.phrases[tuple(words[pos:g])][1] != "PLACE"):
                if title_start is None:
                    title_start = pos
                pos += t
                continue
            if title_start is None:
                org_end = self._head_run_end(words, pos, gz.org_words)
                if org_end and org_end < n and self._match(gz.titles, gz.title_max, words, org_end):
                    # "US National Security Council Strategic Communications Coordinator": before a
                    # title, trust the gazetteer's organisation and drop the job description
                    if any(
                        gz.phrases.get(tuple(words[a:b]), ("", ""))[1] == "ORG"
                        for a in range(pos, org_end)
                        for b in range(a + 1, org_end + 1)
                    ):
                        org_end = 0
                if org_end and org_end < n and words[org_end - 1] in ("University", "College", "Institute", "School"):
                    place_end = self._known_phrase_end(words, org_end)
                    if place_end == n and gz.phrases[tuple(words[org_end:n])][1] == "PLACE":
                        org_end = n  # "University College Dublin"
                if org_end and org_end - pos >= 2 and not (g and g >= org_end):
                    out.extend(self._org_run(chain, words, pos, org_end))
                    pos = org_end
                    continue
                place_end = self._head_run_end(words, pos, gz.place_words)
                if place_end and place_end - pos >= 2 and not (g and g >= place_end) and not self._match(gz.nationalities, gz.nat_max, words, pos):
                    m = self._mention(chain, pos, place_end, "PLACE", None, None)
                    head = words[place_end - 1]
                    if head in ("County", "Province", "District", "Region", "Island", "Prefecture", "Governorate", "Oblast"):
                        m.canonical = " ".join(words[pos : place_end - 1])
                    out.append(m)
                    pos = place_end
                    continue
            if title_start is None and w in _PLACE_PREFIX and pos + 1 < n and _is_word(words[pos + 1]) and _is_cap(words[pos + 1]) and not g:
                e = pos + 2
                while e < n and _is_word(words[e]) and _is_cap(words[e]) and not self._match(gz.titles, gz.title_max, words, e):
                    e += 1
                m = self._mention(chain, pos, e, "PLACE", None, None)
                if w == "County":
                    m.canonical = " ".join(words[pos + 1 : e])
                out.append(m)
                pos = e
                continue
            if g:
                canonical, label = gz.phrases[tuple(words[pos:g])]
                follow = words[g] if g < n else ""
                person_first = (
                    label == "PLACE"
                    and g == pos + 1
                    and (w in gz.first_names or w in gz.ambiguous_first)
                    and _is_word(follow)
                    and _is_cap(follow)
                    and not self._known_phrase_end(words, g)
                    and follow not in gz.org_words
                    and follow not in gz.place_words
                )
                if not person_first:
                    out.append(self._mention(chain, pos, g, label, canonical, None))
                    pos = g
                    title_start = None
                    continue
            nat = self._match(gz.nationalities, gz.nat_max, words, pos)
            if nat:
                pos += nat
                continue
            if title_start is None and w.lower() in gz.common and pos + 1 < n and words[pos + 1] in CONNECTORS | set(_POSSESSIVE):
                pos += 1
                continue
            # an unknown name: runs to a gazetteer phrase, a title, "and" or a possessive
            j = pos + 1
            while j < n:
                wj = words[j]
                if wj in _POSSESSIVE or wj == "and":
                    break
                if _is_word(wj) and wj not in CONNECTORS:
                    tj = self._match(gz.titles, gz.title_max, words, j)
                    if tj and j + tj < n and title_start is None:
                        break
                    if self._known_phrase_end(words, j) and words[j - 1] not in _JOINING:
                        break
                if wj in ("of", "for") and (title_start is not None or words[pos] in gz.first_names or j - pos >= 2):
                    break  # "John Thune of South Dakota", "Grace Nakibuuka of the ..."
                j += 1
            end = j
            while end > pos and (words[end - 1] in CONNECTORS or not _is_word(words[end - 1]) and words[end - 1] != "."):
                end -= 1
            if end > pos and words[end - 1] == "." and not (end - 2 >= pos and len(words[end - 2]) == 1):
                end -= 1
            seg = words[pos:end]
            followed_by_title = end < n and self._match(gz.titles, gz.title_max, words, end) > 0
            label, strong = self._classify(seg, pos, title_start is not None, followed_by_title, initial)
            if label:
                m = self._mention(chain, pos, end, label, None, title_start)
                m.strong = strong
                out.append(m)
            title_start = None
            pos = max(j, pos + 1)
        return out

    def _ordinary(self, w: str) -> bool:
        """A sentence-initial word that is an ordinary word, not a name."""
        lw = w.lower()
        if lw in self.gz.common or lw in self.lower_words or lw.rstrip("s") in self.lower_words:
            return True
        return len(lw) > 4 and lw.endswith(
            ("ing", "ly", "ers", "ists", "ians", "ants", "ents", "ors", "ment", "tion", "sion", "ity", "ure")
        )

    def _org_run(self, chain, words, pos, end) -> list[Mention]:
        gz = self.gz
        # "US National Security Council": a country modifier before a known organisation
        if words[pos] in _COUNTRY_MODIFIERS:
            rest = tuple(words[pos + 1 : end])
            if rest in gz.phrases and gz.phrases[rest][1] == "ORG":
                canonical, label = gz.phrases[(words[pos],)]
                return [
                    self._mention(chain, pos, pos + 1, label, canonical, None),
                    self._mention(chain, pos + 1, end, "ORG", gz.phrases[rest][0], None),
                ]
        canonical = None
        key = tuple(words[pos:end])
        if key in gz.phrases and gz.phrases[key][1] == "ORG":
            canonical = gz.phrases[key][0]
        m = self._mention(chain, pos, end, "ORG", canonical, None)
        # "Acme Inc." -> canonical "Acme"; keep the suffixed surface form as an alias
        last = words[end - 1]
        if last in _LEGAL_SUFFIX and end - pos >= 2:
            ci = chain[end - 1]
            if ci + 1 < len(self.toks) and self.toks[ci + 1][0] == "." and self.toks[ci + 1][1] == self.toks[ci][2]:
                full = self.text[m.start : self.toks[ci + 1][2]]
                m.extra_aliases = (full,)
            m.canonical = self.text[m.start : self.toks[chain[end - 2]][2]]
        return [m]

    def _classify(self, seg, pos, titled, followed_by_title, initial):
        gz = self.gz
        content = [w for w in seg if _is_word(w) and w not in CONNECTORS]
        if not content:
            return None, False
        if content[-1] in _NOT_ENTITY_HEADS:
            return None, False
        if followed_by_title and not titled:
            if content[-1].rstrip(".") in _LEGAL_SUFFIX:
                return "ORG", True
            return None, False  # a job description: "Strategic Communications [Coordinator]"
        if titled:
            return "PERSON", True
        if len(content) == 1:
            w = content[0]
            if w in gz.acronym_stop or w.lower() in gz.common:
                return None, False
            if _is_acronym(w):
                return "ORG", True
            if pos == 0 and initial and self._ordinary(w):
                return None, False
            return "UNK", False
        if content[0] in _EVENT_PREFIX:
            return None, False  # "Typhoon Nakri", "Operation Desert Storm"
        if any(any(c.isdigit() for c in w) and not _is_ordinal(w) for w in content) or content[-1] in _ROMAN:
            return None, False  # model and product names: "Dal-1", "Olkaria VI"
        if any(w in _JOINING for w in seg):
            return "ORG", False
        if all(w.isupper() for w in content):
            return "ORG", False
        caps = [w for w in content if _is_cap(w)]
        if len(caps) in (2, 3) and any(
            seg[i] == "-" and i + 1 < len(seg) and seg[i + 1][:1].islower() for i in range(1, len(seg))
        ):
            return "PERSON", True  # "Park Ji-hoon", "Kim Jong-un"
        if content[0] in gz.first_names and not any(w.lower() in self.lower_words for w in caps[1:]):
            return "PERSON", True
        if content[0] in _ORG_ADJECTIVES or _is_ordinal(content[0]):
            return "ORG", False  # "National Rally", "Popular Party": not a person's name
        if any(w.lower() in self.lower_words for w in caps):
            return "ORG", False  # "National Rally": made of ordinary words, not a person's name
        return "PERSON", False

    def _mention(self, chain, a, b, label, canonical, title_start) -> Mention:
        toks = self.toks
        s = toks[chain[a]][1]
        e = toks[chain[b - 1]][2]
        text = self.text[s:e]
        titled = None
        if title_start is not None:
            titled = self.text[toks[chain[title_start]][1] : e]
        return Mention(s, e, text, label, canonical or text, titled, tok=chain[a], tok_end=chain[b - 1] + 1)

    # -- context --------------------------------------------------------------------
    def prev_word(self, m: Mention) -> str:
        i = m.tok - 1
        return self.toks[i][0] if i >= 0 else ""

    def next_words(self, m: Mention, k: int = 2) -> list[str]:
        return [t for t, _, _ in self.toks[m.tok_end : m.tok_end + k]]


def extract(
    body: str,
    sentence_spans: list[tuple[int, int]],
    title: str = "",
    dek: str = "",
) -> list[tuple[str, str, int, list[str], list[tuple[int, int]]]]:
    """Entities: (canonical, label, mention count, aliases, body spans), most mentioned first.

    Mentions in the headline and standfirst are counted and merged but have no span.
    """
    prefix_parts = [p for p in (title, dek) if p and p.strip() and not _title_case(p)]
    prefix = "".join(p.replace("\n", " ") + "\n\n" for p in prefix_parts)
    text = prefix + body
    if not text.strip():
        return []
    offset = len(prefix)
    starts = {s + offset for s, _ in sentence_spans}
    starts.update(m.start() for m in re.finditer(r"(?m)^(?=\S)", prefix))
    ex = _Extractor(text, starts)
    mentions = ex.datelines()
    skip = {i for m in mentions for i in range(m.tok, m.tok_end)}
    mentions.extend(ex.towns_with_states(skip))
    skip = {i for m in mentions for i in range(m.tok, m.tok_end)}
    for chain in ex.chains(skip):
        mentions.extend(ex.segment(chain))
    if not mentions:
        return []
    mentions.sort(key=lambda m: m.start)
    entities = _merge(ex, mentions)
    out = []
    for canonical, label, ms in entities:
        spans = sorted({(m.start - offset, m.end - offset) for m in ms if m.start >= offset})
        aliases: list[str] = []
        for m in sorted(ms, key=lambda m: m.start):
            for a in (m.text, m.titled, *m.extra_aliases):
                if a and a not in aliases:
                    aliases.append(a)
        out.append((canonical, label, len(ms), aliases, spans, min(m.start for m in ms)))
    out.sort(key=lambda e: (-e[2], e[5]))
    return [e[:5] for e in out]


# What an organisation has and a person does not: "X's shares", "X's chief executive".
_ORG_POSSESSED = frozenset(
    """shares stock stocks CEO board shareholders subsidiary subsidiaries headquarters founder
    founders employees workforce revenue revenues unit units division divisions bosses""".split()
)
_ORG_POSSESSED_TITLES = frozenset("chief managing".split())  # "X's chief executive", "X's managing director"
# Nouns that say what an organisation is: "X, the world's largest container line", "drugmaker X".
# Only nouns that never describe a person ("producer", "publisher", "developer" may).
_ORG_NOUNS = frozenset(
    """company companies maker manufacturer firm group retailer chain bank lender insurer carrier
    line airline newspaper agency body regulator club team party union association consultancy
    startup start-up conglomerate brand label exchange network studio charity nonprofit
    non-profit organisation organization university institute giant utility subsidiary platform
    outlet daily weekly magazine website watchdog automaker carmaker drugmaker chipmaker
    shipbuilder""".split()
)
_APPOSITION_END = frozenset(", . ; ) of that which whose based in with to for and \u2014".split())
# Words after which an apposition's head has been seen: "X, a lawyer for the company," is a person.
_APPOSITION_STOP = frozenset("of for at with in from by on who whose which that and or to".split())
_PARTY_ADJECTIVES = frozenset(
    "conservative liberal centrist ruling governing opposition nationalist populist socialist "
    "communist separatist islamist leftist rightist".split()
)
# People who work "at" an organisation: "an economist at X", "a senior fellow at X"
_SPECIALIST = re.compile(r"^[a-z]{2,}(?:ist|ists|yst|ysts)$")  # economist, analyst, scientist
_NOT_SPECIALIST = frozenset("exist assist insist resist persist consist twist wrist".split())
_WORKS_AT = frozenset(
    """researcher researchers professor professors lecturer lecturers fellow fellows student students
    director directors manager managers engineer engineers executive executives official officials
    spokesperson spokesman spokeswoman partner partners trader traders banker bankers lawyer
    lawyers consultant consultants employee employees staff staffer staffers teacher teachers
    historian historians curator curators editor editors reporter reporters correspondent
    correspondents coach player players researcher strategist""".split()
)


def _org_context(ex: _Extractor, m: Mention, by_tok: dict[int, Mention], by_end: dict[int, Mention]) -> bool:
    """Context that makes a capitalised name an organisation, not a person or a place."""
    toks = ex.toks
    n = len(toks)
    j = m.tok_end
    # in a list with an organisation: "built by Naver and Samsung Electronics", "SK Telecom, NC AI and Upstage"
    neighbours = []
    if j + 1 < n and toks[j][0] in (",", "and"):
        neighbours.append(by_tok.get(j + 1))
    if m.tok >= 2 and toks[m.tok - 1][0] in (",", "and"):
        neighbours.append(by_end.get(m.tok - 1))
    orgs_around = sum(1 for x in neighbours if x is not None and x.label == "ORG" and x.strong)
    if orgs_around >= 2 or orgs_around == 1 and m.label == "UNK":
        return True
    if j + 1 < n and toks[j][0] in _POSSESSIVE:
        nxt = toks[j + 1][0]
        if nxt in _ORG_POSSESSED or nxt in _ORG_POSSESSED_TITLES and j + 2 < n and toks[j + 2][0] in (
            "executive", "financial", "operating", "technology", "director"
        ):
            return True
    if j + 1 < n and toks[j][0] == ",":
        # an apposition headed by an organisation noun (before any preposition), within ten tokens
        k = j + 1
        while k < n and k <= j + 10 and toks[k][0] not in (",", ".", ";", ")") and toks[k][0] not in _APPOSITION_STOP:
            w = toks[k][0]
            if w.lower() in _ORG_NOUNS and (k + 1 >= n or toks[k + 1][0] in _APPOSITION_END):
                return True
            k += 1
    i = m.tok - 1
    if i >= 0:
        prev = toks[i][0]
        if prev in _ORG_NOUNS and prev.islower():
            return True  # "consultancy Kestrel Advisory", "drugmaker Novo Nordisk"
        if i >= 1 and prev in ("of", "in") and toks[i - 1][0] in ("shares", "stake"):
            return True  # "shares of X", "a stake in X"
        if prev in _PARTY_ADJECTIVES or i >= 1 and prev in ("right", "left") and toks[i - 1][0] == "-":
            return True  # "the conservative Les Républicains", "the far-right National Rally"
        if i >= 1 and prev == "at" and not (j < n and toks[j][0] in _PLACE_NOUNS):
            who = toks[i - 1][0]
            if who in _WORKS_AT or _SPECIALIST.match(who) and who not in _NOT_SPECIALIST:
                return True  # "an economist at X"
    return False


def _title_case(text: str) -> bool:
    """A Headline In Title Case gives no capitalisation signal; skip it."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.7


def _merge(ex: _Extractor, mentions: list[Mention]) -> list[tuple[str, str, list[Mention]]]:
    toks = ex.toks
    gz = ex.gz
    by_tok = {m.tok: m for m in mentions}

    # 1. "World Health Organization (WHO)", "(Africa CDC)", "..., known as Rengo,"
    alias_of: dict[str, Mention] = {}
    dropped: set[int] = set()
    extra: list[Mention] = []
    for m in mentions:
        j = m.tok_end
        if m.label == "PERSON" and m.strong or j >= len(toks):
            continue
        if toks[j][0] == "(":
            k = j + 1
            inner = []
            while k < len(toks) and toks[k][0] != ")" and k - j <= 5:
                inner.append(k)
                k += 1
            if k < len(toks) and toks[k][0] == ")" and inner:
                surface = ex.text[toks[inner[0]][1] : toks[inner[-1]][2]]
                inner_words = [toks[i][0] for i in inner if _is_word(toks[i][0])]
                short_name = (  # "Kenya Electricity Generating Company (KenGen)", "(Conagua)"
                    m.label == "ORG"
                    and len(inner) == 1
                    and len(inner_words) == 1
                    and len(inner_words[0]) >= 3
                    and _is_cap(inner_words[0])
                    and gz.phrases.get((inner_words[0],), ("", ""))[1] != "PLACE"
                )
                if inner_words and (any(_is_acronym(w) for w in inner_words) or short_name) and len(m.text.split()) >= 2:
                    alias_of[surface] = m
                    for i in inner:
                        if i in by_tok:
                            dropped.add(id(by_tok[i]))
                    extra.append(
                        Mention(toks[inner[0]][1], toks[inner[-1]][2], surface, m.label, m.canonical,
                                tok=inner[0], tok_end=inner[-1] + 1, target=m)
                    )
                    if m.label in ("UNK", "PERSON"):
                        m.label, m.strong = "ORG", True
        elif toks[j][0] == "," and j + 3 < len(toks) and toks[j + 1][0] == "known" and toks[j + 2][0] == "as":
            other = by_tok.get(j + 3)
            if other is not None and m.label in ("ORG", "PLACE"):
                alias_of[other.text] = m
    resolved_alias: list[Mention] = []
    for m in extra:
        m.label, m.canonical = m.target.label, m.target.canonical
    for m in sorted(mentions + extra, key=lambda m: m.start):
        if id(m) in dropped:
            continue
        if m.target is None and m.text in alias_of and alias_of[m.text] is not m:
            target = alias_of[m.text]
            m.label, m.canonical, m.strong = target.label, target.canonical, True
        resolved_alias.append(m)
    mentions = resolved_alias

    ends = {x.tok_end: x for x in mentions}
    # 1b. names that the context marks as organisations ("shares of X", "X's chief executive",
    # "X, the Danish drugmaker", "consultancy X", "an economist at X")
    org_keys = {
        _key(m.canonical)
        for m in mentions
        if (m.label == "UNK" or m.label == "PERSON" and not m.strong and m.titled is None) and _org_context(ex, m, by_tok, ends)
    }
    by_end = {m.tok_end: m for m in mentions if m.label == "PLACE"}
    absorbed: set[int] = set()
    for m in mentions:
        if _key(m.canonical) in org_keys and (m.label == "UNK" or m.label == "PERSON" and not m.strong and m.titled is None):
            m.label, m.strong = "ORG", True
            place = by_end.get(m.tok)
            if place is not None and ex.text[place.end : m.start] == " " and id(place) not in absorbed:
                # "Kenya Power, the national distributor": the place is part of the name
                absorbed.add(id(place))
                m.start, m.tok = place.start, place.tok
                m.text = m.canonical = ex.text[m.start : m.end]
    if absorbed:
        mentions = [m for m in mentions if id(m) not in absorbed]

    # 2. persons' partial names join the full name
    # distinct full names, in order of appearance, with their keys (a long text repeats names)
    persons_full: dict[str, list[str]] = {}
    for m in mentions:
        if m.label == "PERSON" and (m.strong or len(m.canonical.split()) > 1) and m.canonical not in persons_full:
            persons_full[m.canonical] = _key(m.canonical).split()
    found: dict[str, str | None] = {}

    def person_for(name: str) -> str | None:
        if name in found:
            return found[name]
        parts = _key(name).split()
        best = None
        n = len(parts)
        for full, fk in persons_full.items():
            if len(fk) <= n:
                continue
            if any(fk[i : i + n] == parts for i in range(len(fk) - n + 1)):
                score = (fk[-n:] == parts, fk[:n] == parts, len(full.split()))
                if best is None or score > best[0]:
                    best = (score, " ".join(full.split()))
        found[name] = best[1] if best else None
        return found[name]

    for m in mentions:
        if m.label in ("PERSON", "UNK") or (m.label == "ORG" and not m.strong):
            full = person_for(m.canonical)
            if full:
                m.label, m.canonical, m.strong = "PERSON", full, True

        # weak persons with person context become strong; with place context, places
        if m.label == "PERSON" and not m.strong:
            prev = ex.prev_word(m).lower()
            if (prev in _PLACE_PREPS or prev == "of" and m.tok >= 2 and ex.toks[m.tok - 2][0] in _PLACE_NOUNS) and m.titled is None:
                m.label = "PLACE"
                continue
            nxt = ex.next_words(m, 2)
            if prev in _SPEECH or (nxt and nxt[0].lower() in _SPEECH) or (
                len(nxt) == 2 and nxt[0] == "," and (nxt[1] in _APPOSITION or nxt[1].isdigit())
            ):
                m.strong = True

    # 3. unknown single words: evidence from context, or repetition
    labels_by_key = {}
    for m in mentions:
        if m.label in ("PLACE", "ORG", "PERSON"):
            labels_by_key.setdefault(_key(m.canonical), m.label)
    unk_counts = Counter(_key(m.canonical) for m in mentions if m.label == "UNK")
    unk_mid = {_key(m.canonical) for m in mentions if m.label == "UNK" and not ex._sentence_initial(m.tok)}
    unk_votes: dict[str, Counter] = {}
    for m in mentions:
        if m.label != "UNK":
            continue
        votes = unk_votes.setdefault(_key(m.canonical), Counter())
        prev = ex.prev_word(m)
        nxt = ex.next_words(m, 2)
        if prev.lower() in _PLACE_PREPS or prev == "of" and m.tok >= 2 and (
            ex.toks[m.tok - 2][0] in _PLACE_NOUNS or ex.toks[m.tok - 2][0].lower() in _PLACE_OF
        ):
            votes["PLACE"] += 2
        if nxt and nxt[0] == "and" or prev == "and" or prev == ",":
            # coordination: "in Garissa town, Dadaab and Habaswein"
            neighbours = [by_tok.get(m.tok_end + 1), by_tok.get(m.tok - 2)]
            for nb in neighbours:
                if nb is not None and nb.label in ("PLACE", "ORG"):
                    votes[nb.label] += 1
        if nxt and nxt[0] in _PLACE_NOUNS:
            votes["PLACE"] += 2
        if nxt and nxt[0].lower() in _SPEECH:
            votes["ORG"] += 1
        if nxt and nxt[0] in _POSSESSIVE:
            votes["ORG"] += 0.5
    org_heads: dict[str, set[str]] = {}  # last word of a multi-word organisation -> those organisations
    for m in mentions:
        if m.label == "ORG" and m.strong and len(m.canonical.split()) >= 2:
            org_heads.setdefault(_key(m.canonical).split()[-1], set()).add(_key(m.canonical))
    kept = []
    for m in mentions:
        if m.label == "UNK":
            k = _key(m.canonical)
            if k in labels_by_key:
                m.label = labels_by_key[k]
            elif len(org_heads.get(k, ())) == 1 and m.canonical in ex.gz.org_words:
                m.label, m.strong = "ORG", True  # "the Assembly" after "the National Assembly"
            else:
                votes = unk_votes.get(k, Counter())
                if votes and votes.most_common(1)[0][1] >= 1:
                    m.label = votes.most_common(1)[0][0]
                    m.strong = True
                elif unk_counts[k] >= 2 and k in unk_mid:
                    m.label, m.strong = "ORG", True
                else:
                    continue
        kept.append(m)

    orgs_full = {_key(m.canonical): m.canonical for m in kept if m.label == "ORG" and len(m.canonical.split()) >= 2}
    for m in kept:
        if m.label in ("ORG",) and len(m.canonical.split()) == 1 and not _is_acronym(m.canonical):
            k = _key(m.canonical)
            owners = {v for full, v in orgs_full.items() if full.split()[0] == k}
            if len(owners) == 1:
                m.canonical = owners.pop()
                continue
        if m.label == "ORG" and _key(m.canonical) not in orgs_full:
            # "the Assembly" -> "National Assembly", "the 9th Circuit" -> "... for the 9th Circuit"
            parts = _key(m.canonical).split()
            owners = {v for full, v in orgs_full.items() if len(full.split()) > len(parts) and full.split()[-len(parts):] == parts}
            if len(owners) == 1:
                m.canonical = owners.pop()
    for m in kept:
        if m.label == "ORG":
            parts = m.canonical.split(" ", 1)
            if len(parts) == 2 and parts[0] in _COUNTRY_MODIFIERS and _key(parts[1]) in orgs_full:
                pass
            elif len(m.canonical.split()) >= 2:
                longer = [v for k, v in orgs_full.items() if k.split(" ", 1)[0] in {_key(c) for c in _COUNTRY_MODIFIERS} and k.split(" ", 1)[-1] == _key(m.canonical)]
                if len(longer) == 1:
                    m.canonical = longer[0]
    groups: dict[tuple[str, str], _Group] = {}
    for m in kept:
        k = (m.label, _key(m.canonical))
        if k not in groups:
            groups[k] = _Group(m.label, m.canonical)
        groups[k].mentions.append(m)

    # 4. an acronym = initials of an organisation in the same text (no parentheses needed)
    by_initials: dict[str, _Group] = {}
    for g in groups.values():
        if g.label == "ORG":
            words = [w for w in re.findall(r"[^\W_]+", g.canonical) if w not in _JOINING and w != "the"]
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                by_initials.setdefault("".join(w[0] for w in words), g)
    for k in list(groups):
        g = groups[k]
        if g.label == "ORG" and _is_acronym(g.canonical):
            target = by_initials.get(g.canonical.replace(".", ""))
            if target is not None and target is not g:
                target.mentions.extend(g.mentions)
                del groups[k]

    out = []
    for g in groups.values():
        if not any(m.strong for m in g.mentions) and (len(g.mentions) < 2 or g.label == "PERSON"):
            continue  # a guess seen once, or a "person" with no first name, title or context
        canonical = g.canonical
        if g.label == "PERSON":
            canonical = max((m.canonical for m in g.mentions), key=lambda t: (len(t.split()), len(t)))
        out.append((canonical, g.label, g.mentions))
    return out
