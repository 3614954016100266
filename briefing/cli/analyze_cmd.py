"""`briefing analyze`: summary and entities of files, without touching the library."""

from __future__ import annotations

from collections import defaultdict

import click

from briefing.cli import fail
from briefing.cli.output import emit, emit_json, style, warn, wrap
from briefing.core.text import clean_line


def analysis_json(article, analysis) -> dict:
    data = analysis.to_dict()
    return {
        "title": article.title,
        "dek": article.dek,
        "source": article.source,
        "published": article.published,
        "origin": article.origin,
        "summary": data["summary"],
        "summary_spans": data["summary_spans"],
        "entities": data["entities"],
        "analyzer": data["analyzer"],
    }


@click.command("analyze")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list when several articles).")
@click.option(
    "--sentences", "-n", type=click.IntRange(min=1, max=50), default=3, show_default=True, help="Summary length."
)
@click.option(
    "--algorithm",
    "-a",
    default="default",
    show_default=True,
    help="Summariser: default, lead, lexrank, textrank, lsa, luhn, ...",
)
def analyze_cmd(files: tuple[str, ...], as_json: bool, sentences: int, algorithm: str) -> None:
    """Summary and named entities of article files (the library is not touched)."""
    from briefing.analysis import ALGORITHMS, AnalysisError, analyze
    from briefing.core.parsing import Problem, read_paths

    if algorithm not in ALGORITHMS:
        raise click.BadParameter(
            f"unknown algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}", param_hint="--algorithm"
        )
    results = []
    failed = 0
    for item in read_paths(files, untitled=True):
        if isinstance(item, Problem):
            warn(str(item))
            failed += 0 if item.warning else 1
            continue
        try:
            analysis = analyze(item.headline, item.dek, item.body, sentences=sentences, algorithm=algorithm)
        except AnalysisError as exc:
            warn(f"{item.origin}: {exc}")
            failed += 1
            continue
        if as_json:
            results.append(analysis_json(item, analysis))
        else:
            _print_analysis(item, analysis)
    if as_json and (results or not failed):
        emit_json(results[0] if len(results) == 1 and len(files) == 1 else results)
    if failed:
        if not results:
            fail(f"nothing analysed ({failed} failed)", status=1)
        raise click.exceptions.Exit(1)


def _print_analysis(article, analysis) -> None:
    emit(style(clean_line(article.title), bold=True))
    if article.origin:
        emit(style(clean_line(article.origin), dim=True))
    emit(style("Summary", bold=True))
    for sentence in analysis.summary:
        emit(wrap(sentence.text, "  ").replace("  ", "• ", 1))
    groups: dict[str, list[str]] = defaultdict(list)
    for entity in analysis.entities:
        groups[entity.label].append(f"{clean_line(entity.text)} ({entity.count})")
    if groups:
        emit(style("Entities", bold=True))
        for label, names in groups.items():
            emit(wrap(f"{label}: " + ", ".join(names), "  "))
    emit()
