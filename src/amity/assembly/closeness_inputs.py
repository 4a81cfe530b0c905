"""The indicator panel of the closeness model: one row per non-directed dyad-year of two COW
system members, every indicator on its own scale, NaN outside its source's years.

:func:`closeness_inputs` is a data step (it reads the store, the mirror and the event store);
the model (:class:`amity.measures.closeness_model.ClosenessModel`) is a pure function of the
frame it returns. Columns:

==========================  ==============================================  ===========
column                      meaning                                         years
==========================  ==============================================  ===========
``year, ccode_a < ccode_b`` the dyad-year (COW codes; a state alive at the  1816–2025
                            end of the COW list, 2016, continues to 2025)
``atop_level``              valued ATOP 5.1 level 0..3 (:func:`amity.concepts.atop_level`)  1815–2018
``atop_pact_size``          members of the smallest ATOP 4.01 pact binding the pair that year
                            (2 = bilateral; 2017–18 take 2016's; NaN: no ATOP 4 pact found)
``atop_bilateral``          ``atop_level`` when the smallest pact is bilateral, else 0   1815–2018
``atop_multilateral``       ``atop_level`` when it comes from a pact of 3+ members, else 0
``mid_hostlev``             highest MID 5 hostility level 0..5 (0: no MID)  1816–2014
``mid_fatal``               1 when a MID of the year caused a fatality      1816–2014
``mid_onset``               1 when a MID between the pair began that year   1816–2014
``mid_stock``               decayed record of hostility, ``s_t = 0.8 s_{t-1} + h_t`` (h: the
                            year's hostility level, 0 without a MID)        1816–2014
``war``                     1 in a COW inter-state war year between them    1816–2003
``ucdp_conflict``           UCDP interstate armed conflict between them, 0 / 1 (25+ battle
                            deaths) / 2 (1,000+)                            1946–2024
``leader_break``            1 when either state's leader entered office irregularly
                            or by foreign imposition that year (Archigos 4.1: a
                            revolution, a coup, an imposed ruler)           1840–2015
``polity_break``            1 in the year either COW code passes by a revolution to
                            another actor of Amity's registry (CHN-ROC to CHN in
                            1949, the Russian Empire to the RSFSR in 1917): a
                            new state under an old code                      1816–2025
``sanction_security``       GSDB case in force, either direction, with a security objective
                            (destabilize the regime, territorial conflict, end or prevent a war,
                            terrorism)                                      1949–2022
``sanction_normative``      ... with a democracy or human-rights objective
``sanction_policy``         ... with any other objective (policy change, trade and the rest:
                            a trade dispute is not a rupture)
``un_kappa``                Cohen's kappa of their UN votes (Voeten)        1946–2015
``ideal_distance``          |ideal point difference| (Bailey, Strezhnev, Voeten)   1946–2024
``igos``                    IGOs both belong to (COW IGO 3.0)               1816–2014
``events_count``            coded events between them (event store + curated facts)
``events_n``                the weight of that evidence, which the model weighs
                            ``events_goldstein`` by (:func:`event_weight`): curated facts
                            whole, the store's events up to the cap times the coverage
``events_goldstein``        mean Goldstein score of those events (NaN without events)
``events_q1..q4``           shares of the four quad classes
``events_coverage``         share of the year the files the event store ingested cover
                            (:mod:`amity.events.coverage`: a GDELT 2.0 file its 15
                            minutes, a daily file its day, an ICEWS file the days from its
                            first to its last event; NaN outside the store's years)
``events_partial``          the year is covered only in part (coverage below
                            :data:`~amity.events.coverage.PARTIAL_BELOW`): its aggregates
                            are a sample of that part, never a year of events
``contiguity``              COW direct contiguity type 1..5, 6 = none (structure)  1816–2016
``major_a, major_b``        COW major power (structure)
``prd``                     politically relevant: contiguous by land or ≤ 150 miles of water,
                            or either side a major power
==========================  ==============================================  ===========

Curated facts enter as coded events (CAMEO code and Goldstein score, dated): one event at a
point fact's year, one per year of a war or a sanction in force. They are one more event
source, with no weight of their own.

A partial period (issue 17): an event store that holds part of a year (the current year,
GDELT 2.0 from February 2015, a fetch of March only, two days of an ICEWS sample) gives
shares and a mean Goldstein score of that part; they are kept (they are volume-normalized),
the year is flagged ``events_partial`` and its store events weigh ``min(n, 10 c)`` for a
coverage ``c`` (:func:`event_weight`): ``c`` times the weight of a full year at the same rate,
so two days of 2018 weigh 2/365 of a full year's ten. The coverage comes from the spans of the
files ingested, not from the number of events. Curated facts are not a sample of the year and
keep their count. Store events dated in a year no ingested file covers (GDELT dates some
events days or months before the file that carries them) weigh 0 and inform nothing.
"""
from __future__ import annotations

