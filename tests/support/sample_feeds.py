"""The sample library with subscriptions: three feeds (one fine, one failing, one never
fetched) and a few articles from them, every value pinned (snapshots and pilot tests)."""

from __future__ import annotations

from pathlib import Path

from briefing.core.model import Article
from tests.support.sample_app import analysis_for, build_sample_library, frozen_clock

FEEDS = [
    # (url, title, tags, http state)
    (
        "http://127.0.0.1:9/ledger.xml",
        "The Riverton Ledger",
        ["local"],
        {
            "status": "ok",
            "last_fetched": "2026-11-28T07:00:00+00:00",
            "next_check": "2026-11-28T08:00:00+00:00",
            "last_status": 200,
        },
    ),
    (
        "http://127.0.0.1:9/wire.xml",
        "Pacific Dispatch",
        ["asia"],
        {
            "status": "error",
            "error": "HTTP 503 Service Unavailable: blocked by bot protection (Cloudflare)",
            "last_fetched": "2026-11-28T07:00:00+00:00",
            "next_check": "2026-11-28T09:00:00+00:00",
            "error_count": 3,
            "consecutive_failures": 2,
            "last_status": 503,
        },
    ),
    ("http://127.0.0.1:9/new.xml", "Harbour Notes", [], {}),
]

FEED_ARTICLES = [
    # (feed index, title, published, paragraphs)
    (
        0,
        "Riverton opens its new river bridge to walkers",
        "2026-11-28T06:00:00+00:00",
        (
            "The Riverton city council opened the Elm River footbridge on Saturday, Mayor Dana Whitfield said.",
            "The bridge cost $12 million and took two years to build.",
        ),
    ),
    (
        0,
        "Riverton library extends weekend hours",
        "2026-11-27T15:00:00+00:00",
        ("The Riverton Public Library will open on Sundays from January, the library board said.",),
    ),
    (
        1,
        "Typhoon season ends with a record count",
        "2026-11-26T10:00:00+00:00",
        ("Forecasters in Manila said the season produced 29 named storms.",),
    ),
]


def build_feed_library(path: Path):
    """The sample library plus FEEDS and FEED_ARTICLES; returns (store, [feed ids])."""
    store = build_sample_library(path)
    ids = []
    with frozen_clock():
        for url, title, tags, http in FEEDS:
            record, _ = store.add_feed(url, title=title, tags=tags, http={"url": url, **http} if http else None)
            ids.append(record["id"])
        items = []
        for index, title, published, paragraphs in FEED_ARTICLES:
            article = Article(
                title=title,
                paragraphs=paragraphs,
                source=FEEDS[index][1],
                published=published,
                feed=ids[index],
                keys=(f"guid:{ids[index]}:{title}",),
            )
            items.append((article, analysis_for(article, {"PLACE": ["Riverton", "Manila"]})))
        store.add(items)
    return store, ids
