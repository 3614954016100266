"""Running the CLI with its stderr on a pseudo-terminal, as a person at a terminal would see it:
progress bars are drawn only there."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_on_a_terminal(*args: str, timeout: float = 60) -> tuple[int, str]:
    """`briefing ARGS` with stderr on a pty (100 columns, xterm-256color) and stdout on a pipe;
    the exit status and everything the terminal received."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "briefing", *args], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=timeout)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")
