"""Full-text extraction quality and feed parsing speed.

1. Extraction: the body briefing stores (extract_page -> paragraphs cleaned by
   briefing.core.prose.clean_body) against the reference text of real news pages, by token F1,
   side by side with trafilatura's own plain output (`trafilatura.extract`) on the same pages in
   the same run, plus milliseconds per page. The pages are the ~30 HTML files with reference
   text in newspaper4k's sdist (tests/data/html + tests/data/txt): downloaded with pip into a
   temporary folder (never into the repo), or taken from --pages DIR (a folder holding html/ and
   txt/). Lines that clean_body removed although they are in the reference are listed.
2. Feed parsing: feedparser on a large generated RSS feed (ms per KB), as feedparser is called
   by default and as briefing calls it (parse_document: sanitiser and URI rewriting off).

    python benchmarks/extraction.py [--pages DIR] [--repeat 3] [--feed-mb 4]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NEWSPAPER4K = "newspaper4k==0.9.6"
# Scripts written without spaces: every character is a token (as in CJK extraction benchmarks).
_UNSPACED = re.compile("[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    text = _UNSPACED.sub(lambda m: f" {m.group(0)} ", text.casefold())
    return _TOKEN.findall(text)


def f1(candidate: str, reference: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of bag-of-token overlap."""
    got, want = Counter(tokens(candidate)), Counter(tokens(reference))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def fetch_pages(folder: Path) -> Path:
    """newspaper4k's test pages, from its sdist, unpacked in `folder`."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-binary",
            ":all:",
            "--no-deps",
            NEWSPAPER4K,
            "-d",
            str(folder),
        ],
        check=True,
    )
    archive = next(folder.glob("newspaper4k-*.tar.gz"))
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if "/tests/data/" in m.name and m.isfile()]
        tar.extractall(folder, members=members, filter="data")
    return next(folder.glob("newspaper4k-*/tests/data"))


def page_pairs(data: Path) -> list[tuple[str, bytes, str, str]]:
    """(name, html bytes, url, reference text) for every page that has a reference."""
    import json

    pairs = []
    for html in sorted((data / "html").glob("*.html")):
        reference = data / "txt" / (html.stem + ".txt")
        if not reference.exists():
            continue
        meta = data / "metadata" / (html.stem + ".json")
        url = f"https://news.example/{html.stem}"
        if meta.exists():
            url = json.loads(meta.read_text(encoding="utf-8")).get("url") or url
        pairs.append((html.stem, html.read_bytes(), url, reference.read_text(encoding="utf-8")))
    return pairs


def timed(function, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def extraction(data: Path, repeat: int) -> None:
    import trafilatura

    from briefing.core.prose import clean_body
    from briefing.feeds import extract as extract_module
    from briefing.feeds.extract import extract_page

    pairs = page_pairs(data)
    for _, html, url, _ in pairs[:2]:  # first calls compile trafilatura's and htmldate's patterns
        extract_page(html, url=url)
        trafilatura.extract(html, url=url)
    # The same extraction with clean_body switched off, to show what the prose filter removes.
    uncleaned: dict[str, tuple[str, ...]] = {}
    rows, removed_wrongly = [], []
    for name, html, url, reference in pairs:
        # The lambdas are called at once, inside this iteration (B023 does not apply).
        ours, ours_s = timed(lambda: extract_page(html, url=url), repeat)  # noqa: B023
        theirs, theirs_s = timed(lambda: trafilatura.extract(html, url=url) or "", repeat)  # noqa: B023
        plain = trafilatura.extract(html, url=url, include_comments=False) or ""
        # trafilatura's plain output with the options extract_page uses: what our own paragraphing
        # and cleaning add (or take away) on top of the extraction itself.
        same = trafilatura.extract(html, url=url, include_comments=False, favor_precision=True) or ""
        extract_module.clean_body = tuple  # type: ignore[assignment]
        try:
            uncleaned[name] = extract_page(html, url=url).paragraphs
        finally:
            extract_module.clean_body = clean_body
        kept = set(ours.paragraphs)
        reference_tokens = Counter(tokens(reference))
        for line in uncleaned[name]:
            if line not in kept and line.strip():
                line_tokens = Counter(tokens(line))
                if line_tokens and sum((line_tokens & reference_tokens).values()) >= 0.8 * sum(line_tokens.values()):
                    removed_wrongly.append((name, line))
        body = "\n".join(ours.paragraphs)
        rows.append(
            (
                name,
                f1(body, reference),
                f1(theirs, reference),
                f1(plain, reference),
                f1("\n".join(uncleaned[name]), reference),
                ours_s,
                theirs_s,
                ours.problem,
                f1(same, reference),
            )
        )
    print(
        f"Extraction: {len(rows)} newspaper4k pages with reference text, token F1 (precision/recall), "
        f"median of {repeat} runs per page"
    )
    print("columns: ours = extract_page body (stored); trafilatura = trafilatura.extract(html) (its defaults);")
    print("  no comm. = extract(include_comments=False); ours' opts = extract(include_comments=False,")
    print("  favor_precision=True), the options extract_page uses; no clean = ours without clean_body")
    print(
        f"{'page':24} {'ours':>17} {'trafilatura':>17} {'no comm.':>17} {'ours opts':>9} {'no clean':>9} "
        f"{'ours ms':>8} {'traf ms':>8}"
    )
    for name, a, b, c, d, ta, tb, problem, e in rows:
        print(
            f"{name[:24]:24} {a[2]:.3f} ({a[0]:.2f}/{a[1]:.2f}) {b[2]:.3f} ({b[0]:.2f}/{b[1]:.2f}) "
            f"{c[2]:.3f} ({c[0]:.2f}/{c[1]:.2f}) {e[2]:9.3f} {d[2]:9.3f} {ta * 1000:8.1f} {tb * 1000:8.1f}"
            + (f"  [{problem}]" if problem else "")
        )
    mean = lambda i: statistics.fmean(r[i][2] for r in rows)  # noqa: E731
    print(f"{'mean F1':24} {mean(1):17.3f} {mean(2):17.3f} {mean(3):17.3f} {mean(8):9.3f} {mean(4):9.3f}")
    print(
        f"{'median ms per page':24} {statistics.median(r[5] for r in rows) * 1000:>17.1f} "
        f"{statistics.median(r[6] for r in rows) * 1000:>17.1f}"
    )
    print(
        f"{'mean ms per page':24} {statistics.fmean(r[5] for r in rows) * 1000:>17.1f} "
        f"{statistics.fmean(r[6] for r in rows) * 1000:>17.1f}"
    )
    better = sum(r[1][2] > r[2][2] + 1e-9 for r in rows)
    worse = sum(r[1][2] < r[2][2] - 1e-9 for r in rows)
    print(f"ours vs trafilatura per page: better {better}, equal {len(rows) - better - worse}, worse {worse}")
    print(f"lines clean_body removed that are in the reference text: {len(removed_wrongly)}")
    for name, line in removed_wrongly:
        print(f"  {name}: {line[:100]!r}")


def generated_feed(megabytes: float) -> bytes:
    item = (
        "<item><title>Item {i}: markets &amp; ministers meet in Brussels</title>"
        "<link>https://news.example/{i}?utm_source=rss</link><guid isPermaLink='false'>id-{i}</guid>"
        "<pubDate>Tue, 01 Dec 2026 09:{m:02d}:00 +0000</pubDate><dc:creator>Desk</dc:creator>"
        "<description><![CDATA[<p>The ministers met on Tuesday to discuss the budget for the coming year, "
        "officials said.</p><p>Talks are expected to continue <a href='/more'>next week</a> as the "
        "deadline nears &amp; markets wait.</p>]]></description>"
        "<content:encoded><![CDATA["
        + "<p>"
        + "A long paragraph of the full article text. " * 12
        + "</p>" * 1
        + "<p>Another paragraph, with <b>bold</b> and <i>italic</i> words and a <script>x()</script>.</p>"
        + "]]></content:encoded></item>\n"
    )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Generated</title><link>https://news.example/</link>\n"
    )
    parts, size, i = [head], len(head), 0
    while size < megabytes * 1024 * 1024:
        chunk = item.format(i=i, m=i % 60)
        parts.append(chunk)
        size += len(chunk)
        i += 1
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


def feed_speed(megabytes: float, repeat: int) -> None:
    import feedparser

    from briefing.feeds.parse import parse_document

    body = generated_feed(megabytes)
    kb = len(body) / 1024
    default, default_s = timed(lambda: feedparser.parse(body), repeat)
    ours_fp, ours_fp_s = timed(lambda: feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False), repeat)
    ours, ours_s = timed(lambda: parse_document(body, url="https://news.example/feed.xml"), repeat)
    print(f"\nFeed parsing: generated RSS, {kb / 1024:.1f} MB, {len(ours.entries)} items, median of {repeat} runs")
    print(f"  feedparser.parse, defaults              {default_s:7.2f} s  {default_s * 1000 / kb:.2f} ms per KB")
    print(f"  feedparser.parse, sanitiser + URIs off  {ours_fp_s:7.2f} s  {ours_fp_s * 1000 / kb:.2f} ms per KB")
    print(f"  parse_document (all of briefing's work) {ours_s:7.2f} s  {ours_s * 1000 / kb:.2f} ms per KB")
    assert len(default.entries) == len(ours_fp.entries) == len(ours.entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, help="a folder with html/ and txt/ (default: download newspaper4k's)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--feed-mb", type=float, default=4.0)
    parser.add_argument("--skip-extraction", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if not args.skip_extraction:
        if args.pages:
            extraction(args.pages, args.repeat)
        else:
            with tempfile.TemporaryDirectory(prefix="briefing-extraction-") as folder:
                extraction(fetch_pages(Path(folder)), args.repeat)
    feed_speed(args.feed_mb, args.repeat)


if __name__ == "__main__":
    main()
