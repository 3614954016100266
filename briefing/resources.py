"""Bundled data (seeds/, themes/): found inside the installed package, or at the top of a
source checkout (an editable install)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`seeds` or `themes`: the packaged copy if present, else the checkout's top-level folder."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def seeds_dir() -> Path:
    return data_dir("seeds")


def themes_dir() -> Path:
    return data_dir("themes")
