"""Sentence splitting for news text, with character spans into the original body.

The splitter is nupunkt (PyPI: a maintained, dependency-free Punkt implementation that ships
its trained model, so nothing is downloaded), run on each paragraph; a thin layer of news
rules then corrects its decisions at the few places where its model, trained on legal and
financial text, is wrong about news copy:

- paragraph breaks (any newline) always end a sentence, and so does the end of a photo caption
  without a final period that runs into the next sentence in text flattened from a page
  (briefing.core.prose.caption_breaks: "... in Jajarkot on Sunday The death toll rose ...");
- an initialism is never a sentence of its own ("U.S." before "Secretary of State", "(CNN)A.J."
  before "Pero");
- merges (nupunkt split, news says no): before a lower-case continuation, also behind a
  quote; before a dash ("LIBBY, Mont. — The ...", "what did it do? — may ..."); after a title or month abbreviation
  ("Sen.", "Sept."); after "No." before a number; after "a.m."/"U.S."/"Inc." before a
  weekday or time-zone word ("9 a.m. Friday");
- text with (almost) no punctuation, a transcript, is cut into pieces of about 25 words,
  before a word that opens a clause;
- splits (nupunkt missed, news says yes), only before a plausible sentence start: after an
  ordinary lower-case word (its model lists about 3,000 plain words such as "hall",
  "fist", "reports" as abbreviations), after a capitalised word of six letters or more, a
  shorter one that ends a name the gazetteer knows ("in New York. Tairod Pugh", not "Wash.")
  or a function word ("in Hội An. Lan said") that is no known abbreviation, and after "a.m.",
  "U.S." or "Inc." before a typical sentence opener ("4 p.m. Officials said").

Measured (tests/test_analysis.py cases and the dev-set bodies; benchmarks/analysis_speed.py
for speed): nupunkt alone gets the 12 single-line unit cases right but leaves 8 misses on
the dev set; with this layer every unit case and the dev set's boundaries come out right.
The previous hand-written splitter split datelines such as "PALM BEACH, Fla. —", which
nupunkt gets right. nupunkt is imported on first use, never when ``briefing.analysis`` is.

Also provides :class:`SumyTokenizer`, the object sumy's parsers and summarizers accept
(``to_sentences`` / ``to_words``), so sumy never needs NLTK's punkt data.
"""

from __future__ import annotations

import itertools
import re
import threading
from functools import lru_cache

from briefing.core.prose import MONTH_NAMES, WEEKDAY_NAMES

# Abbreviations that (almost) never end a sentence in news copy: titles, months, "vs.".
_NEVER_FINAL = frozenset(
    """mr mrs ms mx dr prof sen sens rep reps gov gen lt col capt cmdr adm maj sgt cpl pvt
    st ste mt ft rev fr hon pres supt insp det messrs mmes gens brig atty amb
    jan feb mar apr jun jul aug sep sept oct nov dec
    nos vs v cf approx est fig figs vol ed eds al dept univ assn
    e.g i.e""".split()
)
# Abbreviations that end a sentence when the next word is a typical sentence opener.
_MAYBE_FINAL = frozenset("inc corp co ltd jr sr llc plc bros etc".split())
# Lower-case news abbreviations that may stand before a capital without ending a sentence.
_LOWER_ABBREVS = frozenset("pp pct bn mn mln bln cents yr yrs mos hrs mins secs km kg lb lbs oz mph".split())

# Words that typically open a sentence; after "U.S." or "Inc." they signal a boundary.
_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there
    but and or so yet however meanwhile in on at for after before when while as if though
    although since because despite during earlier later last next now then still also
    some many most several few both all each one two no not what who why how where
    officials police authorities critics analysts experts asked according""".split()
)
# Words that continue a sentence after "9 a.m." or "the U.S.".
_CONTINUERS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday
    et est edt ct cst cdt pt pst pdt gmt utc bst cet eat wat ist jst""".split()
)

_TIME_ZONES = frozenset(w for w in _CONTINUERS if not w.endswith("day"))
# After "a.m." or "p.m." these go on with the sentence ("at 6 p.m. on friday"): in lower-cased text,
# where no capital tells, they do not open the next one.
_AFTER_TIME = frozenset("on in at to and or for from until till by of local".split())
# A page's timestamp line starts with one of these ("... Samuel Hart, MD. Published on April 2").
_STAMP_WORDS = frozenset("published updated posted modified".split())
_DATE_WORD = re.compile(f"{WEEKDAY_NAMES}[a-z]*|{MONTH_NAMES}[a-z]*", re.IGNORECASE)
_DATE_AFTER = re.compile(r"[\w]+\.?,? \d")  # "Saturday 12 Jan", "Aug. 14", "June 10"