from typing import Any, Iterable

import duckdb
import numpy as np
import pandas as pd

from amity import concepts
from amity.errors import AmityError, InputError
from amity.events.coverage import PARTIAL_BELOW  # a year below this share is partial
from amity.sources import coverage
from amity.sources.access import dataset

FIRST_YEAR, LAST_YEAR = concepts.FIRST_YEAR, concepts.LAST_YEAR
#: the source whose record bounds each indicator family
COVERAGE_SOURCES = {
    "atop": "atop", "atop4": "atop4", "mids": "cow_mid", "wars": "cow_war", "ucdp": "ucdp_acd",
    "gsdb": "gsdb", "votes": "unvotes_voeten", "ideal": "idealpoints", "igos": "cow_igo",
    "contiguity": "cow_contdir", "leaders": "archigos",
}
#: coverage of each indicator family (outside: NaN), from its Source record
COVERAGE: dict[str, tuple[int, int]] = {k: coverage(src) for k, src in COVERAGE_SOURCES.items()}
#: decay of the MID stock
MID_DECAY = 0.8
#: GSDB objectives by class (a case with several objectives takes the most serious class)
SECURITY_OBJECTIVES = {"destab_regime", "territorial_conflict", "end_war", "prevent_war",
                       "terrorism"}
NORMATIVE_OBJECTIVES = {"democracy", "human_rights"}
#: Gleditsch–Ward codes that differ from COW's: gw -> (cow before year, cow from year)
_GW_TO_COW = {260: ((260, 1991), 255), 340: ((345, 2006), 345), 678: ((678, 1990), 679),
              817: ((817, 1976), 816)}
# 340 Serbia (GW) = 345 Yugoslavia/Serbia (COW) throughout; 817 South Vietnam keeps 817


def member_years(con: Any = None, mirror: Any = None, start: int = FIRST_YEAR,
                 end: int = LAST_YEAR) -> pd.DataFrame:
    """``ccode, year`` of every COW system member; a state alive at the list's end (2016)
    continues to ``end``."""
    st = dataset("cow_states", con, mirror)
    last = int(st["endyear"].max())
    rows = []
    for c, s, e in zip(st["ccode"].astype(int), st["styear"].astype(int),
                       st["endyear"].astype(int)):
        e = end if e >= last else e
        lo, hi = max(s, start), min(e, end)
        if lo <= hi:
            rows.append(pd.DataFrame({"ccode": c, "year": np.arange(lo, hi + 1)}))
    out = pd.concat(rows, ignore_index=True).drop_duplicates()
    return out.sort_values(["year", "ccode"]).reset_index(drop=True)


def dyad_years(members: pd.DataFrame) -> pd.DataFrame:
    """Every unordered pair of members per year: ``year, ccode_a < ccode_b``."""
    parts = []
    for y, g in members.groupby("year", sort=True):
        cc = np.sort(g["ccode"].to_numpy(np.int32))
        i, j = np.triu_indices(len(cc), 1)
        parts.append(pd.DataFrame({"year": np.int32(y), "ccode_a": cc[i], "ccode_b": cc[j]}))
    return pd.concat(parts, ignore_index=True)


def _nd(d: pd.DataFrame, a: str = "ccode1", b: str = "ccode2") -> pd.DataFrame:
    x = d[a].to_numpy(np.int64)
    y = d[b].to_numpy(np.int64)
    d = d.copy()
    d["ccode_a"] = np.minimum(x, y).astype(np.int32)
    d["ccode_b"] = np.maximum(x, y).astype(np.int32)
    d["year"] = d["year"].astype(np.int32)
    return d[d["ccode_a"] != d["ccode_b"]]


def _attach(panel: pd.DataFrame, values: pd.DataFrame, cols: Iterable[str], fill: float | None,
            cov: tuple[int, int] | None) -> None:
    """Left-join ``values`` (keyed by year, ccode_a, ccode_b) onto ``panel`` in place: absent
    pairs get ``fill`` inside ``cov``, NaN outside (never 0 outside a source's years)."""
    cols = list(cols)
    v = values[["year", "ccode_a", "ccode_b"] + cols]
    m = panel[["year", "ccode_a", "ccode_b"]].merge(v, on=["year", "ccode_a", "ccode_b"],
                                                    how="left")
    assert len(m) == len(panel)
    yr = panel["year"].to_numpy()
    inside = np.ones(len(panel), bool) if cov is None else (yr >= cov[0]) & (yr <= cov[1])
    for c in cols:
        x = m[c].to_numpy(dtype=float)
        if fill is not None:
            x = np.where(np.isnan(x), fill, x)
        panel[c] = np.where(inside, x, np.nan)


