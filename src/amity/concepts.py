"""One implementation of each concept several layers use.

* :data:`FIRST_YEAR` / :data:`LAST_YEAR` — the years the measures cover: from the COW state
  system's first year (its Source record, ``cow_states``: 1816) to the last year the curated
  layer and the event sources reach (2025). A dataset's own years come from its ``Source``
  record (:func:`amity.sources.coverage`), never from a literal.
* :func:`year_range` — the one check of a first/last year pair (CLI options ``--from/--to``,
  API parameters ``from/to``: the caller names its own fields).
* :func:`check_band` / :func:`neutral_band` / :data:`NEUTRAL_BAND` — the neutral band that turns
  closeness into signed ties (balance, the system graph, triangles).
* :func:`atop_level` / :data:`OBLIGATION_LEVEL` — the valued ATOP alliance level used by the
  ATOP panel column, the similarity portfolios and closeness.
* :data:`EVENT_WEIGHT_CAP` — the most a dyad-year's events weigh in the closeness model (the
  assembly scales it by the year's event coverage, the model clips at it).
* :func:`pair_entry` — when a multilateral fact starts to bind a pair of its parties: the
  later entry of the two (a state that acceded to a treaty is bound from its accession, so
  the North Atlantic Treaty binds USA–DEU from 1955, not 1949). The knowledge queries, the
  closeness inputs and the v2 table read it.

This module imports nothing above :mod:`amity.errors`: every layer may use it.
"""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Optional

from amity.errors import InputError

if TYPE_CHECKING:  # numpy is imported by the functions that use it: every face imports this
    import numpy as np  # module, and `amity --help` should not pay for numpy

#: Years any request may name (a wider range is a typo, not a question).
YEAR_MIN, YEAR_MAX = 1600, 2100
#: The years the measures cover (closeness, the signed graph, the reports): the state system's
#: first year (``cow_states``' Source record; tests/test_concepts.py checks they agree) to the
#: last year of the curated layer and the event sources.
FIRST_YEAR, LAST_YEAR = 1816, 2025
#: The weight of a dyad-year's events as evidence (the mean Goldstein item of the closeness
#: model) is their count up to this cap: past ten events a year, more news about the same
#: relation is not more independent evidence of it. A year the event store covers only in
#: part weighs at most the cap times its coverage (amity.assembly.closeness_inputs).
EVENT_WEIGHT_CAP = 10.0


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


# --------------------------------------------------------------------------- ATOP level
#: ATOP obligation -> valued alliance level (METHODS.md; Leeds' ordering by depth):
#: 3 defense or offense, 2 neutrality or consultation, 1 non-aggression only, 0 none.
OBLIGATION_LEVEL = {"defense": 3, "offense": 3, "neutrality": 2, "consultation": 2,
                    "non-aggression": 1, "nonaggression": 1}
#: the same levels by ATOP's dyad-year column names
ATOP_COLUMN_LEVEL = {"atop_defense": 3, "atop_offense": 3, "atop_neutral": 2,
                     "atop_consul": 2, "atop_nonagg": 1}


def atop_level(defense, offense, neutral, nonagg, consul):
    """Valued ATOP level per row from five 0/1 (or count, NaN = 0) obligation arrays:
    the highest level among the obligations present (see :data:`OBLIGATION_LEVEL`)."""
    import numpy as np

    def on(x):
        a = np.asarray(x, dtype="float64")
        return np.nan_to_num(a, nan=0.0) > 0

    d, o, n, na, c = on(defense), on(offense), on(neutral), on(nonagg), on(consul)
    return np.select([d | o, n | c, na], [3, 2, 1], 0).astype(np.int8)


def atop_level_frame(df) -> "object":
    """:func:`atop_level` over a frame with ATOP's dyad-year columns (``atop_defense``...)."""
    return atop_level(*(df[c].to_numpy(dtype="float64", na_value=float("nan"))
                        for c in ("atop_defense", "atop_offense", "atop_neutral",
                                  "atop_nonagg", "atop_consul")))


# --------------------------------------------------------------------------- entry dates
#: an entry (accession) date: a year, a month or a day
ENTRY_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def entry_year(date: str) -> int:
    """The year of an entry date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    m = ENTRY_DATE.match(str(date))
    if m is None:
        raise InputError(f"{date!r} is not an entry date (YYYY, YYYY-MM or YYYY-MM-DD)",
                         field="parties")
    return int(m.group(1))


def _listlike(v) -> bool:
    return v is not None and not isinstance(v, (str, bytes, float)) and hasattr(v, "__iter__")


def pair_entry(parties, party_since, side_a, side_b) -> Optional[str]:
    """The date from which a fact binds a pair: the later of the two sides' entry dates.

    ``parties`` and ``party_since`` are aligned (``party_since[i]`` is the date ``parties[i]``
    entered, None for a party from the fact's own date; ``party_since`` None: all of them);
    a side is a set of ids (a line of states) and enters at its earliest-entering id among
    the parties. None when both sides are there from the fact's date, or a side is not
    among the parties (it is then the fact's source or target).
    """
    if not _listlike(party_since) or not _listlike(parties):
        return None             # NULL (None, NaN or NA in a frame read from the store)
    since = dict(zip([str(p) for p in parties], party_since))

    def side(ids):
        got = [since[i] for i in ids if i in since]
        if not got:
            return None
        if any(d is None for d in got):
            return None            # a member of the side is there from the start
        return min(got, key=lambda d: (entry_year(d), str(d)))

    a, b = side(set(side_a)), side(set(side_b))
    dates = [d for d in (a, b) if d is not None]
    if not dates:
        return None
    return max(dates, key=lambda d: (entry_year(d), str(d)))


# --------------------------------------------------------------------------- neutral band
#: closeness values with ``|x|`` below this are no tie (neither friend nor enemy)
NEUTRAL_BAND = 0.1


def check_band(threshold, field: str = "threshold") -> float:
    """Validate a neutral-band threshold: a number in [0, 1) (InputError naming ``field``)."""
    try:
        t = float(threshold)
    except (TypeError, ValueError):
        raise InputError(f"{field.lstrip('-')} must be a number in [0, 1), got {threshold!r}",
                         field=field) from None
    if math.isnan(t) or not (0.0 <= t < 1.0):
        raise InputError(f"{field.lstrip('-')} must be in [0, 1), got {threshold!r}",
                         field=field)
    return t


def neutral_band(C, threshold: float = NEUTRAL_BAND, *, weighted: bool = False) -> np.ndarray:
    """Signed ties from a closeness matrix: ``x`` (``weighted``) or ``sign(x)`` where
    ``|x| >= threshold``; 0 inside the band, for NaN, for an exact 0 and on the diagonal."""
    import numpy as np

    t = check_band(threshold)
    X = np.nan_to_num(np.asarray(C, dtype=float), nan=0.0)
    keep = (np.abs(X) >= t) & (X != 0)
    out = np.where(keep, X if weighted else np.sign(X), 0.0)
    if out.ndim == 2:
        np.fill_diagonal(out, 0.0)
    return out
