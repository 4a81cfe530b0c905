"""Global Sanctions Data Base, V3 (Felbermayr, Kirilakha, Syropoulos, Yalcin & Yotov).

The file names senders and targets in words, several to a cell, separated by commas; commas
also sit inside some names ("Korea, South", "Egypt, Arab Rep.", "Congo, Democratic Republic of
the"). :func:`split_names` splits a cell and re-attaches those name tails. Each name is then
resolved to a canonical actor (:func:`resolve_name`): states through the actor registry (with
a small table of the database's own spellings), groupings of states as blocs (registered blocs
such as EU, UN, G7, NATO get their id; other groupings are kept as blocs without members), and
everything else (territories, "Terrorist Organizations (...)", "Western countries", ...) is
reported as unresolved: :func:`read_gsdb` returns those names and their counts, and nothing is
dropped silently.

Tables:

* ``gsdb_cases``: one row per case with the raw cells, the resolved id lists, the flags.
* ``gsdb_parties``: one row per (case, role, name) with ``actor``, ``status``
  (``state`` | ``bloc`` | ``unresolved``) and the bloc flag.
* ``gsdb_dyad_years``: the sender-target-year expansion over ``begin..end`` (resolved parties
  only; a bloc sender keeps its bloc id, see :func:`amity.measures.coalitions` for expanding it
  to members).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from amity import caches
from amity.errors import AmityError, InputError
from amity.sources.base import FileSpec, Source
from amity.sources.unvotes import bad_rows

# Tails that follow a comma inside one name ("Korea, South").
NAME_TAILS = frozenset({
    "South", "North", "Arab Rep.", "Democratic Republic of the", "The", "Rep.",
    "Islamic Rep.", "Dem. Rep.", "Dem. People's Rep.", "Republic of", "Republic of the",
    "Federated States of", "Fed. Sts.", "Bolivarian Republic of", "Plurinational State of",
})

# The database's spellings -> canonical ids, where the registry's names differ.
GSDB_ALIASES: dict[str, str] = {
    "Korea, South": "KOR", "Korea, North": "PRK", "Egypt, Arab Rep.": "EGY",
    "Congo, Democratic Republic of the": "COD", "Congo (Brazzaville)": "COG",
    "Gambia, The": "GMB", "Malagasy Republic": "MDG", "Transjordan": "JOR",
    "Ethiopia (excludes Eritrea)": "ETH", "Malaya": "MYS", "Myanmar": "MMR",
    "FRY": "YUG", "Soviet Union": "SUN", "German Democratic Republic": "DDR",
    "North Vietnam": "VNM", "Ceylon": "LKA", "Rhodesia": "ZWE", "Yemen, South": "YMD",
    "Bosnia and Herzegovina": "BIH", "Antigua and Barbuda": "ATG",
}
# Names the database keeps for a unified state after a merger: "South Vietnam" is Vietnam
# after 2 July 1976 (e.g. China's sanctions of 1978-1991, the US arms embargo 2007-2016), and
# "Yemen, North" is Yemen after 22 May 1990 (cases of 1990-2022). By the case's first year:
# (last year of the old state, id before, id from the next year on).
GSDB_DATED_ALIASES: dict[str, tuple[int, str, str]] = {
    "South Vietnam": (1975, "VNM-RVN", "VNM"),
    "Yemen, North": (1989, "YEM-YAR", "YEM"),
}
# Names of groupings of states (organizations, regimes, ad-hoc coalitions). Those the actor
# registry knows get its id; the rest are kept as blocs with no member list.
GSDB_BLOCS: dict[str, str | None] = {
    "EU": "EU", "EEC": "EU", "UN": "UN", "NATO": "NATO", "G7": "G7", "G8": None,
    "African Union": None, "ECOWAS": None, "League of Arab States": None,
    "Organisation of African Unity": None, "Organization of American States": None,
    "Organization of Eastern Carribean States": None, "CSCE": None, "OSCE": None,
    "Commonwealth": None, "CoCom": None, "ChinCom": None, "Comecon": None, "EEU": None,
    "MERCOSUR": None, "NAFTA": None, "OAPEC": None, "OIC": None, "Pacific Islands Forum": None,
    "SADC": None, "UNASUR": None,
}
FLAGS = ("trade", "arms", "military", "financial", "travel", "other")
REQUIRED = ("case_id", "sanctioned_state", "sanctioning_state", "begin", "end", *FLAGS)


def split_names(cell: str) -> list[str]:
    """Split a GSDB sender/target cell into names.

    Commas separate names, except before a known tail (:data:`NAME_TAILS`), which belongs to
    the name before it.

    >>> split_names("Congo, Democratic Republic of the, Eritrea, Korea, South")
    ['Congo, Democratic Republic of the', 'Eritrea', 'Korea, South']
    """
    if cell is None:
        return []
    parts = [p.strip() for p in str(cell).split(",")]
    out: list[str] = []
    for p in parts:
        if not p:
            continue
        if p in NAME_TAILS and out:
            out[-1] = f"{out[-1]}, {p}"
        else:
            out.append(p)
    return out


@lru_cache(maxsize=4096)
def resolve_name(name: str, year: int | None = None) -> tuple[str | None, str]:
    """Resolve one GSDB name to ``(actor id or None, status)``.

    Status is ``state`` (a registry actor that is not an organization), ``bloc`` (a grouping;
    id None when the registry does not hold it) or ``unresolved``.
    """
    from amity import actors  # noqa: PLC0415

    if name in GSDB_BLOCS:
        return GSDB_BLOCS[name], "bloc"
    cand = GSDB_ALIASES.get(name, name)
    if name in GSDB_DATED_ALIASES:
        last, before, after = GSDB_DATED_ALIASES[name]
        cand = before if (year is not None and year <= last) else after
    at = None if year is None else f"{int(year)}-07-01"
    for when in (at, None):
        try:
            a = actors.resolve(cand, at=when)
        except AmityError:   # unknown, or a date the registry refuses: try without it
            continue
        return a.id, ("bloc" if a.kind == "organization" else "state")
    return None, "unresolved"


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = Path(path).read_text(encoding="cp1252")
    except OSError as e:
        raise InputError(f"cannot read file: {e}", file=str(path)) from None
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.EmptyDataError:
        raise InputError("file is empty", file=str(path)) from None
    except pd.errors.ParserError as e:
        raise InputError(f"cannot parse CSV: {e}", file=str(path)) from None
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError("missing column(s) " + ", ".join(missing), file=str(path),
                         field=missing[0])
    return df


def _ints(df: pd.DataFrame, col: str) -> tuple[pd.Series, np.ndarray]:
    num = pd.to_numeric(df[col].str.strip(), errors="coerce")
    bad = (num.isna() | (num != np.floor(num))).to_numpy()
    return num, bad


def read_gsdb(path: Path, rejects: list | None = None) -> tuple[dict[str, pd.DataFrame], dict]:
    """Read ``GSDB_V3.csv`` into cases, parties and the sender-target-year expansion.

    A non-integer ``case_id``, year or flag, or an ``end`` before ``begin``, is a bad row:
    :class:`InputError` with file, line (header = line 1) and field, or, with ``rejects``,
    recorded there and dropped.

    Returns
    -------
    (tables, report)
        ``tables`` has ``gsdb_cases``, ``gsdb_parties``, ``gsdb_dyad_years``; ``report`` has
        ``unresolved`` (name -> number of cells naming it), ``n_unresolved`` and
        ``unregistered_blocs`` (bloc names the registry holds no members for).
    """
    path = Path(path)
    df = _read_csv(path)
    keep = np.ones(len(df), bool)
    nums = {}
    for col in ("case_id", "begin", "end", *FLAGS):
        num, bad = _ints(df, col)
        keep &= bad_rows(bad & keep, rejects=rejects, file=path, field=col,
                         reason="not an integer", values=df[col], line_offset=2)
        nums[col] = num
    rev = (nums["end"] < nums["begin"]).fillna(False).to_numpy()
    keep &= bad_rows(rev & keep, rejects=rejects, file=path, field="end",
                     reason="end is before begin", values=df["end"], line_offset=2)
    lines = np.arange(len(df)) + 2
    df = df.loc[keep].reset_index(drop=True)
    lines = lines[keep]
    case_id = nums["case_id"][keep].astype("Int64").reset_index(drop=True)
    begin = nums["begin"][keep].astype("Int64").reset_index(drop=True)
    end = nums["end"][keep].astype("Int64").reset_index(drop=True)
    flags = {f: nums[f][keep].astype("Int8").reset_index(drop=True) for f in FLAGS}

    parties = []
    for i in range(len(df)):
        for role, col in (("sender", "sanctioning_state"), ("target", "sanctioned_state")):
            for name in split_names(df[col].iloc[i]):
                aid, status = resolve_name(name, int(begin.iloc[i]))
                parties.append((int(case_id.iloc[i]), role, name, aid, status, int(lines[i])))
    pt = pd.DataFrame(parties, columns=["case_id", "role", "name", "actor", "status", "line"])

    def _ids(role: str) -> pd.Series:
        sub = pt[(pt.role == role) & pt.actor.notna()]
        return sub.groupby("case_id")["actor"].agg(lambda s: sorted(set(s)))

    cases = pd.DataFrame({
        "case_id": case_id, "target_names": df["sanctioned_state"],
        "sender_names": df["sanctioning_state"], "begin": begin, "end": end, **flags,
        "descr_trade": df.get("descr_trade"), "objective": df.get("objective"),
        "success": df.get("success"),
    })
    cases["senders"] = cases["case_id"].map(_ids("sender"))
    cases["targets"] = cases["case_id"].map(_ids("target"))
    for c in ("senders", "targets"):
        cases[c] = cases[c].apply(lambda v: v if isinstance(v, list) else [])

    # sender-target-year expansion
    s = pt[(pt.role == "sender") & pt.actor.notna()][["case_id", "actor", "status"]]
    t = pt[(pt.role == "target") & pt.actor.notna()][["case_id", "actor"]]
    st = s.merge(t, on="case_id", suffixes=("_s", "_t"))
    st = st.rename(columns={"actor_s": "sender", "actor_t": "target", "status": "sender_kind"})
    st = st[st.sender != st.target]
    span = cases.set_index("case_id")[["begin", "end"]]
    st = st.join(span, on="case_id")
    n = (st["end"] - st["begin"] + 1).astype("int64").to_numpy()
    rep = st.loc[st.index.repeat(n)].reset_index(drop=True)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    rep["year"] = (rep["begin"].astype("int64").to_numpy() + offs).astype("int64")
    dy = rep[["case_id", "sender", "target", "sender_kind", "year"]]
    dy = dy.drop_duplicates().sort_values(["year", "sender", "target", "case_id"])
    dy = dy.reset_index(drop=True)

    unres = pt[pt.status == "unresolved"]
    report = {
        "unresolved": unres["name"].value_counts().to_dict(),
        "n_unresolved": int(len(unres)),
        "unregistered_blocs": sorted(pt[(pt.status == "bloc") & pt.actor.isna()]["name"].unique()),
        "cases": int(len(cases)),
    }
    return {"gsdb_cases": cases, "gsdb_parties": pt, "gsdb_dyad_years": dy}, report


def _reader(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    tables, report = read_gsdb(paths["gsdb"], rejects)
    if report["n_unresolved"]:
        import sys  # noqa: PLC0415

        print(f"gsdb: {report['n_unresolved']} sender/target name(s) not resolved to an actor "
              f"({len(report['unresolved'])} distinct; kept in gsdb_parties with status "
              "'unresolved')", file=sys.stderr)
    return tables


SOURCES = [
    Source(
        name="gsdb",
        title="Global Sanctions Data Base, version 3",
        version="V3",
        years=(1949, 2022),
        license="free for research with citation (Felbermayr et al. 2020; Syropoulos et al. 2023)",
        bibtex="""@article{felbermayr2020gsdb,
  author = {Felbermayr, Gabriel and Kirilakha, Aleksandra and Syropoulos, Constantinos and Yalcin, Erdal and Yotov, Yoto V.},
  title = {The Global Sanctions Data Base},
  journal = {European Economic Review},
  volume = {129},
  pages = {103561},
  year = {2020}
}
@article{syropoulos2024gsdb3,
  author = {Syropoulos, Constantinos and Felbermayr, Gabriel and Kirilakha, Aleksandra and Yalcin, Erdal and Yotov, Yoto V.},
  title = {The Global Sanctions Data Base--Release 3: COVID-19, Russia, and Multilateral Sanctions},
  journal = {Review of International Economics},
  volume = {32},
  number = {1},
  pages = {12--48},
  year = {2024}
}""",
        files=(
            FileSpec("gsdb", "gsdb/GSDB_V3.csv",
                     "https://raw.githubusercontent.com/macuriels/umass_dacss_datastorytelling/"
                     "156e000abc8d1263fbb2547477d2c4c11586bf43/GSDB_V3.csv",
                     "6f7e1cca2b5d4f1ed6e132c0c1332aa45131ff30bc5d323c53affb3c4fe355c3"),
        ),
        reader=_reader,
        tables=("gsdb_cases", "gsdb_parties", "gsdb_dyad_years"),
    ),
]
caches.register("sources.gsdb.resolve_name", resolve_name.cache_clear)


# ------------------------------------------------------------------ senders as states
#: bloc senders that are not expanded into their members (a UN sanction is not each
#: member's own sanction)
NOT_EXPANDED = frozenset({"UN", "UNSC"})


@lru_cache(maxsize=4096)
def bloc_members_at(bloc: str, year: int) -> tuple[str, ...]:
    """Members of a sanctioning bloc in a year (none for a bloc not expanded or unknown)."""
    from amity import actors

    if bloc in NOT_EXPANDED or bloc not in actors.blocs():
        return ()
    return tuple(actors.bloc_members(bloc, year))


def expand_blocs(dyad_years: pd.DataFrame) -> pd.DataFrame:
    """Replace bloc senders by their members at each year; adds ``via_bloc``.

    Parameters
    ----------
    dyad_years : DataFrame
        ``case_id, sender, target, sender_kind, year`` (the ``gsdb_dyad_years`` table).

    Returns
    -------
    DataFrame
        The same columns plus ``via_bloc`` (the bloc id, or None for a direct sender). A bloc
        without a known member list keeps its row (sender = the bloc id).
    """
    direct = dyad_years[dyad_years["sender_kind"] != "bloc"].assign(via_bloc=None)
    blocs = dyad_years[dyad_years["sender_kind"] == "bloc"]
    rows = []
    for r in blocs.itertuples(index=False):
        mem = bloc_members_at(r.sender, int(r.year)) if isinstance(r.sender, str) else ()
        if not mem:
            rows.append((r.case_id, r.sender, r.target, "bloc", r.year, None))
            continue
        for m in mem:
            if m != r.target:
                rows.append((r.case_id, m, r.target, "state", r.year, r.sender))
    cols = ["case_id", "sender", "target", "sender_kind", "year", "via_bloc"]
    ex = pd.DataFrame(rows, columns=cols)
    return pd.concat([direct[cols], ex], ignore_index=True)


@lru_cache(maxsize=65536)
def cow_code_at(aid: str, year: int) -> int:
    """The COW code of an actor id in a year (-1 for blocs and ids without one)."""
    from amity import actors

    try:
        c = actors.cow_code(aid, at=int(year))
    except AmityError:   # an id the registry does not know (a bloc name) has no code
        c = None
    return -1 if c is None else int(c)


_cow = cow_code_at   # the name closeness v2 and the v3 assembly still import

caches.register("sources.gsdb.bloc_members_at", bloc_members_at.cache_clear)
caches.register("sources.gsdb.cow_code_at", cow_code_at.cache_clear)
