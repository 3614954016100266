"""The import progress bar: shown on a terminal, never when stderr is piped."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.support.sample_articles import PLAIN, write

REPO = Path(__file__).resolve().parents[1]


def _articles(directory: Path, count: int = 30) -> Path:
    for i in range(count):
        write(directory / f"{i:03d}.txt", PLAIN.replace("Council approves", f"Council {i} approves"))
    return directory


def test_progress_bar_on_a_terminal(tmp_path):
    folder = _articles(tmp_path / "in")
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "TERM": "xterm-256color"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "--db", str(tmp_path / "lib.json"), "import", str(folder)],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
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
