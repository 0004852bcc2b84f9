"""The times stage: time expressions found and normalised against the publication date.

Values keep their precision ("2019", "2019-02", "2019-02-27", ISO weeks "2019-W09", intervals
"2010/2015"): a weekday in an article dated only to the month gives that month, "for et år
siden" in a month-dated article gives the month a year earlier.  Word lists are data
(``nb/times.yaml``, ``en/times.yaml``); this module only builds patterns from them.
Expressions that need the publication date are skipped when it is unknown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from . import resources
from .dates import as_date, precision
from .pipeline import Analysis, PipelineConfig, stage
from .records import Span, Time

_RANK = {"year": 0, "month": 1, "week": 2, "day": 3, "time": 3}
_B, _E = r"(?<![\w-])", r"(?![\w-])"


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: str
    anchor: str


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass
class Patterns:
    words: dict
    full_date: re.Pattern
    month_day: re.Pattern
    month_year: re.Pattern
    in_month: re.Pattern
    relative: re.Pattern
    ago: re.Pattern
    weekday: re.Pattern
    year_range: re.Pattern
    year: re.Pattern


@lru_cache(maxsize=4)
def patterns(language: str) -> Patterns:
    from .language import data_language

    w = resources.load(f"{data_language(language, 'times.yaml') or data_language(None)}/times.yaml")
    months, days = _alt(w["months"]), _alt(w["weekdays"])
    num = _alt(w["numbers"]) + r"|\d+"
    ago = w["ago"]
    before = rf"{re.escape(ago['before'])}\s+" if ago["before"] else ""
    mods = _alt(list(w["weekday_before"]) + list(w.get("weekday_prefix") or []))
    flags = re.IGNORECASE
    rng = _alt(w["range_words"])
    return Patterns(
        words=w,
        full_date=re.compile(rf"{_B}(\d{{1,2}})\.?\s+({months})(?:\s+(\d{{4}}))?{_E}", flags),
        month_day=re.compile(rf"{_B}({months})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?{_E}", flags),
        month_year=re.compile(rf"{_B}({months})\s+(\d{{4}}){_E}", flags),
        in_month=re.compile(rf"{_B}(?:i|in)\s+({months}){_E}", flags),
        relative=re.compile(rf"{_B}({_alt(w['relative'])}){_E}", flags),
        ago=re.compile(rf"{_B}{before}({num})\s+({_alt(w['units'])})\s+{re.escape(ago['after'])}{_E}", flags),
        weekday=re.compile(rf"{_B}(?:({mods})\s+)?({days})(?:en|s)?{_E}", flags),
        year_range=re.compile(rf"{_B}(?:(?:fra|from|mellom|between)\s+)?(1[5-9]\d\d|20\d\d)\s*(?:[–-]|\s(?:{rng})\s)\s*"
                              rf"(1[5-9]\d\d|20\d\d){_E}", flags),
        year=re.compile(r"(?<![\w.,-])(1[5-9]\d\d|20\d\d)(?![\w-]|[.,]\d)"),
    )


# ----------------------------------------------------------------------------- arithmetic
def _fmt(d: date, rank: str) -> str:
    if rank == "year":
        return f"{d.year:04d}"
    if rank == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if rank == "week":
        y, wk, _ = d.isocalendar()
        return f"{y:04d}-W{wk:02d}"
    return d.isoformat()


def _shift_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _coarser(a: str, b: str) -> str:
    return a if _RANK[a] <= _RANK[b] else b


def shift(published: str, unit: str, n: int, year_precision: str = "year") -> str | None:
    """``published`` moved by ``n`` units, at the coarser of the two precisions; None when the
    unit is finer than what is known and the shift is not zero, or when it leaves the calendar
    ("for 2050 år siden").  A year shift keeps ``year_precision`` at most ("i fjor" → "2018";
    "for et år siden" → "2018-02")."""
    try:
        return _shift(published, unit, n, year_precision)
    except (ValueError, OverflowError):  # before year 1 or after 9999
        return None


def _shift(published: str, unit: str, n: int, year_precision: str) -> str | None:
    p = "day" if precision(published) == "time" else precision(published)
    base = as_date(published)
    if _RANK[unit] > _RANK[p]:
        return published[:len(_fmt(base, p))] if n == 0 else None
    if unit == "year":
        return _fmt(date(base.year + n, base.month, 1), _coarser(year_precision, p))
    if unit == "month":
        return _fmt(_shift_months(base, n), "month")
    step = timedelta(days=n * (7 if unit == "week" else 1))
    return _fmt(base + step, unit)


def weekday_value(published: str, weekday: int, direction: int) -> str:
    """The weekday's date: the last one on or before the published day (``direction`` -1 or 0:
    strictly before for -1 given explicitly), the next one after for +1; the published month
    or year when the day is not known."""
    p = precision(published)
    if p in ("year", "month"):
        return published[:7] if p == "month" else published[:4]
    day = as_date(published)
    back = (day.weekday() - weekday) % 7
    if direction > 0:
        return (day + timedelta(days=(weekday - day.weekday()) % 7 or 7)).isoformat()
    if direction < 0 and back == 0:
        back = 7
    return (day - timedelta(days=back)).isoformat()


def _year_for(published: str | None, month: int, day: int = 1) -> int | None:
    """The year that puts a day-month nearest the publication date."""
    if not published:
        return None
    ref = as_date(published)
    options = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append((abs((date(y, month, day) - ref).days), y))
        except ValueError:
            continue
    return min(options)[1] if options else None


# ----------------------------------------------------------------------------- finders
def _dates(text: str, pat: Patterns, published: str | None) -> list[Found]:
    out = []
    months = {k.lower(): v for k, v in pat.words["months"].items()}
    for rx, day_group, month_group in ((pat.full_date, 1, 2), (pat.month_day, 2, 1)):
        for m in rx.finditer(text):
            day, month = int(m.group(day_group)), months[m.group(month_group).lower()]
            year = int(m.group(3)) if m.group(3) else _year_for(published, month, min(day, 28))
            if year is None:
                continue
            try:
                value = date(year, month, day).isoformat()
            except ValueError:
                continue
            out.append(Found(m.start(), m.end(), value, "absolute" if m.group(3) else "published"))
    for m in pat.month_year.finditer(text):
        out.append(Found(m.start(), m.end(), f"{int(m.group(2)):04d}-{months[m.group(1).lower()]:02d}", "absolute"))
    for m in pat.in_month.finditer(text):
        month = months[m.group(1).lower()]
        year = _year_for(published, month)
        if year is not None:
            out.append(Found(m.start(), m.end(), f"{year:04d}-{month:02d}", "published"))
    return out


def _relative(text: str, pat: Patterns, published: str | None) -> list[Found]:
    if not published:
        return []
    out = []
    table = {k.lower(): v for k, v in pat.words["relative"].items()}
    for m in pat.relative.finditer(text):
        (unit, n), = table[m.group(1).lower()].items()
        value = shift(published, unit, n)
        if value:
            out.append(Found(m.start(), m.end(), value, "published"))
    numbers, units = pat.words["numbers"], pat.words["units"]
    for m in pat.ago.finditer(text):
        count = m.group(1).lower()
        n = int(count) if count.isdigit() else numbers[count]
        value = shift(published, units[m.group(2).lower()], -n, year_precision="month")
        if value:
            out.append(Found(m.start(), m.end(), value, "published"))
    return out


def _weekdays(text: str, pat: Patterns, published: str | None) -> list[Found]:
    if not published:
        return []
    days = pat.words["weekdays"]
    mods = {k.lower(): v for k, v in pat.words["weekday_before"].items()}
    out = []
    for m in pat.weekday.finditer(text):
        word = m.group(2).lower()
        direction = mods.get((m.group(1) or "").lower(), 0)
        out.append(Found(m.start(), m.end(), weekday_value(published, days[word], direction), "published"))
    return out


def _years(text: str, pat: Patterns) -> list[Found]:
    out = [Found(m.start(), m.end(), f"{m.group(1)}/{m.group(2)}", "absolute")
           for m in pat.year_range.finditer(text) if m.group(1) < m.group(2)]
    cues = {c.lower() for c in pat.words["year_cues"]}
    not_after = {c.lower() for c in pat.words["not_year_after"]}
    for m in pat.year.finditer(text):
        before = text[max(0, m.start() - 20):m.start()].split()
        after = text[m.end():m.end() + 20].split()
        prev = before[-1].lower() if before else ""
        nxt = after[0].lower().strip(".,;:!?»)") if after else ""
        if nxt in not_after or prev in ("kr", "nr.", "nr", "kl.", "kl", "no."):
            continue
        cued = prev in cues or prev in {k.lower() for k in pat.words["months"]}
        ends = not after or text[m.end():m.end() + 1] in ".,;:!?)»"
        if cued or ends:
            out.append(Found(m.start(), m.end(), m.group(1), "absolute"))
    return out


def find_times(text: str, published: str | None, language: str | None = "nb") -> list[Time]:
    """Every time expression in ``text`` with its normalised value, in text order."""
    pat = patterns(language or "nb")
    ordered = (_dates(text, pat, published) + _years(text, pat) + _relative(text, pat, published)
               + _weekdays(text, pat, published))
    taken: list[Found] = []
    for f in ordered:
        if not any(f.start < t.end and t.start < f.end for t in taken):
            taken.append(f)
    taken.sort(key=lambda f: f.start)
    return [Time(span=Span.of(text, f.start, f.end), value=f.value, anchor=f.anchor) for f in taken]


@stage("times")
class Stage:
    name = "times"
    requires = ("text",)
    provides = ("times",)

    def __init__(self, config: PipelineConfig):
        self.config = config

    def __call__(self, analysis: Analysis) -> None:
        a = analysis.article
        a.times = find_times(a.text, a.published, a.language)
