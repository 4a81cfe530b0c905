"""The inputs closeness v2 reads, as frames: every dataset through its ``datasets`` record
(:func:`amity.sources.access.dataset`, else the mirror), the store's curated facts, its
event aggregates and the precomputed ``closeness_dyad_year`` table.

:class:`ClosenessData` is the one place closeness v2 touches a store, a file or the event
layer; :mod:`amity.measures.closeness` computes over the frames it hands out and does no I/O
of its own. A dataset is found by the table name its source registers (``atop_dyad_year``,
``cow_mid_ddydisps``...), never guessed from a store table's columns, so a store loaded from
the mirror answers the same once the mirror is gone.
"""
from __future__ import annotations

import weakref
from typing import Any, Iterable

import numpy as np
import pandas as pd

from amity import caches, concepts
from amity.errors import AmityError

#: closeness v2's name for each dataset -> the table its source registers
TABLES: dict[str, str] = {
    "atop": "atop_dyad_year",
    "mids": "cow_mid_ddydisps",
    "wars": "cow_war_inter",
    "ideal": "un_ideal_points",
    "votes": "un_votes_voeten",
    "gsdb": "gsdb_dyad_years",
    "states": "cow_states",
}
#: the GSDB kinds of measure in the bit order of a sanction mask
GSDB_KINDS = ("trade", "arms", "military", "financial", "travel", "other")
#: the store's precomputed v2 index (``amity closeness-build --method v2``)
CLOSENESS_TABLE = "closeness_dyad_year"
#: one row beside the v2 table: what it was built from (:func:`table_stamp`), its years, when
CLOSENESS_META = "closeness_dyad_year_meta"
#: the inputs of a closeness v2 row that the precomputed table holds
INPUTS = ("alliance_level", "mid_hostlev", "war", "ideal_distance", "ideal_rel", "un_kappa",
          "votes_rel", "sanction_types", "sanction_severity", "rupture", "votes_dev", "ideal_dev")
#: the columns of a curated fact that the closeness components read
FACT_COLS = ["id", "kind", "date", "date_end", "year_start", "year_end", "source_actor",
             "target_actor", "parties", "name", "obligations", "sign", "goldstein", "cameo",
             "description", "prov_kind", "prov_ref", "party_since"]
#: facts of these kinds stay in force without an end year (read for any later year)
LASTING_KINDS = ("treaty", "alliance", "agreement", "sanction", "sanctions")

_DERIVED = caches.BoundedCache("sources.closeness_data", maxsize=32)
#: per read-only connection: what does not change while it is open (the v2 table's state,
#: the event aggregates), shared by the several ClosenessData of one answer (a brief asks
#: seven pairs: 16 + 11 ms each otherwise); a connection that may write is never memoized
_PER_CON: "weakref.WeakKeyDictionary[Any, dict[str, Any]]" = weakref.WeakKeyDictionary()
caches.register("sources.closeness_data.per_connection", _PER_CON.clear)


def _memo_of(con: Any) -> dict[str, Any] | None:
    """The memo of a read-only connection (None for a connection that may write)."""
    if con is None:
        return None
    try:
        return _PER_CON[con]
    except KeyError:
        pass
    except TypeError:        # not weak-referenceable
        return None
    import duckdb

    try:
        mode = con.execute("SELECT current_setting('access_mode')").fetchone()[0]
    except duckdb.Error:
        return None
    if str(mode).lower() != "read_only":
        return None
    _PER_CON[con] = memo = {}
    return memo


def coverage(key: str) -> tuple[int, int]:
    """First and last year of closeness v2's dataset ``key``: its source's record
    (:func:`amity.sources.coverage`, the one place a coverage is written)."""
    from amity.sources import coverage as source_coverage, source_of_table

    return source_coverage(source_of_table(TABLES[key]).name)


def _undirected(d: pd.DataFrame, value: pd.Series | np.ndarray, how: str) -> pd.DataFrame:
    """``a < b, year, v``: one row per non-directed dyad-year, ``v`` aggregated by ``how``."""
    c1 = pd.to_numeric(d["ccode1"]).to_numpy(np.int64)
    c2 = pd.to_numeric(d["ccode2"]).to_numpy(np.int64)
    f = pd.DataFrame({"a": np.minimum(c1, c2), "b": np.maximum(c1, c2),
                      "year": pd.to_numeric(d["year"]).to_numpy(np.int64),
                      "v": np.asarray(value, dtype=float)})
    return f.groupby(["a", "b", "year"], as_index=False, sort=True)["v"].agg(how)