_BOUNDARY = re.compile(r"""[.!?\u2026]+(?:["'\u201d\u2019)\]\u00bb]+)?(?=\s)""")
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+(?:[-'\u2019.]\w+)*", re.UNICODE)
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # U.S. a.m. D.C. U.K.
_OPENING = "\"'\u201c\u2018([\u00ab"
_DASHES = "-\u2014\u2013"

_lock = threading.Lock()
_punkt = None


def _tokenizer():
    """nupunkt's shipped default model, loaded once per process on first use."""
    global _punkt
    if _punkt is None:
        with _lock:
            if _punkt is None:
                import nupunkt

                _punkt = nupunkt.load("default")
    return _punkt


def _is_sentence_start(text: str, j: int) -> bool:
    """True when text[j:] may begin a new sentence (not lower-case, not a continuation)."""
    ch = text[j]
    if ch in _OPENING:
        k = j + 1
        while k < len(text) and (text[k] in _OPENING or text[k] == " "):
            k += 1
        return k >= len(text) or not text[k].islower()
    return not ch.islower()


def _next_word(text: str, j: int) -> str:
    m = _WORD.match(text, j)
    if m is None:
        k, stop = j, min(len(text), j + 16)  # past quotes and dashes only: stays linear on "...."
        while k < stop and not text[k].isalnum():
            k += 1
        m = _WORD.match(text, k) if k < stop else None
    return m.group(0).lower() if m else ""


def _token_before(text: str, punct_start: int) -> str:
    """The token that the punctuation at punct_start ends, with its final period."""
    k = punct_start
    while k > 0 and not text[k - 1].isspace() and text[k - 1] not in _OPENING:
        k -= 1
    return text[k : punct_start + 1]


def _common_words() -> frozenset[str]:
    from .entities import gazetteer

    return gazetteer.get().common


def _correct(text: str, punct_start: int, next_start: int, split: bool, caseless: bool = False) -> bool:
    """News corrections to nupunkt's decision ``split`` at one candidate boundary.

    ``caseless``: the text has no capitals to read (a lower-cased corpus), so a lower-case word
    may start a sentence and a single letter with a period is taken for an initial."""
    if text[next_start] in _DASHES:
        return False  # a dash continues: "LIBBY, Mont. — The ...", "did it do? — may ..."
    if not caseless and not _is_sentence_start(text, next_start):
        return False
    if text[punct_start] != "." or text[punct_start + 1 : punct_start + 2] == ".":
        return split or text[punct_start] != "."  # "?" / "!" before a capital: a boundary
    token = _token_before(text, punct_start)
    bare = token[:-1].lower()
    nxt = _next_word(text, next_start)
    if not bare:
        # a period standing alone, as tokenised text writes every full stop ("the ring . ' I
        # turned round"): before a sentence start it ends one, behind a quotation mark too
        return split or (text[next_start].isalnum() or text[next_start] in _OPENING)
    if bare in _NEVER_FINAL:
        return False
    if bare == "no":
        return not text[next_start].isdigit()  # "No. 2" vs "she said no. Others agreed."
    if len(bare) == 1 and bare.isalpha():
        return split and token[0].islower() and not caseless  # "John F. Kennedy", "john f. kennedy": an initial
    if _INITIALISM.match(token) or bare in _MAYBE_FINAL:
        if nxt in _CONTINUERS or (caseless and bare in ("a.m", "p.m") and nxt in _AFTER_TIME):
            return False
        return split or nxt in _OPENERS
    if split or not bare.isalpha():
        return split or (caseless and bare.isdigit())  # "the vote was 7 to 2. opponents said"
    # nupunkt kept a word with a period before a capital as an abbreviation
    if token[0].islower():
        return bare not in _LOWER_ABBREVS
    if (bare in _TIME_ZONES and token[:-1].isupper()) or nxt in _STAMP_WORDS or _starts_date(text, next_start, nxt):
        return True  # "6:12 p.m. ET. Updated ...", "Brookside Park. Saturday 12 Jan 2019 17:08 GMT."
    return len(bare) >= 6 or bare in _common_words() or _ends_known_name(text, punct_start, token[:-1])


# Short capitalised abbreviations news copy writes with a period before a name or a place
# ("Wash. Gov.", "Tech. Sgt.", "Oak Ave. Police"): never taken for the end of a known name.
_SHORT_ABBREVIATIONS = frozenset(
    """ala ariz ark cal calif colo conn del fla ga ill ind kan kans ky la md me mass mich minn
    miss mo mont neb nev okla ore pa penn tenn tex va vt wash wis wyo
    ave blvd rd hwy sq ct ln pl pt cir pkwy apt bldg
    tech spec cpt cdr ens mstr pfc chf""".split()
)


def _ends_known_name(text: str, punct_start: int, word: str) -> bool:
    """True when ``word``, a capitalised word of at most five letters with a period (that
    nupunkt read as an abbreviation), is the last word of a name the gazetteer knows: a place
    or organisation ("New York.", "Iowa.", "the World Bank.") or a first name ("followers of
    John."), and no abbreviation news copy writes ("Wash.", "Ave.")."""
    if not word.isalpha() or word.lower() in _SHORT_ABBREVIATIONS:
        return False
    from .entities import gazetteer

    gz = gazetteer.get()
    if word in gz.first_names:
        return True
    words = text[max(0, punct_start - 60) : punct_start].split()
    return any(tuple(words[-k:]) in gz.phrases for k in range(1, min(4, len(words)) + 1))


def _starts_date(text: str, j: int, word: str) -> bool:
    """A weekday or month name followed by a day number: a timestamp line starts at j."""
    return _DATE_WORD.fullmatch(word) is not None and _DATE_AFTER.match(text, j) is not None


_AGENCY_TAG = re.compile(r"^\([A-Za-z][\w .&-]{0,40}\)")


def _lone_initialism(text: str, start: int, end: int) -> bool:
    """A "sentence" that is only an initialism ("U.S." before "Secretary", "(CNN)A.J." before "Pero")."""
    piece = text[start:end]
    if len(piece) > 60:
        return False
    piece = _AGENCY_TAG.sub("", piece).strip("\"'\u201c\u2018( ")
    return bool(_INITIALISM.match(piece))


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]], caseless: bool = False) -> None:
    lib_ends: set[int] = set()
    line = text[start:end]
    for s, e in _tokenizer().span_tokenize(line):
        seg = line[s:e].rstrip()
        if seg.strip():
            lib_ends.add(start + s + len(seg))
    sent_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        j = m.end()
        while j < end and text[j].isspace():
            j += 1
        if j >= end:
            break
        if _correct(text, m.start(), j, m.end() in lib_ends, caseless) and not _lone_initialism(
            text, sent_start, m.end()
        ):
            stop = m.end()
            if (
                text[j] in "'\""
                and (j + 1 == end or text[j + 1] == " ")
                and _open_quote(text, sent_start, m.start(), text[j])
            ):
                # tokenised text: the quotation mark after the period closes this sentence's quote
                stop, j = j + 1, j + 1
                while j < end and text[j].isspace():
                    j += 1
                if j >= end:
                    break
            out.append((sent_start, stop))
            sent_start = j
    out.append((sent_start, end))


