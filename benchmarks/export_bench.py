"""Export, backup and restore on a 1,000-article library built by the real `briefing import`.

Run from the repo root: `python benchmarks/export_bench.py [--count 1000] [--repeat 5]`.
The library is made once (benchmarks/.cache/) from benchmarks/library.py's ~5 KB news-like day files,
then a third of its articles get tags, notes, stars and read marks. Printed, as medians:
`briefing export` per format as a whole process and in-process, the import of the md and jsonl
exports into an empty library beside that of the original files (analysis included), `briefing
backup` / `restore` as processes and in-process, how long the backup holds the library's lock,
and GNU tar (`tar -czf`) on the same files as a peer.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from library import articles_dir, generate  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def briefing(*args: str, check: bool = True) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        env=ENV,
        check=check,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def build_library(count: int) -> Path:
    library = CACHE / f"export-{count}" / "library.json"
    marker = library.parent / ".complete"
    if marker.exists():
        return library
    shutil.rmtree(library.parent, ignore_errors=True)
    manifest = generate(count)  # the news-like day files every benchmark library is made of
    days = [str(articles_dir(count) / day["file"]) for day in manifest["days"]]
    briefing("--db", str(library), "import", "--quiet", *days)
    from briefing.store import ArticleStore

    rng = random.Random(count)
    with ArticleStore(library) as store:
        ids = sorted(store.ids())
        for article_id in rng.sample(ids, count // 3):
            store.tag(article_id, rng.sample(["politics", "follow-up", "asia", "markets", "desk"], 2))
        for article_id in rng.sample(ids, count // 8):
            store.add_note(article_id, f"Check the figures in {article_id} with the desk.\nSecond line.")
        for article_id in rng.sample(ids, count // 2):
            store.set_read(article_id, True)
        for article_id in rng.sample(ids, count // 20):
            store.set_starred(article_id, True)
    marker.touch()
    return library


def median(samples: list[float]) -> str:
    return f"{statistics.median(samples):.3f} s (runs: {', '.join(f'{s:.3f}' for s in samples)})"


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    library = build_library(args.count)
    from briefing.services.exporting import ExportFilter, export_articles, select_rows
    from briefing.store import ArticleStore, restore
    from briefing.store import archive as archive_module

    print(
        f"library: {args.count} articles, {size_of(library.parent) / 1024**2:.1f} MB on disk; "
        f"{os.cpu_count()} cores (a busy machine: medians)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for fmt in ("md", "jsonl", "csv"):
            process, inproc = [], []
            for n in range(args.repeat):
                out = tmp / f"p-{fmt}-{n}{'' if fmt == 'md' else '.' + fmt}"
                process.append(briefing("--db", str(library), "export", "-q", "-f", fmt, "-o", str(out)))
                out = tmp / f"i-{fmt}-{n}{'' if fmt == 'md' else '.' + fmt}"
                store = ArticleStore(library)
                start = time.perf_counter()
                export_articles(store, select_rows(store, ExportFilter()), fmt, out)
                inproc.append(time.perf_counter() - start)
                store.close()
            print(
                f"export {fmt:5} {size_of(out) / 1024**2:6.1f} MB: `briefing export` {median(process)}; "
                f"in-process (store open) {median(inproc)}"
            )

        # Importing an export back, beside importing the original files (analysis dominates both).
        # The day files the library was made of (not extra.jsonl, the articles scale.py adds).
        days = [
            str(articles_dir(args.count) / day["file"]) for day in generate(args.count, log=lambda *a: None)["days"]
        ]
        sources = {
            "the original files": days,
            "the md export": [str(tmp / "p-md-0")],
            "the jsonl export": [str(tmp / "p-jsonl-0.jsonl")],
        }
        imports: dict[str, list[float]] = {name: [] for name in sources}
        for _ in range(min(args.repeat, 2)):
            for name, paths in sources.items():
                db = tmp / f"back-{len(imports[name])}-{name.split()[-2]}" / "library.json"
                imports[name].append(briefing("--db", str(db), "import", "-q", *paths))
        for name, samples in imports.items():
            print(f"`briefing import` of {name} into an empty library (analysis included): {median(samples)}")

        backups, restores, inproc_backup, inproc_restore, held, tars = [], [], [], [], [], []
        real_snapshot = archive_module._snapshot

        def timed_snapshot(paths, folder):
            start = time.perf_counter()
            try:
                return real_snapshot(paths, folder)
            finally:
                held.append(time.perf_counter() - start)

        archive_module._snapshot = timed_snapshot
        for n in range(args.repeat):
            archive = tmp / f"backup-{n}.tar.gz"
            backups.append(briefing("--db", str(library), "backup", "-q", str(archive)))
            restores.append(
                briefing("--db", str(tmp / f"restored-{n}" / "library.json"), "restore", "-q", str(archive))
            )
            with ArticleStore(library) as store:
                start = time.perf_counter()
                store.backup(tmp / f"in-{n}.tar.gz")
                inproc_backup.append(time.perf_counter() - start)
            start = time.perf_counter()
            restore(tmp / f"in-{n}.tar.gz", tmp / f"in-restored-{n}" / "library.json")
            inproc_restore.append(time.perf_counter() - start)
            if shutil.which("tar"):
                names = [
                    p.name
                    for p in library.parent.iterdir()
                    if p.name.startswith("library.") and p.name != "library.lock"
                ]
                start = time.perf_counter()
                subprocess.run(
                    ["tar", "-czf", str(tmp / f"gnu-{n}.tar.gz"), "-C", str(library.parent), *names], check=True
                )
                tars.append(time.perf_counter() - start)
        print(
            f"`briefing backup` {median(backups)}; in-process {median(inproc_backup)}; "
            f"archive {size_of(tmp / 'backup-0.tar.gz') / 1024**2:.1f} MB"
        )
        print(f"lock held by the backup (hard-link snapshot): median {statistics.median(held) * 1000:.1f} ms")
        print(f"`briefing restore` {median(restores)}; in-process {median(inproc_restore)}")
        if tars:
            print(
                f"peer: GNU `tar -czf` of the same files (no lock, no checksums): {median(tars)}, "
                f"{size_of(tmp / 'gnu-0.tar.gz') / 1024**2:.1f} MB"
            )


if __name__ == "__main__":
    main()
