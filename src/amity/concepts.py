"""One implementation of each concept several layers use.

* :func:`year_range` — the one check of a first/last year pair (CLI options ``--from/--to``,
  API parameters ``from/to``: the caller names its own fields).

This module imports nothing above :mod:`amity.errors`: every layer may use it.
"""
from __future__ import annotations

from typing import Optional

from amity.errors import InputError

#: Years any request may name (a wider range is a typo, not a question).
YEAR_MIN, YEAR_MAX = 1600, 2100


def year_range(start: Optional[int], end: Optional[int], *, lo: int = YEAR_MIN,
               hi: int = YEAR_MAX, names: tuple[str, str] = ("--from", "--to"),
               ) -> tuple[Optional[int], Optional[int]]:
    """Validate a first/last year pair: each within [lo, hi], and not reversed.

    ``names`` are the caller's field names, used in the error (InputError, exit 2 / HTTP 422).
    """
    for name, y in zip(names, (start, end)):
        if y is not None and not (lo <= y <= hi):
            raise InputError(f"year {y} is outside {lo}..{hi}", field=name)
    if start is not None and end is not None and start > end:
        raise InputError(f"reversed year range: {names[0]} {start} is after {names[1]} {end}",
                         field=names[0])
    return start, end
