"""The layers stay apart: the core, analysis, store and services import no UI or CLI code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"
UI = ("textual", "rich", "click", "briefing.tui", "briefing.cli")
PURE = ["core", "analysis", "store", "services", "brief", "feeds", "quality"]

# Which parts of briefing each layer may import (the arrows point one way: core at the
# bottom, the TUI and the CLI at the top). "" is the package itself (`__version__`).
ALLOWED = {
    "core": {"core"},
    "analysis": {"core", "analysis"},
    "store": {"core", "store"},
    "feeds": {"", "core", "feeds", "config"},
    "brief": {"core", "analysis", "brief"},
    "services": {"", "core", "analysis", "store", "feeds", "config", "resources", "services"},
    "quality": {"core", "analysis", "quality"},
}
# Layers that use the store only through its public package (`from briefing.store import ...`),
# never its modules.
STORE_CLIENTS = ["services", "brief", "tui", "cli"]
# The brief's Rich renderer is the one module of the brief that may use Rich (loaded only for --format rich).
RENDERERS = {"brief/render_rich.py"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_import_no_ui(layer):
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        if str(path.relative_to(PACKAGE)) in RENDERERS:
            continue
        for name in imported_modules(path):
            if any(name == ui or name.startswith(ui + ".") for ui in UI):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def _briefing_imports(path: Path) -> set[str]:
    return {n for n in imported_modules(path) if n == "briefing" or n.startswith("briefing.")}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_the_layers_below(layer):
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _briefing_imports(path):
            part = name.split(".")[1] if "." in name else ""
            if part not in ALLOWED[layer]:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_core_knows_nothing_of_the_store():
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        assert not any(n.startswith("briefing.store") for n in imported_modules(path)), path


@pytest.mark.parametrize("layer", STORE_CLIENTS)
def test_the_store_is_used_through_its_public_package(layer):
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _briefing_imports(path)
        if name.startswith("briefing.store.")
    ]
    assert offenders == []


def test_scripting_commands_do_not_import_textual_or_sumy():
    code = (
        "import sys; from briefing.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('textual', 'sumy', 'numpy', 'nltk') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "HEAVY:"
