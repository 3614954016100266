"""End to end in a real terminal: tmux runs `python -m briefing --db LIB`, the test types
keys to search, tag, note and quit, reads the screen with `capture-pane`, then checks what
the library saved."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.store import ArticleStore
from tests.support.sample_app import build_sample_library

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    """One tmux server of our own (its own socket), one 120x40 window."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check)

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(f"{key}={value!s}" for key, value in env.items())
        # COLUMNS / LINES inherited from the test process would override the pane's real size.
        self.tmux(
            "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", f"env -u COLUMNS -u LINES {exports} {command}"
        )

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", "e2e", check=False)
        return result.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen after {timeout:g} s; screen:\n{screen}")

    def running(self) -> bool:
        return self.tmux("has-session", "-t", "e2e", check=False).returncode == 0

    def close(self) -> None:
        self.tmux("kill-server", check=False)


@pytest.fixture
def terminal():
    term = Terminal(f"briefing-e2e-{os.getpid()}")
    yield term
    term.close()


def test_search_tag_note_and_quit_in_a_real_terminal(tmp_path, terminal):
    library = tmp_path / "lib.json"
    build_sample_library(library).close()
    env = {
        "PYTHONPATH": REPO,
        "BRIEFING_CONFIG_DIR": tmp_path / "config",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
    }
    terminal.start(f"{sys.executable} -m briefing --db {library}", env)

    terminal.wait_for("Articles 5")
    size = terminal.tmux("display", "-p", "-t", "e2e", "#{window_width}x#{window_height}").stdout.strip()
    assert size == "120x40", size
    terminal.keys("/")
    terminal.keys("shelters", literal=True)
    screen = terminal.wait_for("Articles 1 of 5")
    assert "Typhoon Halona" in screen
    terminal.keys("Enter")  # focus the filtered list
    time.sleep(0.3)
    terminal.keys("Enter")  # open the article: the reader shows its tags and notes
    terminal.wait_for("No notes (n adds one)")

    terminal.keys("t")
    terminal.wait_for("Add tags")
    terminal.keys("e2e-tag field-notes", literal=True)
    terminal.keys("Enter")
    terminal.wait_for("#e2e-tag  #field-notes")

    terminal.keys("n")
    terminal.wait_for("New note")
    terminal.keys("Called the Red Cross", literal=True)
    terminal.keys("Enter")
    terminal.keys("[bold]second line", literal=True)
    terminal.keys("C-s")
    terminal.wait_for("Notes (1)")
    # The note's lines may come a frame after its heading: wait for them. Parsed as markup,
    # "[bold]" would never be on screen.
    screen = terminal.wait_for("[bold]second line")
    assert "New note" not in screen

    terminal.keys("q")
    deadline = time.monotonic() + 20
    while terminal.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.running(), "briefing did not quit on q"

    with ArticleStore(library) as store:
        row = next(r for r in store.rows() if r.title.startswith("Typhoon"))
        assert row.tags == ("asia", "weather", "e2e-tag", "field-notes")
        assert [note.text for note in row.notes] == ["Called the Red Cross\n[bold]second line"]
        assert row.read
        others = [r for r in store.rows() if r.id != row.id]
        assert all(("e2e-tag" not in r.tags and not r.notes) or r.title.startswith("Riverton") for r in others)
