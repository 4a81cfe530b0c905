"""State-system membership lists: Correlates of War (states2016) and Gleditsch–Ward.

Tables
------
cow_states   peacesciencer's copy of COW states2016 (one row per membership spell).
             ``open_end`` is True where the spell runs to the copy's end (2016-12-31):
             those states continue to today (see MANIFEST, Traps).
cow_majors   COW major-power spells (same layout).
gw_states    peacesciencer's Gleditsch–Ward list (spells to 2017-12-31 are ``open_end``).
states_cow   andybega/states COW list (``end`` NA = still a member; 9999-12-31 upstream).
states_gw    andybega/states G-W list, same layout, with the microstate flag.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from amity.sources.base import (
    PEACESCIENCER,
    PEACESCIENCER_BIB,
    STATES_REPO,
    FileSpec,
    Source,
    coerce_date,
    coerce_int,
    raw_url,
    read_rda,
    reindex,
    require_columns,
)

_COW_BIB = """@article{cow_states2016,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  url = {https://correlatesofwar.org/data-sets/state-system-membership/}
}
""" + PEACESCIENCER_BIB

_GW_BIB = """@article{gleditsch1999interstate,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {A Revised List of Independent States since the {Congress of Vienna}},
  journal = {International Interactions},
  volume = {25}, number = {4}, pages = {393--413}, year = {1999},
  doi = {10.1080/03050629908434958}
}"""

_STATES_BIB = """@misc{beger_states,
  author = {Beger, Andreas},
  title = {states: Create Country-Year Panel Data Using {G\\&W} and {COW} State Lists},
  note = {R package, commit b154482},
  url = {https://github.com/andybega/states}
}"""

_SPELL = ["styear", "stmonth", "stday", "endyear", "endmonth", "endday"]


def _cow_spells(df: pd.DataFrame, code: str, rejects: list | None, copy_end: int) -> pd.DataFrame:
    require_columns(df, [code, *_SPELL])
    df = coerce_int(df, [code, *_SPELL], rejects, allow_na=False)
    df = reindex(df)
    df = df.rename(columns={code: "ccode"}) if code != "ccode" else df
    df["start"] = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in
                   zip(df.styear, df.stmonth, df.stday)]
    df["end"] = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in
                 zip(df.endyear, df.endmonth, df.endday)]
    df["start"] = df["start"].astype("string")
    df["end"] = df["end"].astype("string")
    df["open_end"] = (df.endyear == copy_end) & (df.endmonth == 12) & (df.endday == 31)
    df["open_end"] = df["open_end"].astype(bool)
    return df


def _read_cow(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    st = read_rda(paths["states"], "cow_states")
    require_columns(st, ["ccode", "stateabb", "statenme", *_SPELL])
    st = _cow_spells(st, "ccode", rejects, 2016)
    cols = ["ccode", "stateabb", "statenme", *_SPELL, "start", "end", "open_end"]
    st = st[cols]
    st["stateabb"] = st["stateabb"].astype("string")
    st["statenme"] = st["statenme"].astype("string")
    mj = read_rda(paths["majors"], "cow_majors")
    mj = _cow_spells(mj, "ccode", rejects, 2016)[["ccode", *_SPELL, "start", "end", "open_end"]]
    return {"cow_states": st, "cow_majors": mj}


def _dates_from_objects(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    for c in cols:
        df[c] = df[c].map(lambda v: None if v is None or (isinstance(v, float) and v != v)
                          else str(v)[:10]).astype("string")
    return df


def _read_gw(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["states"], "gw_states")
    require_columns(df, ["gwcode", "stateabb", "statename", "startdate", "enddate"])
    df = coerce_int(df, ["gwcode"], rejects, allow_na=False)
    df = _dates_from_objects(df, ["startdate", "enddate"])
    df = coerce_date(df, ["startdate", "enddate"], rejects, open_end=None)
    df = reindex(df)
    df = df.rename(columns={"startdate": "start", "enddate": "end"})
    df["styear"] = df["start"].str[:4].astype("Int64")
    df["endyear"] = df["end"].str[:4].astype("Int64")
    df["open_end"] = (df["end"] == "2017-12-31").fillna(False).astype(bool)
    df["stateabb"] = df["stateabb"].astype("string")
    df["statename"] = df["statename"].astype("string")
    return {"gw_states": df[["gwcode", "stateabb", "statename", "start", "end", "styear",
                             "endyear", "open_end"]]}


def _read_lists(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    out = {}
    for key, obj, code, abb in (("cow", "cowstates", "cowcode", "cowc"),
                                ("gw", "gwstates", "gwcode", "gwc")):
        df = read_rda(paths[key], obj)
        require_columns(df, [code, abb, "country_name", "start", "end", "microstate"])
        df = coerce_int(df, [code], rejects, allow_na=False)
        df = _dates_from_objects(df, ["start", "end"])
        df = coerce_date(df, ["start", "end"], rejects, open_end="9999-12-31")
        df = reindex(df)
        df[abb] = df[abb].astype("string")
        df["country_name"] = df["country_name"].astype("string")
        df["microstate"] = df["microstate"].astype(bool)
        out[f"states_{key}"] = df[[code, abb, "country_name", "start", "end", "microstate"]]
    return out


def _ps(name: str, sha: str, key: str) -> FileSpec:
    return FileSpec(key, f"peacesciencer/rda/{name}.rda", raw_url(PEACESCIENCER, f"data/{name}.rda"),
                    sha)


SOURCES = [
    Source(
        name="cow_states", title="COW State System Membership (states2016) and major powers",
        version="2016", years=(1816, 2016), license="COW: free for use with citation",
        bibtex=_COW_BIB,
        files=(_ps("cow_states", "9248b9fc801124d2bb48c58740bb335a1ee4938c4096e4d5e0bd01c22bf1dc09", "states"),
               _ps("cow_majors", "673cb752c2d1af045ea8e2c602b45bc037b84dda9537bfb060142ff255c7f2b6", "majors")),
        reader=_read_cow, tables=("cow_states", "cow_majors"),
    ),
    Source(
        name="gw_states", title="Gleditsch–Ward list of independent states",
        version="2017", years=(1816, 2017), license="free for use with citation",
        bibtex=_GW_BIB,
        files=(_ps("gw_states", "4746858bf919a7af31e4a7afbda77294c350e80fd3899b8c20893c5b5f7829ec", "states"),),
        reader=_read_gw, tables=("gw_states",),
    ),
    Source(
        name="state_lists", title="COW and G-W state lists with microstate flags (R package states)",
        version="b154482", years=(1816, 2017), license="MIT",
        bibtex=_STATES_BIB + "\n" + _GW_BIB,
        files=(FileSpec("cow", "states/rda/cowstates.rda", raw_url(STATES_REPO, "data/cowstates.rda"),
                        "4f4264b039fd3a142e5d67994c2ad2f5cc5619ffc44ab29387e73c8dd89c1f5f"),
               FileSpec("gw", "states/rda/gwstates.rda", raw_url(STATES_REPO, "data/gwstates.rda"),
                        "97f9f9bc6ea220a8f8c5279b339b33b471ff85c91e1c6970d48ec88ae5fdf7ac")),
        reader=_read_lists, tables=("states_cow", "states_gw"),
    ),
]