def _open_quote(text: str, start: int, end: int, mark: str) -> bool:
    """True when a quotation opened by a free-standing ``mark`` (tokenised text) is still open in
    text[start:end]: an odd number of them (apostrophes inside words do not count)."""
    n = 0
    i = text.find(mark, start, end)
    while i >= 0:
        if (i == start or text[i - 1] == " ") and text[i + 1 : i + 2] == " ":
            n += 1
        i = text.find(mark, i + 1, end)
    return n % 2 == 1


# Penn Treebank's tokens for brackets and quotation marks, as the tokenised releases of news
# corpora write them ("-LRB- CNN -RRB- -- ... said : `` It was . ''"), and the characters they
# stand for, padded with spaces to the token's length, the mark one space from the word it
# belongs to as in tokenised copy with plain marks (". \" The", "said : \" It"); token_edges
# widens a span that cuts a token.
_PTB_TOKEN = re.compile(r"(?<!\S)(?:``|''|-[LR][RSC]B-)(?!\S)", re.IGNORECASE)
_PTB_PLAIN = {
    "``": ' "',
    "''": '" ',
    "-lrb-": "    (",
    "-rrb-": ")    ",
    "-lsb-": "    [",
    "-rsb-": "]    ",
    "-lcb-": "    {",
    "-rcb-": "}    ",
}


