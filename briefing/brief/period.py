"""Which time a brief covers: a calendar day (`--date`) or a window ending now (`--since`),
in the local time zone or the one `--tz` names, and which day or moment an article belongs to.

An article's moment is its published date, falling back to the moment it was imported. A
published value without a time ("2026-11-23") belongs to that calendar day wherever the
reader is; a datetime with an offset is converted to the brief's time zone; a datetime
without one is taken as already local.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefing.core.dates import parse_day
from briefing.core.text import clean_line

_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(text: str) -> dt.timedelta:
    """`--since` values: a number and a unit, e.g. 24h, 3d, 90m, 2w. ValueError otherwise."""
    match = _SINCE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration (use e.g. 24h, 3d, 90m or 2w)")
    amount = float(match.group(1))
    if amount <= 0:
        raise ValueError(f"{text!r} is not a duration longer than zero")
    unit = match.group(2)[0].lower()
    seconds = amount * _UNIT_SECONDS[unit]
    if seconds > 100 * 365 * 86400:
        raise ValueError(f"{text!r} reaches back more than a century")
    return dt.timedelta(seconds=seconds)


def parse_tz(text: str) -> dt.tzinfo:
    """`--tz` values: an IANA name (Europe/Paris), UTC, or an offset like +02:00 / -0530."""
    name = text.strip()
    if name.upper() in {"UTC", "Z", "GMT"}:
        return dt.UTC
    match = _OFFSET.match(name)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > 23 or minutes > 59:
            raise ValueError(f"{text!r} is not a UTC offset")
        delta = dt.timedelta(hours=hours, minutes=minutes)
        return dt.timezone(-delta if sign == "-" else delta)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {text!r} (use a name like Europe/Paris, UTC, or +02:00)") from None


def tz_name(tz: dt.tzinfo | None, now: dt.datetime | None = None) -> str:
    """A time zone as the brief shows it: "Europe/Paris", "UTC", "+02:00", or the local name."""
    if tz is None:
        moment = (now or dt.datetime.now()).astimezone()
        return f"local ({moment.tzname() or moment.strftime('%z')})"
    key = getattr(tz, "key", None)
    if key:
        return key
    if tz == dt.UTC:
        return "UTC"
    offset = tz.utcoffset(None)
    if offset is None:
        return str(tz)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _moment(value: str, tz: dt.tzinfo | None) -> dt.datetime | dt.date:
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return moment.astimezone(tz)


@dataclass(frozen=True)
class Period:
    """The day (or window) of a brief, resolved against a time zone and a clock."""

    day: dt.date
    tz: dt.tzinfo | None
    since: dt.datetime | None = None  # aware; None for a calendar day
    until: dt.datetime | None = None

    @classmethod
    def resolve(
        cls,
        date: str | dt.date | None = None,
        since: str | dt.timedelta | None = None,
        tz: dt.tzinfo | None = None,
        now: dt.datetime | None = None,
    ) -> Period:
        """`date` (YYYY-MM-DD, today, yesterday, or a date) or `since` (24h or a timedelta),
        not both; neither means today. `now` (aware) is for tests."""
        if date is not None and since is not None:
            raise ValueError("give --date or --since, not both")
        now = (now or dt.datetime.now(dt.UTC)).astimezone(tz)
        if since is not None:
            delta = parse_since(since) if isinstance(since, str) else since
            return cls(day=now.date(), tz=tz, since=now - delta, until=now)
        if isinstance(date, dt.date):
            return cls(day=date, tz=tz)
        return cls(day=parse_day(date or "today", today=now.date()), tz=tz)

    def article_moment(self, published: str | None, imported_at: str) -> dt.datetime | dt.date:
        """The article's published moment in this time zone (a date if it has no time)."""
        return _moment(published or imported_at, self.tz)

    def contains(self, published: str | None, imported_at: str) -> bool:
        try:
            moment = self.article_moment(published, imported_at)
        except ValueError:
            return False
        if self.since is None:
            day = moment if not isinstance(moment, dt.datetime) else moment.date()
            return day == self.day
        if isinstance(moment, dt.datetime):
            return moment >= self.since
        return moment >= self.since.date()

    def sort_value(self, published: str | None, imported_at: str) -> float:
        """A number that orders articles by moment (date-only values at the day's start)."""
        try:
            moment = self.article_moment(published, imported_at)
        except ValueError:
            return 0.0
        if not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time(), tzinfo=self.tz).astimezone()
        return moment.timestamp()

    def display(self, published: str | None, imported_at: str) -> str:
        """How an article's date reads in the brief: 2026-11-23, 2026-11-23 14:05, or
        "imported 2026-11-23"."""
        try:
            moment = self.article_moment(published, imported_at)
        except ValueError:
            return clean_line(published or imported_at)[:16]
        if isinstance(moment, dt.datetime):
            text = moment.strftime("%Y-%m-%d %H:%M")
            return text if published else f"imported {text[:10]}"
        return moment.isoformat()
