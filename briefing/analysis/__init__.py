"""Article analysis: extractive summaries and named entities, offline and fast.

Importing this package is cheap: sumy, numpy and NLTK are imported only when a stock sumy
algorithm is asked for, the sentence splitter (nupunkt) on the first analysis; the default
summary is plain Python; the entity recogniser (``entities/``) reads its trained model and the
gazetteers shipped in ``data/`` on first use. Safe to call from threads and worker processes
(no shared mutable state besides read-only tables, the model and memo caches, loaded once
under a lock).
"""

from __future__ import annotations

from dataclasses import dataclass

# The entity labels, spelled once in briefing.core.labels (re-exported here for the analysis).
from briefing.core.labels import ENTITY_LABELS, ORG, PERSON, PLACE  # noqa: F401

ANALYZER_VERSION = "18"
ALGORITHMS: tuple[str, ...] = (
    "default",
    "lead",
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "sumbasic",
    "kl",
    "reduction",
)

MAX_BODY_CHARS = 2_000_000  # ~400 long articles; beyond that the input is not an article
MAX_SUMY_SENTENCES = 1_500  # sumy's graph/matrix algorithms are quadratic in sentences


class AnalysisError(ValueError):
    """Analysis cannot be done for this input or these options (one-line message)."""


@dataclass(frozen=True)
class SummarySentence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A named entity: canonical name, label, mention count, surface forms and mention spans.

    ``spans`` are character offsets into the body, ``title_spans`` into the title and
    ``dek_spans`` into the standfirst; together they hold one span per mention (``count``).
    """

    text: str
    label: str
    count: int
    aliases: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    title_spans: tuple[tuple[int, int], ...] = ()
    dek_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Analysis:
    summary: tuple[SummarySentence, ...]
    entities: tuple[Entity, ...]
    version: str

    def to_dict(self) -> dict:
        return {
            "summary": [s.text for s in self.summary],
            "summary_spans": [[s.start, s.end] for s in self.summary],
            "entities": [
                {
                    "text": e.text,
                    "label": e.label,
                    "count": e.count,
                    "aliases": list(e.aliases),
                    "spans": [[s, t] for s, t in e.spans],
                    "title_spans": [[s, t] for s, t in e.title_spans],
                    "dek_spans": [[s, t] for s, t in e.dek_spans],
                }
                for e in self.entities
            ],
            "analyzer": self.version,
        }


def _check_text(name: str, value, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise AnalysisError(f"{name} must be a string, not {type(value).__name__}")
    return value


def analyze(
    title: str,
    dek: str | None,
    body: str,
    *,
    sentences: int = 3,
    algorithm: str = "default",
    entities: bool = True,
) -> Analysis:
    """Summarise ``body`` in ``sentences`` sentences and find its named entities.

    ``body`` is the article's paragraphs joined with blank lines; summary spans and entity
    ``spans`` are character offsets into it (an entity's ``title_spans`` and ``dek_spans`` into
    the title and the dek). Raises :class:`AnalysisError` for unusable options or input.
    """
    title = _check_text("title", title, optional=True)
    dek_text = _check_text("dek", dek, optional=True)
    body = _check_text("body", body)
    if isinstance(sentences, bool) or not isinstance(sentences, int) or sentences < 0:
        raise AnalysisError(f"sentences must be a non-negative integer, not {sentences!r}")
    if algorithm not in ALGORITHMS:
        raise AnalysisError(f"unknown summary algorithm {algorithm!r}; choose one of: {', '.join(ALGORITHMS)}")
    if len(body) > MAX_BODY_CHARS:
        raise AnalysisError(f"body too long to analyse: {len(body):,} characters (limit {MAX_BODY_CHARS:,})")

    from .sentences import capitals_view, ptb_view, split_sentences

    # Tokenised copy ("-LRB- CNN -RRB-", ``quoted''), read as the plain characters it stands
    # for, and copy all in capitals, read in lower case; the summary sentences are cut from the
    # body as written (the views keep offsets). The recogniser reads the capitals, which it
    # writes as names usually are ("YORK" -> "York").
    text, title, dek_text = ptb_view(body), ptb_view(title), ptb_view(dek_text)
    view = capitals_view(text)
    spans = split_sentences(view)
    summary = _summarize(title, dek_text or None, view, spans, sentences, algorithm, body)
    found: tuple[Entity, ...] = ()
    if entities:
        from briefing.core.prose import furniture_spans

        from .entities import extract

        # a transcript's stage directions and speakers' roles, a release's wire tag, are no
        # names: blanked, every offset unchanged
        furniture = furniture_spans(text)
        if furniture:
            chars = list(text)
            for s, e in furniture:
                chars[s:e] = " " * (e - s)
            text = "".join(chars)
        found = extract(text, spans, title, dek_text)
    return Analysis(summary=summary, entities=found, version=ANALYZER_VERSION)


def _summarize(title, dek, body, spans, count, algorithm, written) -> tuple[SummarySentence, ...]:
    """The summary of ``body`` (the analysis view of the text), its sentences cut from
    ``written``, the text as given (the same offsets)."""
    if count == 0 or not spans:
        return ()
    from .summarize import candidates

    spans = candidates(body, spans)  # article prose only, whatever the algorithm
    texts = [body[s:e] for s, e in spans]
    if algorithm == "lead" or count >= len(spans):
        picked = list(range(min(count, len(spans))))
    elif algorithm == "default":
        from .summarize import repeats_opening, select_default

        # A headline or standfirst that only repeats the opening says nothing the body does not
        # (a feed's description cut from the first paragraph, a converter's title made of the
        # first words): scored against, it would favour the lede's own words and, as a
        # standfirst, short filler after the lede. Such a field counts as absent.
        opening = body[: spans[min(len(spans), 3) - 1][1]]
        if dek and repeats_opening(dek, opening):
            dek = None
        if title and repeats_opening(title, opening):
            title = ""
        picked = select_default(title, dek, texts, count)
    else:
        from .summarize import select_sumy

        if len(spans) > MAX_SUMY_SENTENCES:
            raise AnalysisError(
                f"algorithm {algorithm!r} handles at most {MAX_SUMY_SENTENCES:,} sentences "
                f"(this text has {len(spans):,}); use 'default' or 'lead'"
            )
        # sumy paragraphs: sentences grouped by the body's lines
        paragraphs: list[list[str]] = []
        prev_end = None
        for (s, e), text in zip(spans, texts):
            if prev_end is None or "\n" in body[prev_end:s]:
                paragraphs.append([])
            paragraphs[-1].append(text)
            prev_end = e
        try:
            picked = select_sumy(algorithm, title, paragraphs, count)
        except ImportError as exc:
            raise AnalysisError(f"algorithm {algorithm!r} needs a package that is not installed: {exc.name}") from exc
    from .sentences import token_edges

    # a span of the view may cut a `` or '' of the text as written: only the picked are widened
    edges = [spans[i] if written is body else token_edges(written, *spans[i]) for i in sorted(picked)]
    return tuple(SummarySentence(written[s:e], s, e) for s, e in edges)
