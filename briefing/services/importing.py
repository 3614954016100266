"""Importing articles: read files, analyse new articles (on all cores), add them to the store."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from briefing.core.model import Article
from briefing.core.parsing import Problem
from briefing.store import ArticleStore

BATCH = 1000  # articles analysed and stored per write: a week's files are rewritten once per batch
PARALLEL_THRESHOLD = 24  # below this, starting worker processes costs more than it saves

ProgressFn = Callable[[int], None]


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    added: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        return f"imported {self.imported}, duplicates {self.duplicates}, failed {self.failed}"


def analyse_one(article: Article) -> dict | None:
    """The stored analysis of one article; None if the analyzer rejects the text."""
    from briefing.analysis import AnalysisError, analyze

    try:
        return analyze(article.headline, article.dek, article.body).to_dict()
    except AnalysisError:
        return None


def _worker_init() -> None:
    # One BLAS thread per process: the pool already uses every core (FACTS.md: LSA's tail).
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"


def analyse_many(
    articles: list[Article],
    jobs: int | None = None,
    progress: ProgressFn | None = None,
    start_method: str | None = None,
) -> list[dict | None]:
    """Analyses in input order, using a process pool for large batches. `start_method`
    ("spawn") matters in a threaded process such as the reader, where fork is unsafe."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(articles) < PARALLEL_THRESHOLD:
        return _collect(map(analyse_one, articles), progress)
    import multiprocessing

    context = multiprocessing.get_context(start_method) if start_method else None
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, mp_context=context) as pool:
        return _collect(pool.map(analyse_one, articles, chunksize=8), progress)


def _collect(analyses: Iterable[dict | None], progress: ProgressFn | None) -> list[dict | None]:
    results = []
    for analysis in analyses:
        results.append(analysis)
        if progress:
            progress(1)
    return results


def import_articles(
    store: ArticleStore,
    items: Iterable[Article | Problem],
    *,
    on_problem: Callable[[Problem], None],
    progress: ProgressFn | None = None,
    jobs: int | None = None,
) -> ImportReport:
    """Add every readable article; report each problem through `on_problem` as it happens."""
    report = ImportReport()
    seen: set[str] = set()
    batch: list[Article] = []

    def flush() -> None:
        if not batch:
            return
        # Articles the library already has are not analysed again (only counted by add),
        # but an exported one still goes to the store, which merges its tags, notes and flags.
        known = store.known_articles(batch)
        fresh = [article for article, hit in zip(batch, known) if hit is None]
        returning = [
            (article, None) for article, hit in zip(batch, known) if hit is not None and article.has_user_state
        ]
        report.duplicates += len(batch) - len(fresh) - len(returning)
        if progress and len(fresh) < len(batch):
            progress(len(batch) - len(fresh))
        analyses = analyse_many(fresh, jobs=jobs, progress=progress)
        result = store.add([*zip(fresh, analyses), *returning])
        report.imported += len(result.added)
        report.duplicates += len(result.duplicates)
        report.added.extend(result.added)
        batch.clear()

    for item in items:
        if isinstance(item, Problem):
            on_problem(item)
            if not item.warning:
                report.failed += 1
                if progress:
                    progress(1)
            continue
        if item.hash in seen and not item.has_user_state:
            report.duplicates += 1
            if progress:
                progress(1)
            continue
        seen.add(item.hash)
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    flush()
    return report


def reanalyse(
    store: ArticleStore,
    *,
    version: str | None = None,
    everything: bool = False,
    progress: ProgressFn | None = None,
    jobs: int | None = None,
    start_method: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Recompute analyses made by another analyzer version (or all), batch by batch, each
    batch saved before the next (`cancelled()` is checked between them). Never touches user
    data: tags, notes and read state live in another file."""
    from briefing.analysis import ANALYZER_VERSION

    version = version or ANALYZER_VERSION
    ids = store.ids() if everything else store.stale(version)
    done = 0
    for start in range(0, len(ids), BATCH):
        if cancelled and cancelled():
            break
        records = store.get_many(ids[start : start + BATCH])
        articles = [Article(title=r.title, dek=r.dek, paragraphs=r.paragraphs, hash=r.hash or "x") for r in records]
        analyses = analyse_many(articles, jobs=jobs, progress=progress, start_method=start_method)
        done += store.update_analysis({r.id: a for r, a in zip(records, analyses) if a is not None})
    return done
