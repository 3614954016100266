"""The README documents every command and every option the CLI offers (`--help` is the
source): a new option that is not in the README fails here."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from briefing.cli import COMMANDS, cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands():
    ctx = click.Context(cli)
    for name in sorted(COMMANDS):
        command = cli.get_command(ctx, name)
        yield f"briefing {name}", command
        if isinstance(command, click.Group):
            for sub in sorted(command.list_commands(ctx)):
                yield f"briefing {name} {sub}", command.get_command(ctx, sub)


ALL = list(_commands())


def _documented(command_line: str) -> bool:
    """`briefing feed add ...` anywhere, or the command in backticks after another one in a
    table row (`briefing tag ID TAG...` / `untag ID TAG...`)."""
    words = r"\s+".join(map(re.escape, command_line.split()[1:]))
    return bool(re.search(r"briefing\s+" + words + r"(?![\w-])", README) or re.search(r"`" + words + r"[ `]", README))


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_every_command_and_option_is_in_the_readme(name, command):
    assert _documented(name), f"{name} is not in README.md"
    missing = []
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            longs = [opt for opt in param.opts + param.secondary_opts if opt.startswith("--")]
            if longs and not any(re.search(re.escape(opt) + r"(?![\w-])", README) for opt in longs):
                missing.append("/".join(longs))
    assert not missing, f"{name}: options not in README.md: {', '.join(missing)}"


def test_the_global_options_are_in_the_readme():
    for param in cli.params:
        if isinstance(param, click.Option):
            assert any(opt in README for opt in param.opts if opt.startswith("--")), param.opts
