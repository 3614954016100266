"""Stage 1 of entity recognition: tokens, with what the later stages ask of each one.

An article is read as up to three fields (headline, standfirst, body), each tokenised on its
own so that every offset is an offset into that field's text. A token is a word ("O'Brien",
"d'Ivoire"), an initialism ("U.S.", "a.m."), a possessive "'s" or a single other symbol.
Besides the tokens, a field knows which start a sentence or a line, which sit glued to the
previous token, and how each line is cased (an all-caps headline or dateline gives no
capitalisation signal; a Title Case headline little). The document knows which words it uses
in lower case, the evidence that a capitalised sentence-initial word is an ordinary one.

Nothing here imports the gazetteer or the model: every other stage imports this one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # initialisms: U.S. D.C. a.m.
    r"|[^\W_]+(?:['\u2019](?![sS]\b)[^\W\d_]+)*"  # words, O'Brien, d'Ivoire
    r"|['\u2019][sS]\b"  # possessive
    r"|[^\w\s]",  # any other single symbol
    re.UNICODE,
)
_OPENERS = frozenset("\"'\u201c\u2018([\u00ab")
_ENDERS = frozenset(".!?\u2026")
POSSESSIVES = frozenset(("'s", "\u2019s", "'S", "\u2019S"))

# Line casing: how a line is written, the same for all its tokens.
UPPER_LINE = "upper"  # "FLOODS - HERDERS MOVE CATTLE AS RAINS RETURN."
TITLE_LINE = "title"  # "Herders Move Cattle As Rains Return"
PLAIN_LINE = ""

Tok = tuple[str, int, int]  # (text, start, end) in the field's text


def word_tokens(text: str) -> list[Tok]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def is_word(tok: str) -> bool:
    return tok[:1].isalnum()


def is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "").replace("&", "")
    return (
        2 <= len(letters) <= 7 and letters.isalpha() and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
    )


_KEY_GAPS = re.compile(r"[\s\-\u2010\u2011\u2013.]+")


@lru_cache(maxsize=65_536)
def name_key(text: str) -> str:
    """A name compared loosely: case, spaces, hyphens and periods ignored."""
    return _KEY_GAPS.sub(" ", text).strip().lower()


# short words a Title Case headline leaves in lower case
_TITLE_CASE_LOWER = frozenset("with from into over than that this after about under amid near upon onto".split())


def line_case(words: Iterable[str]) -> str:
    """UPPER_LINE when nearly every cased word is in capitals, TITLE_LINE when nearly every long
    word is capitalised (a sentence full of names still has its verbs in lower case)."""
    cased = upper = long = long_cap = 0
    for w in words:
        if w.isupper():
            cased += 1
            upper += 1
        elif w.islower() or w[:1].isupper():
            cased += 1
        else:
            continue  # digits, symbols
        if len(w) > 3 and w not in _TITLE_CASE_LOWER:
            long += 1
            long_cap += w[:1].isupper()
    if cased >= 2 and upper >= 0.8 * cased:
        return UPPER_LINE
    if long >= 3 and long_cap >= 0.9 * long:
        return TITLE_LINE
    return PLAIN_LINE


@dataclass(frozen=True)
class Field:
    """One field of the article (``name`` is "title", "dek" or "body"), tokenised."""

    name: str
    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    initial: tuple[bool, ...]  # the first word of a sentence or of a line
    line_start: tuple[bool, ...]  # the first token of its line
    glued: tuple[bool, ...]  # no space between this token and the previous one
    line_case: tuple[str, ...]  # UPPER_LINE / TITLE_LINE / PLAIN_LINE, per token
    caps: tuple[int, ...]  # the tokens with a capital letter in them, in order

    def __len__(self) -> int:
        return len(self.words)

    def surface(self, a: int, b: int) -> str:
        """The text of tokens a..b-1."""
        return self.text[self.starts[a] : self.ends[b - 1]]


def tokenize_field(name: str, text: str, sentence_starts: Iterable[int] = ()) -> Field:
    words_l: list[str] = []
    starts_l: list[int] = []
    ends_l: list[int] = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        words_l.append(text[s:e])
        starts_l.append(s)
        ends_l.append(e)
    words, starts, ends = tuple(words_l), tuple(starts_l), tuple(ends_l)
    n = len(words)
    line_start = [False] * n
    glued = [False] * n
    initial = [False] * n
    caps: list[int] = []
    # sentence starts: the given ones (the body's sentence splitter), line starts, and in short
    # fields a word after ".", "!" or "?"
    pending = sorted(sentence_starts)
    np_ = len(pending)
    k = 0
    want = True
    short = name != "body"
    prev_end = -1
    marker = -1  # the "." or ")" after a list number opening a line
    for i in range(n):
        w = words[i]
        s = starts[i]
        if i == 0:
            line_start[0] = True
        else:
            gap = s - prev_end
            if gap == 0:
                glued[i] = True
            elif gap == 1:
                line_start[i] = text[prev_end] == "\n"
            else:
                line_start[i] = "\n" in text[prev_end:s]
        prev_end = ends[i]
        if line_start[i]:
            want = True
        if k < np_ and pending[k] <= s:
            want = True
            while k < np_ and pending[k] <= s:
                k += 1
        c = w[0]
        if c.isalnum():
            if want:
                if line_start[i] and w.isdigit() and len(w) <= 2 and i + 1 < n and words[i + 1] in (".", ")"):
                    marker = i + 1  # "2. Fares stay the same": a list's number opens no sentence
                else:
                    initial[i] = True
                    want = False
            if w != w.lower():
                caps.append(i)
        elif short and c in _ENDERS:
            want = True
        elif c not in _OPENERS and i != marker:
            want = False
    cases = [PLAIN_LINE] * n
    i = 0
    while i < n:
        j = i + 1
        while j < n and not line_start[j]:
            j += 1
        case = line_case(words[i:j])
        if case:
            for k in range(i, j):
                cases[k] = case
        i = j
    return Field(
        name, text, words, starts, ends, tuple(initial), tuple(line_start), tuple(glued), tuple(cases), tuple(caps)
    )


@dataclass(frozen=True)
class Document:
    fields: tuple[Field, ...]  # title, dek and body, those that are not empty
    lower_words: frozenset[str]  # words written in lower case somewhere in the article
    mid_caps: frozenset[str]  # capitalised words seen inside a sentence of a plainly cased line

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def tokenize_document(title: str, dek: str, body: str, sentence_spans: Iterable[tuple[int, int]] = ()) -> Document:
    fields = []
    for name, text, spans in (("title", title, ()), ("dek", dek, ()), ("body", body, sentence_spans)):
        if text and text.strip():
            fields.append(tokenize_field(name, text, (s for s, _ in spans)))
    lower: set[str] = set()
    mid: set[str] = set()
    for f in fields:
        lower.update(w for w in f.words if w[0].islower())
        words, initial, case = f.words, f.initial, f.line_case
        mid.update(words[i] for i in f.caps if not initial[i] and not case[i] and words[i][0].isupper())
    return Document(tuple(fields), frozenset(w.lower() for w in lower), frozenset(mid))