# --------------------------------------------------------------------------- indicators
def atop_frame(con=None, mirror=None) -> pd.DataFrame:
    a = dataset("atop_dyad_year", con, mirror)
    a = _nd(a)
    a["atop_level"] = concepts.atop_level(a["atop_defense"], a["atop_offense"],
                                          a["atop_neutral"], a["atop_nonagg"],
                                          a["atop_consul"]).astype(float)
    a = a.groupby(["year", "ccode_a", "ccode_b"], as_index=False)["atop_level"].max()
    size = atop_pact_size(con, mirror)
    a["_y4"] = np.minimum(a["year"], COVERAGE["atop4"][1]).astype(np.int32)
    a = a.merge(size.rename(columns={"year": "_y4"}), on=["_y4", "ccode_a", "ccode_b"],
                how="left").drop(columns="_y4")
    bil = a["atop_pact_size"].to_numpy() == 2
    a["atop_bilateral"] = np.where(bil, a["atop_level"], 0.0)
    a["atop_multilateral"] = np.where(bil, 0.0, a["atop_level"])
    return a


def atop_pact_size(con=None, mirror=None) -> pd.DataFrame:
    """Smallest ATOP 4.01 pact (by members in force that year) binding each dyad-year."""
    m = dataset("atop4_members", con, mirror)
    m = m[["atopid", "member", "yrent", "yrexit"]].copy()
    m["yrexit"] = np.where(m["yrexit"].fillna(0).astype(int) == 0, COVERAGE["atop4"][1],
                           m["yrexit"].astype(float).fillna(COVERAGE["atop4"][1]))
    rows = []
    for aid, mem, s, e in m.itertuples(index=False):
        s, e = int(s), int(e)
        if e >= s:
            rows.append((np.full(e - s + 1, int(aid)), np.full(e - s + 1, int(mem)),
                         np.arange(s, e + 1)))
    my = pd.DataFrame({"atopid": np.concatenate([r[0] for r in rows]),
                       "member": np.concatenate([r[1] for r in rows]),
                       "year": np.concatenate([r[2] for r in rows])}).drop_duplicates()
    n = my.groupby(["atopid", "year"])["member"].transform("size")
    my["n"] = n.to_numpy()
    pairs = my.merge(my, on=["atopid", "year"], suffixes=("1", "2"))
    pairs = pairs[pairs["member1"] < pairs["member2"]]
    out = (pairs.groupby(["year", "member1", "member2"], as_index=False)["n1"].min()
           .rename(columns={"member1": "ccode_a", "member2": "ccode_b",
                            "n1": "atop_pact_size"}))
    return out.astype({"year": np.int32, "ccode_a": np.int32, "ccode_b": np.int32,
                       "atop_pact_size": float})


def mid_frame(con=None, mirror=None) -> pd.DataFrame:
    d = _nd(dataset("cow_mid_ddydisps", con, mirror))
    d["fatal"] = (pd.to_numeric(d["fatality"], errors="coerce").fillna(0) > 0).astype(float)
    d["onset"] = pd.to_numeric(d["cowmidonset"], errors="coerce").fillna(0).astype(float)
    d["h"] = pd.to_numeric(d["hostlev"], errors="coerce").astype(float)
    g = d.groupby(["year", "ccode_a", "ccode_b"], as_index=False).agg(
        mid_hostlev=("h", "max"), mid_fatal=("fatal", "max"), mid_onset=("onset", "max"))
    return g


def war_frame(con=None, mirror=None) -> pd.DataFrame:
    d = _nd(dataset("cow_war_inter", con, mirror))
    g = d.groupby(["year", "ccode_a", "ccode_b"], as_index=False).size()
    g["war"] = 1.0
    return g


def gw_to_cow(gw: int, year: int) -> int:
    """COW code of a Gleditsch–Ward code in a year (they differ for a handful of states)."""
    r = _GW_TO_COW.get(int(gw))
    if r is None:
        return int(gw)
    (before, until), after = r
    return before if year < until else after


#: Archigos entries that replace a government by force or from outside (a revolution, a coup,
#: an imposed ruler): the relations of the new government need not inherit the old one's
IRREGULAR_ENTRIES = {"Irregular", "Foreign Imposition"}


def leader_break_frame(con=None, mirror=None) -> pd.DataFrame:
    """``year, ccode, leader_break``: 1 in a state-year in which a leader entered office
    irregularly or by foreign imposition (Archigos 4.1, G-W codes mapped to COW)."""
    a = dataset("archigos", con, mirror)
    a = a[a["entry"].isin(IRREGULAR_ENTRIES)]
    yr = pd.to_datetime(a["startdate"], errors="coerce").dt.year
    rows = {(int(y), gw_to_cow(int(g), int(y))) for g, y in zip(a["gwcode"], yr)
            if not pd.isna(y)}
    out = pd.DataFrame(sorted(rows), columns=["year", "ccode"])
    out["leader_break"] = 1.0
    return out


