"""Synthetic event load: realistic-looking GDELT 2.0 export files or store-layout Parquet.

Rows are generated month by month (so memory stays bounded whatever ``rows`` is):

* **dates** over ``years`` (default 1979-2024) with volume growing ~7 % a year, as news
  coverage does; days uniform within each month;
* **dyads**: ordered pairs of ~120 states ranked at random and drawn with Zipf weights
  ``p(rank) ~ rank^-1.1`` (a few pairs dominate, a long tail of rare ones); 15 % of events have
  no second actor;
* **CAMEO mix**: roots weighted roughly as in GDELT (statements and consultations dominate,
  mass violence is rare), codes within a root with the ``x0`` general code favoured; quad,
  Goldstein (ICEWS) and PLOVER from :mod:`amity.cameo`;
* **counts and tone**: mentions 1 + geometric, tone normal around a value that tracks Goldstein.

``fmt="gdelt2"`` writes official-layout export files (61 tab-separated columns, no header,
``YYYYMMDDHHMMSS.export.CSV`` named 15 minutes apart), so benchmarks exercise the real ingest
path; ``fmt="parquet"`` writes straight into the store layout
(``year=Y/month=M/synth-s<seed>-<Y>-<M>.parquet``), with the integer actor codes and the
dyad-sorted rows that a committed ingest batch has (:func:`amity.events.store.add_actor_keys`).
"""
from __future__ import annotations

import calendar
import datetime as _dt
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from amity.errors import InputError
from amity.events import store as es
from amity.events.parse import GDELT2_COLUMNS
from amity.events.schema import arrow_schema

#: States used by the generator (ISO 3166-1 alpha-3 = CAMEO country codes for these).
STATES = (
    "USA CHN RUS GBR FRA DEU JPN IND PAK IRN ISR SAU TUR EGY SYR IRQ AFG UKR PRK KOR TWN "
    "CAN MEX BRA ARG CHL COL VEN CUB AUS NZL IDN MYS PHL THA VNM SGP MMR BGD LKA NPL KAZ "
    "UZB AZE ARM GEO BLR POL CZE SVK HUN ROU BGR SRB HRV BIH GRC ITA ESP PRT NLD BEL CHE "
    "AUT SWE NOR DNK FIN EST LVA LTU IRL ISL LBN JOR ARE QAT KWT OMN YEM LBY TUN DZA MAR "
    "SDN ETH SOM KEN UGA TZA RWA COD COG NGA GHA CIV SEN MLI NER TCD CMR ZAF ZWE ZMB AGO "
    "MOZ MDG PER ECU BOL PRY URY PAN CRI NIC HND SLV GTM HTI DOM JAM MNG KGZ TJK TKM"
).split()

#: Approximate share of each CAMEO root among GDELT events.
ROOT_WEIGHTS = {
    "01": 0.19, "02": 0.03, "03": 0.05, "04": 0.19, "05": 0.09, "06": 0.02, "07": 0.02,
    "08": 0.02, "09": 0.02, "10": 0.02, "11": 0.08, "12": 0.03, "13": 0.02, "14": 0.02,
    "15": 0.01, "16": 0.02, "17": 0.07, "18": 0.03, "19": 0.06, "20": 0.005,
}

GDELT2_START = _dt.datetime(2015, 2, 19, 0, 0, 0)


def _code_pool() -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    from amity import cameo

    t = cameo.table()
    t = t[t["code"].str.len() >= 3]  # events carry 3- or 4-digit codes
    codes = t["code"].to_numpy(dtype=object)
    w = np.zeros(len(t))
    for root, share in ROOT_WEIGHTS.items():
        m = (t["root"] == root).to_numpy()
        base = (t["code"] == root + "0").to_numpy()
        local = np.where(base[m], 3.0, 1.0)
        w[m] = share * local / local.sum()
    w /= w.sum()
    cols = {
        "quad": t["quad"].to_numpy(np.int8),
        "goldstein": t["goldstein"].to_numpy(np.float64),
        "plover": np.array([None if not isinstance(v, str) else v for v in t["plover"]], dtype=object),
        "root": t["root"].to_numpy(dtype=object),
    }
    return codes, w, cols