class ClosenessData:
    """Where closeness v2 reads its inputs: the store ``con`` (its dataset records, facts,
    events and the v2 table) and the mirror. ``con=None`` reads the datasets from the mirror
    only, with no curated facts, events or precomputed table."""

    def __init__(self, con: Any = None, mirror: Any = None):
        from amity import config

        self.con = con
        if mirror is not None:
            self.mirror = config.mirror_dir(mirror)   # an explicit bad --mirror is an error
        else:
            try:
                self.mirror = config.mirror_dir(None)
            except AmityError:   # a bad $AMITY_MIRROR: the store may still hold everything
                self.mirror = None
        self._frames: dict[str, pd.DataFrame | None] = {}

    # ------------------------------------------------------------------ datasets
    def table(self, key: str) -> pd.DataFrame | None:
        """Dataset ``key`` (see :data:`TABLES`) or None when it is neither loaded nor at hand."""
        if key not in self._frames:
            self._frames[key] = self._read(TABLES[key])
        return self._frames[key]

    def _read(self, table: str) -> pd.DataFrame | None:
        """``table`` through its store record, else from the mirror; None when it is not
        loaded and no mirror holds it (a read here never downloads)."""
        from amity.sources.access import dataset, record

        if self.mirror is None and record(self.con, table) is None:
            return None
        try:
            return dataset(table, con=self.con, mirror=self.mirror)
        except AmityError:       # not loaded, no mirror file: the component is missing
            return None

    def has(self, key: str) -> bool:
        return self.table(key) is not None

    def key(self, key: str) -> tuple:
        """A cache key of dataset ``key``: its record's checksum and load time, or the mirror
        file it was read from (a reload changes it)."""
        t = self.table(key)
        return (key, None if t is None else t.attrs.get("amity_dataset"))

    def _derived(self, name: str, key: str, make) -> Any:
        k = (name, self.key(key))
        if k not in _DERIVED:
            t = self.table(key)
            _DERIVED[k] = None if t is None else make(t)
        return _DERIVED[k]

    def atop(self) -> pd.DataFrame | None:
        """``a < b, year, v``: the highest valued ATOP level of each dyad-year
        (:func:`amity.concepts.atop_level`)."""
        return self._derived("atop", "atop", lambda d: _undirected(
            d, concepts.atop_level_frame(d).astype(float), "max"))

    def mids(self) -> pd.DataFrame | None:
        """``a < b, year, v``: the highest MID hostility level of each dyad-year."""
        return self._derived("mids", "mids", lambda d: _undirected(
            d, pd.to_numeric(d["hostlev"], errors="coerce"), "max"))

    def wars(self) -> pd.DataFrame | None:
        """``a < b, year, v = 1``: the dyad-years at interstate war (COW)."""
        return self._derived("wars", "wars", lambda d: _undirected(
            d, np.ones(len(d)), "max"))

    def votes(self) -> pd.DataFrame | None:
        """``rcid, ccode, vote, d``: the yes/abstain/no votes (1/2/3) of Voeten's roll calls."""
        def make(d: pd.DataFrame) -> pd.DataFrame:
            v = pd.to_numeric(d["vote"], errors="coerce")
            ok = v.isin([1, 2, 3]).to_numpy()
            return pd.DataFrame({"rcid": d["rcid"].to_numpy()[ok],
                                 "ccode": pd.to_numeric(d["ccode"]).to_numpy()[ok],
                                 "vote": v.to_numpy(dtype=float)[ok],
                                 "d": pd.to_datetime(d["date"]).to_numpy()[ok]})
        return self._derived("votes", "votes", make)

    def ideal(self) -> pd.DataFrame:
        """``ccode, year, theta``: the UN ideal points (empty when not at hand)."""
        def make(d: pd.DataFrame) -> pd.DataFrame:
            d = d[d["idealpointfp"].notna()]
            return pd.DataFrame({"ccode": pd.to_numeric(d["ccode"]).astype(int).to_numpy(),
                                 "year": pd.to_numeric(d["year"]).astype(int).to_numpy(),
                                 "theta": d["idealpointfp"].to_numpy(dtype=float)})
        got = self._derived("ideal", "ideal", make)
        return got if got is not None else pd.DataFrame(columns=["ccode", "year", "theta"])

    def membership(self) -> dict[int, list[tuple[int, int]]]:
        """COW system membership spans by code (states alive at the file's end continue to
        9999); empty when the states table is not at hand."""
        def make(d: pd.DataFrame) -> dict[int, list[tuple[int, int]]]:
            end = pd.to_numeric(d["endyear"]).astype(int)
            last = int(end.max())
            spans: dict[int, list[tuple[int, int]]] = {}
            for c, s, e in zip(pd.to_numeric(d["ccode"]).astype(int),
                               pd.to_numeric(d["styear"]).astype(int), end):
                spans.setdefault(int(c), []).append((int(s), 9999 if e >= last else int(e)))
            return spans
        return self._derived("states", "states", make) or {}

    def gsdb(self) -> pd.DataFrame:
        """GSDB sanctions by directed COW dyad-year: ``s, t, year, mask`` (cached).

        From the GSDB importer's ``gsdb_dyad_years`` (names already resolved to actors) and
        the kinds of measure of each case from ``gsdb_cases``. A bloc named as sender (EU/EEC,
        G7, NATO) counts for its members at 1 July of the year, as in the panel verb
        :func:`amity.panel.add_sanctions` (:func:`amity.sources.gsdb.expand_blocs`); the UN is
        not expanded (a Security Council measure binds every member). ``mask`` is the union
        of the kinds of the cases in force (bit k = ``GSDB_KINDS[k]``; a case with no flag
        counts as "other").
        """
        empty = pd.DataFrame({"s": pd.Series(dtype="int64"), "t": pd.Series(dtype="int64"),
                              "year": pd.Series(dtype="int64"), "mask": pd.Series(dtype="int64")})
        from amity.sources.gsdb import cow_code_at, expand_blocs

        dy = self.table("gsdb")
        if "gsdb_cases" not in self._frames:     # read once per instance (a build asks 74x)
            self._frames["gsdb_cases"] = self._read("gsdb_cases") if dy is not None else None
        cases = self._frames["gsdb_cases"]
        if cases is None:        # no GSDB anywhere: the component is missing, not 0
            return empty
        k = ("gsdb", self.key("gsdb"), cases.attrs.get("amity_dataset"))
        if k in _DERIVED:
            return _DERIVED[k]
        flags = cases[[c for c in GSDB_KINDS if c in cases]].apply(
            pd.to_numeric, errors="coerce").fillna(0).gt(0)
        mask = np.zeros(len(cases), dtype=np.int64)
        for bit, c in enumerate(GSDB_KINDS):
            if c in flags:
                mask |= flags[c].to_numpy().astype(np.int64) << bit
        other = 1 << (len(GSDB_KINDS) - 1)
        mask[mask == 0] = other
        case_mask = dict(zip(pd.to_numeric(cases["case_id"]).astype("int64"), mask))
        dy = expand_blocs(dy)
        dy = dy[dy["sender_kind"] != "bloc"]
        yrs = dy["year"].to_numpy(np.int64)
        out = pd.DataFrame({
            "s": [cow_code_at(a, y) for a, y in zip(dy["sender"], yrs)],
            "t": [cow_code_at(a, y) for a, y in zip(dy["target"], yrs)],
            "year": yrs,
            "mask": [int(case_mask.get(int(c), other)) for c in dy["case_id"]],
        }).astype("int64")
        out = out[(out.s >= 0) & (out.t >= 0) & (out.s != out.t)]
        out = (out.groupby(["s", "t", "year"], as_index=False)["mask"].agg(union)
               if len(out) else empty)
        _DERIVED[k] = out
        return out

    def available(self, key: str) -> bool:
        """Whether dataset ``key`` can be read: a ``datasets`` record in the store answers
        without reading the table (UN votes alone are 1.3M rows); otherwise the mirror is
        tried (:meth:`has`)."""
        if key in self._frames:
            return self._frames[key] is not None
        from amity.sources.access import record

        return record(self.con, TABLES[key]) is not None or self.has(key)

    def missing(self) -> list[str]:
        """The datasets closeness v2 reads that are neither loaded nor at hand."""
        return [k for k in ("atop", "mids", "wars", "ideal", "votes", "gsdb")
                if not self.available(k)]

    # ------------------------------------------------------------------ the store
    def has_relations(self) -> bool:
        if self.con is None:
            return False
        import duckdb

        try:
            self.con.execute("SELECT 1 FROM relations LIMIT 0")
            return True
        except duckdb.Error:
            return False

    def facts(self, ids_a: Iterable[str], ids_b: Iterable[str],
              prov_kinds: tuple[str, ...] = ("curated",)) -> pd.DataFrame:
        """Facts of the store's ``relations`` that involve one id of each side (as source,
        target or party), not negated, in date order."""
        ids_a, ids_b = sorted(set(ids_a)), sorted(set(ids_b))
        if not self.has_relations():
            return pd.DataFrame(columns=FACT_COLS)

        def side(n: int) -> str:
            return (f"(list_contains(${n}, source_actor) OR list_contains(${n}, target_actor) "
                    f"OR len(list_intersect(coalesce(parties, []::VARCHAR[]), ${n})) > 0)")

        sql = (f"SELECT {self._fact_cols()} FROM relations WHERE list_contains($3, prov_kind) "
               f"AND {side(1)} AND {side(2)} AND NOT coalesce(negated, false) "
               "ORDER BY year_start, date, id")
        f = self.con.execute(sql, [ids_a, ids_b, list(prov_kinds)]).df()
        return pair_years_of(f, ids_a, ids_b)

    def _fact_cols(self) -> str:
        from amity.store import party_since_sql

        return ", ".join(party_since_sql(self.con) if c == "party_since" else c
                         for c in FACT_COLS)

    def year_facts(self, year: int, window: int) -> pd.DataFrame:
        """Curated facts that reach ``year``: in force, a lasting kind without an end, or
        ended within ``window`` years before."""
        if not self.has_relations():
            return pd.DataFrame(columns=FACT_COLS)
        kinds = ", ".join(f"'{k}'" for k in LASTING_KINDS)
        return self.con.execute(
            f"""SELECT {self._fact_cols()} FROM relations
                WHERE prov_kind = 'curated' AND NOT coalesce(negated, false)
                  AND year_start <= ? AND (coalesce(year_end, year_start) >= ?
                       OR lower(kind) IN ({kinds}))""", [year, year - window]).df()

    def events(self) -> pd.DataFrame | None:
        """The store's event aggregates by non-directed COW dyad-year (``ccode1 < ccode2,
        year, events_n, events_goldstein_sum``, the years covered in ``attrs["years"]``), or
        None without a store, an event layer or events."""
        return self._memoized("events", event_table)

    def has_closeness_table(self) -> bool:
        """True when the store's v2 table may be read: it exists, holds the current inputs'
        columns and was built from what the store holds now (or carries no stamp, a table
        built before stamps were written); a stale table is left for a live computation."""
        return self.table_state() in ("current", "unstamped")

    def table_state(self) -> str | None:
        """:func:`table_state` of this store (memoized with the instance, and with a
        read-only connection)."""
        return self._memoized("table_state", table_state)

    def _memoized(self, name: str, compute):
        """``compute(con)``, kept on the instance and, for a read-only connection, in the
        connection's memo (so every reader of that connection computes it once)."""
        attr = f"_{name}"
        if not hasattr(self, attr):
            memo = _memo_of(self.con)
            if memo is not None and name in memo:
                value = memo[name]
            else:
                value = compute(self.con)
                if memo is not None:
                    memo[name] = value
            setattr(self, attr, value)
        return getattr(self, attr)

    def closeness_rows(self, yrs: pd.DataFrame) -> pd.DataFrame | None:
        """The precomputed inputs (:data:`INPUTS`) of a pair's years (``year, ccode_a,
        ccode_b, system`` rows), aligned with them; None when the table lacks a year in which
        both were system members (the values are then computed live).

        The table's ``alliance_level``/``war``/``sanction_*``/``rupture`` already include the
        curated facts."""
        if not self.has_closeness_table():
            return None
        ok = yrs.dropna(subset=["ccode_a", "ccode_b"])
        if ok.empty:
            return None
        a = np.minimum(ok["ccode_a"].astype(int), ok["ccode_b"].astype(int))
        b = np.maximum(ok["ccode_a"].astype(int), ok["ccode_b"].astype(int))
        pairs = sorted(set(zip(a.tolist(), b.tolist())))
        cond = " OR ".join("(ccode_a = ? AND ccode_b = ?)" for _ in pairs)
        params = [x for p in pairs for x in p]
        d = self.con.execute(
            f"SELECT year, ccode_a, ccode_b, {', '.join(INPUTS)} FROM {CLOSENESS_TABLE} "
            f"WHERE ({cond}) AND year BETWEEN ? AND ?",
            params + [int(yrs["year"].min()), int(yrs["year"].max())]).df()
        fa = yrs["ccode_a"].to_numpy(dtype=float)
        fb = yrs["ccode_b"].to_numpy(dtype=float)
        key = pd.DataFrame({"year": yrs["year"].to_numpy(), "ka": np.fmin(fa, fb),
                            "kb": np.fmax(fa, fb)})
        d = d.rename(columns={"ccode_a": "ka", "ccode_b": "kb"}).astype({"ka": float, "kb": float})
        m = key.merge(d.assign(_hit=True), on=["year", "ka", "kb"], how="left")
        if (yrs["system"].to_numpy(bool) & m["_hit"].isna().to_numpy()).any():
            return None
        out = yrs[["year"]].copy()
        for c in INPUTS:
            out[c] = m[c].to_numpy(dtype=float)
        return out

    def closeness_year(self, year: int, states: Iterable[str] | None = None
                       ) -> pd.DataFrame | None:
        """The rows of the precomputed v2 table in ``year`` (of the pairs of ``states``, actor
        ids, when given: filtered in the query, not after reading ~18,000 rows); None
        without a table or when it lacks the year."""
        if not self.has_closeness_table():
            return None
        if states is None:
            d = self.con.execute(f"SELECT * FROM {CLOSENESS_TABLE} WHERE year = ?",
                                 [year]).df()
            return d if len(d) else None
        ids = sorted({str(s) for s in states})
        d = self.con.execute(f"SELECT * FROM {CLOSENESS_TABLE} WHERE year = ? AND "
                             "list_contains(?, id_a) AND list_contains(?, id_b)",
                             [year, ids, ids]).df()
        if len(d) or self.con.execute(f"SELECT count(*) FROM {CLOSENESS_TABLE} WHERE year = ?",
                                      [year]).fetchone()[0]:
            return d
        return None

    def v3_year_rows(self, version: str, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` (one year's v2 pairs) with the stored closeness v3 of model ``version`` in
        ``closeness`` (:func:`amity.store.closeness.with_year_rows`; no current fit: an
        error naming ``amity closeness-build``)."""
        from amity.store import closeness as closeness_store

        return closeness_store.with_year_rows(self.con, version, rows)


def union(masks) -> int:
    """Union (bitwise or) of the kinds of measure over the sanction cases in force."""
    m = 0
    for x in masks:
        m |= int(x)
    return m


def pair_years_of(facts: pd.DataFrame, ids_a: Iterable[str], ids_b: Iterable[str]
                  ) -> pd.DataFrame:
    """The facts as they concern the pair of lines ``ids_a``/``ids_b``: a fact that binds the
    pair only from a later party's entry (an accession, ``party_since``) starts that year
    (``year_start``; a fact that ended before it is dropped). See
    :func:`amity.concepts.pair_entry`."""
    if facts.empty or "party_since" not in facts:
        return facts
    ids_a, ids_b = set(ids_a), set(ids_b)
    starts, ends, keep = [], [], []
    for parties, since, ys, ye, de in zip(facts["parties"], facts["party_since"],
                                          facts["year_start"], facts["year_end"],
                                          facts["date_end"]):
        joined = concepts.pair_entry(_listed(parties), _listed(since), ids_a, ids_b)
        if joined is None:
            starts.append(ys), ends.append(ye), keep.append(True)
            continue
        y = max(int(ys), concepts.entry_year(joined))
        open_end = de is None or (isinstance(de, float) and np.isnan(de)) or str(de) in ("", "..")
        if open_end:        # in force from the entry on (an end year at the start stays so)
            ye = None if ye is None or pd.isna(ye) else max(int(ye), y)
        starts.append(y), ends.append(ye)
        keep.append(open_end or (ye is not None and not pd.isna(ye) and int(ye) >= y))
    out = facts.assign(year_start=starts, year_end=ends)
    return out[np.asarray(keep, dtype=bool)].reset_index(drop=True)


def _listed(v: Any) -> list | None:
    """A list column's value as a list (None for NULL, which a frame may hold as NaN)."""
    if v is None or isinstance(v, (float, str)) or not hasattr(v, "__iter__"):
        return None
    return list(v)


def event_table(con: Any) -> pd.DataFrame | None:
    """Non-directed COW dyad-year event aggregates of the store's event data, or None.

    Columns ``ccode1 < ccode2, year, events_n, events_goldstein_sum``; the years the event
    data covers are in ``attrs["years"]``. None when there is no store connection, no event
    layer or no events (the component is then missing, never 0).
    """
    if con is None:
        return None
    import duckdb

    from amity.events.dyads import events_cow_dyad_years
    from amity.events.query import dyad_year_aggregates

    try:
        dy = dyad_year_aggregates(con)
    except (duckdb.Error, AmityError):  # no event layer in this store
        return None
    first, last = dy.attrs.get("amity_events_years", (None, None))
    if first is None or len(dy) == 0:
        return None
    t = events_cow_dyad_years(dy)
    t.attrs["years"] = (int(first), int(last))
    return t


def has_closeness_table(con: Any) -> bool:
    """True when the store holds a closeness table of the current method (a table built by
    the first version, without the relative UN scores and sanction severity, is ignored and
    the values are computed live until ``amity closeness-build --method v2`` is run again)."""
    if con is None:
        return False
    import duckdb

    try:
        cols = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
            [CLOSENESS_TABLE]).fetchall()}
    except duckdb.Error:
        return False
    return bool(cols) and set(INPUTS) <= cols


#: the datasets whose loads a v2 table depends on (their ``datasets`` records)
STAMP_TABLES = tuple(sorted({*TABLES.values(), "gsdb_cases"}))


def table_stamp(con: Any) -> dict[str, Any]:
    """What a v2 table built now would be built from: the sha256 of each dataset closeness v2
    reads as the store records it (None: not loaded, read from the mirror) and a digest of
    the curated facts (their count and an order-free hash of the columns v2 reads)."""
    import duckdb

    got = {}
    try:
        got = {str(n): str(h) for n, h in con.execute(
            "SELECT name, sha256 FROM datasets WHERE list_contains(?, name)",
            [list(STAMP_TABLES)]).fetchall()}
    except duckdb.Error:
        pass
    cur: list[Any] = [0, None]
    try:
        n, h = con.execute(
            "SELECT count(*), bit_xor(hash(id, kind, date, date_end, year_start, year_end, "
            "source_actor, target_actor, parties, obligations, sign, goldstein, cameo, "
            "negated)) FROM relations WHERE prov_kind = 'curated'").fetchone()
        cur = [int(n), None if h is None else str(h)]
    except duckdb.Error:
        pass
    return {"datasets": {t: got.get(t) for t in STAMP_TABLES}, "curated": cur}


def table_meta(con: Any) -> dict[str, Any] | None:
    """The v2 table's meta row (``stamp``, ``from``, ``to``, ``rows``, ``built_at``,
    ``seconds``), or None when it has none."""
    import json

    import duckdb

    if con is None:
        return None
    try:
        row = con.execute(f"SELECT stamp, year_from, year_to, rows, built_at, seconds "
                          f"FROM {CLOSENESS_META}").fetchone()
    except duckdb.Error:
        return None
    if row is None:
        return None
    return {"stamp": json.loads(row[0]), "from": int(row[1]), "to": int(row[2]),
            "rows": int(row[3]), "built_at": row[4], "seconds": float(row[5])}


def table_state(con: Any) -> str | None:
    """``"current"`` (built from what the store holds now), ``"stale"`` (a dataset or the
    curated facts changed since), ``"unstamped"`` (built before the stamp existed), or None
    (no table of the current method)."""
    if not has_closeness_table(con):
        return None
    meta = table_meta(con)
    if meta is None:
        return "unstamped"
    return "current" if meta["stamp"] == table_stamp(con) else "stale"


__all__ = ["CLOSENESS_META", "CLOSENESS_TABLE", "ClosenessData", "coverage", "GSDB_KINDS", "INPUTS", "TABLES", "event_table",
           "has_closeness_table", "table_meta", "table_stamp", "table_state", "union"]