#: the kinds of registry link (``links.csv``) by which a COW code passes to a new actor whose
#: record starts afresh: a revolution replaces the state itself, not only its government
NEW_STATE_LINKS = frozenset({"revolution"})


def polity_break_frame() -> pd.DataFrame:
    """``year, ccode, polity_break``: 1 in the year a COW code passes from one actor of the
    registry to another by a link of a kind in :data:`NEW_STATE_LINKS` (the People's Republic
    of China taking code 710 from the Republic in 1949). Pure registry data: no mirror."""
    from amity import actors

    kinds = {(ln.predecessor, ln.successor): ln.kind for ln in actors.links()}
    spans = sorted(actors.system_spans("cow"), key=lambda s: (s.code, s.start))
    rows = set()
    for prev, cur in zip(spans, spans[1:]):
        if prev.code == cur.code and prev.who != cur.who \
                and kinds.get((prev.who, cur.who)) in NEW_STATE_LINKS:
            rows.add((cur.start.year, int(cur.code)))
    out = pd.DataFrame(sorted(rows), columns=["year", "ccode"])
    out["polity_break"] = 1.0
    return out


def _dyad_hits(panel: pd.DataFrame, br: pd.DataFrame) -> np.ndarray:
    """True where either state of a panel row has a row (``year, ccode``) of ``br``."""
    key = br["year"].to_numpy(np.int64) * 10000 + br["ccode"].to_numpy(np.int64)
    yr = panel["year"].to_numpy(np.int64) * 10000
    return (np.isin(yr + panel["ccode_a"].to_numpy(np.int64), key)
            | np.isin(yr + panel["ccode_b"].to_numpy(np.int64), key))


def _attach_polity_breaks(panel: pd.DataFrame, br: pd.DataFrame) -> None:
    """``polity_break`` of a dyad-year (0 where neither state's code changed hands)."""
    panel["polity_break"] = _dyad_hits(panel, br).astype(float)


def _attach_breaks(panel: pd.DataFrame, br: pd.DataFrame) -> None:
    """``leader_break`` of a dyad-year: either state's government changed irregularly that
    year (0 inside Archigos' years otherwise, NaN outside)."""
    hit = _dyad_hits(panel, br)
    yr = panel["year"].to_numpy()
    lo, hi = COVERAGE["leaders"]
    panel["leader_break"] = np.where((yr >= lo) & (yr <= hi), hit.astype(float), np.nan)


def ucdp_frame(con=None, mirror=None) -> pd.DataFrame:
    d = dataset("ucdp_acd", con, mirror)
    d = d[d["type_of_conflict"] == "interstate"]
    rows = []
    for r in d.itertuples(index=False):
        y = int(r.year)
        sa = [r.gwno_a] + ([r.gwno_a_2nd] if not pd.isna(r.gwno_a_2nd) else [])
        sb = ([r.gwno_b] if not pd.isna(r.gwno_b) else []) + (
            [r.gwno_b_2nd] if not pd.isna(r.gwno_b_2nd) else [])
        for x in sa:
            for z in sb:
                rows.append((y, gw_to_cow(x, y), gw_to_cow(z, y), int(r.intensity_level)))
    t = pd.DataFrame(rows, columns=["year", "ccode1", "ccode2", "ucdp_conflict"])
    t = _nd(t)
    return t.groupby(["year", "ccode_a", "ccode_b"], as_index=False)["ucdp_conflict"].max()


def _objective_class(obj) -> str:
    parts = {p.strip() for p in str(obj or "").split(",") if p.strip()}
    if parts & SECURITY_OBJECTIVES:
        return "sanction_security"
    if parts & NORMATIVE_OBJECTIVES:
        return "sanction_normative"
    return "sanction_policy"


def sanction_frame(con=None, mirror=None) -> pd.DataFrame:
    """GSDB cases in force by non-directed COW dyad-year and objective class (blocs named as
    senders count for their members, as in :func:`amity.panel.add_sanctions`)."""
    from amity.sources.gsdb import _cow, expand_blocs

    dy = dataset("gsdb_dyad_years", con, mirror)
    cases = dataset("gsdb_cases", con, mirror)
    cls = dict(zip(pd.to_numeric(cases["case_id"]).astype(int),
                   [_objective_class(o) for o in cases["objective"]]))
    dy = expand_blocs(dy)
    dy = dy[dy["sender_kind"] != "bloc"]
    yrs = dy["year"].to_numpy(np.int64)
    t = pd.DataFrame({"ccode1": [_cow(a, y) for a, y in zip(dy["sender"], yrs)],
                      "ccode2": [_cow(a, y) for a, y in zip(dy["target"], yrs)],
                      "year": yrs,
                      "cls": [cls.get(int(c), "sanction_policy") for c in dy["case_id"]]})
    t = t[(t["ccode1"] >= 0) & (t["ccode2"] >= 0)]
    t = _nd(t)
    t["v"] = 1.0
    w = t.pivot_table(index=["year", "ccode_a", "ccode_b"], columns="cls", values="v",
                      aggfunc="max").reset_index()
    for c in ("sanction_security", "sanction_normative", "sanction_policy"):
        if c not in w:
            w[c] = np.nan
    w.columns.name = None
    return w


