"""Shared fixtures: temporary libraries, an in-process CLI runner, sample articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_SEED = REPO.parent / "shared" / "seeds" / "000_1b38fb3d7358cfad.txt"
SEED = REPO / "seeds" / "000_1b38fb3d7358cfad.txt"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    """No test ever touches the real user library or config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_DB", str(home / "default-library.json"))
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config-xdg"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def library_path(tmp_path) -> Path:
    return tmp_path / "lib" / "library.json"


@pytest.fixture
def store(library_path):
    from briefing.store import ArticleStore

    s = ArticleStore(library_path)
    yield s
    s.close()


@pytest.fixture
def run_cli(library_path):
    """Run `briefing --db LIB args...` in-process; returns the click Result."""
    from click.testing import CliRunner

    from briefing.cli import cli

    def run(*args: str, input: str | bytes | None = None, db: Path | None = None, env: dict | None = None):
        runner = CliRunner()
        return runner.invoke(cli, ["--db", str(db or library_path), *args], input=input, env=env, catch_exceptions=False)

    return run


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


PLAIN = """Council approves new river bridge
The city council voted 7-2 to fund a new pedestrian bridge over the Elm River.
RIVERTON — The Riverton city council on Tuesday approved $12 million for a pedestrian bridge.
Mayor Dana Whitcomb said the bridge would open in 2028.
Opponents said the money should go to road repairs.
"""

MARKDOWN = """---
title: "Central bank holds rates at 4.5 percent"
dek: The Bank of Japan kept its policy rate unchanged.
date: 2026-11-27
source: Example Wire
url: https://example.com/boj
tags: [markets, asia]
---

TOKYO — The Bank of Japan left its benchmark rate unchanged on Friday,
citing slowing exports.

Governor Kazuo Ueda said the bank would watch wages closely.

Markets had expected the decision.
"""


def os_environ_without(*names: str) -> dict:
    return {k: v for k, v in os.environ.items() if k not in names}
