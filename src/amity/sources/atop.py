"""Alliance Treaty Obligations and Provisions (ATOP).

Sources
-------
atop   ATOP 5.1 directed dyad-year obligations as curated by peacesciencer
       (``atop_alliance.rda``: ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral,
       atop_nonagg, atop_consul; 1815–2018). Table ``atop_dyad_year``, kept directed as in the
       file; :func:`atop_nondirected` collapses it (max over both directions).
atop4  ATOP 4.01 member-level and alliance-level files (treaty records: atopid, dates,
       provisions; 1815–2016). Tables ``atop4_members`` and ``atop4_alliances``. On ``amity
       load`` each alliance also becomes a ``relations`` fact (kind ``treaty``, prov_kind
       ``dataset``, ``atop_id``), parties resolved with ``amity.actors.from_cow(code, year)``
       (see :func:`treaty_relations`). ``yrexit = 0`` / ``endyr = 0`` means still in force.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from amity import concepts
from amity.sources.base import (
    ARMS_ALLIES,
    PEACESCIENCER,
    PEACESCIENCER_BIB,
    FileSpec,
    Source,
    coerce_int,
    fold_pairs,
    raw_url,
    read_csv,
    read_rda,
    reindex,
    require_columns,
    _reject,
)

OBLIGATIONS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
#: ATOP provision flag -> the store's obligation vocabulary
PROVISION_NAMES = {"defense": "defense", "offense": "offense", "neutral": "neutrality",
                   "nonagg": "non-aggression", "consul": "consultation"}

_BIB = """@article{leeds2002atop,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815--1944},
  journal = {International Interactions},
  volume = {28}, number = {3}, pages = {237--260}, year = {2002},
  doi = {10.1080/03050620213653}
}"""
_BIB5 = _BIB + """
@misc{atop51,
  author = {Leeds, Brett Ashley},
  title = {Alliance Treaty Obligations and Provisions ({ATOP}) Codebook, Version 5.1},
  year = {2022}, url = {http://www.atopdata.org/}
}
""" + PEACESCIENCER_BIB
_BIB4 = _BIB + """
@misc{atop401,
  author = {Leeds, Brett Ashley},
  title = {Alliance Treaty Obligations and Provisions ({ATOP}) Codebook, Version 4.01},
  year = {2020}, url = {http://www.atopdata.org/}
}"""


#: the year of each ATOP release's codebook (the bibtex entries above): a dataset fact's
#: reference names it, never "None"
_RELEASE_YEAR = {"4.01": 2020, "5.1": 2022}


def _check_range(df: pd.DataFrame, col: str, lo: int, hi: int, rejects: list | None,
                 reason: str) -> pd.DataFrame:
    v = df[col]
    bad = (v.notna() & ((v < lo) | (v > hi))).to_numpy(dtype=bool, na_value=False)
    return _reject(df, bad, col, reason, rejects)


def _read_atop5(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["dyad_year"], "atop_alliance")
    cols = ["ccode1", "ccode2", "year", *OBLIGATIONS]
    require_columns(df, cols)
    df = coerce_int(df, cols, rejects, allow_na=False)
    df = _check_range(df, "year", 1800, 2100, rejects, "year out of range")
    for c in OBLIGATIONS:
        df = _check_range(df, c, 0, 1, rejects, "obligation flag is not 0/1")
    df = reindex(df)[cols]
    out = df.astype({"ccode1": "int32", "ccode2": "int32", "year": "int32",
                     **{c: "int8" for c in OBLIGATIONS}})
    return {"atop_dyad_year": out}


def atop_nondirected(dy: pd.DataFrame) -> pd.DataFrame:
    """Collapse a directed ATOP dyad-year table: one row per (min, max, year), max of flags.

    Adds ``atop_value`` = 3 defense or offense, 2 neutrality or consultation, 1 non-aggression
    only, 0 none (a coarse valued alliance-depth code used by Amity; not an ATOP variable).
    """
    g = fold_pairs(dy["ccode1"].to_numpy(), dy["ccode2"].to_numpy(), dy["year"].to_numpy(),
                   {c: (dy[c].to_numpy() if dy[c].dtype.kind in "iub"
                        else dy[c].to_numpy(dtype="float64", na_value=np.nan))
                    for c in OBLIGATIONS})
    for c in OBLIGATIONS:
        g[c] = g[c].astype(np.int8)
    g["atop_value"] = atop_value(g)
    return g


def atop_value(df: pd.DataFrame) -> np.ndarray:
    """Valued obligation level (:func:`amity.concepts.atop_level`): 3 defense/offense,
    2 neutrality/consultation, 1 non-aggression only, 0 none."""
    return concepts.atop_level_frame(df)


_MEMBER_COLS = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
                "ineffect", "bilat", "defense", "offense", "neutral", "nonagg", "consul",
                "active", "conditio"]
_ALLIANCE_COLS = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "ineffect",
                  "bilat", "defense", "offense", "neutral", "nonagg", "consul", "active",
                  "conditio", "pubsecr", "length", "renounce"]


def _dates(df: pd.DataFrame, y: str, m: str, d: str, rejects: list | None, *,
           zero_open: bool) -> pd.DataFrame:
    df = _check_range(df, y, 0 if zero_open else 1800, 2100, rejects, "malformed date (year)")
    df = _check_range(df, m, 0, 12, rejects, "malformed date (month)")
    df = _check_range(df, d, 0, 31, rejects, "malformed date (day)")
    if zero_open:  # a year of 0 must come with month/day 0 or missing, any other year >= 1800
        yv = df[y]
        bad = ((yv > 0) & (yv < 1800)).to_numpy(dtype=bool, na_value=False)
        df = _reject(df, bad, y, "malformed date (year)", rejects)
    return df


def _read_atop4(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    mem = read_csv(paths["members"])
    require_columns(mem, _MEMBER_COLS)
    mem = mem[_MEMBER_COLS].copy()
    mem.attrs["amity_file"] = str(paths["members"])
    mem.attrs["amity_line0"] = 2
    mem = coerce_int(mem, ["atopid", "member", "yrent", "moent", "yrexit", "moexit"],
                     rejects, allow_na=False)
    mem = coerce_int(mem, [c for c in _MEMBER_COLS if c not in
                           ("atopid", "member", "yrent", "moent", "yrexit", "moexit")], rejects)
    mem = _dates(mem, "yrent", "moent", "dayent", rejects, zero_open=False)
    mem = _dates(mem, "yrexit", "moexit", "dayexit", rejects, zero_open=True)
    mem = reindex(mem)
    mem["in_force"] = (mem["yrexit"] == 0).astype(bool)

    al = read_csv(paths["alliances"])
    require_columns(al, _ALLIANCE_COLS)
    al = al[_ALLIANCE_COLS].copy()
    al.attrs["amity_file"] = str(paths["alliances"])
    al.attrs["amity_line0"] = 2
    al = coerce_int(al, ["atopid", "begyr", "begmo", "endyr", "endmo"], rejects, allow_na=False)
    al = coerce_int(al, [c for c in _ALLIANCE_COLS if c not in
                         ("atopid", "begyr", "begmo", "endyr", "endmo")], rejects)
    al = _dates(al, "begyr", "begmo", "begday", rejects, zero_open=False)
    al = _dates(al, "endyr", "endmo", "endday", rejects, zero_open=True)
    al = reindex(al)
    al["in_force"] = (al["endyr"] == 0).astype(bool)
    return {"atop4_members": mem, "atop4_alliances": al}


def _edtf(y: Any, m: Any, d: Any) -> str | None:
    if y is None or pd.isna(y) or int(y) == 0:
        return None
    s = f"{int(y):04d}"
    if m is not None and not pd.isna(m) and int(m) > 0:
        s += f"-{int(m):02d}"
        if d is not None and not pd.isna(d) and int(d) > 0:
            s += f"-{int(d):02d}"
    return s


def treaty_relations(tables: dict[str, pd.DataFrame], src: Source | None = None,
                     unresolved: list | None = None) -> list[dict[str, Any]]:
    """ATOP 4.01 alliances as ``relations`` rows (kind ``treaty``, prov_kind ``dataset``).

    Parties are the members' canonical actor ids at their entry year
    (:func:`amity.actors.from_cow`); codes no actor matches are left out of ``parties`` and
    listed in ``unresolved`` (when given) as ``(atopid, ccode, year)``.
    """
    from amity import actors

    mem = tables["atop4_members"]
    al = tables["atop4_alliances"].set_index("atopid")
    version = src.version if src is not None else "4.01"
    rows: list[dict[str, Any]] = []
    for aid, grp in mem.groupby("atopid", sort=True):
        aid = int(aid)
        parties: list[str] = []
        for code, yr, yx in zip(grp["member"], grp["yrent"], grp["yrexit"]):
            a = actors.from_cow(int(code), int(yr))
            if a is None:  # COW membership starts 1816 (ATOP 1815) or entry before joining
                for alt in (1816, int(yr) + 1, int(yx) if int(yx) else None):
                    if alt is not None and alt >= int(yr):
                        a = actors.from_cow(int(code), alt)
                        if a is not None:
                            break
            if a is None:
                if unresolved is not None:
                    unresolved.append((aid, int(code), int(yr)))
                continue
            if a.id not in parties:
                parties.append(a.id)
        if aid in al.index:
            r = al.loc[aid]
            date = _edtf(r["begyr"], r["begmo"], r["begday"])
            end = _edtf(r["endyr"], r["endmo"], r["endday"])
            flags = {k: r[k] for k in PROVISION_NAMES}
        else:  # member rows only
            first = grp.sort_values(["yrent", "moent"]).iloc[0]
            date = _edtf(first["yrent"], first["moent"], first["dayent"])
            end = None
            flags = {k: grp[k].max() for k in PROVISION_NAMES}
        if date is None:
            continue
        obligations = [v for k, v in PROVISION_NAMES.items()
                       if not pd.isna(flags[k]) and int(flags[k]) > 0]
        rows.append({
            "kind": "treaty", "date": date, "date_end": end,
            "year_start": int(date[:4]), "year_end": int(end[:4]) if end else None,
            "parties": sorted(parties), "name": f"ATOP alliance {aid}",
            "obligations": obligations, "atop_id": aid,
            "description": f"ATOP {version} alliance {aid}"
                           + ("; in force at the end of coverage" if end is None else ""),
            "prov_kind": "dataset", "prov_ref": f"ATOP {version} atopid {aid}",
            "ref_publisher": "ATOP project", "ref_url": "http://www.atopdata.org/",
            "ref_year": _RELEASE_YEAR.get(version),
        })
    return rows


SOURCES = [
    Source(
        name="atop", title="ATOP 5.1 dyad-year obligations (peacesciencer)",
        version="5.1", years=(1815, 2018), license="ATOP: free for research with citation",
        bibtex=_BIB5,
        files=(FileSpec("dyad_year", "peacesciencer/rda/atop_alliance.rda",
                        raw_url(PEACESCIENCER, "data/atop_alliance.rda"),
                        "1449ca0369aed33ccf3ac66e959d1d7429c981a3840981facc84fcb2c2bc0441"),),
        reader=_read_atop5, tables=("atop_dyad_year",),
    ),
    Source(
        name="atop4", title="ATOP 4.01 member- and alliance-level treaty records",
        version="4.01", years=(1815, 2016), license="ATOP: free for research with citation",
        bibtex=_BIB4,
        files=(FileSpec("members", "atop4/atop-member-level.csv",
                        raw_url(ARMS_ALLIES, "data/atop-member-level.csv"),
                        "37533634acbba64af9b900425fad50fcecb69f4a80f9f1d22d9847911bf21e40"),
               FileSpec("alliances", "atop4/atop-alliance-level.csv",
                        raw_url(ARMS_ALLIES, "data/atop-alliance-level.csv"),
                        "84f6e5a488db64e2b04db3143ebb99b4d1c1a57073e388f44f04b0ccfa3a814e")),
        reader=_read_atop4, tables=("atop4_members", "atop4_alliances"),
    ),
]
