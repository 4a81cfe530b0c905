"""``create_leader_dyad_years``: pairs of leaders of different states in office together."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import year_bounds
from amity.sources import coverage
from amity.panel._leaders import leader_pieces


def create_leader_dyad_years(system: str = "gw", directed: bool = True, years: Any = None, *,
                             con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Leader-dyad-years, as peacesciencer's ``create_leaderdyadyears`` (which ships them
    pre-built for 1870–2015): ``year, obsid1, obsid2, gwcode1, gwcode2`` (``ccode1,
    ccode2`` for ``system="cow"``), ``gender1/2``, ``leaderage1/2``, ``yrinoffice1/2``.

    Two leaders of two different states form a dyad in a year when both are in office, and
    their states system members (G-W or COW, as :func:`create_leader_years` standardizes),
    on at least one common day of it. "Different states" is peacesciencer's rule
    (data-raw/gw_dir_leader_dyad_years.R): the three-letter country prefixes of the two
    Archigos observation ids differ, not their state codes. Archigos has one state under
    two prefixes, Vietnam (815: ``VIE-`` to 1885, ``VNM-`` after), so the regency
    VIE-1883 and Dong Khanh (VNM-1885), both in office on 14 October 1885, are a directed
    leader dyad of 815 with itself in 1885, as in peacesciencer's file; the non-directed
    filter (code1 < code2) drops them. Directed (both orders, default) or not (code1 <
    code2). ``years`` keeps an inclusive range (default: all of Archigos, 1840–2015).
    Rows are ordered by year, ``obsid1``, ``obsid2``, as peacesciencer's file.
    """
    if system not in ("gw", "cow"):
        raise InputError("system must be 'gw' or 'cow'", field="system")
    p, cc = leader_pieces(system, con=con, mirror=mirror)
    lo, hi = year_bounds(years)
    if lo is not None:
        p = p[p["year"] >= lo]
    if hi is not None:
        p = p[p["year"] <= hi]
    p = p.sort_values(["year", "code", "obsid"], kind="stable").reset_index(drop=True)
    year = p["year"].to_numpy(dtype="int64")
    code = p["code"].to_numpy(dtype="int64")
    s = p["s"].to_numpy().astype("datetime64[D]").astype(np.int64)
    e = p["e"].to_numpy().astype("datetime64[D]").astype(np.int64)
    # the same state, as peacesciencer tells it: the obsid's country prefix
    state = pd.factorize(p["obsid"].str[:3])[0]
    cuts = np.flatnonzero(np.diff(year)) + 1 if len(year) else np.zeros(0, np.int64)
    starts = np.r_[0, cuts] if len(year) else np.zeros(0, np.int64)
    ends = np.r_[cuts, len(year)] if len(year) else np.zeros(0, np.int64)
    I, J = [], []
    for a, b in zip(starts.tolist(), ends.tolist()):
        n = b - a
        i, j = (np.nonzero(~np.eye(n, dtype=bool)) if directed else np.triu_indices(n, 1))
        i, j = i + a, j + a
        ok = (state[i] != state[j]) & (s[i] <= e[j]) & (s[j] <= e[i])
        if not directed:
            ok &= code[i] < code[j]
        I.append(i[ok])
        J.append(j[ok])
    I = np.concatenate(I) if I else np.zeros(0, np.int64)
    J = np.concatenate(J) if J else np.zeros(0, np.int64)
    first = p["start"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    age = year - p["yrborn"].to_numpy()
    tenure = year - first + 1
    codes, cats = pd.factorize(p["obsid"], sort=True)
    # peacesciencer's row order: year, then obsid1, then obsid2 (alphabetical)
    n = np.int64(len(cats) or 1)
    order = np.argsort((year[I] - year.min(initial=0)) * n * n + codes[I] * n + codes[J],
                       kind="stable")
    I, J = I[order], J[order]
    gcodes, gcats = pd.factorize(p["gender"], sort=True)

    def cat(c, k, idx):
        return pd.Categorical.from_codes(c[idx], k)

    def nint(v):
        miss = np.isnan(v)
        return pd.arrays.IntegerArray(np.where(miss, 0, v).astype("int64"), miss)

    df = pd.DataFrame({
        "year": year[I].astype("int32"), "obsid1": cat(codes, cats, I),
        "obsid2": cat(codes, cats, J), f"{cc}1": code[I].astype("int32"),
        f"{cc}2": code[J].astype("int32"), "gender1": cat(gcodes, gcats, I),
        "gender2": cat(gcodes, gcats, J), "leaderage1": nint(age[I]),
        "leaderage2": nint(age[J]), "yrinoffice1": tenure[I].astype("int32"),
        "yrinoffice2": tenure[J].astype("int32")})
    # a leader cut in two pieces in one year (Kohl 1990: 260, then 255) pairs once per code
    df = df.drop_duplicates(["year", "obsid1", "obsid2", f"{cc}1", f"{cc}2"]) \
        .reset_index(drop=True)
    df.attrs["amity"] = {"kind": "leader_dyad_year", "system": system,
                         "directed": bool(directed), "coverage": {"archigos": list(coverage("archigos"))}}
    return df
