"""A fixed sample library and the app factory the TUI, snapshot, export, backup and tmux tests
use, with the pilot helpers (`settle`, `screen_text`, `keys` for a snapshot's `run_before`).

Everything that would vary between runs is pinned: the articles and analyses are written
here, `imported_at` and note times come from a frozen clock, "today" is 2026-11-28 and the
time zone is UTC.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager, suppress
from pathlib import Path
from unittest import mock

from briefing.core.model import Article

TODAY = dt.date(2026, 11, 28)
FROZEN_NOW = "2026-11-28T08:00:00+00:00"

# (title, dek, source, published, paragraphs, entities {label: [names]}, tags, read, starred, notes)
ARTICLES = [
    (
        "Riverton transit strike averted after overnight talks",
        "Union and city reach a tentative three-year deal hours before the deadline.",
        "The Riverton Ledger",
        "2026-11-28T09:30:00+00:00",
        (
            "Riverton Transit and the Amalgamated Transit Union reached a tentative deal early on Friday, "
            "Mayor Dana Whitfield said. The agreement averts a strike that would have halted buses across Riverton.",
            "Union leader Marcus Bell said members would vote next week. Whitfield thanked the state mediator, "
            "Elena Ortiz, for keeping both sides at the table.",
        ),
        {
            "PERSON": ["Dana Whitfield", "Marcus Bell", "Elena Ortiz"],
            "ORG": ["Riverton Transit", "Amalgamated Transit Union"],
            "PLACE": ["Riverton"],
        },
        ("local", "transit"),
        False,
        True,
        ["Follow up on the ratification vote."],
    ),
    (
        "Typhoon Halona forces 400,000 to flee in the northern Philippines",
        "The storm made landfall in Luzon with winds of 185 km/h.",
        "Pacific Dispatch",
        "2026-11-27",
        (
            "Typhoon Halona made landfall in Luzon on Thursday, and officials in Manila ordered evacuations. "
            "The Red Cross said shelters were full across the north.",
            "President Ana Reyes said the army would fly supplies to the Philippines' worst-hit provinces.",
        ),
        {"PERSON": ["Ana Reyes"], "ORG": ["Red Cross"], "PLACE": ["Luzon", "Manila", "Philippines"]},
        ("asia", "weather"),
        True,
        False,
        [],
    ),
    (
        "Black Friday online sales hit a record $11.8 billion",
        "Buy now, pay later use jumped as shoppers stayed home.",
        "Bellwether Business",
        "2026-11-27",
        (
            "Shoppers spent a record online on Black Friday, according to Adobe Analytics. "
            "Analyst Priya Natarajan said mobile orders made up more than half of sales.",
            "Stores in Riverton reported thinner crowds than last year.",
        ),
        {"PERSON": ["Priya Natarajan"], "ORG": ["Adobe Analytics"], "PLACE": ["Riverton"]},
        ("markets", "retail"),
        False,
        False,
        [],
    ),
    (
        "Senate panel advances bill to rein in AI companion apps",
        None,
        "Capitol Wire",
        "2026-11-24",
        (
            "A Senate committee voted 14-7 to advance a bill requiring AI companion apps to verify users' ages. "
            "Senator Ruth Alvarez, who wrote the bill, said the vote was a first step.",
        ),
        {"PERSON": ["Ruth Alvarez"], "ORG": ["Senate"], "PLACE": []},
        ("us-politics", "ai"),
        False,
        False,
        [],
    ),
    (
        "Scientists map a deep-sea coral reef off Tasmania",
        "A six-week survey found 14 km of living stony coral.",
        None,
        None,
        (
            "Marine scientists have mapped a deep-water coral reef south of Tasmania. "
            "The Southern Ocean Research Institute said the reef was among the largest known.",
        ),
        {"PERSON": [], "ORG": ["Southern Ocean Research Institute"], "PLACE": ["Tasmania"]},
        (),
        True,
        True,
        [],
    ),
]


def analysis_for(article: Article, entities: dict[str, list[str]]) -> dict:
    """A hand-made analysis: the first sentence of each paragraph as the summary, and every
    exact occurrence of each entity name as its spans."""
    body = article.body
    summary_spans = []
    offset = 0
    for paragraph in article.paragraphs:
        end = paragraph.find(". ")
        end = len(paragraph) if end == -1 else end + 1
        summary_spans.append([offset, offset + end])
        offset += len(paragraph) + 2
    found = []
    for label, names in entities.items():
        for name in names:
            spans, start = [], body.find(name)
            while start != -1:
                spans.append([start, start + len(name)])
                start = body.find(name, start + len(name))
            if spans:
                found.append({"text": name, "label": label, "count": len(spans), "aliases": [name], "spans": spans})
    return {
        "summary": [body[s:e] for s, e in summary_spans],
        "summary_spans": summary_spans,
        "entities": found,
        "analyzer": "test",
    }


@contextmanager
def frozen_clock():
    """The store stamps imports and notes with now_iso(): pin it."""
    with (
        mock.patch("briefing.store.writing.now_iso", lambda: FROZEN_NOW),
        mock.patch("briefing.store.base.now_iso", lambda: FROZEN_NOW),
    ):
        yield


def build_sample_library(path: Path):
    """The sample library at `path` (library.json); returns the open ArticleStore."""
    from briefing.store import ArticleStore

    store = ArticleStore(path)
    with frozen_clock():
        items = []
        for title, dek, source, published, paragraphs, entities, *_ in ARTICLES:
            article = Article(title=title, paragraphs=paragraphs, dek=dek, source=source, published=published)
            items.append((article, analysis_for(article, entities)))
        added = store.add(items).added
        for article_id, (*_, tags, read, starred, notes) in zip(added, ARTICLES):
            if tags:
                store.tag(article_id, tags)
            if read:
                store.set_read(article_id, True)
            if starred:
                store.set_starred(article_id, True)
            for note in notes:
                store.add_note(article_id, note)
    return store


def make_app(store, **kwargs):
    from briefing.tui.app import BriefingApp

    options = {"today": TODAY, "tz": dt.UTC, "poll_interval": None, "reanalyse_delay": None}
    options.update(kwargs)
    return BriefingApp(store, **options)


def screen_text(app) -> str:
    """The screen as plain text, exactly as the compositor would send it (without styles)."""
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


async def settle(pilot) -> None:
    """Let workers (saves, loads, searches, the brief) finish and the screen redraw. Dialog
    workers wait for the user, so they are left running. A worker that failed fails the test
    (the app would only have shown a notification)."""
    from textual.worker import WorkerCancelled

    app = pilot.app
    for _ in range(3):
        for worker in [w for w in app.workers if w.group != "dialog" and not w.is_finished]:
            with suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
    assert not app.worker_errors, app.worker_errors


def keys(*presses):
    """A snapshot's `run_before`: press each key and settle after each, then stop the cursors
    blinking, so every run draws the same frame."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)
        # Input and TextArea cursors blink: stop them, so every run draws the same frame.
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    return run_before
