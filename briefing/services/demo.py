"""The demo library: the bundled seeds imported into a throwaway library, dates moved so the
newest seed is today (the sample week always looks like this week)."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
from pathlib import Path

from briefing.core.model import Article
from briefing.core.parsing import Problem, read_paths
from briefing.resources import seeds_dir
from briefing.services.importing import ImportReport, import_articles
from briefing.store import ArticleStore


def _shift(published: str, days: int) -> str:
    if len(published) == 10:
        return (dt.date.fromisoformat(published) + dt.timedelta(days=days)).isoformat()
    return (dt.datetime.fromisoformat(published) + dt.timedelta(days=days)).isoformat()


def rebased_seeds(today: dt.date | None = None) -> tuple[list[Article], list[Problem]]:
    today = today or dt.date.today()
    articles: list[Article] = []
    problems: list[Problem] = []
    for item in read_paths([str(seeds_dir())]):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            articles.append(item)
    dated = [a.published[:10] for a in articles if a.published]
    if dated:
        offset = (today - dt.date.fromisoformat(max(dated))).days
        articles = [replace(a, published=_shift(a.published, offset)) if a.published else a for a in articles]
    return articles, problems


def build_demo_library(
    directory: Path | None = None, today: dt.date | None = None
) -> tuple[ArticleStore, ImportReport]:
    """A fresh library of the seeds in `directory` (a new temporary folder by default)."""
    directory = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="briefing-demo-"))
    store = ArticleStore(directory / "library.json")
    articles, problems = rebased_seeds(today)
    report = import_articles(store, [*problems, *articles], on_problem=lambda p: None)
    return store, report
