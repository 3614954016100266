"""The import progress bar: shown on a terminal, never when stderr is piped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.sample_articles import PLAIN, write
from tests.support.terminal import run_on_a_terminal

REPO = Path(__file__).resolve().parents[1]


def _articles(directory: Path, count: int = 30) -> Path:
    for i in range(count):
        write(directory / f"{i:03d}.txt", PLAIN.replace("Council approves", f"Council {i} approves"))
    return directory


def test_progress_bar_on_a_terminal(tmp_path):
    folder = _articles(tmp_path / "in")
    status, screen = run_on_a_terminal("--db", str(tmp_path / "lib.json"), "import", str(folder))
    assert status == 0
    assert "importing" in screen and "imported 30, duplicates 0, failed 0" in screen


def test_no_progress_and_no_escapes_when_piped(tmp_path):
    folder = _articles(tmp_path / "in")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--db", str(tmp_path / "lib.json"), "import", str(folder)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0
    assert result.stderr == "imported 30, duplicates 0, failed 0\n"
    assert "\x1b" not in result.stdout + result.stderr
