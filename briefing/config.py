"""briefing's settings: `config.toml` in the user's configuration folder, read only.

    ~/.config/briefing/config.toml      (or $BRIEFING_CONFIG_DIR/config.toml)

    [feeds]
    refresh_interval = 60      # minutes between two checks of a feed
    full_text = "auto"         # auto | always | never: fetch each item's page for its full text
    retention_days = 30        # keep the last N days of articles (unset: keep everything)

    [http]
    user_agent = "briefing/0.1.0"
    concurrency = 8            # requests at once, overall
    per_host = 2               # requests at once to one host
    max_body_mb = 15           # a larger response is cut off and reported as an error
    deadline = 30              # seconds for a whole request, however slowly the server sends
    connect_timeout = 10       # seconds

    [reader]
    auto_refresh = 30          # minutes between refreshes while the reader is open (0 or unset: off)

Every key is optional and has a sane default (`Settings()`). briefing never writes this file:
nothing is written outside the library's directory (CONTRACT.md). A file that cannot be read
or parsed gives one line, `PATH: reason`, and all defaults; a bad value gives one line naming
the key and keeps that key's default; the rest of the file still applies. Nothing here raises
for a user's file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing import __version__

CONFIG_FILENAME = "config.toml"
FULL_TEXT_MODES = ("auto", "always", "never")
MIB = 1024 * 1024


def user_config_dir() -> Path:
    """briefing's user configuration folder: $BRIEFING_CONFIG_DIR, else the platform's
    (e.g. ~/.config/briefing on Linux)."""
    override = os.environ.get("BRIEFING_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path("briefing")


def config_path() -> Path:
    return user_config_dir() / CONFIG_FILENAME


@dataclass(frozen=True)
class Settings:
    """What config.toml can set. Times are seconds, sizes bytes, whatever unit the file uses."""

    user_agent: str = f"briefing/{__version__}"
    concurrency: int = 8
    per_host: int = 2
    refresh_interval: int = 3600
    full_text: str = "auto"
    max_body_bytes: int = 15 * MIB
    deadline: float = 30.0
    connect_timeout: float = 10.0
    retention_days: int | None = None
    auto_refresh: int | None = None  # seconds between the reader's own refreshes; None: off


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in `path` (default: `config_path()`) over the defaults, and one
    `PATH: reason` line per problem found. A missing file is no problem."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except IsADirectoryError:
        return Settings(), [f"{path}: is a directory, not a file; using the default settings"]
    except OSError as exc:
        return Settings(), [f"{path}: cannot be read ({exc.strerror or exc}); using the default settings"]
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Settings(), [f"{path}: is not UTF-8 text; using the default settings"]
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [f"{path}: not valid TOML ({exc}); using the default settings"]
    return _settings_from(data, path)


# (section, key) -> (Settings field, converter). A converter returns the field's value or
# raises ValueError with the reason, phrased to follow "KEY ".
_KEYS: dict[tuple[str, str], tuple[str, Callable[[Any], Any]]] = {}


def _setting(section: str, key: str, field: str):
    def register(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _KEYS[(section, key)] = (field, convert)
        return convert

    return register


def _number(value: Any, low: float, high: float, unit: str = "", integer: bool = False) -> float:
    """`value` when it is a number (a whole one if `integer`) from `low` to `high`."""
    kind = "a whole number" if integer else "a number"
    wanted = f"must be {kind}{' of ' + unit if unit else ''} from {low:g} to {high:g}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        shown = repr(value)  # repr: a hostile string is shown escaped, never raw
        raise ValueError(f"{wanted}, not {shown if len(shown) <= 60 else shown[:59] + '…'}")
    if not low <= value <= high:
        raise ValueError(f"{wanted}, not {value:g}")
    return value


@_setting("feeds", "refresh_interval", "refresh_interval")
def _refresh_interval(value: Any) -> int:
    return round(_number(value, 1, 30 * 24 * 60, "minutes") * 60)


@_setting("feeds", "full_text", "full_text")
def _full_text(value: Any) -> str:
    if not isinstance(value, str) or value.strip().lower() not in FULL_TEXT_MODES:
        raise ValueError(f"must be one of {', '.join(FULL_TEXT_MODES)}")
    return value.strip().lower()


@_setting("feeds", "retention_days", "retention_days")
def _retention_days(value: Any) -> int:
    return int(_number(value, 1, 100_000, "days", integer=True))


@_setting("reader", "auto_refresh", "auto_refresh")
def _auto_refresh(value: Any) -> int | None:
    minutes = _number(value, 0, 7 * 24 * 60, "minutes")
    if 0 < minutes < 1:
        raise ValueError(f"must be 0 (off) or at least 1 minute, not {minutes:g}")
    return round(minutes * 60) if minutes else None


@_setting("http", "user_agent", "user_agent")
def _user_agent(value: Any) -> str:
    # It goes into a request header as is: printable ASCII only (no CR/LF header injection).
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    if any(not (" " <= ch <= "~") for ch in value) or len(value) > 200:
        raise ValueError("must be printable ASCII, at most 200 characters")
    return value.strip()


@_setting("http", "concurrency", "concurrency")
def _concurrency(value: Any) -> int:
    return int(_number(value, 1, 64, integer=True))


@_setting("http", "per_host", "per_host")
def _per_host(value: Any) -> int:
    return int(_number(value, 1, 16, integer=True))


@_setting("http", "max_body_mb", "max_body_bytes")
def _max_body(value: Any) -> int:
    return round(_number(value, 0.001, 1024, "MiB") * MIB)


@_setting("http", "deadline", "deadline")
def _deadline(value: Any) -> float:
    return float(_number(value, 1, 3600, "seconds"))


@_setting("http", "connect_timeout", "connect_timeout")
def _connect_timeout(value: Any) -> float:
    return float(_number(value, 0.1, 600, "seconds"))


def _settings_from(data: dict[str, Any], path: Path) -> tuple[Settings, list[str]]:
    problems: list[str] = []
    values: dict[str, Any] = {}
    sections = {section for section, _ in _KEYS}
    for section in sorted(sections):
        table = data.get(section, {})
        if not isinstance(table, dict):
            problems.append(f"{path}: [{section}] must be a table; its defaults are used")
            continue
        for key, value in table.items():
            known = _KEYS.get((section, key))
            if known is None:
                problems.append(f"{path}: unknown setting {section}.{key} (ignored)")
                continue
            field, convert = known
            try:
                values[field] = convert(value)
            except ValueError as exc:
                problems.append(f"{path}: {section}.{key} {exc}; the default is used")
    # Other top-level tables belong to other parts of briefing (or a newer version): not ours
    # to judge. Top-level plain keys are most likely misplaced settings.
    for key, value in data.items():
        if key not in sections and not isinstance(value, dict):
            hint = next((f" (did you mean [{s}] {key}?)" for s, k in _KEYS if k == key), "")
            problems.append(f"{path}: unknown top-level setting {key}{hint} (ignored)")
    settings = replace(Settings(), **values)
    if settings.per_host > settings.concurrency:
        problems.append(
            f"{path}: http.per_host ({settings.per_host}) is more than http.concurrency "
            f"({settings.concurrency}); using {settings.concurrency}"
        )
        settings = replace(settings, per_host=settings.concurrency)
    if settings.connect_timeout > settings.deadline:
        settings = replace(settings, connect_timeout=settings.deadline)
    return settings, problems
