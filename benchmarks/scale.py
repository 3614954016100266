"""briefing at the scale of a year of news: every row of issue 11's table, measured from the outside.

    python benchmarks/scale.py --sizes 10000                 # one size (built first if not cached)
    python benchmarks/scale.py --sizes 1000,10000,50000 --runs 5
    python benchmarks/scale.py --sizes 250000 --json scale-250k.json   # also write the figures as JSON
    python benchmarks/scale.py --sizes 1000 --skip reader,import       # leave rows out

The libraries come from benchmarks/library.py (news-like ~5 KB articles imported with the real
`briefing import`, analysis included, user state added through the CLI; cached per code
version). Every figure is a whole `python -m briefing` process driven as a user drives it,
on a copy of the cached library (the cache is never modified), in UTC; the median of --runs
runs is printed with every run:

- reader: `briefing --db LIB` in a real terminal (tmux, 120x40), from launch until
  `capture-pane` shows an article row (one of the newest day's headlines); the process's
  VmHWM (/proc/PID/status) at that moment is its peak memory at first frame; then `q`.
- `briefing brief --date D --tz UTC` of a day with a typical article count, to a pipe.
- `briefing tag ID bench-scale`, then `briefing untag ID bench-scale`.
- `briefing list --json --date D`, to a pipe.
- import: `briefing import` of the same 1,000 new articles (the day after the library's last)
  into a fresh copy of the library, then into an empty library, --import-runs pairs; the
  ratio is the median of the pairs' ratios (wall time; CPU time, the process's and its
  analysis workers', is printed beside it: steadier on a busy machine).
- the library on disk, file by file (folders summed), and the time the build's import took.
Also, without targets: `briefing show ID --json`, `briefing list` of the whole library and the
reader's exit after `q`.

Targets (issue 11) are printed beside the figures and checked at 50k and 250k; the exit
status is 1 when one is missed. This script knows nothing of the store's files: it keeps
working when the layout changes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import library as L  # noqa: E402

TAG = "bench-scale"
ROWS = ("reader", "brief", "tag", "list", "import", "others")
# row: (label, unit, target at 50k, target at 250k); None: no target
TARGETS = {
    "reader_s": ("reader, launch to the first article row (tmux)", "s", 1.0, 1.0),
    "reader_mb": ("reader peak memory at first frame", "MB", 250, 400),
    "brief_s": ("`briefing brief` of one day", "s", 1.0, 1.0),
    "tag_s": ("`briefing tag`", "s", 0.3, 0.3),
    "untag_s": ("`briefing untag`", "s", 0.3, 0.3),
    "list_date_s": ("`briefing list --json --date D`", "s", 0.5, 0.5),
    "import_ratio": ("import of 1,000: into the library / into an empty one", "x", 1.10, 1.10),
    "build_import_s": ("import of the whole library (the build)", "s", None, None),
    "disk_mb": ("library on disk", "MB", None, None),
    "show_s": ("`briefing show ID --json` (no target)", "s", None, None),
    "list_all_s": ("`briefing list` of the whole library (no target)", "s", None, None),
    "reader_quit_s": ("reader, `q` to the process gone (no target)", "s", None, None),
}


class Report:
    """Human output to stdout, or to stderr when the JSON goes to stdout."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def __call__(self, text: str = "") -> None:
        print(text, file=self.stream, flush=True)


def runs_line(values: list[float], unit: str, digits: int = 3) -> str:
    fmt = f"{{:.{digits}f}}"
    return f"median {fmt.format(statistics.median(values))} {unit} (runs: {', '.join(fmt.format(v) for v in values)})"