def un_frame(con=None, mirror=None) -> pd.DataFrame:
    """Kappa of UN votes (Voeten's roll calls, 1946–2015) and ideal-point distance
    (1946–2024) for every pair of states with data in a year."""
    from amity.measures.votes import vote_agreement

    out = []
    v = dataset("un_votes_voeten", con, mirror)
    v = v[v["vote"].isin([1, 2, 3])][["rcid", "ccode", "vote", "year"]]
    ip = dataset("un_ideal_points", con, mirror)
    ip = ip[ip["idealpointfp"].notna()][["ccode", "year", "idealpointfp"]]
    years = sorted(set(v["year"].astype(int)) | set(ip["year"].astype(int)))
    for y in years:
        frames = []
        g = v[v["year"] == y]
        if len(g):
            ci, cc = pd.factorize(g["ccode"].to_numpy(dtype=int), sort=True)
            ri, _ = pd.factorize(g["rcid"].to_numpy())
            V = np.full((len(cc), int(ri.max()) + 1), np.nan)
            V[ci[::-1], ri[::-1]] = g["vote"].to_numpy(dtype=float)[::-1]
            K = vote_agreement(V)["kappa"]
            i, j = np.triu_indices(len(cc), 1)
            cc = np.asarray(cc, dtype=np.int32)
            frames.append(pd.DataFrame({"ccode_a": cc[i], "ccode_b": cc[j], "un_kappa": K[i, j]}))
        t = ip[ip["year"] == y].drop_duplicates("ccode").sort_values("ccode")
        if len(t) >= 2:
            cc = t["ccode"].to_numpy(np.int32)
            th = t["idealpointfp"].to_numpy(float)
            i, j = np.triu_indices(len(cc), 1)
            frames.append(pd.DataFrame({"ccode_a": cc[i], "ccode_b": cc[j],
                                        "ideal_distance": np.abs(th[i] - th[j])}))
        if not frames:
            continue
        f = frames[0]
        for x in frames[1:]:
            f = f.merge(x, on=["ccode_a", "ccode_b"], how="outer")
        f["year"] = np.int32(y)
        out.append(f)
    f = pd.concat(out, ignore_index=True)
    for c in ("un_kappa", "ideal_distance"):
        if c not in f:
            f[c] = np.nan
    return f


def igo_frame(con=None, mirror=None) -> pd.DataFrame:
    d = _nd(dataset("cow_igo_ndy", con, mirror))
    d["igos"] = pd.to_numeric(d["dyadigos"], errors="coerce").astype(float)
    return d.groupby(["year", "ccode_a", "ccode_b"], as_index=False)["igos"].max()


def structure_frame(panel: pd.DataFrame, con=None, mirror=None) -> pd.DataFrame:
    """Contiguity type (1..5, 6 none; 2017+ carry 2016) and major-power status of each side."""
    c = dataset("cow_contdir", con, mirror)
    rows = []
    for a, b, t, s, e in zip(c["ccode1"], c["ccode2"], c["conttype"], c["stdate"], c["enddate"]):
        ys, ye = pd.Timestamp(s).year, pd.Timestamp(e).year
        rows.append(pd.DataFrame({"ccode1": int(a), "ccode2": int(b), "conttype": int(t),
                                  "year": np.arange(ys, ye + 1)}))
    ct = _nd(pd.concat(rows, ignore_index=True))
    ct = ct.groupby(["year", "ccode_a", "ccode_b"], as_index=False)["conttype"].min()
    key = panel[["year", "ccode_a", "ccode_b"]].copy()
    key["_y"] = np.minimum(key["year"], COVERAGE["contiguity"][1]).astype(np.int32)
    m = key.merge(ct.rename(columns={"year": "_y"}), on=["_y", "ccode_a", "ccode_b"],
                  how="left")
    out = pd.DataFrame({"contiguity": m["conttype"].fillna(6).to_numpy(float)})
    mj = dataset("cow_majors", con, mirror)
    spans: dict[int, list[tuple[int, int]]] = {}
    last = int(mj["endyear"].max())
    for cc, s, e in zip(mj["ccode"], mj["styear"], mj["endyear"]):
        spans.setdefault(int(cc), []).append((int(s), LAST_YEAR if int(e) >= last else int(e)))
    yr = panel["year"].to_numpy()
    for side in ("a", "b"):
        cc = panel[f"ccode_{side}"].to_numpy()
        flag = np.zeros(len(panel), bool)
        for code, ss in spans.items():
            for s, e in ss:
                flag |= (cc == code) & (yr >= s) & (yr <= e)
        out[f"major_{side}"] = flag
    out["prd"] = (out["contiguity"] <= 4) | out["major_a"] | out["major_b"]
    return out


