"""``create_state_days``: one row per state and day of system membership (COW or G-W)."""
from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import code_col, year_bounds


def default_end() -> int:
    """Open membership spells run through 31 December of the year before the current one
    (peacesciencer's ``mry``: the most recent complete year)."""
    return _dt.date.today().year - 1


def membership_spells(system: str = "cow", *, end: int | None = None, mirror: Any = None,
                      con: Any = None, microstates: bool = True) -> pd.DataFrame:
    """``code, start, end`` (``datetime64[D]``) membership spells; spells still open at the
    list's end (COW states2016: 2016-12-31; G-W: 2017-12-31 or no end) run to 31 December of
    ``end`` (default :func:`default_end`)."""
    from amity.panel.create import _spells

    code_col(system)
    sp = _spells(system, mirror, con, False, microstates)
    end = default_end() if end is None else int(end)

    def dates(y, md):
        m, d = np.asarray(md) // 32, np.asarray(md) % 32
        s = pd.to_datetime(pd.DataFrame({"year": np.asarray(y), "month": m, "day": d}))
        return s.to_numpy().astype("datetime64[D]")

    start = dates(sp["first"], sp["smd"])
    stop = dates(sp["last"], sp["emd"])
    if system == "cow":      # states2016's spells ending on its last day are open
        last_day = stop.max()
        is_open = sp["open"].to_numpy() | (stop == last_day)
    else:
        is_open = sp["open"].to_numpy()
    stop = np.where(is_open & (stop < np.datetime64(f"{end}-12-31")),
                    np.datetime64(f"{end}-12-31"), stop)
    return pd.DataFrame({"code": sp["code"].to_numpy(dtype="int64"), "start": start,
                         "end": stop.astype("datetime64[D]")})


def create_state_days(system: str = "cow", years: Any = None, *, end: int | None = None,
                      microstates: bool = True, mirror: Any = None, con: Any = None) -> pd.DataFrame:
    """State-days: ``ccode, date`` (``gwcode, date`` for ``system="gw"``), one row per
    member and day, as peacesciencer's ``create_statedays``. Spells still open at the
    list's end run through 31 December of ``end`` (default: last year). ``years`` keeps an
    inclusive year range. About 6.4M rows for COW 1816–2025."""
    sp = membership_spells(system, end=end, mirror=mirror, con=con, microstates=microstates)
    sp = sp.sort_values(["code", "start"], kind="stable")
    lo, hi = year_bounds(years)
    if lo is not None and hi is not None and lo > hi:
        raise InputError(f"years: {lo} is after {hi}", field="years")
    s = sp["start"].to_numpy().astype("datetime64[D]")
    e = sp["end"].to_numpy().astype("datetime64[D]")
    if lo is not None:
        s = np.maximum(s, np.datetime64(f"{lo}-01-01"))
    if hi is not None:
        e = np.minimum(e, np.datetime64(f"{hi}-12-31"))
    n = np.maximum((e - s).astype(np.int64) + 1, 0)
    code = np.repeat(sp["code"].to_numpy(dtype="int32"), n)
    day = np.repeat(s, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)).astype(
        "timedelta64[D]")
    cc = code_col(system)
    df = pd.DataFrame({cc: code, "date": day.astype("datetime64[s]")})
    if len(df) > 1 and ((code[1:] == code[:-1]) & (day[1:] <= day[:-1])).any():
        # overlapping spells of one state: one row per day
        df = df.drop_duplicates().sort_values([cc, "date"], kind="stable")
        df = df.reset_index(drop=True)
    df.attrs["amity"] = {"kind": "state_day", "system": system, "directed": False,
                         "coverage": {}}
    return df
