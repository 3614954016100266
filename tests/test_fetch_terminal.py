"""`briefing fetch` on a terminal: the Rich progress bar on stderr, then the failure lines and
the summary; piped: no bar, no escape sequences."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from briefing.store import ArticleStore
from tests.support.feeds import FeedSite, story
from tests.support.loopback import Reply
from tests.support.terminal import run_on_a_terminal

pytest_plugins = ["tests.support.fixtures"]  # the loopback fixture

REPO = Path(__file__).resolve().parents[1]


def _library(tmp_path: Path, loopback) -> tuple[Path, str]:
    site = FeedSite(loopback())
    library = tmp_path / "lib" / "library.json"
    store = ArticleStore(library)
    for n in range(3):
        store.add_feed(site.feed(f"/f{n}.xml", [story(10 * n + i) for i in range(5)], pages=False), full_text="never")
    broken = site.server.route("/broken.xml", Reply(500))
    store.add_feed(broken)
    return library, broken


def test_progress_bar_on_a_terminal(tmp_path, loopback):
    library, broken = _library(tmp_path, loopback)
    status, screen = run_on_a_terminal("--db", str(library), "fetch")
    assert status == 1
    assert "fetching" in screen
    assert f"{broken}: HTTP 500 Internal Server Error" in screen
    assert "feeds 4, new 15, not modified 0, failed 1" in screen


def test_no_progress_bar_and_no_escapes_when_piped(tmp_path, loopback):
    library, broken = _library(tmp_path, loopback)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--db", str(library), "fetch"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert result.stderr == f"{broken}: HTTP 500 Internal Server Error\nfeeds 4, new 15, not modified 0, failed 1\n"
    assert "\x1b" not in result.stdout + result.stderr