class _Gen:
    def __init__(self, seed: int, states: tuple[str, ...] = STATES, zipf_s: float = 1.1):
        self.rng = np.random.default_rng(seed)
        k = len(states)
        self.states = pa.array(states, pa.string())
        a, b = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
        off = a != b
        self.pa_, self.pb_ = a[off], b[off]
        ranks = self.rng.permutation(len(self.pa_)) + 1
        p = ranks.astype(float) ** -zipf_s
        self.dyad_cdf = np.cumsum(p / p.sum())
        codes, w, cols = _code_pool()
        self.codes = pa.array(codes, pa.string())
        self.code_cdf = np.cumsum(w)
        self.cols = cols
        self.plover = pa.array(cols["plover"], pa.string())

    def month(self, year: int, month: int, n: int) -> dict[str, Any]:
        rng = self.rng
        dim = calendar.monthrange(year, month)[1]
        day = rng.integers(1, dim + 1, n)
        order = np.argsort(day, kind="stable")
        day = day[order]
        d = rng.random(n)
        dy = np.minimum(np.searchsorted(self.dyad_cdf, d), len(self.dyad_cdf) - 1)
        ci = np.minimum(np.searchsorted(self.code_cdf, rng.random(n)), len(self.code_cdf) - 1)
        a1 = self.pa_[dy]
        a2 = self.pb_[dy]
        no_a2 = rng.random(n) < 0.15
        mentions = 1 + rng.geometric(0.3, n) - 1
        mentions = np.maximum(mentions, 1).astype(np.int32)
        sources = np.minimum(1 + rng.geometric(0.6, n) - 1, mentions).astype(np.int32)
        sources = np.maximum(sources, 1)
        gold = self.cols["goldstein"][ci]
        tone = np.clip(rng.normal(gold * 0.4 - 1.5, 3.0, n), -100, 100).round(4)
        root_event = rng.random(n) < 0.55
        return {"year": year, "month": month, "day": day.astype(np.int32), "a1": a1, "a2": a2,
                "no_a2": no_a2, "ci": ci, "mentions": mentions, "sources": sources,
                "tone": tone, "root_event": root_event, "n": n}


