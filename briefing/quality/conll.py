"""CoNLL-2003 English as articles, and exact-span entity scoring of briefing.analysis on them.

The files (``../shared/data/conll2003/``, never copied into the repository) are the original
four columns, token / POS / chunk / NER (IOB1 over PER, ORG, LOC, MISC), one token a line, a
blank line between sentences and a ``-DOCSTART-`` line between documents. Each document becomes
an article the way a reader would see it: its first sentence is the headline (the title), the
dateline ("NAIROBI 1996-11-23") opens the first body paragraph ("NAIROBI 1996-11-23 - The ..."),
and every other sentence is a paragraph of the body (paragraphs joined by a blank line, as
everywhere in briefing). Tokens are detokenised into natural text ("Japan 's" -> "Japan's",
"( $ 23.4 million )" -> "($23.4 million)") and their character offsets kept, so the analyzer's
character spans map back to tokens.

Scoring: body mentions only, exact span and label, over PER/ORG/LOC (our PERSON/ORG/PLACE;
MISC is not scored, and a PERSON/ORG/PLACE span where the gold says MISC is a false positive).
A predicted span that does not start and end on token boundaries matches nothing.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.analysis import ORG, PERSON, PLACE
from briefing.quality.entities import LABELS, prf

ROOT = Path(__file__).resolve().parents[2]
CONLL_DIR = ROOT.parent / "shared" / "data" / "conll2003"
TRAIN = CONLL_DIR / "eng.train"
DEV = CONLL_DIR / "eng.testa"  # the development split; the test split is never used here

# CoNLL entity types -> briefing labels (MISC has none: nationalities, events, other names)
TO_LABEL = {"PER": PERSON, "ORG": ORG, "LOC": PLACE}

_NO_SPACE_BEFORE = frozenset(", . ; : ? ! ) ] } % 's 'S n't N'T 're 'm 've 'll 'd ... ..".split())
_NO_SPACE_AFTER = frozenset("( [ { $".split())
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Token = tuple[str, str]  # (token, NER tag)


@dataclass(frozen=True)
class Mention:
    start: int  # first token (index into the field's tokens)
    end: int  # one past the last token
    label: str  # PER / ORG / LOC / MISC


@dataclass(frozen=True)
class Field:
    """One field of an article (title or body): its text and its tokens' character spans."""

    text: str
    spans: tuple[tuple[int, int], ...]
    tags: tuple[str, ...]

    def mentions(self) -> list[Mention]:
        return iob_mentions(self.tags)


@dataclass(frozen=True)
class Article:
    title: Field
    body: Field