def ptb_view(text: str) -> str:
    """``text`` with the Penn Treebank tokens of brackets and quotation marks written as the
    characters they stand for, every offset unchanged: the splitter, the prose filter and the
    summariser read quotations and agency tags ("( CNN )") as in untokenised copy, and spans
    into the view are spans into ``text``. Text without such tokens comes back as it is."""
    if "``" not in text and "''" not in text and "B-" not in text and "b-" not in text:
        return text  # no copy of the text made to tell
    return _PTB_TOKEN.sub(lambda m: _PTB_PLAIN[m.group().lower()], text)


def token_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``text[start:end]`` (found in its ptb_view) widened to whole Penn Treebank
    tokens, so a sentence cut from the text as written keeps its `` or '' whole."""
    if start and text[start - 1 : start + 1] == "``":
        start -= 1
    elif start >= 4 and text[start - 4 : start + 1].upper() in ("-LRB-", "-LSB-", "-LCB-"):
        start -= 4
    if text[end - 1 : end + 1] == "''":
        end += 1
    elif text[end - 1 : end + 4].upper() in ("-RRB-", "-RSB-", "-RCB-"):
        end += 4
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of ``text``; text[start:end] is stripped.

    A photo caption without a final period that runs into the next sentence (text flattened
    from a page) is cut off as a sentence of its own (briefing.core.prose.caption_breaks). A
    text without punctuation (a transcript) is cut into sentence-sized pieces (_run_on_cuts).
    """
    from briefing.core.prose import caption_breaks

    caseless = is_caseless(text)
    bare = _unpunctuated(text)
    cjk = "\u3002" in text or "\uff01" in text or "\uff1f" in text  # Chinese or Japanese full-width marks
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        s, e = line.span()
        cuts = [s + b for b in caption_breaks(line.group(0))]
        for a, b in zip([s, *cuts], [*cuts, e]):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a >= b:
                continue
            first = len(spans)
            if cjk:
                for c, d in _cjk_sentences(text, a, b):
                    _split_line(text, c, d, spans, caseless)
            else:
                _split_line(text, a, b, spans, caseless)
            if bare or b - a > _RUN_ON_CHARS:
                spans[first:] = [cut for span in spans[first:] for cut in _run_on_cuts(text, *span, bare)]
    return spans


# A span shorter than this cannot hold UNPUNCTUATED_WORDS words of prose (three characters a word
# and its space at the least): not looked at for run-ons, so the common case costs nothing.
_RUN_ON_CHARS = 240


# Chinese and Japanese end a sentence with a full-width mark and no space after it ("...出した。多摩川の
# ..."), which the Punkt model never splits at: a boundary after the mark and its closing brackets.
_CJK_END = re.compile("[\u3002\uff01\uff1f]+[\u300d\u300f\uff09\u3009\u300b\u3011\u201d\"']*")


