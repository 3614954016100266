"""Named entities (PERSON, ORG, PLACE) from rules and the shipped gazetteers.

Pipeline, per article body:

1. Tokenise (words, initialisms such as "U.S.", possessive "'s" as its own token, punctuation).
2. Build *chains*: runs of capitalised tokens, allowed to continue over connectors
   ("Bank of Japan", "Democratic People's Republic of Korea"), hyphens without spaces
   ("Ocasio-Cortez", "US-South Korea-Japan"), and the period of an initial or a title ("Sen.").
3. Segment every chain: gazetteer phrases (longest match) become entities; sentence-initial
   function words ("Moreover", "In"), nationality adjectives ("South Korean") and titles
   ("President", "Coordinator") are stripped — a title marks the name after it as a PERSON,
   and job descriptions in front of a title are dropped; a place followed by an organisation
   word ("Japan Airlines") or an organisation word before "of" + place ("Bank of Japan") makes
   one ORG; remaining names are classified by organisation words, first names, titles and
   context ("X said").
4. Merge mentions into entities: same canonical name (gazetteers map "DPRK" and "Democratic
   People's Republic of Korea" to "North Korea"); a person's partial name ("Biden") joins the
   full name ("Joe Biden"); an acronym in parentheses after a name ("(WHO)"), or one whose
   letters are the initials of an organisation in the same text, joins that organisation.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import gazetteer

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # initialisms: U.S. D.C. a.m.
    r"|[^\W_]+(?:['\u2019](?![sS]\b)[^\W\d_]+)*"  # words, O'Brien, d'Ivoire
    r"|['\u2019][sS]\b"  # possessive
    r"|[^\w\s]",  # any other single symbol
    re.UNICODE,
)

CONNECTORS = frozenset(
    "of the for and on de del della da di du dos das van von der den la le al el bin ibn y & -".split()
)
_JOINING = frozenset("of for on de del della da di du dos das van von der den la le al el bin ibn y &".split())
_SPEECH = frozenset(
    "said says told added stressed noted wrote argued explained warned insisted acknowledged "
    "announced asked answered replied declared tweeted posted urged claimed".split()
)
_PLACE_PREPS = frozenset("in at from near to across inside outside into".split())
_LEGAL_SUFFIX = frozenset("Inc Corp Co Ltd LLC PLC Plc GmbH AG SA NV Group".split())
_NOT_ENTITY_HEADS = frozenset(
    "Day Week Month Year Games Cup Olympics War Festival Awards Award Prize Act Bill Agreement "
    "Accord Accords Treaty Protocol Convention Election Elections Index Era Age Revolution "
    "Doctrine Plan Deal Summit Conference Forum Talks Crisis Pandemic Storm Hurricane Typhoon".split()
)


def word_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum()


def _is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


@dataclass
class Mention:
    start: int  # char offsets of the name (title excluded)
    end: int
    text: str
    label: str  # PERSON / ORG / PLACE / UNK
    canonical: str
    titled: str | None = None  # surface form including the title, when there was one
    strong: bool = True  # False: a guess that needs support elsewhere in the text


@dataclass
class _Group:
    label: str
    canonical: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


def _key(text: str) -> str:
    return re.sub(r"[\s\-\u2010\u2011\u2013]+", " ", text).strip().lower()


class _Extractor:
    def __init__(self, body: str, sentence_starts: set[int]):
        self.body = body
        self.gz = gazetteer.get()
        self.toks = word_tokens(body)
        self.starts = sentence_starts
        self.lower_words = {t for t, _, _ in self.toks if t[:1].islower()}

    # -- chain building -------------------------------------------------------------
    def _sentence_initial(self, i: int) -> bool:
        toks = self.toks
        j = i - 1
        while j >= 0 and toks[j][0] in "\"'\u201c\u2018([\u2014\u2013-:":
            j -= 1
        if j < 0:
            return True
        return toks[j][0] in ".!?\u2026" or toks[i][1] in self.starts

    def chains(self) -> list[list[int]]:
        toks, body = self.toks, self.body
        out: list[list[int]] = []
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i][0]
            if not (_is_word(tok) and _is_cap(tok)):
                i += 1
                continue
            chain = [i]
            j = i + 1
            while j < n:
                t, s, e = toks[j]
                prev_t, _, prev_e = toks[j - 1]
                gap = body[prev_e:s]
                if "\n" in gap:
                    break
                if _is_word(t) and _is_cap(t) and gap in (" ", "") and prev_t != "-" or (
                    _is_word(t) and prev_t == "-" and gap == ""
                ):
                    chain.append(j)
                    j += 1
                    continue
                if t == "." and gap == "" and (
                    (len(prev_t) == 1 and prev_t.isupper()) or (prev_t + ".",) in self._title_abbrevs()
                ):
                    chain.append(j)
                    j += 1
                    continue
                if t == "-" and gap == "" and j + 1 < n and toks[j + 1][1] == e and _is_word(toks[j + 1][0]):
                    chain.append(j)
                    j += 1
                    continue
                if (t in _JOINING or t.lower() == "the" and prev_t.lower() in _JOINING or t in ("'s", "\u2019s")) and gap in (" ", ""):
                    # connector: keep only if a capitalised word follows (maybe after "the")
                    k = j + 1
                    while k < n and toks[k][0].lower() == "the" and toks[k][0] != "The":
                        k += 1
                    if k < n and _is_word(toks[k][0]) and _is_cap(toks[k][0]) and "\n" not in body[toks[k - 1][2]:toks[k][1]]:
                        chain.extend(range(j, k))
                        j = k
                        continue
                break
            out.append(chain)
            i = j
        return out

    _abbrevs: frozenset | None = None

    def _title_abbrevs(self) -> frozenset:
        if self._abbrevs is None:
            self._abbrevs = frozenset(
                (k[0] + ".",) for k in self.gz.titles if len(k) == 2 and k[1] == "."
            )
        return self._abbrevs

    # -- segmentation --------------------------------------------------------------
    def _match(self, table: dict, max_len: int, words: list[str], pos: int) -> int:
        for ln in range(min(max_len, len(words) - pos), 0, -1):
            if tuple(words[pos : pos + ln]) in table:
                return ln
        return 0

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
            if not _is_word(w) or (w in CONNECTORS) or w.lower() == "the" and pos > 0:
                pos += 1
                continue
            g = self._match(gz.phrases, gz.max_len, words, pos)
            if g and words[pos + g - 1] in ("-", "'s", "\u2019s"):
                g = 0
            if g:
                canonical, label = gz.phrases[tuple(words[pos : pos + g])]
                follow = words[pos + g] if pos + g < n else ""
                org_follows = label == "PLACE" and follow in gz.org_words
                if label == "PLACE" and g == 1 and w in gz.first_names and _is_word(follow) and _is_cap(follow):
                    g = 0  # "Vladimir Putin", "Jackson Smith": a first name, not the city
            if g:
                org_before = label == "PLACE" and pos >= 2 and words[pos - 1] in _JOINING and any(
                    x in gz.org_words for x in words[:pos]
                ) and title_start is None
                if not org_follows and not org_before:
                    out.append(self._mention(chain, pos, pos + g, label, canonical, None))
                    pos += g
                    title_start = None
                    continue
            # sentence-initial or always-common words are not names
            if title_start is None and w.lower() in gz.common and (pos == 0 or initial or w.lower() in ("the",)):
                pos += 1
                continue
            nat = self._match(gz.nationalities, gz.nat_max, words, pos)
            if nat and not (pos + nat < n and words[pos + nat] in gz.org_words):
                pos += nat
                continue
            t = self._match(gz.titles, gz.title_max, words, pos)
            if t and pos + t < n:
                if title_start is None:
                    title_start = pos
                pos += t
                continue
            # an unknown name: runs to a gazetteer phrase, a title or a possessive
            j = pos + 1
            while j < n:
                wj = words[j]
                if wj in ("'s", "\u2019s"):
                    break
                if _is_word(wj) and wj not in CONNECTORS:
                    tj = self._match(gz.titles, gz.title_max, words, j)
                    if tj and j + tj < n and title_start is None:
                        break
                    gj = self._match(gz.phrases, gz.max_len, words, j)
                    if gj:
                        lab = gz.phrases[tuple(words[j : j + gj])][1]
                        nxt = words[j + gj] if j + gj < n else ""
                        joined = words[j - 1] in _JOINING and self._org_like(words[pos:j])
                        if not joined and not (lab == "PLACE" and nxt in gz.org_words):
                            break
                j += 1
            end = j
            while end > pos and (words[end - 1] in CONNECTORS or not _is_word(words[end - 1]) and words[end - 1] != "."):
                end -= 1
            seg = words[pos:end]
            followed_by_title = end < n and self._match(gz.titles, gz.title_max, words, end) > 0
            label, strong = self._classify(seg, chain, pos, title_start is not None, followed_by_title, initial)
            if label:
                out.append(self._mention(chain, pos, end, label, None, title_start))
                out[-1].strong = strong
            title_start = None
            pos = max(j, pos + 1)
        return out

    def _org_like(self, seg: list[str]) -> bool:
        return any(w.rstrip(".") in self.gz.org_words for w in seg)

    def _classify(self, seg, chain, pos, titled, followed_by_title, initial):
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
        if self._org_like(content):
            return "ORG", True
        if titled:
            return "PERSON", True
        if len(content) == 1:
            w = content[0]
            if _is_acronym(w):
                return "ORG", True
            if w.lower() in gz.common or (pos == 0 and initial and w.lower() in self.lower_words):
                return None, False
            return "UNK", False
        if content[0] in gz.first_names:
            return "PERSON", True
        if any(w in _JOINING for w in seg):
            return "ORG", False
        if all(w.isupper() for w in content):
            return "ORG", False
        return "PERSON", False

    def _mention(self, chain, a, b, label, canonical, title_start) -> Mention:
        toks = self.toks
        s = toks[chain[a]][1]
        e = toks[chain[b - 1]][2]
        text = self.body[s:e]
        titled = None
        if title_start is not None:
            titled = self.body[toks[chain[title_start]][1] : e]
        return Mention(s, e, text, label, canonical or text, titled)

    # -- context -------------------------------------------------------------------
    def tok_index_at(self) -> dict[int, int]:
        return {s: i for i, (_, s, _) in enumerate(self.toks)}


def extract(body: str, sentence_spans: list[tuple[int, int]]) -> list[tuple[str, str, list[str], list[tuple[int, int]]]]:
    """Entities of ``body``: (canonical, label, aliases, spans), most mentioned first."""
    if not body.strip():
        return []
    ex = _Extractor(body, {s for s, _ in sentence_spans})
    mentions: list[Mention] = []
    for chain in ex.chains():
        mentions.extend(ex.segment(chain))
    if not mentions:
        return []
    return _merge(ex, mentions)


def _merge(ex: _Extractor, mentions: list[Mention]):
    body = ex.body
    tok_at = ex.tok_index_at()
    toks = ex.toks

    # 1. acronyms defined in parentheses right after a name: "World Health Organization (WHO)"
    acronym_of: dict[str, Mention] = {}
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        i = tok_at.get(m.start)
        if i is None:
            continue
        j = i
        while j < len(toks) and toks[j][2] <= m.end:
            j += 1
        if j + 2 < len(toks) and toks[j][0] == "(" and toks[j + 2][0] == ")" and _is_acronym(toks[j + 1][0]):
            if m.label in ("ORG", "PLACE", "UNK") or m.label == "PERSON" and not m.strong:
                acronym_of[toks[j + 1][0]] = m
                if m.label in ("UNK", "PERSON"):
                    m.label = "ORG"

    # 2. key every mention; persons' partial names join the full name
    groups: dict[tuple[str, str], _Group] = {}

    def group_for(label: str, canonical: str) -> _Group:
        k = (label, _key(canonical))
        if k not in groups:
            groups[k] = _Group(label, canonical)
        return groups[k]

    persons_full: list[list[str]] = []
    for m in mentions:
        if m.label == "PERSON":
            persons_full.append(m.canonical.split())

    def person_for(name: str) -> str | None:
        parts = _key(name).split()
        best = None
        for full in persons_full:
            fk = [_key(x) for x in full]
            if len(fk) <= len(parts):
                continue
            n = len(parts)
            if any(fk[i : i + n] == parts for i in range(len(fk) - n + 1)):
                score = (fk[-n:] == parts, len(full))
                if best is None or score > best[0]:
                    best = (score, " ".join(full))
        return best[1] if best else None

    # context evidence for unknown single names
    def context_label(m: Mention) -> str | None:
        i = tok_at.get(m.start)
        if i is None:
            return None
        j = i
        while j < len(toks) and toks[j][2] <= m.end:
            j += 1
        nxt = toks[j][0].lower() if j < len(toks) else ""
        if nxt == "," and j + 1 < len(toks):
            nxt = ""
        prev = toks[i - 1][0].lower() if i > 0 else ""
        if nxt in _SPEECH:
            return "PERSON"
        if prev in _PLACE_PREPS:
            return None
        return None

    resolved: list[Mention] = []
    for m in mentions:
        if m.label == "ORG" and m.text in acronym_of and acronym_of[m.text] is not m:
            target = acronym_of[m.text]
            m.label, m.canonical = target.label, target.canonical
        elif m.label == "PERSON" or m.label == "UNK" or (m.label == "ORG" and not m.strong):
            full = person_for(m.canonical)
            if full:
                m.label, m.canonical, m.strong = "PERSON", full, True
            elif m.label == "UNK":
                lab = context_label(m)
                if lab is None:
                    continue
                m.label = lab
        resolved.append(m)

    for m in resolved:
        group_for(m.label, m.canonical).mentions.append(m)

    # 3. acronym = initials of an organisation in the same text (no parentheses needed)
    orgs_by_initials: dict[str, _Group] = {}
    for g in groups.values():
        if g.label == "ORG":
            words = [w for w in re.findall(r"[^\W_]+", g.canonical) if w.lower() not in ("of", "the", "and", "for", "on", "de")]
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                orgs_by_initials.setdefault("".join(w[0] for w in words), g)
    for k in list(groups):
        g = groups.get(k)
        if g is None or g.label != "ORG" or not _is_acronym(g.canonical):
            continue
        target = orgs_by_initials.get(g.canonical.replace(".", ""))
        if target is not None and target is not g:
            target.mentions.extend(g.mentions)
            del groups[k]

    # 4. weak guesses need support: a weak PERSON/ORG seen once and never confirmed is dropped
    out = []
    for g in groups.values():
        if not any(m.strong for m in g.mentions) and len(g.mentions) < 2:
            continue
        spans = sorted({(m.start, m.end) for m in g.mentions})
        aliases: list[str] = []
        for m in sorted(g.mentions, key=lambda m: m.start):
            for a in (m.text, m.titled):
                if a and a not in aliases:
                    aliases.append(a)
        canonical = g.canonical
        if g.label == "PERSON":
            canonical = max((m.text for m in g.mentions), key=lambda t: (len(t.split()), len(t)))
        out.append((canonical, g.label, aliases, spans, g.first))
    out.sort(key=lambda e: (-len(e[3]), e[4]))
    return [(c, lab, al, sp) for c, lab, al, sp, _ in out]