def read_documents(path: Path) -> list[list[list[Token]]]:
    """Documents, each a list of sentences, each a list of (token, NER tag)."""
    docs: list[list[list[Token]]] = []
    doc: list[list[Token]] = []
    sent: list[Token] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                if sent:
                    doc.append(sent)
                    sent = []
                if parts and doc:
                    docs.append(doc)
                    doc = []
                continue
            sent.append((parts[0], parts[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def iob_mentions(tags: Sequence[str]) -> list[Mention]:
    """Mentions from IOB1 (or IOB2) tags: I-X continues X, B-X starts a new X."""
    out: list[Mention] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if kind and (prefix != "I" or typ != kind):
            out.append(Mention(start, i, kind))
            kind = ""
        if prefix in ("B", "I") and not kind:
            start, kind = i, typ
    return out


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Natural text from CoNLL tokens, with each token's character span in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    quote_open = False
    glue_next = True  # no space before the first token
    for tok in tokens:
        glue = glue_next or tok in _NO_SPACE_BEFORE
        glue_next = tok in _NO_SPACE_AFTER
        if tok == '"':
            if quote_open:
                glue = True
            else:
                glue_next = True
            quote_open = not quote_open
        elif tok == "'" and parts and parts[-1][-1:] in ("s", "S"):
            glue = True  # "the players' union"
        if not glue:
            parts.append(" ")
            pos += 1
        spans.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), spans


def _is_dateline(sent: list[Token]) -> bool:
    return len(sent) <= 8 and _DATE.match(sent[-1][0]) is not None


def to_article(doc: list[list[Token]]) -> Article:
    """The headline as the title; byline, dateline and sentences as the body's paragraphs."""
    title_text, title_spans = detokenize([t for t, _ in doc[0]])
    title = Field(title_text, tuple(title_spans), tuple(tag for _, tag in doc[0]))
    paragraphs: list[list[Token]] = []
    rest = doc[1:]
    for i, sent in enumerate(rest):
        if i > 0 and i <= 2 and _is_dateline(rest[i - 1]) and paragraphs and paragraphs[-1] is rest[i - 1]:
            # "NAIROBI 1996-11-23" opens the first paragraph, as a wire story prints it
            paragraphs[-1] = [*rest[i - 1], ("-", "O"), *sent]
            continue
        paragraphs.append(sent)
    text_parts: list[str] = []
    spans: list[tuple[int, int]] = []
    tags: list[str] = []
    pos = 0
    for para in paragraphs:
        if text_parts:
            text_parts.append("\n\n")
            pos += 2
        text, para_spans = detokenize([t for t, _ in para])
        text_parts.append(text)
        spans.extend((pos + s, pos + e) for s, e in para_spans)
        tags.extend(tag for _, tag in para)
        pos += len(text)
    return Article(title, Field("".join(text_parts), tuple(spans), tuple(tags)))


def load_articles(path: Path = DEV, limit: int | None = None) -> list[Article]:
    docs = read_documents(path)
    return [to_article(d) for d in docs[:limit]]


def _token_spans(field: Field, spans: Iterable[tuple[int, int]]) -> Iterable[tuple[int, int] | None]:
    starts = {s: i for i, (s, _) in enumerate(field.spans)}
    ends = {e: i for i, (_, e) in enumerate(field.spans)}
    for s, e in spans:
        if s in starts and e in ends and ends[e] >= starts[s]:
            yield (starts[s], ends[e] + 1)
        else:
            yield None  # not on token boundaries: matches nothing


def evaluate(
    articles: Sequence[Article],
    analyze: Callable | None = None,
    collect_errors: bool = False,
) -> dict:
    """Exact-span P/R/F1 of body mentions per label and micro-averaged, with timing.

    ``analyze`` defaults to :func:`briefing.analysis.analyze` (called as ``analyze(title, None,
    body)``); the figures are those of its entities' ``spans``.
    """
    if analyze is None:
        from briefing.analysis import analyze as default

        analyze = default

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[dict] = []
    times: list[float] = []
    for n, art in enumerate(articles):
        t0 = time.perf_counter()
        result = analyze(art.title.text, None, art.body.text)
        times.append(time.perf_counter() - t0)
        gold = {(m.start, m.end, TO_LABEL[m.label]) for m in art.body.mentions() if m.label in TO_LABEL}
        pred: set[tuple[int, int, str]] = set()
        misaligned: list[tuple[str, str]] = []
        for ent in result.entities:
            if ent.label not in LABELS:
                continue
            for (s, e), toks in zip(ent.spans, _token_spans(art.body, ent.spans)):
                if toks is None:
                    fp[ent.label] += 1
                    misaligned.append((ent.label, art.body.text[s:e]))
                else:
                    pred.add((toks[0], toks[1], ent.label))
        for _, _, lab in pred & gold:
            tp[lab] += 1
        for _, _, lab in pred - gold:
            fp[lab] += 1
        for _, _, lab in gold - pred:
            fn[lab] += 1
        if collect_errors:
            text = art.body.text
            spans = art.body.spans

            def show(m: tuple[int, int, str], text=text, spans=spans) -> tuple[str, str]:
                return (m[2], text[spans[m[0]][0] : spans[m[1] - 1][1]])

            errors.append(
                {
                    "article": n,
                    "title": art.title.text,
                    "false_positives": sorted(map(show, pred - gold)) + misaligned,
                    "missed": sorted(map(show, gold - pred)),
                }
            )
    scores = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in LABELS}
    scores["micro"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    out: dict = {
        "articles": len(articles),
        "body_chars": sum(len(a.body.text) for a in articles),
        "entities": scores,
        "seconds": round(sum(times), 2),
        "median_ms_per_article": round(statistics.median(times) * 1000, 2) if times else 0.0,
    }
    if collect_errors:
        out["errors"] = errors
    return out