def timed(cli: L.CLI, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = cli.run(*args)
    return time.perf_counter() - start, result


def timed_cpu(cli: L.CLI, *args: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds (user + system, the process and the analysis workers it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, result = timed(cli, *args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), result


# --- the reader in a real terminal -----------------------------------------------------------


def proc_status(pid: int) -> dict[str, int]:
    values = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    values[key] = int(rest.split()[0])  # kB
    except FileNotFoundError:
        pass
    return values


def running(pid: int) -> bool:
    """True while the process runs: tmux reaps its pane's process late, so an exited reader
    stays a zombie for a while (/proc/PID still exists)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def reader_first_row(cli: L.CLI, prefixes: list[str], socket: Path, timeout: float = 180.0) -> dict:
    """Launch the reader in tmux; seconds until a headline shows, VmHWM at that moment (MB).
    `socket`: a path for a tmux server of this run's own (removed with the caller's folder)."""
    tmux = ["tmux", "-S", str(socket), "-f", "/dev/null"]
    command = (
        f"exec env TERM=xterm-256color {shlex.quote(sys.executable)} -m briefing --db {shlex.quote(str(cli.library))}"
    )
    start = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "bench", "-x", "120", "-y", "40", command],
        env=cli.env,
        cwd=L.ROOT,
        check=True,
    )
    try:
        pid = int(
            subprocess.run(
                [*tmux, "display-message", "-p", "-t", "bench", "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        screen = ""
        while time.perf_counter() - start < timeout:
            screen = subprocess.run([*tmux, "capture-pane", "-p", "-t", "bench"], capture_output=True, text=True).stdout
            if any(prefix in screen for prefix in prefixes):
                seconds = time.perf_counter() - start
                status = proc_status(pid)
                break
            time.sleep(0.01)
        else:
            raise SystemExit(f"the reader showed no article row within {timeout:.0f} s; last screen:\n{screen}")
        quit_start = time.perf_counter()
        subprocess.run([*tmux, "send-keys", "-t", "bench", "q"], check=True)
        while running(pid) and time.perf_counter() - quit_start < 30:
            time.sleep(0.005)
        quit_seconds = time.perf_counter() - quit_start
        return {
            "seconds": seconds,
            "hwm_mb": status.get("VmHWM", 0) / 1024,
            "rss_mb": status.get("VmRSS", 0) / 1024,
            "quit_seconds": quit_seconds,
        }
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def headline_prefixes(manifest: dict) -> list[str]:
    """The start of each of the newest day's headlines: what an article row shows at 120x40."""
    prefixes = {t[:20] for t in manifest["newest_titles"] if t[:20].isascii() and len(t) >= 20}
    return sorted(prefixes)


# --- disk -------------------------------------------------------------------------------------


def disk_usage(directory: Path) -> tuple[int, list[dict]]:
    entries = []
    for path in sorted(directory.iterdir()):
        if path.is_dir():
            files = [f for f in path.rglob("*") if f.is_file()]
            sizes = [f.stat().st_size for f in files]
            entries.append(
                {"name": path.name + "/", "bytes": sum(sizes), "files": len(files), "largest": max(sizes, default=0)}
            )
        else:
            entries.append({"name": path.name, "bytes": path.stat().st_size, "files": 1})
    entries.sort(key=lambda e: -e["bytes"])
    return sum(e["bytes"] for e in entries), entries


# --- one size -----------------------------------------------------------------------------------


def measure(size: int, runs: int, import_runs: int, skip: set[str], say: Report) -> dict:
    lib = L.ensure(size, log=say)
    build = lib.build
    day = build["brief_day"]
    out: dict = {
        "size": size,
        "fingerprint": build["fingerprint"],
        "span_days": build["span_days"],
        "brief_day": day,
        "figures": {},
        "runs": {},
    }
    figures, all_runs = out["figures"], out["runs"]
    say(
        f"\n== {size:,} articles over {build['span_days']} days ({build['first_day']}..{build['last_day']}), "
        f"library {lib.path.parent}, built {build['built']}"
    )
    total, entries = disk_usage(lib.path.parent)
    figures["disk_mb"] = total / 1e6
    out["disk"] = entries
    figures["build_import_s"] = build["import"]["seconds"]
    out["build"] = {
        "import": build["import"],
        "user_state": build["user_state"],
        "build_seconds": build["build_seconds"],
    }
    say(
        f"  build: import {build['import']['seconds']:.1f} s in {len(build['import']['commands'])} commands "
        f"(<= {build['import']['chunk']:,} articles each), user state {build['user_state']['seconds']:.1f} s "
        f"({build['user_state']['commands']} commands), whole build {build['build_seconds']:.0f} s"
    )
    say(f"  on disk: {total / 1e6:.1f} MB")
    for e in entries:
        extra = f" in {e['files']} files, largest {e['largest'] / 1e6:.2f} MB" if e["name"].endswith("/") else ""
        say(f"    {e['name']:<28} {e['bytes'] / 1e6:9.2f} MB{extra}")

    with tempfile.TemporaryDirectory(prefix="briefing-scale-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        shutil.copytree(lib.path.parent, tmp / "lib")
        say(f"  (working copy made in {time.perf_counter() - start:.1f} s; the cache is left untouched)")
        cli = L.CLI(tmp / "lib" / lib.path.name, tmp / "config")
        (tmp / "config").mkdir()

        if "reader" not in skip:
            if shutil.which("tmux") is None:
                say("  reader: skipped, tmux is not installed (apt-get install -y tmux)")
            else:
                prefixes = headline_prefixes(lib.manifest)
                reader_first_row(cli, prefixes, tmp / "tmux-warm-up")
                results = [reader_first_row(cli, prefixes, tmp / f"tmux-{n}") for n in range(runs)]
                all_runs["reader_s"] = [r["seconds"] for r in results]
                all_runs["reader_mb"] = [r["hwm_mb"] for r in results]
                all_runs["reader_quit_s"] = [r["quit_seconds"] for r in results]
                say(f"  reader first row: {runs_line(all_runs['reader_s'], 's')}")
                say(
                    f"  reader peak memory (VmHWM) at first row: {runs_line(all_runs['reader_mb'], 'MB', 0)}; "
                    f"RSS then {statistics.median(r['rss_mb'] for r in results):.0f} MB"
                )
                say(f"  reader exit after q: {runs_line(all_runs['reader_quit_s'], 's')}")

        if "brief" not in skip:
            brief = ["brief", "--date", day["date"], "--tz", "UTC"]
            seconds, result = timed(cli, *brief, "--format", "json")  # warm-up, and what the brief holds
            data = json.loads(result.stdout)
            out["brief"] = {
                "articles": data["article_count"],
                "groups": len(data["groups"]),
                "groups_of_2_or_more": sum(len(g["articles"]) > 1 for g in data["groups"]),
                "json_seconds": seconds,
            }
            all_runs["brief_s"] = [timed(cli, *brief)[0] for _ in range(runs)]
            say(
                f"  brief of {day['date']} ({data['article_count']} articles, {len(data['groups'])} stories, "
                f"{out['brief']['groups_of_2_or_more']} of them told by 2+ outlets): {runs_line(all_runs['brief_s'], 's')}"
                f"; --format json (warm-up) {seconds:.3f} s"
            )

        if "tag" not in skip:
            article = build["tag_article"]
            tags, untags = [], []
            for _ in range(runs):
                seconds, result = timed(cli, "tag", article, TAG)
                assert f"#{TAG}" in result.stdout, result.stdout
                tags.append(seconds)
                seconds, result = timed(cli, "untag", article, TAG)
                assert f"#{TAG}" not in result.stdout, result.stdout
                untags.append(seconds)
            all_runs["tag_s"], all_runs["untag_s"] = tags, untags
            say(f"  tag {article}: {runs_line(tags, 's')}")
            say(f"  untag: {runs_line(untags, 's')}")

        if "list" not in skip:
            seconds, result = timed(cli, "list", "--json", "--date", day["date"])
            listed = len(json.loads(result.stdout))
            all_runs["list_date_s"] = [timed(cli, "list", "--json", "--date", day["date"])[0] for _ in range(runs)]
            say(
                f"  list --json --date {day['date']} ({listed} articles, {len(result.stdout) / 1e3:.0f} kB): "
                f"{runs_line(all_runs['list_date_s'], 's')}"
            )

        if "others" not in skip:
            all_runs["show_s"] = [timed(cli, "show", build["tag_article"], "--json")[0] for _ in range(runs)]
            say(f"  show --json: {runs_line(all_runs['show_s'], 's')}")
            all_runs["list_all_s"] = [timed(cli, "list")[0] for _ in range(max(1, runs // 2))]
            say(f"  list (all {size:,}): {runs_line(all_runs['list_all_s'], 's')}")

        if "import" not in skip:
            extra = lib.articles / lib.manifest["extra"]["file"]
            expected = f"imported {lib.manifest['extra']['articles']}, duplicates 0, failed 0"
            # Pairs back to back (the library, then an empty one), so that a change in the
            # machine's load touches both sides of a ratio alike.
            into_library, into_empty, cpu_library, cpu_empty, copies = [], [], [], [], []
            for n in range(import_runs):
                target = tmp / f"import-{n}"
                start = time.perf_counter()
                shutil.copytree(lib.path.parent, target)
                copies.append(time.perf_counter() - start)
                seconds, cpu, result = timed_cpu(
                    L.CLI(target / lib.path.name, tmp / "config"), "import", "--quiet", str(extra)
                )
                assert result.stderr.strip().endswith(expected), result.stderr
                into_library.append(seconds)
                cpu_library.append(cpu)
                shutil.rmtree(target)
                empty = tmp / f"empty-{n}"
                empty.mkdir()
                seconds, cpu, result = timed_cpu(
                    L.CLI(empty / "library.json", tmp / "config"), "import", "--quiet", str(extra)
                )
                assert result.stderr.strip().endswith(expected), result.stderr
                into_empty.append(seconds)
                cpu_empty.append(cpu)
                shutil.rmtree(empty)
            all_runs.update(
                import_library_s=into_library,
                import_empty_s=into_empty,
                import_library_cpu_s=cpu_library,
                import_empty_cpu_s=cpu_empty,
            )
            ratios = [a / b for a, b in zip(into_library, into_empty)]
            cpu_ratios = [a / b for a, b in zip(cpu_library, cpu_empty)]
            figures["import_ratio"] = statistics.median(ratios)
            out["import"] = {
                "library_s": statistics.median(into_library),
                "empty_s": statistics.median(into_empty),
                "ratios": ratios,
                "cpu_library_s": statistics.median(cpu_library),
                "cpu_empty_s": statistics.median(cpu_empty),
                "cpu_ratio": statistics.median(cpu_ratios),
                "copy_s": statistics.median(copies),
            }
            say(
                f"  import of 1,000 new articles into the library: {runs_line(into_library, 's', 2)}; "
                f"CPU {runs_line(cpu_library, 's', 1)}"
            )
            say(
                f"  the same into an empty library: {runs_line(into_empty, 's', 2)}; CPU {runs_line(cpu_empty, 's', 1)}"
            )
            say(
                f"  ratio, pair by pair: wall {runs_line(ratios, 'x', 2)}; CPU {runs_line(cpu_ratios, 'x', 2)} "
                f"(copies of the library took {statistics.median(copies):.1f} s each, not counted)"
            )

    for key, values in all_runs.items():
        if key in TARGETS:
            figures[key] = statistics.median(values)
    return out


# --- the table --------------------------------------------------------------------------------


def target_for(key: str, size: int):
    _, _, at_50k, at_250k = TARGETS[key]
    if size >= 250_000:
        return at_250k
    if size >= 50_000:
        return at_50k
    return None


def cell(key: str, result: dict) -> str:
    value = result["figures"].get(key)
    if value is None:
        return ""
    unit = TARGETS[key][1]
    if key == "import_ratio":
        imp = result["import"]
        text = f"{imp['library_s']:.1f} / {imp['empty_s']:.1f} s: {value:.2f}x (CPU {imp['cpu_ratio']:.2f}x)"
    elif unit == "MB":
        text = f"{value:,.0f} MB" if value >= 100 else f"{value:.1f} MB"
    elif value >= 100:
        text = f"{value:,.0f} s"
    elif value >= 10:
        text = f"{value:.1f} s"
    else:
        text = f"{value:.2f} s"
    target = target_for(key, result["size"])
    if target is not None:
        text += " ok" if value <= target else " MISSED"
    return text


def target_text(key: str, column: int) -> str:
    target = TARGETS[key][2 + column]
    if target is None:
        return ""
    unit = TARGETS[key][1]
    return f"<= {target:.2f}x" if unit == "x" else f"<= {target:g} {unit}"


def table(results: list[dict]) -> list[str]:
    head = [
        "",
        *(f"{r['size'] // 1000}k" if r["size"] >= 1000 else str(r["size"]) for r in results),
        "target at 50k",
        "target at 250k",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, (label, *_rest) in TARGETS.items():
        cells = [cell(key, r) for r in results]
        if not any(cells):
            continue
        lines.append("| " + " | ".join([label, *cells, target_text(key, 0), target_text(key, 1)]) + " |")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000", help="comma-separated library sizes (1000, 10000, 50000, 250000, ...)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (median printed)")
    parser.add_argument("--import-runs", type=int, default=3, help="runs of each of the two 1,000-article imports")
    parser.add_argument("--skip", default="", help=f"comma-separated rows to leave out: {','.join(ROWS)}")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH (- for stdout)")
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    if skip - set(ROWS):
        parser.error(f"unknown rows in --skip: {', '.join(sorted(skip - set(ROWS)))}")
    say = Report(sys.stderr if args.json == "-" else sys.stdout)
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    say(f"briefing at scale: {machine}; medians of {args.runs} runs (imports: {args.import_runs}), whole processes")
    results = [measure(int(s), args.runs, args.import_runs, skip, say) for s in args.sizes.split(",") if s]
    say(f"\nload average {os.getloadavg()[0]:.1f} at the end (a busy machine makes every figure slower)\n")
    for line in table(results):
        say(line)
    days = "; ".join(f"{r['size']:,}: {r['brief_day']['date']}, {r['brief_day']['articles']} articles" for r in results)
    say(
        f"\nthe brief's and the list's day: {days}. 'ok' / 'MISSED': against the target for that size "
        "(targets are set at 50k and 250k)."
    )
    if args.json:
        document = json.dumps(
            {
                "machine": machine,
                "runs": args.runs,
                "import_runs": args.import_runs,
                "targets": {
                    k: {"label": v[0], "unit": v[1], "at_50k": v[2], "at_250k": v[3]} for k, v in TARGETS.items()
                },
                "results": results,
            },
            indent=1,
        )
        if args.json == "-":
            print(document)
        else:
            Path(args.json).write_text(document + "\n")
            say(f"JSON written to {args.json}")
    missed = any("MISSED" in cell(k, r) for r in results for k in TARGETS)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