def curated_events(con) -> pd.DataFrame:
    """The store's curated facts as coded events by COW dyad-year: ``year, ccode_a, ccode_b,
    cameo, goldstein`` (a point fact once; a war or a sanction once per year in force)."""
    cols = ["year", "ccode_a", "ccode_b", "cameo", "goldstein"]
    if con is None:
        return pd.DataFrame(columns=cols)
    sql = """SELECT kind, year_start, year_end, date_end, source_actor, target_actor,
                    parties, {since} AS party_since, sign, goldstein, cameo FROM relations
             WHERE prov_kind = 'curated' AND NOT coalesce(negated, false)"""
    try:
        try:
            f = con.execute(sql.format(since="party_since")).df()
        except duckdb.BinderException:   # a schema-1 store (read-only): no entry dates
            f = con.execute(sql.format(since="NULL")).df()
    except duckdb.CatalogException:   # a bare DuckDB connection has no relations table
        return pd.DataFrame(columns=cols)
    from amity import actors
    from amity.cameo import lookup

    rows = []
    for r in f.itertuples(index=False):
        kind = str(r.kind or "").lower()
        code = None if r.cameo is None or (isinstance(r.cameo, float) and np.isnan(r.cameo)) \
            else str(r.cameo)
        if code is None:
            code = {"treaty": "057", "alliance": "057", "agreement": "057", "war": "190",
                    "sanction": "163", "sanctions": "163"}.get(kind)
        g = r.goldstein
        if g is None or (isinstance(g, float) and np.isnan(g)):
            try:
                g = lookup(code).goldstein if code else None
            except InputError:   # a code outside the Goldstein table
                g = None
        if g is None or code is None:
            continue
        ys = int(r.year_start)
        ye = int(r.year_end) if r.year_end is not None and not pd.isna(r.year_end) else ys
        years = range(ys, max(ye, ys) + 1) if kind in ("war", "sanction", "sanctions") else [ys]
        ids = {x for x in (r.source_actor, r.target_actor) if isinstance(x, str)}
        if r.parties is not None and not isinstance(r.parties, float):
            ids |= {str(x) for x in r.parties}
        entry = _entry_years(r.parties, r.party_since)   # party -> the year it acceded
        seen = set()
        for y in years:
            # a party binds from its accession: a point fact (a treaty) is a coded event of
            # each pair in the year its later party entered, a war or sanction from then on
            for i, j in _pairs(ids):
                yy = max(y, entry.get(i, y), entry.get(j, y))
                if yy > y and kind in ("war", "sanction", "sanctions"):
                    continue                     # not yet a party in year y
                ci, cj = _cow_at(actors, i, yy), _cow_at(actors, j, yy)
                if ci is None or cj is None or ci == cj:
                    continue
                key = (yy, min(ci, cj), max(ci, cj))
                if key not in seen:
                    seen.add(key)
                    rows.append((*key, code, float(g)))
    return pd.DataFrame(rows, columns=cols)


def _pairs(ids):
    s = sorted(ids)
    return [(s[p], s[q]) for p in range(len(s)) for q in range(p + 1, len(s))]


def _entry_years(parties, party_since) -> dict:
    """``party -> year`` of the parties that entered after the fact's own date
    (``relations.party_since``; none without entry dates)."""
    def seq(v):
        return v is not None and not isinstance(v, (str, bytes, float)) and hasattr(v, "__iter__")

    if not seq(parties) or not seq(party_since):
        return {}
    return {str(p): concepts.entry_year(d) for p, d in zip(parties, party_since)
            if d is not None and not (isinstance(d, float) and np.isnan(d))}


def _cow_at(actors, i: str, year: int):
    try:
        c = actors.cow_code(i, f"{year}-12-31")
    except AmityError:   # an id the registry does not know has no code
        return None
    return None if c is None else int(c)


