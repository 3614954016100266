"""Shared fixtures: an isolated home for every test, temporary libraries, an in-process CLI runner.
(Shared helpers and sample data that tests import live in tests/support.)"""

from __future__ import annotations

from pathlib import Path

import pytest


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
        return runner.invoke(
            cli, ["--db", str(db or library_path), *args], input=input, env=env, catch_exceptions=False
        )

    return run
