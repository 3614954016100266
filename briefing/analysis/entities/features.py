"""Stage 3a: the features the sequence model reads for each token of a candidate window.

The same function serves training (``train.py``) and tagging (``model.py``), so the model
always sees what it was trained on. For every token:

- the word itself (lower-cased), its shape ("Xxxx", "XX", "X.X.", "d-d"), its prefix and
  suffixes, and its entries in the shipped gazetteers (first names, common words, the words
  that head organisations' and places' names, titles, nationalities, legal suffixes);
- the two words before and after it, inside the window or not ("said", "in", "coach"), and
  the shapes of the next ones;
- where it is: headline or standfirst, sentence start, line start, the dateline's place
  (the first words of the body), first or last of its window, how long the window is;
- how its line is cased (an all-caps headline says nothing about names) and what the rest
  of the article says about the word: written in lower case elsewhere ("Select", "Choice"),
  capitalised in the middle of a sentence elsewhere (a name), and the telling words around
  its other occurrences ("in Wajir" once makes every "Wajir" a likelier place, "Naver said"
  a likelier organisation or person);
- the gazetteer phrase it is part of (longest match, as B-/I- of PLACE or ORG), a title or
  nationality phrase, and whether an organisation's or a place's head word follows in the window.

The per-word part is memoised per process (a bounded dict; words repeat across articles).
"""

from __future__ import annotations

from .candidates import windows
from .gazetteer import Gazetteer
from .tokens import TITLE_LINE, UPPER_LINE, Document, Field, is_acronym

LEGAL_SUFFIXES = frozenset("Inc Corp Co Ltd LLC PLC Plc GmbH AG SA NV Cos Bhd Pty SpA".split())
SPEECH = frozenset(
    "said says told added stressed noted wrote argued explained warned insisted acknowledged "
    "announced asked answered replied declared tweeted posted urged claimed recalled".split()
)
# what an organisation or a place is called around its name: "drugmaker X", "X, the company"
_ORG_NOUNS = frozenset(
    """company companies maker manufacturer firm group retailer chain bank lender insurer carrier
    airline newspaper agency regulator club team side party union association consultancy startup
    conglomerate brand exchange network studio charity organisation organization university
    institute giant utility subsidiary platform outlet magazine website watchdog automaker
    carmaker drugmaker chipmaker shares stock chief executive spokesman spokeswoman""".split()
)
_PLACE_NOUNS = frozenset(
    """town city village county province district region state island port river valley border
    capital coast lake mountain desert border near residents mayor governor outskirts streets""".split()
)
_CUE_PUNCT = frozenset(", ( ) \" : 's \u2019s".split())
_MAX_CACHE = 200_000

_word_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {}


def shape(word: str) -> str:
    """Short word shape: runs of the same character class collapsed ("McDonald" -> "XxXx")."""
    out: list[str] = []
    for c in word[:16]:
        k = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def _word_features(word: str, gz: Gazetteer) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """(own features, features as the previous word, as the next word, lower-cased form)."""
    hit = _word_cache.get(word)
    if hit is not None:
        return hit
    low = word.lower()
    sh = shape(word)
    own = ["w=" + low, "sh=" + sh, "p3=" + low[:3], "s3=" + low[-3:], "s4=" + low[-4:], "s2=" + low[-2:]]
    bare = word.rstrip(".")
    if word in gz.first_names:
        own.append("fn")
    if word in gz.ambiguous_first:
        own.append("fnamb")
    if low in gz.common:
        own.append("cw")
    if bare in gz.org_words:
        own.append("ow")
    if bare in gz.place_words:
        own.append("pw")
    if bare in LEGAL_SUFFIXES:
        own.append("legal")
    if (word,) in gz.nationalities or (word.capitalize(),) in gz.nationalities:
        own.append("nat")
    if (word,) in gz.titles or (word.capitalize(),) in gz.titles:
        own.append("ttl")
    if is_acronym(word) and word not in gz.acronym_stop:
        own.append("acr")
    if len(word) == 1 and word.isupper():
        own.append("initial")
    prev = ("-1w=" + low, "-1sh=" + sh)
    nxt = ("+1w=" + low, "+1sh=" + sh)
    hit = (tuple(own), prev, nxt, low)
    if len(_word_cache) >= _MAX_CACHE:
        _word_cache.clear()
    _word_cache[word] = hit
    return hit


def _match(table: dict | frozenset, starts: dict[str, int], words: list[str], pos: int, end: int) -> int:
    """Length of the longest entry of ``table`` at words[pos:end], or 0."""
    longest = starts.get(words[pos])
    if not longest:
        return 0
    for ln in range(min(longest, end - pos), 0, -1):
        if tuple(words[pos : pos + ln]) in table:
            return ln
    return 0


_LOWER_IN_NAMES = frozenset("of and the for de".split())


def as_usually_written(word: str) -> str:
    """A word of an all-caps line as a name is usually written: "YORK" -> "York", "OF" -> "of"."""
    if len(word) <= 1 or not word.isalpha():
        return word  # "U.S.", "A"
    low = word.lower()
    return low if low in _LOWER_IN_NAMES else word[0] + word[1:].lower()


def _phrase_tags(words: list[str], a: int, b: int, gz: Gazetteer, upper: bool) -> dict[int, str]:
    """Gazetteer phrases in words[a:b], longest match first, as {token: "B-PLACE" / "I-ORG" ...}."""
    out: dict[int, str] = {}
    variants = [words[a:b]]
    if upper:  # "NEW YORK", "BANK OF JAPAN": look the names up as they are usually written
        variants.append([as_usually_written(w) for w in variants[0]])
    size = b - a
    starts = gz.phrase_starts
    i = 0
    while i < size:
        best, label = 0, ""
        for ws in variants:
            if ws[i] not in starts:
                continue
            ln = _match(gz.phrases, starts, ws, i, size)
            if ln > best:
                best, label = ln, gz.phrases[tuple(ws[i : i + ln])][1]
        if best:
            out[a + i] = "B-" + label
            for k in range(i + 1, i + best):
                out[a + k] = "I-" + label
            i += best
        else:
            i += 1
    return out


