"""Dates in text -> EDTF strings (ISO 8601 with the EDTF extensions for partial dates,
decades and intervals).

What is read, in order of precedence where patterns overlap:

- full dates: "4 February 2022", "February 4, 2022", "2022-02-04" -> ``2022-02-04``
- months: "in March 2023", "late 2021" -> ``2023-03``, ``2021``
- years, also in parentheses after a name: "Treaty of Aigun (1858)" -> ``1858``
- decades: "in the 1950s" -> ``195X`` (dateparser does not read decades; this module does)
- ranges: "from the 1960s to most of the 1980s" -> ``196X/198X``; "between 2018 and 2019" ->
  ``2018/2019``
- relative phrases resolved against the latest earlier date in the text, else the document date:
  "three days later", "a few days prior to", "one year later", "the following year";
  and against the document date only: "at present", "today", "this year", "last month",
  "on Tuesday", "in March" (month without a year).

Vague counts ("a few days", "several weeks") lower the precision of the result (day -> month,
month -> year), since the text does not say the exact day.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_MON_CASED = _MON  # used without re.I: capitalised month names only (not the modal "may")
_YEAR = r"(1[5-9]\d\d|20\d\d)"
_DEC = r"(1[5-9]\d|20\d)0s"
_NUMS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "a few": 3, "few": 3, "several": 5, "some": 3, "a couple of": 2}
_VAGUE = {"a few", "few", "several", "some", "a couple of"}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_UNIT_AFTER = re.compile(
    r"\s*(?:troops|soldiers|people|km|kilometers|kilometres|miles|tons|tonnes|dollars|"
    r"euros|billion|million|aircraft|tanks|missiles|shells|meters|metres|km²)\b", re.I)
_LEAD = r"(?:early |mid-|mid |late |the end of |the start of |the beginning of |most of |much of |the early |the late |the mid-)?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("decade_range", re.compile(
        rf"\b(?:from|between) (?:the )?{_LEAD}{_DEC} (?:to|until|and|through) {_LEAD}(?:the )?{_LEAD}{_DEC}", re.I)),
    ("decade_year_range", re.compile(
        rf"\b(?:from|between) (?:the )?{_LEAD}{_DEC} (?:to|until|and|through) {_LEAD}{_YEAR}\b", re.I)),
    ("year_range", re.compile(
        rf"\b(?:from|between) {_LEAD}{_YEAR} (?:to|until|and|through) {_LEAD}{_YEAR}\b", re.I)),
    ("year_dash", re.compile(rf"\b{_YEAR}\s?[-–—]\s?{_YEAR}\b")),
    ("iso_day", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MON}),? {_YEAR}\b", re.I)),
    ("mdy", re.compile(rf"\b({_MON}) (\d{{1,2}})(?:st|nd|rd|th)?,? {_YEAR}\b", re.I)),
    ("iso_month", re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])\b(?!-)")),
    ("my", re.compile(rf"\b{_LEAD}({_MON}),? {_YEAR}\b", re.I)),
    ("decade", re.compile(rf"\b(?:the )?{_LEAD}{_DEC}\b", re.I)),
    ("year", re.compile(rf"(?<![\d,.$€£])\b{_YEAR}\b(?![\d,]\d)")),
    ("rel_count", re.compile(
        r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}|a few|a couple of|several|some|a|an) "
        r"(day|week|month|year|decade)s? (later|after|afterwards|earlier|before|prior|ago)\b", re.I)),
    ("rel_year", re.compile(
        r"\b(the following year|the next year|the same year|that year|the previous year|"
        r"the year before|the year after|that same year)\b", re.I)),
    ("doc_rel", re.compile(
        r"\b(at present|today|currently|this week|this month|this year|last year|next year|"
        r"last month|next month|yesterday|earlier this year|later this year|last week)\b", re.I)),
    ("rel_day", re.compile(
        r"\b(the next day|the following day|the day after|the previous day|the day before|"
        r"the same day|that same day|that day|the next morning|the following morning|"
        r"the next week|the following week|the previous week|the week before|the week after|"
        r"the next month|the following month|the previous month|the month before|"
        r"the month after|the same month|that month)\b", re.I)),
    # a day and month without a year ("On 18 October", "on October 25"): the year is the one in
    # force in the text (the latest earlier date), else the document's
    ("dm_noyear", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MON_CASED})\b(?!,? ?\d)")),
    ("md_noyear", re.compile(rf"\b({_MON_CASED}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? ?\d|\d| ?%| per)")),
    # also opening a sentence ("In September China and Russia held ...", "On Tuesday ...")
    ("weekday", re.compile(r"\b[Oo]n (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("month_only", re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-) ({_MON})\b(?!,? \d)")),
]


@dataclass
class DateMention:
    """A date expression: char span, EDTF value (None if unresolvable), how it was read."""

    start: int
    end: int
    text: str
    edtf: str | None
    kind: str
    absolute: bool


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _parse_edtf(value: str) -> tuple[_dt.date, int] | None:
    """First day of an EDTF value and its precision (1 year, 2 month, 3 day)."""
    v = value.split("/")[-1].rstrip("~?")
    v = v.replace("X", "0")
    try:
        parts = [int(p) for p in v.split("-")]
    except ValueError:
        return None
    if len(parts) == 1:
        return _dt.date(parts[0], 1, 1), 1
    if len(parts) == 2:
        return _dt.date(parts[0], parts[1], 1), 2
    return _dt.date(parts[0], parts[1], parts[2]), 3


def _fmt(d: _dt.date, precision: int) -> str:
    return [f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat()][precision - 1]


def shift(anchor: str, amount: int, unit: str, vague: bool = False) -> str | None:
    """Move an EDTF ``anchor`` by ``amount`` units (day/week/month/year/decade)."""
    p = _parse_edtf(anchor)
    if p is None:
        return None
    d, prec = p
    # a day shift from a month (or a month shift from a year) cannot be placed more finely
    # than the anchor itself: "a few days before" July 1961 is still 1961-07
    if (unit in ("day", "week") and prec < 3) or (unit == "month" and prec < 2):
        if vague or unit in ("day", "week") and abs(amount) * (7 if unit == "week" else 1) < 28:
            return anchor.split("/")[-1]
    if unit == "day":
        d = d + _dt.timedelta(days=amount)
        prec = min(prec, 2 if vague else 3)
    elif unit == "week":
        d = d + _dt.timedelta(days=7 * amount)
        prec = min(prec, 2 if vague else 3)
    elif unit == "month":
        m = d.month - 1 + amount
        d = _dt.date(d.year + m // 12, m % 12 + 1, 1 if prec < 3 else min(d.day, 28))
        prec = min(prec, 1 if vague else 2)
    elif unit in ("year", "decade"):
        n = amount * (10 if unit == "decade" else 1)
        d = _dt.date(d.year + n, d.month, min(d.day, 28))
        prec = 1
    return _fmt(d, prec)


def _doc_relative(phrase: str, doc_date: str) -> str | None:
    p = _parse_edtf(doc_date)
    if p is None:
        return None
    d, prec = p
    ph = phrase.lower()
    if ph in ("at present", "today", "currently"):
        return doc_date
    if ph in ("this year", "earlier this year", "later this year"):
        return f"{d.year:04d}"
    if ph == "last year":
        return f"{d.year - 1:04d}"
    if ph == "next year":
        return f"{d.year + 1:04d}"
    if ph == "this month" or ph == "this week" and prec < 3:
        return _fmt(d, 2) if prec >= 2 else None
    if ph in ("last month", "next month"):
        return shift(_fmt(d, min(prec, 2)), -1 if ph == "last month" else 1, "month") if prec >= 2 else None
    if ph == "yesterday":
        return shift(doc_date, -1, "day") if prec == 3 else None
    if ph in ("last week", "this week"):
        return _fmt(d - _dt.timedelta(days=7 if ph == "last week" else 0), 2) if prec >= 2 else None
    return None


def find_dates(text: str, doc_date: str | None = None) -> list[DateMention]:
    """Every date expression in ``text`` with its EDTF value, in text order.

    Relative phrases are resolved against the latest absolute date that precedes them, else
    against ``doc_date``; phrases that can only be resolved against the document date ("at
    present", "on Tuesday") use ``doc_date`` and stay unresolved (``edtf=None``) without it.
    """
    taken = [False] * (len(text) + 1)
    found: list[tuple[int, int, str, re.Match]] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            if kind == "year" and _UNIT_AFTER.match(text, e):
                continue
            for i in range(s, e):
                taken[i] = True
            found.append((s, e, kind, m))
    found.sort(key=lambda t: t[0])
    out: list[DateMention] = []
    last_abs: str | None = None
    for s, e, kind, m in found:
        g = m.groups()
        val: str | None = None
        absolute = True
        try:
            if kind == "decade_range":
                val = f"{g[0]}X/{g[1]}X"
            elif kind == "decade_year_range":
                val = f"{g[0]}X/{g[1]}"
            elif kind in ("year_range", "year_dash"):
                if int(g[0]) <= int(g[1]):
                    val = f"{g[0]}/{g[1]}"
            elif kind == "iso_day":
                val = _dt.date(int(g[0]), int(g[1]), int(g[2])).isoformat()
            elif kind == "dmy":
                val = _dt.date(int(g[2]), _month(g[1]), int(g[0])).isoformat()
            elif kind == "mdy":
                val = _dt.date(int(g[2]), _month(g[0]), int(g[1])).isoformat()
            elif kind == "iso_month":
                val = f"{g[0]}-{g[1]}"
            elif kind == "my":
                val = f"{int(g[1]):04d}-{_month(g[0]):02d}"
            elif kind == "decade":
                val = f"{g[0]}X"
            elif kind == "year":
                val = g[0]
            else:
                absolute = False
                anchor = last_abs or doc_date
                if kind == "rel_count":
                    word = g[0].lower()
                    n = int(word) if word.isdigit() else _NUMS.get(word, 1)
                    sign = 1 if g[2].lower() in ("later", "after", "afterwards") else -1
                    if g[2].lower() == "ago":
                        anchor = doc_date
                    if anchor:
                        val = shift(anchor, sign * n, g[1].lower(), vague=word in _VAGUE)
                elif kind == "rel_year":
                    ph = g[0].lower()
                    delta = {"the following year": 1, "the next year": 1, "the year after": 1,
                             "the previous year": -1, "the year before": -1}.get(ph, 0)
                    if anchor:
                        val = shift(anchor, delta, "year")
                elif kind == "rel_day":
                    ph = g[0].lower().replace("that same", "the same")
                    unit = "day" if "day" in ph or "morning" in ph else ("week" if "week" in ph else "month")
                    delta = 0 if ("same" in ph or ph.startswith("that")) else (
                        -1 if ("previous" in ph or "before" in ph) else 1)
                    if anchor:
                        p = _parse_edtf(anchor)
                        need = 3 if unit in ("day", "week") else 2
                        if p and p[1] >= need:
                            val = shift(anchor, delta, unit)
                        elif p:
                            val = anchor.split("/")[-1]
                elif kind in ("dm_noyear", "md_noyear"):
                    day, mon = (g[0], g[1]) if kind == "dm_noyear" else (g[1], g[0])
                    p = _parse_edtf(anchor) if anchor else None
                    if p and 1 <= int(day) <= 31:
                        val = _dt.date(p[0].year, _month(mon), int(day)).isoformat()
                elif kind == "doc_rel":
                    val = _doc_relative(g[0], doc_date) if doc_date else None
                elif kind == "weekday":
                    p = _parse_edtf(doc_date) if doc_date else None
                    if p and p[1] == 3:
                        back = (p[0].weekday() - _WEEKDAYS[g[0].lower()]) % 7
                        val = (p[0] - _dt.timedelta(days=back)).isoformat()
                elif kind == "month_only":
                    base = anchor
                    p = _parse_edtf(base) if base else None
                    if p:
                        val = f"{p[0].year:04d}-{_month(g[0]):02d}"
        except ValueError:  # 31 February and the like
            val = None
        if val and kind in ("rel_count", "rel_day", "dm_noyear", "md_noyear"):
            last_abs = val  # a narrative moves on: "On 25 October ... Two days later ... the next day"
        elif val and absolute and "/" not in val:
            last_abs = val
        elif val and absolute:
            last_abs = val.split("/")[-1]
        out.append(DateMention(s, e, text[s:e], val, kind, absolute))
    return out


def year_bounds(edtf: str | None) -> tuple[int | None, int | None]:
    """First and last calendar year an EDTF value covers (``195X`` -> 1950, 1959)."""
    if not edtf:
        return None, None
    parts = edtf.split("/")

    def lo(v: str) -> int | None:
        y = v[:4]
        return int(y.replace("X", "0")) if y[:3].isdigit() else None

    def hi(v: str) -> int | None:
        y = v[:4]
        return int(y.replace("X", "9")) if y[:3].isdigit() else None

    return lo(parts[0]), hi(parts[-1])
