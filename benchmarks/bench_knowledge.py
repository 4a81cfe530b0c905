"""Knowledge layer: curated load and pair queries against naive baselines, side by side.

* load: ``load_curated`` (validate every row against the registry and the CAMEO table, then
  one atomic write) vs. the write alone (``write_relations`` of the already-validated rows)
  into a fresh store: the ratio is the price of validation.
* query: ``facts(a, b, start, end)`` (lineage resolution + one SQL filter in DuckDB) vs. a
  baseline that reads the whole ``relations`` table into pandas and filters in Python, on a
  store holding the curated layer plus N synthetic event rows.

    .venv/bin/python benchmarks/bench_knowledge.py
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from amity import store
from amity.knowledge import check_curated, facts, load_curated
from amity.knowledge import _registry as reg

N_EVENTS = 100_000


def best(f, n=3):
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return min(ts)


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    check_curated()  # warm the registry and CAMEO caches for both sides
    k = [0]

    def fresh():
        k[0] += 1
        return store.connect(tmp / f"s{k[0]}.duckdb")

    def ours():
        con = fresh()
        load_curated(con)
        con.close()

    rows = [r.relation for r in check_curated().records] + \
        [m for r in check_curated().records for m in r.expanded]

    def base():
        con = fresh()
        store.write_relations(con, rows, kind="curated", source="bench")
        con.close()

    t_ours, t_base = best(ours), best(base)
    print(f"load curated ({len(rows)} facts): load_curated {t_ours*1000:.0f} ms, "
          f"write only {t_base*1000:.0f} ms, ratio {t_ours/t_base:.2f}x")

    con = fresh()
    load_curated(con)
    rnd = random.Random(7)
    ids = ["CHN", "RUS", "USA", "SUN", "PRK", "UKR", "DEU", "FRA", "GBR", "JPN", "IND", "KOR"]
    ev = []
    for i in range(N_EVENTS):
        a, b = rnd.sample(ids, 2)
        y = rnd.randint(1950, 2024)
        ev.append({"kind": "event", "date": f"{y}-{rnd.randint(1, 12):02d}", "year_start": y,
                   "year_end": y, "source_actor": a, "target_actor": b, "parties": [a, b],
                   "cameo": "042", "sign": 1, "prov_kind": "document",
                   "prov_ref": f"bench#{i}"})
    store.write_relations(con, ev, kind="document", source="bench")
    la, lb = set(reg.lineage("CHN")), set(reg.lineage("RUS"))

    def q_ours():
        return facts("CHN", "RUS", 2000, 2010, con=con)

    def q_base():
        df = con.execute("SELECT * FROM relations").df()
        keep = []
        for r in df.itertuples():
            ps = set(r.parties) if isinstance(r.parties, (list, tuple)) or hasattr(r.parties, "__len__") else set()
            hit = ((r.source_actor in la and (r.target_actor in lb or ps & lb))
                   or (r.source_actor in lb and (r.target_actor in la or ps & la))
                   or (ps & la and ps & lb))
            ye = 9999 if pd.isna(r.year_end) else r.year_end
            if hit and ye >= 2000 and r.year_start <= 2010:
                keep.append(r.id)
        return keep

    n1, n2 = len(q_ours()), len(q_base())
    assert n1 == n2, (n1, n2)
    t_ours, t_base = best(q_ours), best(q_base, 1)
    print(f"facts CHN-RUS 2000-2010 over {N_EVENTS + len(rows)} relations ({n1} hits): "
          f"facts() {t_ours*1000:.0f} ms, pandas scan {t_base*1000:.0f} ms, "
          f"speed-up {t_base/t_ours:.1f}x")


if __name__ == "__main__":
    main()