def event_frame(con) -> tuple[pd.DataFrame, tuple[int, int] | None]:
    """Event counts, mean Goldstein and quad-class shares by COW dyad-year: the event store's
    aggregates plus the curated facts as events. Returns the frame (``events_n``: all events,
    ``events_store_n``: the store's part) and the event store's years (None without an event
    layer); the year coverage of the store is in ``frame.attrs["coverage"]``."""
    from amity.cameo import quad_of

    parts = []
    years = None
    coverage: dict[int, float] = {}
    if con is not None:   # a store without an event layer has no aggregates (an empty frame)
        from amity.events.query import dyad_year_aggregates
        from amity.events.dyads import events_cow_dyad_years

        dy = dyad_year_aggregates(con)
        coverage = dict(dy.attrs.get("amity_events_coverage") or {})
        first, last = dy.attrs.get("amity_events_years", (None, None))
        if first is not None and len(dy):
            years = (int(first), int(last))
            t = events_cow_dyad_years(dy)
            parts.append(pd.DataFrame({
                "year": t["year"].astype(np.int32), "ccode_a": t["ccode1"].astype(np.int32),
                "ccode_b": t["ccode2"].astype(np.int32), "n": t["events_n"].astype(float),
                "gsum": t["events_goldstein_sum"].astype(float),
                "n_store": t["events_n"].astype(float),
                **{f"q{k}": t[f"events_q{k}"].to_numpy(float) for k in (1, 2, 3, 4)}}))
    ce = curated_events(con)
    if len(ce):
        qc = np.array([quad_of(c) for c in ce["cameo"]])
        d = pd.DataFrame({"year": ce["year"].astype(np.int32),
                          "ccode_a": ce["ccode_a"].astype(np.int32),
                          "ccode_b": ce["ccode_b"].astype(np.int32), "n": 1.0,
                          "n_store": 0.0,
                          "gsum": ce["goldstein"].astype(float),
                          **{f"q{k}": (qc == k).astype(float) for k in (1, 2, 3, 4)}})
        parts.append(d)
    if not parts:
        out = pd.DataFrame(columns=["year", "ccode_a", "ccode_b"])
        out.attrs["coverage"] = coverage
        return out, years
    e = pd.concat(parts, ignore_index=True).groupby(["year", "ccode_a", "ccode_b"],
                                                    as_index=False).sum()
    out = e[["year", "ccode_a", "ccode_b"]].copy()
    out["events_n"] = e["n"]
    out["events_store_n"] = e["n_store"]
    out["events_goldstein"] = e["gsum"] / e["n"]
    for k in (1, 2, 3, 4):
        out[f"events_q{k}"] = e[f"q{k}"] / e["n"]
    out.attrs["coverage"] = coverage
    return out, years


