"""``add_sanctions``: active sanction cases between the two states of a dyad-year (GSDB V3).

A case of the Global Sanctions Data Base is active in every year from its ``begin`` to its
``end`` (inclusive). A case counts for the dyad (sender, target) when the sender is named in
the case, or, with ``via_blocs=True`` (default), when the sender is a member at 1 July of the
year of a bloc named as sender (EU/EEC, G7, NATO: the blocs whose membership the actor registry
knows; the UN is not expanded: a UN sanction is not each member's own sanction). Each case is
counted once per dyad-year even if the state is named both directly and through a bloc.

Actor ids are mapped to COW codes for the year (:func:`amity.actors.cow_code`), so the Soviet
Union and Russia both join on 365, the Federal Republic and united Germany on 260/255.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel._common import (
    code_col,
    dyad_key,
    lookup,
    mark_coverage,
    mask_outside,
    pair_suffixes,
    require_panel,
)
from amity.sources import coverage
from amity.sources.access import dataset
from amity.sources.gsdb import bloc_members_at, cow_code_at, expand_blocs  # noqa: F401 (re-exported)

def sanction_dyad_years(dyad_years: pd.DataFrame, *, via_blocs: bool = True) -> pd.DataFrame:
    """Directed (sender ccode, target ccode, year) counts of distinct active cases.

    Returns ``ccode_s, ccode_t, year, cases`` (one row per key).
    """
    dy = expand_blocs(dyad_years) if via_blocs else dyad_years
    dy = dy[dy["sender_kind"] != "bloc"]
    s = np.array([cow_code_at(a, y) for a, y in zip(dy["sender"], dy["year"])], dtype=np.int64)
    t = np.array([cow_code_at(a, y) for a, y in zip(dy["target"], dy["year"])], dtype=np.int64)
    f = pd.DataFrame({"ccode_s": s, "ccode_t": t, "year": dy["year"].to_numpy(np.int64),
                      "case_id": dy["case_id"].to_numpy()})
    f = f[(f.ccode_s >= 0) & (f.ccode_t >= 0) & (f.ccode_s != f.ccode_t)]
    f = f.drop_duplicates()
    return (f.groupby(["ccode_s", "ccode_t", "year"]).size().rename("cases").reset_index())


def load_sanction_dyad_years(*, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    return dataset("gsdb_dyad_years", con=con, mirror=mirror)


def add_sanctions(panel: pd.DataFrame, *, via_blocs: bool = True,
                  dyad_years: pd.DataFrame | None = None, con: Any = None,
                  mirror: Any = None) -> pd.DataFrame:
    """Add GSDB sanction cases active between the two sides of each dyad-year.

    Columns (Int16 counts of distinct cases, boolean ``any``):

    * directed dyad-year panel: ``sanctions`` (cases with ccode1 sending to ccode2) and
      ``sanction_any``;
    * non-directed dyad-year panel: ``sanctions_12`` (1 on 2), ``sanctions_21`` (2 on 1) and
      ``sanction_any`` (either direction);
    * triad-year panel: ``sanctions_12``, ``_21``, ``_13``, ``_31``, ``_23``, ``_32`` and
      ``sanction_any`` (any leg, any direction).

    Inside 1949-2022 a dyad without a case gets 0 / False; outside, every column is missing.
    A left join (array lookup): the row count and order never change. A G-W or state-year
    panel is refused.
    """
    meta = require_panel(panel, ("dyad_year", "triad_year"), "cow", verb="add_sanctions")
    if dyad_years is None:
        dyad_years = load_sanction_dyad_years(con=con, mirror=mirror)
    sdy = sanction_dyad_years(dyad_years, via_blocs=via_blocs)
    keys = dyad_key(sdy["year"].to_numpy(), sdy["ccode_s"].to_numpy(), sdy["ccode_t"].to_numpy())
    order = np.argsort(keys)
    keys, cnt = keys[order], sdy["cases"].to_numpy()[order]

    out = panel.copy()
    out.attrs = dict(panel.attrs)
    c = code_col("cow")
    year = out["year"].to_numpy()

    def count(a: str, b: str) -> np.ndarray:
        q = dyad_key(year, out[f"{c}{a}"].to_numpy(), out[f"{c}{b}"].to_numpy())
        pos, found = lookup(keys, q)
        res = np.zeros(len(q), np.int64)
        res[found] = cnt[pos[found]]
        return res

    cols: list[str] = []
    anyv = np.zeros(len(out), bool)
    if meta["kind"] == "dyad_year" and meta.get("directed"):
        v = count("1", "2")
        out["sanctions"] = pd.array(v, dtype="Int16")
        cols.append("sanctions")
        anyv |= v > 0
    else:
        for a, b, _ in pair_suffixes(meta["kind"]):
            for x, y in ((a, b), (b, a)):
                v = count(x, y)
                out[f"sanctions_{x}{y}"] = pd.array(v, dtype="Int16")
                cols.append(f"sanctions_{x}{y}")
                anyv |= v > 0
    out["sanction_any"] = pd.array(anyv, dtype="boolean")
    cols.append("sanction_any")
    years = coverage("gsdb")   # from the Source record
    mask_outside(out, cols, *years)
    mark_coverage(out, "gsdb", *years)
    return out
