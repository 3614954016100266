"""Shell completion is Click's own: `_BRIEFING_COMPLETE={bash,zsh,fish}_source briefing` prints
the script the README tells users to install, and completing works for the lazily loaded
commands and their options."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def complete(*env: tuple[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefing"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **dict(env)},
    )


@pytest.mark.parametrize(
    ("shell", "marker"), [("bash", "complete -o nosort"), ("zsh", "#compdef briefing"), ("fish", "complete --no-files")]
)
def test_each_shell_gets_a_completion_script(shell, marker):
    result = complete(("_BRIEFING_COMPLETE", f"{shell}_source"))
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout and "_BRIEFING_COMPLETE" in result.stdout


def test_commands_and_their_options_complete():
    result = complete(("_BRIEFING_COMPLETE", "bash_complete"), ("COMP_WORDS", "briefing ta"), ("COMP_CWORD", "1"))
    assert set(result.stdout.split()) >= {"plain,tag", "plain,tags"}, result.stdout
    result = complete(
        ("_BRIEFING_COMPLETE", "bash_complete"), ("COMP_WORDS", "briefing brief --fo"), ("COMP_CWORD", "2")
    )
    assert "plain,--format" in result.stdout.split()
