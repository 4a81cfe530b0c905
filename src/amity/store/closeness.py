"""The stored closeness v3: its table, its fitted parameters and the stamp that says what they
were built from (a data step over the store; the model itself is pure).

Tables (written by ``amity closeness-build``, :func:`amity.app.closeness.build`):

* ``closeness_v3``: one row per dyad-year (``year, ccode_a < ccode_b``) with ``closeness``,
  ``closeness_lo``, ``closeness_hi`` (90%), ``closeness_filtered``, the two factors
  ``peace`` and ``alignment``, ``indicators`` (items observed that year) and ``carried``;
* ``closeness_model``: one row: the model version, the fitted parameters (JSON), when it was
  built, and the load stamp (the ``datasets`` records and the last write batch it saw).

A read checks the stored version against the running model's: another version is refused
(:class:`~amity.errors.StaleModelError`), never mixed; no table at all is
:class:`~amity.errors.NotFittedError` (both name ``amity closeness-build``).
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from amity.errors import NotFittedError, StaleModelError

TABLE = "closeness_v3"
PARAMS = "closeness_model"
COLUMNS = ("year", "ccode_a", "ccode_b", "closeness", "closeness_lo", "closeness_hi",
           "closeness_filtered", "peace", "alignment", "indicators", "carried", "regime")


def _exists(con, name: str) -> bool:
    if con is None:
        return False
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                            [name]).fetchone()[0])


def load_stamp(con) -> dict[str, Any]:
    """What the store holds now: each dataset's sha256 and the newest write batch."""
    stamp: dict[str, Any] = {"datasets": {}, "last_batch": None}
    if _exists(con, "datasets"):
        stamp["datasets"] = {str(n): str(s) for n, s in con.execute(
            "SELECT name, sha256 FROM datasets ORDER BY name").fetchall()}
    if _exists(con, "batches"):
        row = con.execute("SELECT batch_id FROM batches ORDER BY loaded_at DESC, batch_id "
                          "LIMIT 1").fetchone()
        stamp["last_batch"] = row[0] if row else None
    return stamp


def write(con, frame: pd.DataFrame, params: dict, *, built_at: str, seconds: float) -> None:
    """Replace the table and the parameter row in one transaction."""
    from amity.store.core import transaction

    out = frame.reindex(columns=list(COLUMNS))     # a column the model lacks is NULL
    out["regime"] = out["regime"].astype(object)
    out = out.sort_values(["ccode_a", "ccode_b", "year"])
    stamp = load_stamp(con)
    with transaction(con):
        con.register("_clo3", out)
        try:
            con.execute(f"CREATE OR REPLACE TABLE {TABLE} AS SELECT * FROM _clo3")
        finally:
            con.unregister("_clo3")
        con.execute(f"CREATE OR REPLACE TABLE {PARAMS} (version VARCHAR, params VARCHAR, "
                    "built_at VARCHAR, seconds DOUBLE, stamp VARCHAR, rows BIGINT)")
        con.execute(f"INSERT INTO {PARAMS} VALUES (?, ?, ?, ?, ?, ?)",
                    [params["version"], json.dumps(params), built_at, float(seconds),
                     json.dumps(stamp), int(len(out))])


def info(con) -> dict[str, Any] | None:
    """The stored model's row (version, built_at, rows, stamp, params), or None."""
    if not (_exists(con, PARAMS) and _exists(con, TABLE)):
        return None
    row = con.execute(f"SELECT version, params, built_at, seconds, stamp, rows FROM {PARAMS}"
                      ).fetchone()
    if row is None:
        return None
    return {"version": row[0], "params": json.loads(row[1]), "built_at": row[2],
            "seconds": row[3], "stamp": json.loads(row[4]), "rows": int(row[5])}


def check(con, version: str) -> dict[str, Any]:
    """The stored model's info when it is of ``version``; else a clear error."""
    got = info(con)
    if got is None:
        raise NotFittedError("the closeness model v3 is not fitted in this store: run "
                             "`amity closeness-build`")
    if got["version"] != version:
        raise StaleModelError(f"the store's closeness table was built by model "
                              f"{got['version']!r}, this Amity runs {version!r}: run "
                              f"`amity closeness-build` to refit")
    return got


def stale_inputs(con, got: dict[str, Any]) -> list[str]:
    """Datasets whose load changed since the table was built (reloaded, added or removed)."""
    now = load_stamp(con)["datasets"]
    then = got["stamp"].get("datasets", {})
    return sorted(k for k in set(now) | set(then) if now.get(k) != then.get(k))


def pair_rows(con, version: str, keys: pd.DataFrame) -> pd.DataFrame:
    """The stored rows of the (year, ccode_a, ccode_b) keys (any code order), one per key
    (NaN where the table has none)."""
    check(con, version)
    k = keys.loc[:, ["year", "ccode_a", "ccode_b"]].copy()
    lo = k[["ccode_a", "ccode_b"]].min(axis=1).astype(int)
    hi = k[["ccode_a", "ccode_b"]].max(axis=1).astype(int)
    k = pd.DataFrame({"year": k["year"].astype(int).to_numpy(), "ccode_a": lo.to_numpy(),
                      "ccode_b": hi.to_numpy()})
    pairs = sorted(set(zip(k["ccode_a"], k["ccode_b"])))
    if not pairs:
        return k.assign(**{c: None for c in COLUMNS[3:]})
    cond = " OR ".join(f"(ccode_a = {int(a)} AND ccode_b = {int(b)})" for a, b in pairs)
    got = con.execute(f"SELECT * FROM {TABLE} WHERE {cond}").df()
    return k.merge(got, on=["year", "ccode_a", "ccode_b"], how="left")


def with_year_rows(con, version: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (one year's pairs: year, ccode_a, ccode_b, closeness...) with the stored v3
    posterior in ``closeness`` (the previous value kept as ``closeness_v2``) and its
    interval; a pair the table lacks gets NaN."""
    check(con, version)
    if frame.empty:
        return frame
    years = sorted({int(y) for y in frame["year"]})
    got = con.execute(f"SELECT year, ccode_a AS lo_, ccode_b AS hi_, closeness AS c3, "
                      f"closeness_lo, closeness_hi FROM {TABLE} WHERE year IN "
                      f"({', '.join(str(y) for y in years)})").df()
    out = frame.copy()
    out["lo_"] = out[["ccode_a", "ccode_b"]].min(axis=1).astype(int)
    out["hi_"] = out[["ccode_a", "ccode_b"]].max(axis=1).astype(int)
    out["year"] = out["year"].astype(int)
    m = out.merge(got, on=["year", "lo_", "hi_"], how="left")
    m["closeness_v2"] = m["closeness"]
    m["closeness"] = m.pop("c3")
    return m.drop(columns=["lo_", "hi_"])


__all__ = ["with_year_rows", "TABLE", "PARAMS", "COLUMNS", "write", "info", "check", "pair_rows", "load_stamp",
           "stale_inputs"]
