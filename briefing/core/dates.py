"""Dates as briefing reads and compares them: published dates from files, `--date` values."""

from __future__ import annotations

import datetime as dt
import re

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_published(value: object) -> str | None:
    """An article's published date as stored: "YYYY-MM-DD" or an ISO 8601 datetime.

    Accepts date/datetime objects (YAML front matter yields them) and ISO strings, including a
    trailing "Z". Raises ValueError with a short reason for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"unreadable date {value!r}")
    text = value.strip()
    try:
        if _DAY.match(text):
            return dt.date.fromisoformat(text).isoformat()
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        raise ValueError(f"unreadable date {text[:40]!r} (expected YYYY-MM-DD or ISO datetime)") from None
    return parsed.isoformat()


def local_day(published: str | None, imported_at: str, tz: dt.tzinfo | None = None) -> dt.date:
    """The calendar day an article belongs to: its published date in the local time zone (or
    `tz`), falling back to the day it was imported."""
    value = published or imported_at
    if _DAY.match(value):
        return dt.date.fromisoformat(value)
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(tz).date()


def parse_day(text: str, today: dt.date | None = None) -> dt.date:
    """A `--date` value: YYYY-MM-DD, `today` or `yesterday`. ValueError otherwise."""
    today = today or dt.date.today()
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - dt.timedelta(days=1)
    if _DAY.match(word):
        return dt.date.fromisoformat(word)
    raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD, today or yesterday)")


def now_iso() -> str:
    """The current moment as a timezone-aware ISO string (seconds precision)."""
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