def event_weight(n: np.ndarray, store_n: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """The weight of a dyad-year's events in the model (``events_n`` of the panel).

    The store's events weigh ``min(n_store, cap * c)`` with ``c`` the year's coverage and
    ``cap`` :data:`amity.concepts.EVENT_WEIGHT_CAP`: ``c`` times what a full year at the same
    rate (``n_store / c``) would weigh, so two days of a year weigh 2/365 of a full year's
    weight, and never more than the same count in a full year. Curated facts are not a sample
    of the year and count whole. Where the coverage is unknown (NaN) the count is taken as it
    is. The model clips the total at the cap.
    """
    n = np.asarray(n, float)
    store_n = np.asarray(store_n, float)
    c = np.nan_to_num(np.asarray(coverage, float), nan=1.0)
    curated = n - store_n
    return curated + np.minimum(store_n, concepts.EVENT_WEIGHT_CAP * np.clip(c, 0.0, 1.0))


def _attach_events(panel: pd.DataFrame, ev: pd.DataFrame, ev_years, coverage: dict) -> None:
    """The event columns of the panel (module docstring): a partial year flagged and its
    store events weighed by the year's coverage (:func:`event_weight`)."""
    ecols = ["events_n", "events_store_n", "events_goldstein", "events_q1", "events_q2",
             "events_q3", "events_q4"]
    if not len(ev):
        for c in ecols + ["events_count", "events_coverage"]:
            if c != "events_store_n":
                panel[c] = np.nan
        panel["events_partial"] = False
        return
    _attach(panel, ev, ecols, None, None)
    yr = panel["year"].to_numpy()
    n = panel["events_n"].to_numpy(float)
    store_n = panel.pop("events_store_n").to_numpy(float)
    cov = np.full(len(panel), np.nan)
    covered = np.array([y for y, c in coverage.items() if c > 0], dtype=np.int64)
    inside = np.isin(yr, covered)
    if ev_years is not None:  # inside the event store's years, no event is a count 0
        inside |= (yr >= ev_years[0]) & (yr <= ev_years[1])
    if ev_years is not None or len(covered):
        n = np.where(np.isnan(n) & inside, 0.0, n)
        store_n = np.where(np.isnan(store_n) & inside, 0.0, store_n)
        # a year inside the store's span that no ingested file reaches: covered 0
        cov = np.where(inside, 0.0, np.nan)
        for y, c in coverage.items():
            cov[yr == y] = c
    store_n = np.nan_to_num(store_n, nan=0.0)
    panel["events_count"] = n
    panel["events_coverage"] = cov
    panel["events_partial"] = ~np.isnan(cov) & (cov < PARTIAL_BELOW)
    w = event_weight(n, store_n, cov)
    panel["events_n"] = w
    # events that weigh nothing (only store events, in a year no ingested file covers: GDELT
    # dates some events before the files that carry them) inform nothing
    g = panel["events_goldstein"].to_numpy(float)
    panel["events_goldstein"] = np.where(w > 0, g, np.nan)
    for k in (1, 2, 3, 4):
        q = panel[f"events_q{k}"].to_numpy(float)
        panel[f"events_q{k}"] = np.where(w > 0, q, np.nan)


def _stock(panel: pd.DataFrame, col: str, decay: float) -> np.ndarray:
    """``s_t = decay * s_{t-1} + x_t`` along each dyad's consecutive years (NaN x: NaN s and
    the memory restarts after the gap)."""
    order = np.lexsort((panel["year"].to_numpy(), panel["ccode_b"].to_numpy(),
                        panel["ccode_a"].to_numpy()))
    a = panel["ccode_a"].to_numpy()[order]
    b = panel["ccode_b"].to_numpy()[order]
    y = panel["year"].to_numpy()[order]
    x = panel[col].to_numpy(float)[order]
    s = np.empty(len(x))
    prev = np.nan
    for k in range(len(x)):
        cont = k > 0 and a[k] == a[k - 1] and b[k] == b[k - 1] and y[k] == y[k - 1] + 1
        if np.isnan(x[k]):
            s[k] = np.nan
        elif cont and not np.isnan(prev):
            s[k] = decay * prev + x[k]
        else:
            s[k] = x[k]
        prev = s[k]
    out = np.empty(len(x))
    out[order] = s
    return out


def closeness_inputs(con: Any = None, mirror: Any = None, *, start: int = FIRST_YEAR,
                     end: int = LAST_YEAR, progress: bool = False) -> pd.DataFrame:
    """The indicator panel (see the module docstring): one row per dyad-year of two COW
    system members in ``[start, end]``. ``attrs["event_years"]`` holds the event store's
    years (None without events)."""
    steps = ["dyads", "atop", "mids", "wars", "ucdp", "leaders", "sanctions", "un", "igos",
             "events", "structure"]
    bar = task = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("closeness inputs", total=len(steps))

    def tick():
        if bar is not None:
            bar.advance(task)

    try:
        panel = dyad_years(member_years(con, mirror, FIRST_YEAR, end))
        tick()
        a = atop_frame(con, mirror)
        _attach(panel, a, ["atop_level", "atop_bilateral", "atop_multilateral"], 0.0,
                COVERAGE["atop"])
        _attach(panel, a, ["atop_pact_size"], None, COVERAGE["atop"])
        tick()
        _attach(panel, mid_frame(con, mirror), ["mid_hostlev", "mid_fatal", "mid_onset"], 0.0,
                COVERAGE["mids"])
        panel["mid_stock"] = _stock(panel, "mid_hostlev", MID_DECAY)
        tick()
        _attach(panel, war_frame(con, mirror), ["war"], 0.0, COVERAGE["wars"])
        tick()
        _attach(panel, ucdp_frame(con, mirror), ["ucdp_conflict"], 0.0, COVERAGE["ucdp"])
        tick()
        _attach_breaks(panel, leader_break_frame(con, mirror))
        _attach_polity_breaks(panel, polity_break_frame())
        tick()
        _attach(panel, sanction_frame(con, mirror),
                ["sanction_security", "sanction_normative", "sanction_policy"], 0.0,
                COVERAGE["gsdb"])
        tick()
        _attach(panel, un_frame(con, mirror), ["un_kappa", "ideal_distance"], None, None)
        tick()
        _attach(panel, igo_frame(con, mirror), ["igos"], 0.0, COVERAGE["igos"])
        tick()
        ev, ev_years = event_frame(con)
        _attach_events(panel, ev, ev_years, ev.attrs.get("coverage") or {})
        tick()
        s = structure_frame(panel, con, mirror)
        for c in s.columns:
            panel[c] = s[c].to_numpy()
        tick()
    finally:
        if bar is not None:
            bar.stop()
    panel = panel[(panel["year"] >= start) & (panel["year"] <= end)].reset_index(drop=True)
    panel.attrs["event_years"] = ev_years
    return panel


__all__ = ["closeness_inputs", "COVERAGE", "gw_to_cow", "member_years", "dyad_years"]
