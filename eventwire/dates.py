"""ISO 8601 dates with their precision kept: "2019", "2019-02", "2019-02-28" or a timestamp."""
from __future__ import annotations

import re
from datetime import date, datetime

from .errors import BadDate

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$")


def normalize_date(value: object, origin: str | None = None) -> str | None:
    """Check an ISO 8601 date and return it with its precision kept; None for empty values.

    Raises :class:`BadDate` for anything that is not a real date (2019-02-30, 2019-13).
    """
    if value is None or value == "":
        return None
    text = str(value).strip()
    m = _ISO.match(text)
    if not m:
        raise BadDate(f"{text!r} is not an ISO 8601 date", origin=origin)
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            date(int(year), int(month), int(day))
            if m.group(4):
                datetime(int(year), int(month), int(day), int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
                return text.replace(" ", "T")
            return f"{year}-{month}-{day}"
        if month:
            date(int(year), int(month), 1)
            return f"{year}-{month}"
        return year
    except ValueError as err:
        raise BadDate(f"{text!r} is not a real date: {err}", origin=origin) from None


def precision(value: str) -> str:
    """'year', 'month', 'day' or 'time' for a normalised date string."""
    if len(value) == 4:
        return "year"
    if len(value) == 7:
        return "month"
    if len(value) == 10:
        return "day"
    return "time"


def as_date(value: str) -> date:
    """The first day that ``value`` covers ("2019-02" → 2019-02-01)."""
    parts = value[:10].split("-")
    return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
