"""Themes: the bundled TOML files, their contrast, broken and user theme files, the
and the themes working inside a real Textual app."""

from __future__ import annotations

import colorsys
import itertools
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from briefing.resources import themes_dir
from briefing.tui import themes
from briefing.tui.themes import (
    ENTITY_VARIABLES,
    load_themes,
    user_config_dir,
    variable_defaults,
)

REPO = Path(__file__).resolve().parents[1]
BUNDLED_FILES = sorted(themes_dir().glob("*.toml"))
ENTITY_COLOURS = ENTITY_VARIABLES[:4]  # the text colours; summary-mark is a background
HIGH_CONTRAST = "briefing-contrast"


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""
    parsed = Color.parse(colour)
    assert parsed.a == 1, f"{colour} is not opaque"

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(parsed.r) + 0.7152 * linear(parsed.g) + 0.0722 * linear(parsed.b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def raw(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def night_data() -> dict:
    return raw(themes_dir() / "briefing-night.toml")


def write_theme(directory: Path, filename: str, data: dict | str) -> Path:
    """A theme file from a dict (written as TOML) or from literal text."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / filename
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
        return path
    lines = []
    for key, value in data.items():
        if key != "variables" or not isinstance(value, dict):
            lines.append(f"{key} = {toml_value(value)}")
    if isinstance(data.get("variables"), dict):
        lines.append("[variables]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in data["variables"].items())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


# --- the contrast measure itself ------------------------------------------------------------


def test_contrast_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
    # WebAIM's checker gives 4.48:1 for #777777 on white, the classic near miss.
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# --- bundled themes -------------------------------------------------------------------------


def test_at_least_three_bundled_themes_dark_and_light():
    assert len(BUNDLED_FILES) >= 3
    darkness = {raw(path)["dark"] for path in BUNDLED_FILES}
    assert darkness == {True, False}
    assert HIGH_CONTRAST in {raw(path)["name"] for path in BUNDLED_FILES}


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.name)
def test_bundled_file_is_a_full_theme(path):
    data = raw(path)
    for key in ("name", "dark", *themes.REQUIRED_COLOURS):
        assert key in data, f"{path.name} lacks {key}"
    assert data["name"] == path.stem
    for key in ENTITY_VARIABLES:
        Color.parse(data["variables"][key])
    theme = themes.load_theme_file(path)
    assert isinstance(theme, Theme)
    assert theme.name == data["name"] and theme.dark is data["dark"]
    assert theme.background == data["background"] and theme.primary == data["primary"]
    assert theme.variables == data["variables"]
    # Textual can build the whole colour system from it.
    generated = theme.to_color_system().generate()
    assert Color.parse(generated["background"]) == Color.parse(data["background"])


def test_load_themes_returns_every_bundled_theme_without_problems(tmp_path):
    loaded, problems = load_themes(tmp_path / "no-user-themes")
    assert problems == []
    assert [t.name for t in loaded] == [raw(path)["name"] for path in BUNDLED_FILES]
    assert all(isinstance(t, Theme) for t in loaded)


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.name)
def test_bundled_contrast_for_long_reading(path):
    data = raw(path)
    minimum = 7.0 if data["name"] == HIGH_CONTRAST else 4.5
    variables = data["variables"]
    grounds = {
        "background": data["background"],
        "surface": data["surface"],
        "panel": data["panel"],
        "summary-mark": variables["summary-mark"],
    }
    failures = []
    for text_key in ("foreground", *ENTITY_COLOURS):
        text = data.get(text_key) or variables[text_key]
        for ground_name, ground in grounds.items():
            ratio = contrast(text, ground)
            if ratio < minimum:
                failures.append(f"{text_key} {text} on {ground_name} {ground}: {ratio:.2f}")
    assert failures == [], f"{path.name} below {minimum}:1: {failures}"


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.name)
def test_bundled_entity_colours_are_told_apart(path):
    # Entity colours share a lightness band (for contrast), so they must differ in hue.
    variables = raw(path)["variables"]
    hues = {key: colorsys.rgb_to_hls(*Color.parse(variables[key]).normalized)[0] * 360 for key in ENTITY_COLOURS}
    for a, b in itertools.combinations(ENTITY_COLOURS, 2):
        apart = abs(hues[a] - hues[b])
        apart = min(apart, 360 - apart)
        assert apart >= 45, f"{path.name}: {a} and {b} only {apart:.0f} degrees of hue apart"


def test_variable_defaults_readable_on_textual_dark():
    defaults = variable_defaults()
    assert set(defaults) == set(ENTITY_VARIABLES)
    generated = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    for key in ENTITY_COLOURS:
        for ground in ("background", "surface", defaults["summary-mark"]):
            colour = generated.get(ground, ground)
            assert contrast(defaults[key], colour) >= 4.5, (key, ground)
    assert contrast(generated["foreground"], defaults["summary-mark"]) >= 4.5
    defaults["entity-org"] = "#000000"
    assert variable_defaults()["entity-org"] != "#000000"  # a copy each time


def test_light_theme_without_entity_variables_gets_readable_light_defaults(tmp_path):
    data = dict(raw(themes_dir() / "briefing-paper.toml"), name="bare-light")
    del data["variables"]
    write_theme(tmp_path, "bare-light.toml", data)
    loaded, problems = load_themes(tmp_path)
    assert problems == []
    theme = {t.name: t for t in loaded}["bare-light"]
    assert set(ENTITY_VARIABLES) <= set(theme.variables)
    assert theme.variables != variable_defaults()  # not the dark set
    generated = BUILTIN_THEMES["textual-light"].to_color_system().generate()
    for key in ENTITY_COLOURS:
        for ground in ("background", "surface", "panel"):
            assert contrast(theme.variables[key], generated[ground]) >= 4.5, (key, ground)
        assert contrast(theme.variables[key], theme.variables["summary-mark"]) >= 4.5


def test_a_theme_keeps_its_own_entity_colour_and_defaults_fill_the_rest(tmp_path):
    data = night_data()
    data["name"] = "partial"
    data["variables"] = {"entity-person": "#ff8800"}
    write_theme(tmp_path, "partial.toml", data)
    theme = {t.name: t for t in load_themes(tmp_path)[0]}["partial"]
    assert theme.variables["entity-person"] == "#ff8800"
    assert theme.variables["entity-org"] == variable_defaults()["entity-org"]


# --- broken files ---------------------------------------------------------------------------


def _with(**changes):
    def make():
        data = night_data()
        data["name"] = "broken"
        for key, value in changes.items():
            if value is None:
                data.pop(key)
            else:
                data[key] = value
        return data

    return make


def _with_variable(name, value):
    def make():
        data = _with()()
        data["variables"] = {**data["variables"], name: value}
        return data

    return make


BROKEN = {
    "bad-toml": ('name = "broken"\nprimary = "#ffffff\n', "not valid TOML"),
    "missing-colour": (_with(background=None), "missing background"),
    "missing-dark": (_with(dark=None), "missing dark"),
    "invalid-colour": (_with(primary="#12345"), "primary: '#12345' is not a colour"),
    "colour-not-string": (_with(accent=7), "accent must be a colour string"),
    "dark-not-bool": (_with(dark="yes"), "dark must be true or false"),
    "fraction-out-of-range": (_with(text_alpha=3), "text_alpha must be a number from 0 to 1"),
    "unknown-key": (_with(backgound="#000000"), "unknown key 'backgound'"),
    "name-with-comma": (_with(name="a,b"), "bad name 'a,b'"),
    "variables-not-table": (_with(variables="red"), "variables must be a table"),
    "variable-not-string": (
        _with_variable("footer-key-foreground", 12),
        "variable footer-key-foreground must be a string",
    ),
    "entity-not-colour": (_with_variable("entity-org", "blue-ish"), "entity-org: 'blue-ish' is not a colour"),
    "bad-css-colour": (
        _with_variable("footer-key-foreground", "nope"),
        "variable footer-key-foreground: 'nope' is not a valid color",
    ),
    "bad-css-style": (_with_variable("block-cursor-text-style", "blod"), "is not a valid text-style"),
    "bad-css-token": (_with_variable("scrollbar-background", "#12"), "is not a valid background"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_user_theme_is_reported_and_skipped(tmp_path, kind):
    content, reason = BROKEN[kind]
    user_dir = tmp_path / "themes"
    path = write_theme(user_dir, f"{kind}.toml", content if isinstance(content, str) else content())
    good = write_theme(user_dir, "zz-good.toml", dict(night_data(), name="good"))
    loaded, problems = load_themes(user_dir)
    names = [t.name for t in loaded]
    assert "broken" not in names and kind not in names
    assert "good" in names, f"a broken file stopped {good.name} from loading"
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: ")
    assert reason in problems[0]
    assert "\n" not in problems[0]


def test_non_utf8_and_directory_and_other_suffixes(tmp_path):
    user_dir = tmp_path / "themes"
    user_dir.mkdir()
    (user_dir / "latin1.toml").write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    (user_dir / "folder.toml").mkdir()
    (user_dir / "notes.txt").write_text("not a theme")
    write_theme(
        user_dir,
        "bom.toml",
        "\ufeff" + (themes_dir() / "briefing-night.toml").read_text().replace("briefing-night", "bom"),
    )
    loaded, problems = load_themes(user_dir)
    assert problems == [f"{user_dir / 'latin1.toml'}: not UTF-8 text"]
    assert "bom" in [t.name for t in loaded]


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = write_theme(tmp_path, "locked.toml", dict(night_data(), name="locked"))
    read_bytes = Path.read_bytes

    def refuse(self):  # chmod 0 does not stop root, so refuse the read directly
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    loaded, problems = load_themes(tmp_path)
    assert "locked" not in [t.name for t in loaded]
    assert problems == [f"{path}: cannot read: Permission denied"]


def test_an_unexpected_error_is_reported_not_raised(tmp_path, monkeypatch):
    path = write_theme(tmp_path, "odd.toml", dict(night_data(), name="odd"))

    def explode(data, *, default_name):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(themes, "theme_from_mapping", explode)
    loaded, problems = load_themes(tmp_path)
    assert loaded == []
    assert f"{path}: unusable (RecursionError: maximum recursion depth exceeded)" in problems


def test_several_broken_files_give_one_line_each(tmp_path):
    paths = [
        write_theme(tmp_path, f"{kind}.toml", content if isinstance(content, str) else content())
        for kind, (content, _reason) in sorted(BROKEN.items())
    ]
    loaded, problems = load_themes(tmp_path)
    assert [p.split(": ", 1)[0] for p in problems] == [str(p) for p in paths]
    assert [t.name for t in loaded] == [raw(p)["name"] for p in BUNDLED_FILES]


# --- user themes ----------------------------------------------------------------------------


def test_user_theme_overrides_bundled_one_in_place(tmp_path):
    override = dict(night_data(), primary="#ff0000")
    path = write_theme(tmp_path, "my-night.toml", override)
    write_theme(tmp_path, "extra.toml", dict(night_data(), name="extra"))
    loaded, problems = load_themes(tmp_path)
    assert problems == []
    names = [t.name for t in loaded]
    bundled_names = [raw(p)["name"] for p in BUNDLED_FILES]
    assert names == [*bundled_names, "extra"]
    night = loaded[names.index("briefing-night")]
    assert night.primary == "#ff0000", f"{path.name} did not override the bundled theme"


def test_two_user_files_with_one_name_report_the_second(tmp_path):
    write_theme(tmp_path, "a.toml", dict(night_data(), name="twin", primary="#111111"))
    second = write_theme(tmp_path, "b.toml", dict(night_data(), name="twin", primary="#222222"))
    loaded, problems = load_themes(tmp_path)
    assert {t.name: t for t in loaded}["twin"].primary == "#111111"
    assert problems == [f"{second}: theme 'twin' is already defined by {tmp_path / 'a.toml'}"]


def test_name_defaults_to_file_name(tmp_path):
    data = night_data()
    del data["name"]
    write_theme(tmp_path, "unnamed.toml", data)
    assert "unnamed" in [t.name for t in load_themes(tmp_path)[0]]


def test_default_user_dir_is_config_dir_themes(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "cfg"))
    assert user_config_dir() == tmp_path / "cfg"
    assert load_themes()[1] == []  # no themes folder yet: nothing to report
    write_theme(tmp_path / "cfg" / "themes", "mine.toml", dict(night_data(), name="mine"))
    assert "mine" in [t.name for t in load_themes()[0]]


def test_user_config_dir_without_override_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFING_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert user_config_dir() == tmp_path / "xdg" / "briefing"
    else:
        assert user_config_dir().name == "briefing"


# --- inside Textual -------------------------------------------------------------------------


async def test_every_theme_applies_in_a_running_app(tmp_path):
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    write_theme(tmp_path, "bare.toml", {k: v for k, v in night_data().items() if k != "variables"} | {"name": "bare"})
    loaded, problems = load_themes(tmp_path)
    assert problems == []

    class Probe(App):
        CSS = """
        #person { color: $entity-person; background: $summary-mark; }
        #org { color: $entity-org; }
        #place { color: $entity-place; }
        #other { color: $entity-other; }
        """

        def get_theme_variable_defaults(self) -> dict[str, str]:
            return variable_defaults()

        def compose(self) -> ComposeResult:
            for key in ("person", "org", "place", "other"):
                yield Static(key, id=key)
            yield Footer()

    app = Probe()
    async with app.run_test(size=(40, 10)) as pilot:
        for theme in loaded:
            app.register_theme(theme)
        for theme in loaded:
            app.theme = theme.name
            await pilot.pause()
            person = app.query_one("#person")
            assert person.styles.color == Color.parse(theme.variables["entity-person"]), theme.name
            assert person.styles.background == Color.parse(theme.variables["summary-mark"]), theme.name
            assert app.query_one("#other").styles.color == Color.parse(theme.variables["entity-other"])
        app.theme = "textual-light"  # a built-in theme resolves through the defaults
        await pilot.pause()
        assert app.query_one("#org").styles.color == Color.parse(variable_defaults()["entity-org"])


def test_module_import_stays_light():
    # Beyond textual.theme itself (which the API returns), nothing from Textual, Rich or
    # platformdirs is loaded until a function needs it.
    code = (
        "import sys, textual.theme, briefing.resources; before = set(sys.modules); "
        "import briefing.tui.themes; new = set(sys.modules) - before; "
        "print(sorted(m for m in new if m.split('.')[0] in ('textual', 'rich', 'platformdirs')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
