"""Sample days for the brief tests: five articles of Monday 23 November 2026 and one of the day
before (`sample_records`, `sample_brief`: tests/test_brief.py and the golden files), and a day of
hostile text in every field (`hostile_records`, `hostile_brief`: tests/test_brief_hostile.py).
`record()` and `entity()` build an ArticleRecord and an analysis entity for a test's own day;
`as_import()` turns a record into what the store's `add` takes."""

from __future__ import annotations

import datetime as dt

from briefing.brief import BriefQuery, brief_from_records, select_rows
from briefing.store import ArticleRecord, Note

UTC = dt.UTC
DAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


def as_import(r: ArticleRecord) -> tuple:
    """A record as `ArticleStore.add` takes it: the article a file import would give, and its analysis."""
    from briefing.core.model import Article

    article = Article(
        title=r.title,
        paragraphs=r.paragraphs,
        dek=r.dek,
        source=r.source,
        url=r.url,
        published=r.published,
        tags=r.tags,
    )
    return article, dict(r.analysis)


def entity(text: str, label: str, count: int, *aliases: str) -> dict:
    return {"text": text, "label": label, "count": count, "aliases": list(aliases or (text,)), "spans": []}


def record(article_id: str, title: str, *, summary=(), entities=(), paragraphs=None, **fields) -> ArticleRecord:
    values = {
        "dek": None,
        "source": None,
        "url": None,
        "published": None,
        "imported_at": "2026-11-23T09:00:00+00:00",
        "tags": (),
        "notes": (),
        "read": False,
        "starred": False,
    }
    values.update(fields)
    return ArticleRecord(
        id=article_id,
        title=title,
        paragraphs=tuple(paragraphs if paragraphs is not None else summary),
        analysis={"summary": list(summary), "entities": list(entities), "analyzer": "test"},
        **values,
    )


def sample_records() -> list[ArticleRecord]:
    """Five articles of Monday 23 November 2026 (two stories told twice, one alone) and one
    of the day before. Fixed ids, dates and notes, so renderings are reproducible."""
    return [
        record(
            "a1f0c001",
            "Kenya confirms Rift Valley fever outbreak in flooded northeast; 14 dead",
            dek="The outbreak in Garissa and Wajir has killed 14 people.",
            source="East Africa Wire",
            url="https://eaw.example.com/kenya-rvf",
            published="2026-11-23T07:30:00+00:00",
            tags=("health", "africa"),
            starred=True,
            notes=(Note("Call the WHO Nairobi office about vaccine stocks.", "2026-11-23T10:15:00+00:00"),),
            summary=(
                "Kenya has confirmed an outbreak of Rift Valley fever in Garissa and Wajir counties, where 14 people have died.",
                "The government banned the movement of livestock out of the two flooded counties.",
                "The World Health Organization is sending epidemiologists to help contain the virus.",
            ),
            entities=(
                entity("Kenya", "PLACE", 5),
                entity("Garissa", "PLACE", 3),
                entity("Wajir", "PLACE", 2),
                entity("World Health Organization", "ORG", 2, "World Health Organization", "WHO"),
                entity("Wanjiku Mbugua-Otieno", "PERSON", 2, "Wanjiku Mbugua-Otieno", "Mbugua-Otieno"),
            ),
        ),
        record(
            "b2e0c002",
            "In Kenya's flooded northeast, a livestock virus turns deadly for herders",
            dek="Herders in Garissa count their losses as Rift Valley fever spreads.",
            source="The Nation Desk",
            published="2026-11-23",
            tags=("health",),
            read=True,
            summary=(
                "Herders in Garissa say Rift Valley fever has killed their cattle and goats after weeks of flooding.",
                "Kenya's livestock ban has closed the markets they depend on.",
            ),
            entities=(
                entity("Garissa", "PLACE", 4),
                entity("Kenya", "PLACE", 3),
                entity("WHO", "ORG", 1),
                entity("Abdi Hassan", "PERSON", 2, "Abdi Hassan", "Hassan"),
            ),
        ),
        record(
            "c3d0c003",
            "French government survives no-confidence vote over budget",
            dek="Prime Minister Sébastien Lecornu survived by 19 votes.",
            source="Paris Wire",
            published="2026-11-23T16:05:00+01:00",
            tags=("europe", "politics"),
            summary=(
                "France's government survived a no-confidence vote in the National Assembly on Monday over its budget.",
                "Prime Minister Sébastien Lecornu won after the Socialists abstained.",
            ),
            entities=(
                entity("Sébastien Lecornu", "PERSON", 4, "Sébastien Lecornu", "Lecornu"),
                entity("National Assembly", "ORG", 2),
                entity("France", "PLACE", 2),
                entity("Socialist Party", "ORG", 2, "Socialist Party", "Socialists"),
            ),
        ),
        record(
            "d4c0c004",
            "Lecornu clings on after Socialists refuse to topple him",
            source="The Continental",
            published="2026-11-23T18:40:00+01:00",
            summary=(
                "Sébastien Lecornu clung to power in France after the Socialists refused to back a no-confidence vote.",
                "The National Assembly vote fell 19 short of the majority needed to topple the government over the budget.",
            ),
            entities=(
                entity("Lecornu", "PERSON", 3),
                entity("France", "PLACE", 1),
                entity("National Assembly", "ORG", 1),
                entity("Socialists", "ORG", 2),
            ),
        ),
        record(
            "e5b0c005",
            "Opera lost for 130 years receives its first performance in Brno",
            imported_at="2026-11-23T09:00:00+00:00",
            notes=(Note("Review for the culture page?\nAsk Jana.", "2026-11-23T11:00:00+00:00"),),
            summary=("An opera by Václav Hrubý had its premiere in Brno, 132 years after it was finished.",),
            entities=(entity("Václav Hrubý", "PERSON", 3, "Václav Hrubý", "Hrubý"), entity("Brno", "PLACE", 2)),
        ),
        record(
            "f6a0c006",
            "Yesterday's news that must not appear",
            published="2026-11-22",
            summary=("Nothing to see.",),
        ),
    ]


