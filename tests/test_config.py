"""briefing.config: config.toml over sane defaults; a broken file or value is one line, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing import __version__
from briefing.config import Settings, config_path, load_settings, user_config_dir


def write_config(text: str | bytes) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file():
    settings, problems = load_settings()
    assert problems == []
    assert settings == Settings()
    assert settings.user_agent == f"briefing/{__version__}"
    assert (settings.concurrency, settings.per_host) == (8, 2)
    assert settings.refresh_interval == 3600 and settings.full_text == "auto"
    assert settings.max_body_bytes == 15 * 1024 * 1024 and settings.deadline == 30 and settings.connect_timeout == 10
    assert settings.retention_days is None


def test_the_config_dir_follows_briefing_config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "cfg"))
    assert user_config_dir() == tmp_path / "cfg" and config_path() == tmp_path / "cfg" / "config.toml"
    monkeypatch.delenv("BRIEFING_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path() == tmp_path / "xdg" / "briefing" / "config.toml"


def test_every_setting_is_read():
    write_config("""
[feeds]
refresh_interval = 30
full_text = "Always"
retention_days = 14

[http]
user_agent = "briefing/0.1.0 (+mailto:me@example.org)"
concurrency = 4
per_host = 1
max_body_mb = 2.5
deadline = 20
connect_timeout = 5
""")
    settings, problems = load_settings()
    assert problems == []
    assert settings == Settings(
        user_agent="briefing/0.1.0 (+mailto:me@example.org)",
        concurrency=4,
        per_host=1,
        refresh_interval=1800,
        full_text="always",
        max_body_bytes=int(2.5 * 1024 * 1024),
        deadline=20.0,
        connect_timeout=5.0,
        retention_days=14,
    )


def test_broken_toml_is_one_line_and_all_defaults():
    path = write_config('[http]\nconcurrency = 4\nuser_agent = "unterminated\n')
    settings, problems = load_settings()
    assert settings == Settings()
    assert len(problems) == 1 and problems[0].startswith(f"{path}: not valid TOML (")
    assert "\n" not in problems[0] and problems[0].endswith("using the default settings")


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\xff\xfe[http]\x00", "is not UTF-8 text"),
        (None, "is a directory"),
    ],
)
def test_unreadable_files_are_one_line(content, reason):
    path = config_path()
    if content is None:
        path.mkdir(parents=True)
    else:
        write_config(content)
    settings, problems = load_settings()
    assert settings == Settings() and len(problems) == 1
    assert problems[0].startswith(f"{path}: {reason}")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_one_line():
    path = write_config("[http]\n")
    path.chmod(0)
    try:
        settings, problems = load_settings()
    finally:
        path.chmod(0o600)
    assert settings == Settings() and problems[0].startswith(f"{path}: cannot be read")


@pytest.mark.parametrize(
    "line, key, fragment",
    [
        ("[http]\nconcurrency = 0", "http.concurrency", "from 1 to 64, not 0"),
        ("[http]\nconcurrency = 2.5", "http.concurrency", "must be a whole number"),
        ("[http]\nconcurrency = true", "http.concurrency", "must be a whole number"),
        ("[http]\nper_host = 99", "http.per_host", "from 1 to 16, not 99"),
        ('[http]\nuser_agent = ""', "http.user_agent", "non-empty"),
        ('[http]\nuser_agent = "evil\\r\\nX-Header: 1"', "http.user_agent", "printable ASCII"),
        ('[http]\nmax_body_mb = "15MB"', "http.max_body_mb", "must be a number of MiB"),
        ("[http]\ndeadline = 0", "http.deadline", "from 1 to 3600"),
        ('[feeds]\nfull_text = "sometimes"', "feeds.full_text", "must be one of auto, always, never"),
        ("[feeds]\nrefresh_interval = -1", "feeds.refresh_interval", "minutes"),
        ("[feeds]\nretention_days = 0", "feeds.retention_days", "days from 1"),
    ],
)
def test_a_bad_value_is_one_line_and_keeps_that_default_only(line, key, fragment):
    in_http = line.startswith("[http]")
    good = "[feeds]\nretention_days = 3\n" if in_http else "[http]\nconcurrency = 3\n"
    path = write_config(f"{line}\n{good}")
    settings, problems = load_settings()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: {key} ") and fragment in problems[0]
    assert problems[0].endswith("the default is used")
    field = {"http.max_body_mb": "max_body_bytes"}.get(key, key.split(".")[1])
    assert getattr(settings, field) == getattr(Settings(), field)
    # the file's other, good setting still applies
    assert (settings.retention_days == 3) if in_http else (settings.concurrency == 3)


def test_unknown_and_misplaced_keys_are_reported_and_ignored():
    path = write_config('user_agent = "x/1"\n[http]\nconcurency = 3\n[someday]\nthing = 5\n')
    settings, problems = load_settings()
    assert settings == Settings()
    assert problems == [
        f"{path}: unknown setting http.concurency (ignored)",
        f"{path}: unknown top-level setting user_agent (did you mean [http] user_agent?) (ignored)",
    ]


def test_the_reader_auto_refresh_interval():
    write_config("[reader]\nauto_refresh = 30\n")
    assert load_settings()[0].auto_refresh == 1800
    write_config("[reader]\nauto_refresh = 0\n")
    assert load_settings()[0].auto_refresh is None
    assert Settings().auto_refresh is None  # off by default
    path = write_config("[reader]\nauto_refresh = -5\n")
    settings, problems = load_settings()
    assert settings.auto_refresh is None and problems[0].startswith(f"{path}: reader.auto_refresh must be")


def test_a_section_that_is_not_a_table():
    path = write_config('http = "fast"\n')
    settings, problems = load_settings()
    assert settings == Settings() and problems == [f"{path}: [http] must be a table; its defaults are used"]


def test_per_host_above_concurrency_is_capped():
    path = write_config("[http]\nconcurrency = 2\nper_host = 4\n")
    settings, problems = load_settings()
    assert (settings.concurrency, settings.per_host) == (2, 2)
    assert problems == [f"{path}: http.per_host (4) is more than http.concurrency (2); using 2"]


def test_hostile_values_are_quoted_not_echoed_raw():
    write_config('[http]\nconcurrency = "\\u001b[2J\\u001b]0;owned\\u0007"\n')
    _, problems = load_settings()
    assert len(problems) == 1 and "\x1b" not in problems[0] and "\x07" not in problems[0]


def test_loading_never_writes_anything(tmp_path):
    before = sorted(p for p in Path(os.environ["BRIEFING_CONFIG_DIR"]).parent.rglob("*"))
    load_settings()
    assert sorted(p for p in Path(os.environ["BRIEFING_CONFIG_DIR"]).parent.rglob("*")) == before