def _cjk_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] cut after every full-width sentence mark ("。", "！", "？"), or whole."""
    if all(text.find(c, start, end) < 0 for c in "\u3002\uff01\uff1f"):
        return [(start, end)]  # no mark in this line: nothing copied to tell
    out = []
    a = start
    for m in _CJK_END.finditer(text, start, end):
        b = m.end()
        if b - m.start() > 1 and text[b - 1] in "\u300d\u300f" and text[b : b + 1] in ("\u3068", "\u3063"):
            continue  # 「行きます。」と述べた: the quotation goes on as the sentence's object
        if b < end and a < b:
            out.append((a, b))
            a = b
            while a < end and text[a].isspace():
                a += 1
    if a < end:
        out.append((a, end))
    return out


UNPUNCTUATED_WORDS = 80  # a span this long with (almost) no punctuation mark is cut in pieces
CHUNK_WORDS = 25  # of about this many words (a news sentence's; summaries stay as long as on prose)
_MIN_PIECE = 6
_TOKEN = re.compile(r"\S+")
# Where a piece of text without sentence marks is best cut: before a word that opens a clause.
_CLAUSE_OPENERS = frozenset(
    """and but so yet or however meanwhile when while after before as if although though since
    because then now he she they we i you there""".split()
)


def _run_on_cuts(text: str, start: int, end: int, bare: bool) -> list[tuple[int, int]]:
    """The span in even pieces of about CHUNK_WORDS words, each cut before a word that opens a
    clause where one is near, when it has no punctuation to split at: in a text with (almost)
    no punctuation at all (``bare``: a transcript, text stripped of its marks) a span of more
    than a piece and a half; elsewhere a span of more than UNPUNCTUATED_WORDS words with
    (almost) no mark of its own. The text gives nothing better to cut at, and a summary of three
    pieces stays about as long as one of three sentences. A sentence run into the next one
    without its period but with a capital ("... would stay The storm ...") is cut before this,
    as a caption is (briefing.core.prose.caption_breaks). A long sentence with its commas and
    dashes stays whole (none of cnndm-val's, BBC's or our sets' sentences is cut)."""
    most = CHUNK_WORDS * 3 // 2 if bare else UNPUNCTUATED_WORDS  # words a span may have as it is
    if end - start <= (2 * most if bare else _RUN_ON_CHARS) or text.count(" ", start, end) < most:
        return [(start, end)]  # too few spaces to hold that many words: no need to count them
    tokens = [m.span() for m in _TOKEN.finditer(text, start, end)]
    if len(tokens) <= most or not (bare or _unpunctuated(text[start:end])):
        return [(start, end)]
    return [(tokens[a][0], tokens[b - 1][1]) for a, b in _chunks(text, tokens, 0, len(tokens))]


_MARK = re.compile('[,;:.!?()"\u201c\u201d\u2014\u2013]|--')
_WORDS_PER_MARK = 25  # prose has a comma or another mark every dozen words or so


def _unpunctuated(text: str) -> bool:
    """True for a text of UNPUNCTUATED_WORDS words or more with fewer than one punctuation mark
    for _WORDS_PER_MARK words (a transcript, text stripped of its punctuation)."""
    words = text.count(" ") + text.count("\n")  # about its words, counted at C speed
    if words < UNPUNCTUATED_WORDS or (text.count(",") + text.count(".")) * _WORDS_PER_MARK >= words:
        return False  # short, or punctuated as prose is: the common case, told at once
    words = len(_TOKEN.findall(text))
    return words >= UNPUNCTUATED_WORDS and len(_MARK.findall(text)) * _WORDS_PER_MARK < words


def _chunks(text: str, tokens: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    """Token ranges of about CHUNK_WORDS words each (as even as may be) covering tokens[a:b],
    each cut before a clause opener where one is within a third of a piece of the even cut."""
    n = max(1, round((b - a) / CHUNK_WORDS))
    size = (b - a) / n
    cuts = [a]
    for i in range(1, n):
        even = a + round(i * size)
        near = range(max(cuts[-1] + _MIN_PIECE, even - int(size / 3)), min(b - _MIN_PIECE, even + int(size / 3)) + 1)
        openers = [k for k in near if text[tokens[k][0] : tokens[k][1]].lower() in _CLAUSE_OPENERS]
        cuts.append(min(openers, key=lambda k: abs(k - even)) if openers else even)
    cuts.append(b)
    return list(itertools.pairwise(cuts))


_CASELESS_LETTERS = 200  # below this many lower-case letters a text is too short to tell


def is_caseless(text: str) -> bool:
    """True for a text written without capitals (a lower-cased corpus: "the mayor said. she
    ..."), where a capital cannot mark a sentence start: at most one capital for 500 lower-case
    letters. Scripts without case (Arabic, Chinese) have no lower-case letters either: not
    caseless in this sense, and split as before."""
    need = len(text) // 500 + 1  # more capitals than this: cased (found in the first lines)
    for seen, _ in enumerate(_ASCII_CAPITAL.finditer(text), 1):
        if seen >= need:
            return False
    lower = sum(map(str.islower, text))
    return lower >= _CASELESS_LETTERS and sum(map(str.isupper, text)) * 500 <= lower


_ASCII_CAPITAL = re.compile("[A-Z]")
_ASCII_SMALL = re.compile("[a-z]")


def capitals_view(text: str) -> str:
    """``text`` in lower case when it is written all in capitals (a weather warning, a teletype
    wire, a press release in capitals: at most one lower-case letter for 500 capitals), every
    offset unchanged; other text comes back as it is. No capital tells a sentence start, a name
    or a headline line there, as in a lower-cased corpus: the splitter, the prose filter and the
    summariser read it as the caseless text it is (see is_caseless), and the summary sentences
    are cut from the text as written."""
    need = len(text) // 500 + 1  # more small letters than this: not all capitals (found at once)
    for seen, _ in enumerate(_ASCII_SMALL.finditer(text), 1):
        if seen >= need:
            return text
    upper = sum(map(str.isupper, text))
    if upper < _CASELESS_LETTERS or sum(map(str.islower, text)) * 500 > upper:
        return text
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowers to 2 characters


@lru_cache(maxsize=4096)
def _cached_words(sentence: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(sentence))


class SumyTokenizer:
    """The tokenizer object sumy accepts: nupunkt plus our news rules instead of NLTK punkt."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(text[s:e] for s, e in split_sentences(text))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return _cached_words(sentence)