def _runs(
    words: list[str], a: int, b: int, table: dict | frozenset, starts: dict[str, int], tag: str
) -> dict[int, str]:
    out: dict[int, str] = {}
    i = a
    while i < b:
        ln = _match(table, starts, words, i, b) if words[i] in starts else 0
        if ln:
            out[i] = tag + "B"
            for k in range(i + 1, i + ln):
                out[k] = tag + "I"
            i += ln
        else:
            i += 1
    return out


def _cue(word: str, gz: Gazetteer) -> str:
    low = word.lower()
    if word in _CUE_PUNCT or low in SPEECH or low in _ORG_NOUNS or low in _PLACE_NOUNS:
        return low
    if word[:1].islower() and (low in gz.common or (word,) in gz.titles or (word.capitalize(),) in gz.titles):
        return low
    return ""


def document_contexts(doc: Document, gz: Gazetteer) -> dict[str, tuple[str, ...]]:
    """For each capitalised word (lower-cased), the telling words around all its occurrences."""
    found: dict[str, set[str]] = {}
    for f in doc.fields:
        words = f.words
        n = len(words)
        for i in f.caps:
            w = words[i]
            if not w[0].isupper():
                continue
            cues = found.setdefault(w.lower(), set())
            if i > 0 and not f.line_start[i]:
                c = _cue(words[i - 1], gz)
                if c:
                    cues.add("d-1=" + c)
            if i + 1 < n and not f.line_start[i + 1]:
                c = _cue(words[i + 1], gz)
                if c:
                    cues.add("d+1=" + c)
    return {k: tuple(sorted(v)) for k, v in found.items()}  # sorted: the same features in every run


def document_windows(doc: Document, gz: Gazetteer) -> list[tuple[Field, int, int, list[list[str]]]]:
    """Every candidate window of every field of ``doc``, with the feature lists of its tokens."""
    contexts = document_contexts(doc, gz)
    return [(f, a, b, feats) for f in doc.fields for a, b, feats in field_windows(doc, f, gz, contexts)]


def field_windows(
    doc: Document, field: Field, gz: Gazetteer, contexts: dict[str, tuple[str, ...]]
) -> list[tuple[int, int, list[list[str]]]]:
    """Every candidate window of ``field`` with the feature lists of its tokens."""
    words = list(field.words)
    n = len(words)
    where = "" if field.name == "body" else "f=" + field.name
    first_line_end = next((k for k in range(1, n) if field.line_start[k]), n)
    out = []
    spans = windows(field, gz)
    cached = {i: _word_features(words[i], gz) for a, b in spans for i in range(max(a - 2, 0), min(b + 2, n))}
    initial, line_case, starts = field.initial, field.line_case, field.starts
    lower_words, mid_caps = doc.lower_words, doc.mid_caps
    for a, b in spans:
        upper = line_case[a] == UPPER_LINE
        phrases = _phrase_tags(words, a, b, gz, upper)
        titles = _runs(words, a, b, gz.titles, gz.title_starts, "tt=")
        nats = _runs(words, a, b, gz.nationalities, gz.nat_starts, "nt=")
        towns = _runs(words, a, b, gz.towns, gz.town_starts, "tw=")
        size = "wlen=" + str(min(b - a, 4))
        heads_after: list[str] = []
        org_seen = place_seen = False
        for i in range(b - 1, a - 1, -1):  # which head words follow each token in the window
            heads_after.append(("ow>" if org_seen else "") + ("pw>" if place_seen else ""))
            bare = words[i].rstrip(".")
            org_seen = org_seen or bare in gz.org_words
            place_seen = place_seen or bare in gz.place_words
        heads_after.reverse()
        seq = []
        for i in range(a, b):
            own, _, _, low = cached[i]
            f = list(own)
            f.append(size)
            if i > 0:
                f.extend(cached[i - 1][1])
                if i > 1:
                    f.append("-2w=" + cached[i - 2][3])
            else:
                f.append("-1w=^")
            if i + 1 < n:
                f.extend(cached[i + 1][2])
                if i + 2 < n:
                    f.append("+2w=" + cached[i + 2][3])
            else:
                f.append("+1w=$")
            if i == a:
                f.append("wfirst")
            if i == b - 1:
                f.append("wlast")
            if initial[i]:
                f.append("init")
            case = line_case[i]
            if case == UPPER_LINE:
                f.append("line=upper")
            elif case == TITLE_LINE:
                f.append("line=title")
            if where:
                f.append(where)
            elif i < first_line_end and starts[i] < 40:
                f.append("lead")  # the dateline's place: "NAIROBI 1996-11-23 - ...", "NAIROBI, Kenya —"
            w = words[i]
            if w[0].isupper():
                if low in lower_words:
                    f.append("low")
                if w in mid_caps or w.capitalize() in mid_caps or w.title() in mid_caps:
                    f.append("mid")
                cues = contexts.get(low)
                if cues:
                    f.extend(cues)
            tag = phrases.get(i)
            if tag:
                f.append("gz=" + tag)
            tag = titles.get(i)
            if tag:
                f.append(tag)
            tag = nats.get(i)
            if tag:
                f.append(tag)
            tag = towns.get(i)
            if tag:
                f.append(tag)
            if heads_after[i - a]:
                f.append(heads_after[i - a])
            seq.append(f)
        out.append((a, b, seq))
    return out
