"""A small, strict reader of the EDTF date forms the store uses.

Supported (ISO 8601-2 / EDTF level 0-1 subset):

* ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (calendar-checked: ``2022-02-30`` is refused);
* unspecified digits ``195X`` (a decade), ``19XX`` (a century), ``2022-XX``;
* a trailing qualifier ``?`` (uncertain), ``~`` (approximate) or ``%`` (both);
* intervals ``START/END`` where either side may be empty or ``..`` (open).

Each value reads to an inclusive span of days ``(earliest, latest)``; an open end is None.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

_SINGLE = re.compile(r"^(?P<y>-?[0-9X]{4})(?:-(?P<m>[0-9X]{2})(?:-(?P<d>[0-9X]{2}))?)?(?P<q>[?~%])?$")


class EDTFError(ValueError):
    """An EDTF string that is malformed or names an impossible date."""


@dataclass(frozen=True)
class Span:
    """An inclusive span of days; ``None`` means open on that side."""

    earliest: _dt.date | None
    latest: _dt.date | None
    qualifier: str | None = None

    @property
    def year_start(self) -> int | None:
        return self.earliest.year if self.earliest else None

    @property
    def year_end(self) -> int | None:
        return self.latest.year if self.latest else None

    def overlaps(self, start: _dt.date | None, end: _dt.date | None) -> bool:
        """True when this span and ``[start, end]`` (None = open) share at least one day."""
        lo = self.earliest or _dt.date.min
        hi = self.latest or _dt.date.max
        return lo <= (end or _dt.date.max) and (start or _dt.date.min) <= hi


def _single(text: str) -> Span:
    m = _SINGLE.match(text)
    if not m:
        raise EDTFError(f"{text!r} is not an EDTF date (YYYY, YYYY-MM, YYYY-MM-DD, 195X, A/B)")
    y, mo, d, q = m.group("y"), m.group("m"), m.group("d"), m.group("q")
    if y.startswith("-"):
        raise EDTFError(f"{text!r}: years before 0 are not supported")
    if "X" in y:
        if not re.fullmatch(r"[0-9]+X+", y):
            raise EDTFError(f"{text!r}: unspecified digits must close the year (195X, 19XX)")
        if mo or d:
            raise EDTFError(f"{text!r}: a month or day cannot follow an unspecified year")
        lo_y, hi_y = int(y.replace("X", "0")), int(y.replace("X", "9"))
        return Span(_dt.date(max(lo_y, 1), 1, 1), _dt.date(hi_y, 12, 31), q)
    year = int(y)
    if year < 1:
        raise EDTFError(f"{text!r}: year 0 is not supported")
    if mo is None:
        return Span(_dt.date(year, 1, 1), _dt.date(year, 12, 31), q)
    if mo == "XX":
        if d is not None and d != "XX":
            raise EDTFError(f"{text!r}: a day cannot follow an unspecified month")
        return Span(_dt.date(year, 1, 1), _dt.date(year, 12, 31), q)
    if "X" in mo or not 1 <= int(mo) <= 12:
        raise EDTFError(f"{text!r}: month {mo} does not exist")
    month = int(mo)
    last = calendar.monthrange(year, month)[1]
    if d is None or d == "XX":
        return Span(_dt.date(year, month, 1), _dt.date(year, month, last), q)
    if "X" in d or not 1 <= int(d) <= last:
        raise EDTFError(f"{text!r}: day {d} does not exist in {year}-{month:02d}")
    day = _dt.date(year, month, int(d))
    return Span(day, day, q)


def parse(text: str) -> Span:
    """Read an EDTF date or interval into its inclusive :class:`Span` of days.

    Raises :class:`EDTFError` for malformed text or impossible dates (``2022-02-30``) and for
    intervals whose end precedes their start.

    Examples
    --------
    >>> parse("195X").year_start, parse("195X").year_end
    (1950, 1959)
    >>> parse("1960/1989").latest.isoformat()
    '1989-12-31'
    """
    if text is None:
        raise EDTFError("empty date")
    text = str(text).strip()
    if not text:
        raise EDTFError("empty date")
    if "/" in text:
        left, _, right = text.partition("/")
        if "/" in right:
            raise EDTFError(f"{text!r}: an interval has exactly one '/'")
        lo = None if left in ("", "..") else _single(left)
        hi = None if right in ("", "..") else _single(right)
        if lo is None and hi is None:
            raise EDTFError(f"{text!r}: an interval needs at least one end")
        if lo and hi and hi.latest < lo.earliest:
            raise EDTFError(f"{text!r}: the interval ends before it starts")
        return Span(lo.earliest if lo else None, hi.latest if hi else None)
    return _single(text)


def is_open(text: str | None) -> bool:
    """True for the EDTF open end ``..`` (e.g. a treaty still in force)."""
    return text is not None and str(text).strip() == ".."


def _coerce(value, end: str) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    s = str(value).strip()
    if s.startswith("9999"):
        return None
    return getattr(parse(s), end)


def to_date(value) -> _dt.date | None:
    """Coerce an actor's start/end (date, datetime, ISO string, EDTF or None) to its first day."""
    return _coerce(value, "earliest")


def to_last_date(value) -> _dt.date | None:
    """Like :func:`to_date` but the last day of a partial date (for span ends)."""
    return _coerce(value, "latest")
