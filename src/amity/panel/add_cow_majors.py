"""``add_cow_majors``: COW major-power status (``cowmaj``) on state-, dyad- and triad-years."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import join_monadic
from amity.sources.access import dataset


def majors_table(con: Any = None, mirror: Any = None, *,
                 carry_to: int | None = None) -> tuple[pd.DataFrame, int, int]:
    """State-years ``ccode, year, cowmaj`` (1 major, 0 any other system member code) and
    the covered years ``(first, last)``.

    ``carry_to`` extends spells still open at the data's end (ending on 31 December of the
    last coded year) through that year, as peacesciencer's ``mry = TRUE`` does.
    """
    mj = dataset("cow_majors", con=con, mirror=mirror)
    st = dataset("cow_states", con=con, mirror=mirror)
    sty = mj["styear"].to_numpy(dtype="int64")
    eny = mj["endyear"].to_numpy(dtype="int64")
    first, last = int(sty.min()), int(eny.max())
    if carry_to is not None:
        if carry_to < last:
            raise InputError(f"carry_to={carry_to} is before the data's last year {last}",
                             field="carry_to")
        open_end = ((eny == last) & (mj["endmonth"].to_numpy(dtype="int64") == 12)
                    & (mj["endday"].to_numpy(dtype="int64") == 31))
        eny = np.where(open_end, carry_to, eny)
        last = int(carry_to)
    codes = np.union1d(st["ccode"].to_numpy(dtype="int64"), mj["ccode"].to_numpy(dtype="int64"))
    years = np.arange(first, last + 1)
    cc = np.repeat(codes, len(years))
    yy = np.tile(years, len(codes))
    flag = np.zeros(len(cc), dtype="int8")
    pos = {int(c): i for i, c in enumerate(codes)}
    for c, a, b in zip(mj["ccode"].to_numpy(dtype="int64"), sty, eny):
        i = pos[int(c)] * len(years)
        flag[i + (a - first): i + (b - first) + 1] = 1
    return pd.DataFrame({"ccode": cc, "year": yy, "cowmaj": flag}), first, last


def add_cow_majors(panel: pd.DataFrame, *, carry_to: int | None = None, con: Any = None,
                   mirror: Any = None) -> pd.DataFrame:
    """Add COW major-power status: ``cowmaj`` on state-years, ``cowmaj1, cowmaj2`` on
    dyad-years (``cowmaj1..3`` on triad-years); 1 while the state is a major power in the
    year (any part of it), else 0.

    COW's major-power list (version 2016) ends in 2016; later years are missing, never 0
    (the trap peacesciencer's issue 17 reported), unless ``carry_to`` carries the spells
    open at the end of 2016 (United States, China, France, Russia, United Kingdom) through
    that year, like peacesciencer's ``mry = TRUE``. COW panels only.

    References
    ----------
    Correlates of War Project (2017). State System Membership List, v2016.
    """
    table, first, last = majors_table(con, mirror, carry_to=carry_to)
    return join_monadic(panel, table, {"cowmaj": "Int8"}, source="cow_majors",
                        first=first, last=last, verb="add_cow_majors")
