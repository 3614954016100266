"""Reader themes: TOML theme files turned into `textual.theme.Theme` objects.

The chosen theme is remembered by the store, with the library (`ArticleStore.set_setting`),
because nothing may be written outside the library's directory (CONTRACT.md).

Bundled themes live in `themes/` (`briefing.resources.themes_dir()`); the user's own go in
`user_config_dir() / "themes"`. A theme file is a full Textual theme:

    name = "my-theme"             # optional, defaults to the file name without .toml
    dark = true                   # required
    primary = "#6cb6ff"           # required colours: primary secondary accent foreground
    ...                           #   background surface panel success warning error
    [variables]                   # optional: Textual variables plus briefing's own
    entity-person = "#f2a566"     # text colour of PERSON mentions
    entity-org = "#79c0ff"        # ORG
    entity-place = "#8fd694"      # PLACE
    entity-other = "#d2a8ff"      # every other label (NORP, EVENT, ...)
    summary-mark = "#3b3524"      # BACKGROUND behind the summary sentences in the body

`summary-mark` is a background: the theme's foreground and every entity colour stay
readable on it. A theme that leaves briefing's variables out gets the defaults for its
darkness, so every theme `load_themes` returns defines all of `ENTITY_VARIABLES`.

A file that cannot be used is skipped and reported as one line, `PATH: reason`; nothing
here raises for a bad file. Variable values are checked with Textual's own CSS parser,
because one bad value would otherwise stop the app when the theme is applied.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from briefing.config import user_config_dir
from briefing.core.text import clean_line

ENTITY_VARIABLES = ("entity-person", "entity-org", "entity-place", "entity-other", "summary-mark")

# Defaults for themes that do not set briefing's variables (Textual's built-in themes
# included). The dark set keeps >= 7:1 on textual-dark's #121212, the light set >= 4.5:1
# on textual-light's #E0E0E0 / #D8D8D8 / #D0D0D0 (tests/test_themes.py measures both).
_DARK_DEFAULTS = {
    "entity-person": "#f2a566",
    "entity-org": "#79c0ff",
    "entity-place": "#8fd694",
    "entity-other": "#d2a8ff",
    "summary-mark": "#3b3524",
}
_LIGHT_DEFAULTS = {
    "entity-person": "#963d00",
    "entity-org": "#1f56a8",
    "entity-place": "#1f6332",
    "entity-other": "#7a3f9d",
    "summary-mark": "#f3e2a6",
}

REQUIRED_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "success",
    "warning",
    "error",
)
_OPTIONAL_COLOURS = ("boost",)
_FRACTIONS = ("luminosity_spread", "text_alpha")
_FLAGS = ("dark", "ansi")
_KNOWN_KEYS = frozenset(("name", "variables", *REQUIRED_COLOURS, *_OPTIONAL_COLOURS, *_FRACTIONS, *_FLAGS))

# `App.get_theme` splits names on commas, so a name is a plain word-ish label.
_NAME = re.compile(r"^\w[\w .+-]{0,63}$")
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class ThemeFileError(ValueError):
    """One reason a theme file cannot be used."""


def variable_defaults() -> dict[str, str]:
    """Fallback values of `ENTITY_VARIABLES`, for `App.get_theme_variable_defaults`, so the
    stylesheet resolves under any theme. They suit dark backgrounds (Textual's default)."""
    return dict(_DARK_DEFAULTS)


def load_themes(user_dir: Path | None = None) -> tuple[list[Theme], list[str]]:
    """Every usable theme, bundled first, then the user's (a user theme with the same name
    replaces the bundled one, in its place), and one `PATH: reason` line per skipped file."""
    from briefing.resources import themes_dir

    if user_dir is None:
        user_dir = user_config_dir() / "themes"
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for directory in (themes_dir(), Path(user_dir)):
        defined_here: dict[str, Path] = {}
        for path in _theme_files(directory, problems):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as error:
                problems.append(f"{path}: {error}")
                continue
            except Exception as error:  # a user's file must never stop the app starting
                problems.append(f"{path}: unusable ({type(error).__name__}: {clean_line(str(error))})")
                continue
            if theme.name in defined_here:
                problems.append(f"{path}: theme {theme.name!r} is already defined by {defined_here[theme.name]}")
                continue
            defined_here[theme.name] = path
            themes[theme.name] = theme
    return list(themes.values()), problems


def load_theme_file(path: Path) -> Theme:
    """One theme file as a Theme; ThemeFileError (a one-line reason) if it is unusable."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ThemeFileError(f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ThemeFileError("not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"not valid TOML: {clean_line(str(error))}") from None
    return theme_from_mapping(data, default_name=path.stem)


def theme_from_mapping(data: dict[str, Any], *, default_name: str) -> Theme:
    """Validate a parsed theme file and build the Theme (see the module docstring)."""
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ThemeFileError(f"unknown key {unknown[0]!r}")
    name = data.get("name", default_name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeFileError(f"bad name {name!r}: use letters, digits, spaces, '-', '_', '.', '+' (at most 64)")
    missing = [key for key in (*REQUIRED_COLOURS, "dark") if key not in data]
    if missing:
        raise ThemeFileError(f"missing {', '.join(missing)}")

    fields: dict[str, Any] = {"name": name}
    for key in (*REQUIRED_COLOURS, *_OPTIONAL_COLOURS):
        if key in data:
            fields[key] = _colour(key, data[key])
    for key in _FLAGS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ThemeFileError(f"{key} must be true or false, not {data[key]!r}")
            fields[key] = data[key]
    for key in _FRACTIONS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ThemeFileError(f"{key} must be a number from 0 to 1, not {value!r}")
            fields[key] = float(value)

    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeFileError('variables must be a table of name = "value"')
    for key, value in variables.items():
        if not _VARIABLE_NAME.match(key):
            raise ThemeFileError(f"bad variable name {key!r}")
        if not isinstance(value, str):
            raise ThemeFileError(f"variable {key} must be a string, not {value!r}")
        if key in ENTITY_VARIABLES:
            _colour(key, value)
    defaults = _DARK_DEFAULTS if fields["dark"] else _LIGHT_DEFAULTS
    fields["variables"] = {**defaults, **variables}

    theme = Theme(**fields)
    _check_css_variables(theme, set(variables))
    return theme


def _theme_files(directory: Path, problems: list[str]) -> list[Path]:
    try:
        return sorted(entry for entry in directory.iterdir() if entry.suffix == ".toml" and not entry.is_dir())
    except FileNotFoundError:
        return []
    except OSError as error:
        problems.append(f"{directory}: cannot list theme files: {error.strerror or error}")
        return []


def _colour(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f"{key} must be a colour string, not {value!r}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{key}: {value!r} is not a colour") from None
    return value


def _check_css_variables(theme: Theme, names: set[str]) -> None:
    """Parse `$name` for each of the theme's own variables with Textual's stylesheet parser,
    in the property its name suggests, exactly as the app will when the theme is applied."""
    from textual.css.stylesheet import Stylesheet, StylesheetParseError
    from textual.css.tokenizer import TokenError

    try:
        generated = theme.to_color_system().generate()
    except Exception as error:  # ColorSystem arithmetic on odd colours; report, never crash
        raise ThemeFileError(f"colours rejected by Textual: {clean_line(str(error))}") from None
    for name in sorted(names):
        # One variable at a time, so the message blames the value that is wrong.
        variables = {**generated, name: theme.variables[name]}
        if "style" in name:
            rule = "text-style"
        elif name.endswith("background"):
            rule = "background"
        else:
            rule = "color"
        try:
            sheet = Stylesheet(variables=variables)
            sheet.add_source(f"Widget {{ {rule}: ${name}; }}", read_from=("theme", name))
            sheet.parse()
        except (StylesheetParseError, TokenError):
            raise ThemeFileError(f"variable {name}: {variables[name]!r} is not a valid {rule} value") from None