def _month_counts(rows: int, years: tuple[int, int], rng) -> list[tuple[int, int, int]]:
    y0, y1 = years
    if y1 < y0:
        raise InputError(f"reversed years {y0}..{y1}", field="years")
    ys = np.arange(y0, y1 + 1)
    w = np.repeat(np.exp(0.07 * (ys - y0)), 12)
    counts = rng.multinomial(rows, w / w.sum())
    out = []
    for i, c in enumerate(counts):
        if c:
            out.append((int(ys[i // 12]), i % 12 + 1, int(c)))
    return out


def _take(arr: pa.Array, idx: np.ndarray) -> pa.Array:
    return pc.take(arr, pa.array(idx))


def _event_table(g: _Gen, m: dict, id0: int, file: str) -> pa.Table:
    n = m["n"]
    dates = (np.datetime64(f"{m['year']:04d}-{m['month']:02d}-01") +
             (m["day"] - 1).astype("timedelta64[D]"))
    a1 = _take(g.states, m["a1"])
    a2 = _take(g.states, m["a2"])
    a2 = pc.if_else(pa.array(m["no_a2"]), pa.scalar(None, pa.string()), a2)
    codes = _take(g.codes, m["ci"])
    cols = {
        "event_id": pa.array(np.arange(id0, id0 + n, dtype=np.int64)).cast(pa.string()),
        "date": pa.array(dates.astype("datetime64[D]"), pa.date32()),
        "actor1": a1, "actor2": a2, "actor1_code": a1, "actor2_code": a2,
        "cameo": codes,
        "quad": pa.array(g.cols["quad"][m["ci"]], pa.int8()),
        "goldstein": pa.array(g.cols["goldstein"][m["ci"]]),
        "plover": _take(g.plover, m["ci"]),
        "root_event": pa.array(m["root_event"]),
        "mentions": pa.array(m["mentions"], pa.int32()),
        "sources": pa.array(m["sources"], pa.int32()),
        "articles": pa.array(m["mentions"], pa.int32()),
        "tone": pa.array(m["tone"]),
        "source": pa.repeat(pa.scalar("synth", pa.string()), n),
        "file": pa.repeat(pa.scalar(file, pa.string()), n),
        "line": pa.array(np.arange(1, n + 1, dtype=np.int64)),
    }
    return pa.table(cols, schema=arrow_schema())


def _gdelt2_table(g: _Gen, m: dict, id0: int) -> dict[str, pa.Array]:
    n = m["n"]
    y, mo = m["year"], m["month"]
    sqldate = y * 10000 + mo * 100 + m["day"]
    doy = np.array([_dt.date(y, mo, 1).timetuple().tm_yday], dtype=np.int32)[0] + m["day"] - 1
    s = pa.string()
    a1 = _take(g.states, m["a1"])
    a2 = _take(g.states, m["a2"])
    empty = pa.nulls(n, s)
    a2 = pc.if_else(pa.array(m["no_a2"]), empty, a2)
    codes = _take(g.codes, m["ci"])
    ids = pa.array(np.arange(id0, id0 + n, dtype=np.int64)).cast(s)
    cols: dict[str, pa.Array] = {c: empty for c in GDELT2_COLUMNS}
    cols.update({
        "GLOBALEVENTID": ids,
        "SQLDATE": pa.array(sqldate, pa.int32()).cast(s),
        "MonthYear": pa.array(np.full(n, y * 100 + mo, np.int32)).cast(s),
        "Year": pa.array(np.full(n, y, np.int32)).cast(s),
        "FractionDate": pa.array(np.round(y + doy / 365.0, 4)).cast(s),
        "Actor1Code": a1, "Actor1Name": a1, "Actor1CountryCode": a1,
        "Actor2Code": a2, "Actor2Name": a2, "Actor2CountryCode": a2,
        "IsRootEvent": pa.array(m["root_event"].astype(np.int8)).cast(s),
        "EventCode": codes, "EventBaseCode": pc.utf8_slice_codeunits(codes, 0, 3),
        "EventRootCode": pc.utf8_slice_codeunits(codes, 0, 2),
        "QuadClass": pa.array(g.cols["quad"][m["ci"]]).cast(s),
        "GoldsteinScale": pa.array(g.cols["goldstein"][m["ci"]]).cast(s),
        "NumMentions": pa.array(m["mentions"]).cast(s),
        "NumSources": pa.array(m["sources"]).cast(s),
        "NumArticles": pa.array(m["mentions"]).cast(s),
        "AvgTone": pa.array(m["tone"]).cast(s),
        "ActionGeo_Type": pa.array(np.ones(n, np.int8)).cast(s),
        "ActionGeo_CountryCode": a1,
        "SOURCEURL": pc.binary_join_element_wise(
            pa.scalar("https://news.example.org/story/"), ids, ""),
    })
    return cols


def synth(rows: int, out: str | Path, *, fmt: str = "gdelt2", seed: int = 0,
          years: tuple[int, int] = (1979, 2024), rows_per_file: int = 250_000,
          progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Write ``rows`` synthetic events under ``out`` (see the module doc).

    Parameters
    ----------
    rows : int
        Number of events (streamed month by month; 100M fit in memory).
    out : path
        Output folder (created).
    fmt : {"gdelt2", "parquet"}
    seed : int
        Same seed, same rows, byte for byte.
    rows_per_file : int
        Rows per GDELT 2.0 export file (real 15-minute files hold ~1-3 thousand; larger files
        keep benchmark folders manageable).

    Returns
    -------
    dict with rows, files, bytes, out, format, seed, seconds.
    """
    import time

    if fmt not in ("gdelt2", "parquet"):
        raise InputError(f"unknown synth format {fmt!r}; use gdelt2 or parquet", field="--format")
    if rows < 0:
        raise InputError("--rows must be >= 0", field="--rows")
    if rows_per_file < 1:
        raise InputError("rows_per_file must be positive", field="rows_per_file")
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    g = _Gen(seed)
    plan = _month_counts(rows, years, g.rng)
    id0 = 1_000_000_000 + seed * 10_000_000_000
    files, nbytes, done = 0, 0, 0
    if fmt == "parquet":
        for (y, mo, n) in plan:
            m = g.month(y, mo, n)
            name = f"synth-s{seed}-{y}-{mo:02d}.parquet"
            t = es.add_actor_keys(out, _event_table(g, m, id0, name))
            d = out / f"year={y}" / f"month={mo}"
            d.mkdir(parents=True, exist_ok=True)
            pq.write_table(es.with_id_meta(t), d / name, row_group_size=256 * 1024)
            nbytes += (d / name).stat().st_size
            files += 1
            id0 += n
            done += n
            if progress:
                progress(done, rows)
    else:
        stamp = GDELT2_START
        buf: list[pa.Table] = []
        buffered = 0
        opts = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")

        def write(t: pa.Table) -> None:
            nonlocal stamp, files, nbytes
            name = stamp.strftime("%Y%m%d%H%M%S") + ".export.CSV"
            t = t.set_column(t.schema.get_field_index("DATEADDED"), "DATEADDED",
                             pa.repeat(pa.scalar(stamp.strftime("%Y%m%d%H%M%S"), pa.string()),
                                       t.num_rows))
            pacsv.write_csv(t, out / name, write_options=opts)
            nbytes += (out / name).stat().st_size
            files += 1
            stamp += _dt.timedelta(minutes=15)

        for (y, mo, n) in plan:
            m = g.month(y, mo, n)
            cols = _gdelt2_table(g, m, id0)
            t = pa.table([cols[c] for c in GDELT2_COLUMNS], names=GDELT2_COLUMNS)
            id0 += n
            buf.append(t)
            buffered += n
            while buffered >= rows_per_file:
                whole = pa.concat_tables(buf)
                write(whole.slice(0, rows_per_file))
                rest = whole.slice(rows_per_file)
                buf, buffered = ([rest] if rest.num_rows else []), rest.num_rows
            done += n
            if progress:
                progress(done, rows)
        if buffered:
            write(pa.concat_tables(buf))
    return {"rows": rows, "files": files, "bytes": nbytes, "out": str(out), "format": fmt,
            "seed": seed, "seconds": round(time.perf_counter() - t0, 3)}