def sample_brief(**options):
    query = BriefQuery(date=options.pop("date", DAY), tz=UTC, now=NOW, **options)
    return brief_from_records(select_rows(sample_records(), query), query)


# Shown literally wherever they appear.
LITERALS = [
    "[bold]B[/]",
    "[/]",
    "[link=https://evil.example]x[/link]",
    "*star*",
    "_under_",
    "`tick`",
    "[x](y)",
    "![i](j)",
    "<script>alert(1)</script>",
    "&amp;",
    "~~del~~",
    "$m$",
    "a|b",
    "back\\slash",
]
# Acting sequences: clear screen, window title, hyperlink, clipboard write, 8-bit CSI and OSC.
SEQUENCES = "\x1b[2J \x1b]0;owned\x07 \x1b]8;;https://evil.example\x1b\\\\ \x1b]52;c;ZXZpbA==\x07 \x9b31m \x9d0;t\x9c \x07\x08\x7f"
HOSTILE = " ".join(LITERALS) + " " + SEQUENCES
# Markdown that would open a block at the start of a line.
LINE_STARTS = ["# heading", "- item", "+ item", "1. ordered", "2) ordered", "> quote", "---", "===", "    indented"]


def hostile_records():
    def ents(tag):
        return (
            entity(f"{tag} {HOSTILE}", "PERSON", 3, f"{tag} {HOSTILE}", f"[b]{tag}[/b]"),
            entity(f"Org {tag} *x*", "\x1b[31mORG", 2),
        )

    return [
        record(
            "aaaa0001",
            f"# Lead {HOSTILE}",
            dek=f"Dek {HOSTILE}",
            source=f"- Source {HOSTILE}",
            url="javascript:alert(1)//<b>[x](y)",
            published="2026-11-23T08:00:00+00:00",
            tags=(f"tag{HOSTILE}", "*t*"),
            starred=True,
            notes=(Note("\n".join(f"{start} {HOSTILE}" for start in LINE_STARTS), "2026-11-23T09:00:00+00:00\x1b[2J"),),
            summary=tuple(f"{start} {HOSTILE}" for start in LINE_STARTS),
            entities=ents("Shared"),
        ),
        record(
            "aaaa0002",
            f"1. Second {HOSTILE}",
            source="> quoted source",
            url="https://ok.example/a?b=<c>",
            published="2026-11-23",
            summary=(f"Shared story again {HOSTILE}", f"=== {HOSTILE}"),
            entities=ents("Shared"),
        ),
        record(
            "aaaa0003", f"[/] {HOSTILE}", published="2026-11-23", summary=(f"--- {HOSTILE}",), entities=ents("Other")
        ),
    ]


def hostile_brief(**options):
    query = BriefQuery(date=DAY, tz=UTC, now=NOW, **options)
    return brief_from_records(hostile_records(), query)
