"""Event store benchmarks (run by `make bench`; see docs/PERFORMANCE.md).

(a) synthetic events in the store's Parquet layout -> dyad-month aggregates:
    Amity's aggregation (amity.events.aggregate, DuckDB engine) vs the same query written by
    hand in DuckDB SQL on the same Parquet, vs pandas on a sample (time scaled linearly to the
    full row count), and Spark local[2] on the sample; results asserted equal.
    Goals: Amity <= 1.2x the hand-written SQL, >= 10x pandas, peak RSS <= 4 GB.
(b) ingest throughput (rows/s) of GDELT 2.0 export files through `amity events ingest`.

Amity's default DuckDB strategy is partition-wise over the integer actor codes of the parts
(see amity.events.query._aggregate_partitioned); its single-query strategy (the SQL text of
aggregate_sql as one query) runs alongside as an ablation. The pandas baseline is unchanged:
read the same Parquet, group on the actor strings.

Each measured step runs in its own process (so peak RSS is that step's), best of
AMITY_BENCH_REPEAT runs (default 3) for the two DuckDB variants, which alternate.

Environment:
    AMITY_BENCH_EVENTS_ROWS   rows for (a)               (default 20,000,000)
    AMITY_BENCH_SAMPLE_ROWS   pandas/Spark sample        (default 10,000,000, capped at the rows)
    AMITY_BENCH_INGEST_ROWS   rows for (b)               (default 10,000,000; 0 skips)
    AMITY_BENCH_SPARK         0 skips Spark              (default 1)
    AMITY_BENCH_DIR           scratch folder             (default /tmp/amity-bench-events)
    AMITY_BENCH_KEEP          1 keeps the scratch data   (default: deleted at the end)
    AMITY_BENCH_PROFILE       0 skips the profiled run   (default 1: time per DuckDB operator
                              of the single-query SQL text)
    AMITY_BENCH_SINGLE        0 skips Amity's single-query strategy (default 1: run alongside)
    AMITY_BENCH_PANDAS_KEYED  0 skips the informative pandas-on-integer-codes step (default 1)

Every step also reports its CPU seconds (user + system, all threads): on a shared machine these
move much less with the other tenants' load than wall times do.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "src"))

HAND_SQL = """
SELECT least(actor1, actor2) AS a, greatest(actor1, actor2) AS b, year, month,
       count(*) AS events,
       count(*) FILTER (WHERE quad = 1) AS q1_verbal_coop,
       count(*) FILTER (WHERE quad = 2) AS q2_material_coop,
       count(*) FILTER (WHERE quad = 3) AS q3_verbal_conflict,
       count(*) FILTER (WHERE quad = 4) AS q4_material_conflict,
       sum(goldstein) AS goldstein_sum,
       avg(goldstein) AS goldstein_mean,
       sum(mentions) AS mentions,
       sum(tone * mentions) / sum(mentions) FILTER (WHERE tone IS NOT NULL) AS tone_mw
FROM read_parquet('{root}/year=*/month=*/*.parquet', hive_partitioning = true)
WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL AND actor1 <> actor2
GROUP BY ALL
ORDER BY year, month, a, b
"""


def _rss_mb() -> float:
    """Peak RSS of this process. VmHWM (Linux) belongs to the process's own address space;
    ru_maxrss would also count the parent's peak at fork time (the benchmark's parent holds
    pandas frames from the equality checks, which inflated later steps' figures before)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu_s() -> float:
    """User + system CPU seconds of this process, all its threads (DuckDB's included)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# ------------------------------------------------------------------ steps (child processes)

def step_amity(root: str, out: str, strategy: str = "partitioned") -> dict:
    from amity.events.query import aggregate

    t = time.perf_counter()
    res = aggregate(root, by="dyad-month", out=out, strategy=strategy)
    return {"seconds": time.perf_counter() - t, "rows": res["rows"], "strategy": strategy}


def step_hand(root: str, out: str) -> dict:
    import duckdb

    con = duckdb.connect()
    t = time.perf_counter()
    con.execute(f"COPY ({HAND_SQL.format(root=root)}) TO '{out}' (FORMAT parquet)")
    secs = time.perf_counter() - t
    n = con.execute(f"SELECT count(*) FROM '{out}'").fetchone()[0]
    return {"seconds": secs, "rows": n}


def _pandas_groupby(w, keys: list[str], sort: bool):
    """The pandas baselines' one aggregation: counts per quad, Goldstein sum/mean, mentions and
    the mentions-weighted tone (``tw``/``mw`` are tone x mentions and the mentions with a tone)."""
    import numpy as np

    g = w.groupby(keys, sort=sort).agg(
        events=("q1", "size"), q1_verbal_coop=("q1", "sum"), q2_material_coop=("q2", "sum"),
        q3_verbal_conflict=("q3", "sum"), q4_material_conflict=("q4", "sum"),
        goldstein_sum=("goldstein", "sum"), goldstein_mean=("goldstein", "mean"),
        mentions=("mentions", "sum"), tw=("tw", "sum"), mw=("mw", "sum")).reset_index()
    g["tone_mw"] = g["tw"] / g["mw"].replace(0, np.nan)
    return g


def step_pandas(root: str, out: str) -> dict:
    import numpy as np
    import pandas as pd

    t = time.perf_counter()
    df = pd.read_parquet(root, columns=["actor1", "actor2", "quad", "goldstein", "mentions",
                                        "tone", "year", "month"])
    df = df[df["actor1"].notna() & df["actor2"].notna() & (df["actor1"] != df["actor2"])]
    a1, a2 = df["actor1"].to_numpy(), df["actor2"].to_numpy()
    lo = np.where(a1 < a2, a1, a2)
    hi = np.where(a1 < a2, a2, a1)
    q = df["quad"].to_numpy()
    w = pd.DataFrame({
        "a": lo, "b": hi, "year": df["year"].astype("int32").to_numpy(),
        "month": df["month"].astype("int32").to_numpy(),
        "q1": (q == 1).astype(np.int64), "q2": (q == 2).astype(np.int64),
        "q3": (q == 3).astype(np.int64), "q4": (q == 4).astype(np.int64),
        "goldstein": df["goldstein"].to_numpy(), "mentions": df["mentions"].astype("float64").to_numpy(),
        "tw": (df["tone"] * df["mentions"]).to_numpy(dtype=float, na_value=np.nan),
        "mw": df["mentions"].where(df["tone"].notna()).astype("float64").to_numpy(dtype=float, na_value=np.nan),
    })
    g = _pandas_groupby(w, ["a", "b", "year", "month"], sort=True)
    g = g.drop(columns=["tw", "mw"])
    secs = time.perf_counter() - t
    g.to_parquet(out, index=False)
    return {"seconds": secs, "rows": len(g)}


def step_pandas_keyed(root: str, out: str) -> dict:
    """Informative only (not the goal's baseline): pandas given the same layout advantage as
    Amity, i.e. grouping on the integer actor codes of the parts and naming the dyads at the
    end. Shows how much of Amity's lead comes from the layout and how much from the engine."""
    import numpy as np
    import pandas as pd

    t = time.perf_counter()
    ids = np.array(json.loads((Path(root) / "_actors.json").read_text()), dtype=object)
    df = pd.read_parquet(root, columns=["actor1_key", "actor2_key", "quad", "goldstein",
                                        "mentions", "tone", "year", "month"])
    k1 = df["actor1_key"].to_numpy(dtype="float64", na_value=np.nan)
    k2 = df["actor2_key"].to_numpy(dtype="float64", na_value=np.nan)
    keep = ~np.isnan(k1) & ~np.isnan(k2) & (k1 != k2)
    df = df[keep]
    k1, k2 = k1[keep].astype(np.int32), k2[keep].astype(np.int32)
    q = df["quad"].to_numpy()
    m = df["mentions"].astype("float64").to_numpy()
    tone = df["tone"].to_numpy(dtype=float, na_value=np.nan)
    w = pd.DataFrame({
        "ka": np.minimum(k1, k2), "kb": np.maximum(k1, k2),
        "year": df["year"].astype("int32").to_numpy(), "month": df["month"].astype("int32").to_numpy(),
        "q1": (q == 1).astype(np.int64), "q2": (q == 2).astype(np.int64),
        "q3": (q == 3).astype(np.int64), "q4": (q == 4).astype(np.int64),
        "goldstein": df["goldstein"].to_numpy(), "mentions": m,
        "tw": tone * m, "mw": np.where(np.isnan(tone), np.nan, m)})
    g = _pandas_groupby(w, ["ka", "kb", "year", "month"], sort=False)
    na, nb = ids[g["ka"].to_numpy()], ids[g["kb"].to_numpy()]
    swap = na > nb
    g.insert(0, "a", np.where(swap, nb, na))
    g.insert(1, "b", np.where(swap, na, nb))
    g = g.drop(columns=["ka", "kb", "tw", "mw"]).sort_values(["a", "b", "year", "month"])
    secs = time.perf_counter() - t
    g.to_parquet(out, index=False)
    return {"seconds": secs, "rows": len(g)}


def step_spark(root: str, out: str) -> dict:
    from amity.events.query import aggregate, spark_session, stop_spark

    t0 = time.perf_counter()
    spark_session()
    start = time.perf_counter() - t0
    t = time.perf_counter()
    res = aggregate(root, by="dyad-month", engine="spark", out=out)
    secs = time.perf_counter() - t
    stop_spark()
    return {"seconds": secs, "session_seconds": start, "rows": res["rows"],
            "note": "peak RSS is the Python driver only; the JVM is a separate process"}


def step_ingest(src: str, db: str) -> dict:
    from amity.events.ingest import ingest

    t = time.perf_counter()
    res = ingest(str(Path(src) / "*.CSV"), "gdelt2", db=db)
    return {"seconds": time.perf_counter() - t, "rows": res["rows"], "files": res["files"],
            "rejected": res["rejected"], "rows_per_s": res["rows_per_s"]}


def step_profile(root: str, out: str) -> dict:
    """Amity's query once more under DuckDB's profiler: seconds per operator, summed over threads."""
    from amity.events import store as es
    from amity.events.query import _duckdb_con, aggregate_sql

    prof = str(Path(out).with_suffix(".profile.json"))
    con = _duckdb_con()
    con.execute(f"CREATE OR REPLACE TEMP VIEW events AS SELECT * FROM {es.parquet_source(Path(root))}")
    con.execute("PRAGMA enable_profiling = 'json'")
    con.execute(f"PRAGMA profiling_output = '{prof}'")
    con.execute(f"COPY ({aggregate_sql('dyad-month')}) TO '{out}' (FORMAT parquet)")
    con.close()
    p = json.loads(Path(prof).read_text())
    ops: dict[str, float] = {}

    def walk(n: dict) -> None:
        k = n.get("operator_name") or n.get("operator_type") or "?"
        ops[k] = round(ops.get(k, 0.0) + float(n.get("operator_timing", 0.0)), 2)
        for c in n.get("children", []):
            walk(c)

    for c in p.get("children", []):
        walk(c)
    return {"seconds": float(p.get("latency", 0.0)), "thread_s": float(p.get("cpu_time", 0.0)),
            "operator_thread_s": ops}


STEPS = {"amity": step_amity, "profile": step_profile, "hand": step_hand, "pandas": step_pandas,
         "pandas_keyed": step_pandas_keyed, "spark": step_spark, "ingest": step_ingest}


def run_step(name: str, *args: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parents[1] / "src") + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, str(HERE), "--step", name, *args], capture_output=True,
                       text=True, env=env)
    if p.returncode:
        raise SystemExit(f"step {name} failed:\n{p.stderr[-4000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ comparisons

def assert_equal(x: str, y: str, what: str) -> None:
    import numpy as np
    import pandas as pd

    a = pd.read_parquet(x).sort_values(["a", "b", "year", "month"]).reset_index(drop=True)
    b = pd.read_parquet(y).sort_values(["a", "b", "year", "month"]).reset_index(drop=True)
    assert len(a) == len(b), f"{what}: {len(a)} vs {len(b)} rows"
    for c in ["a", "b"]:
        assert (a[c].astype(str).to_numpy() == b[c].astype(str).to_numpy()).all(), f"{what}: {c}"
    for c in ["year", "month", "events", "q1_verbal_coop", "q2_material_coop",
              "q3_verbal_conflict", "q4_material_conflict", "mentions"]:
        assert (a[c].to_numpy(dtype="int64") == b[c].to_numpy(dtype="int64")).all(), f"{what}: {c}"
    for c in ["goldstein_sum", "goldstein_mean", "tone_mw"]:
        u = a[c].to_numpy(dtype=float, na_value=np.nan)
        v = b[c].to_numpy(dtype=float, na_value=np.nan)
        assert np.array_equal(np.isnan(u), np.isnan(v)), f"{what}: {c} missing values differ"
        ok = ~np.isnan(u)
        assert np.allclose(u[ok], v[ok], rtol=1e-9, atol=1e-9), f"{what}: {c}"


def main() -> int:
    from amity.events.synth import synth

    rows = int(float(os.environ.get("AMITY_BENCH_EVENTS_ROWS", 20_000_000)))
    sample = min(rows, int(float(os.environ.get("AMITY_BENCH_SAMPLE_ROWS", 10_000_000))))
    ingest_rows = int(float(os.environ.get("AMITY_BENCH_INGEST_ROWS", 10_000_000)))
    repeat = int(os.environ.get("AMITY_BENCH_REPEAT", 3))
    do_spark = os.environ.get("AMITY_BENCH_SPARK", "1") != "0"
    do_single = os.environ.get("AMITY_BENCH_SINGLE", "1") != "0"
    do_pkeyed = os.environ.get("AMITY_BENCH_PANDAS_KEYED", "1") != "0"
    base = Path(os.environ.get("AMITY_BENCH_DIR", "/tmp/amity-bench-events"))
    base.mkdir(parents=True, exist_ok=True)
    report: dict = {"rows": rows, "sample_rows": sample, "ingest_rows": ingest_rows,
                    "cpus": os.cpu_count(), "load_avg_start": os.getloadavg()}
    try:
        big, smp = base / "big", base / "sample"
        for d, n, seed in ((big, rows, 1), (smp, sample, 2)):
            marker = d / "_synth.json"
            if not (marker.exists() and json.loads(marker.read_text()).get("rows") == n):
                shutil.rmtree(d, ignore_errors=True)
                info = synth(n, d, fmt="parquet", seed=seed)
                marker.write_text(json.dumps(info))
                print(f"synth {n:,} rows -> {d} in {info['seconds']:.1f} s", flush=True)
        # (a) Amity vs hand-written DuckDB (and Amity's single-query strategy, the previous
        # default, on the same files), alternating, best of `repeat`
        am, hw, sq = [], [], []
        for i in range(repeat):
            am.append(run_step("amity", str(big), str(base / "amity.parquet")))
            hw.append(run_step("hand", str(big), str(base / "hand.parquet")))
            if do_single:
                sq.append(run_step("amity", str(big), str(base / "amity_single.parquet"), "single"))
            print(f"run {i + 1}: amity {am[-1]['seconds']:.2f} s (cpu {am[-1]['cpu_s']:.1f}), "
                  f"hand-written {hw[-1]['seconds']:.2f} s (cpu {hw[-1]['cpu_s']:.1f})"
                  + (f", amity single query {sq[-1]['seconds']:.2f} s (cpu {sq[-1]['cpu_s']:.1f})"
                     if sq else "") + f"; load {os.getloadavg()[0]:.2f}", flush=True)
        assert_equal(str(base / "amity.parquet"), str(base / "hand.parquet"), "amity vs hand SQL")
        if sq:
            assert_equal(str(base / "amity.parquet"), str(base / "amity_single.parquet"),
                         "amity partitioned vs single query")
            report["amity_single_query"] = min(sq, key=lambda r: r["seconds"])
        best_a = min(am, key=lambda r: r["seconds"])
        best_h = min(hw, key=lambda r: r["seconds"])
        report["amity"] = best_a | {"rss_mb": max(r["rss_mb"] for r in am)}
        report["hand_sql"] = best_h | {"rss_mb": max(r["rss_mb"] for r in hw)}
        report["ratio_vs_hand_sql"] = best_a["seconds"] / best_h["seconds"]
        # pandas on the sample, scaled; Amity on the same sample for the equality check
        a_s = run_step("amity", str(smp), str(base / "amity_sample.parquet"))
        pd_s = run_step("pandas", str(smp), str(base / "pandas_sample.parquet"))
        assert_equal(str(base / "amity_sample.parquet"), str(base / "pandas_sample.parquet"),
                     "amity vs pandas")
        scaled = pd_s["seconds"] * rows / sample
        report["pandas_sample"] = pd_s | {"scaled_seconds": scaled}
        report["amity_sample"] = a_s
        report["speedup_vs_pandas"] = scaled / best_a["seconds"]
        # CPU seconds (user + system, all threads) are far less sensitive to other tenants of a
        # shared machine than wall time; the ratio says how much work each approach does
        report["cpu_ratio_vs_pandas"] = pd_s["cpu_s"] / a_s["cpu_s"]
        if do_pkeyed:
            pk = run_step("pandas_keyed", str(smp), str(base / "pandas_keyed_sample.parquet"))
            assert_equal(str(base / "amity_sample.parquet"),
                         str(base / "pandas_keyed_sample.parquet"), "amity vs pandas (codes)")
            pk["scaled_seconds"] = pk["seconds"] * rows / sample
            report["pandas_keyed_sample"] = pk
            report["speedup_vs_pandas_keyed"] = pk["scaled_seconds"] / best_a["seconds"]
            print(f"pandas grouping on the integer codes (informative) on {sample:,}: "
                  f"{pk['seconds']:.2f} s (scaled: {pk['scaled_seconds']:.1f} s)", flush=True)
        if os.environ.get("AMITY_BENCH_PROFILE", "1") != "0":
            report["profile"] = run_step("profile", str(big), str(base / "profile.parquet"))
            print(f"profile (seconds per operator summed over threads, {rows:,} rows): "
                  f"{report['profile']['operator_thread_s']}", flush=True)
        print(f"pandas on {sample:,}: {pd_s['seconds']:.2f} s (scaled to {rows:,}: {scaled:.1f} s)",
              flush=True)
        if do_spark:
            sp = run_step("spark", str(smp), str(base / "spark_sample.parquet"))
            assert_equal(str(base / "amity_sample.parquet"), str(base / "spark_sample.parquet"),
                         "amity vs spark")
            report["spark_sample"] = sp
            print(f"spark local[2] on {sample:,}: {sp['seconds']:.2f} s "
                  f"(+ {sp['session_seconds']:.1f} s session start)", flush=True)
        # (b) ingest throughput
        if ingest_rows:
            g2 = base / "gdelt2"
            marker = g2 / "_synth.json"
            if not (marker.exists() and json.loads(marker.read_text()).get("rows") == ingest_rows):
                shutil.rmtree(g2, ignore_errors=True)
                info = synth(ingest_rows, g2, fmt="gdelt2", seed=3, rows_per_file=250_000)
                marker.write_text(json.dumps(info))
                print(f"synth {ingest_rows:,} GDELT 2.0 rows ({info['bytes'] / 1e9:.2f} GB, "
                      f"{info['files']} files) in {info['seconds']:.1f} s", flush=True)
            db = base / "ingest.duckdb"
            for p in base.glob("ingest.duckdb*"):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
            ing = run_step("ingest", str(g2), str(db))
            assert ing["rows"] == ingest_rows and ing["rejected"] == 0
            report["ingest"] = ing
            print(f"ingest {ing['rows']:,} rows in {ing['seconds']:.1f} s = "
                  f"{ing['rows_per_s']:,} rows/s", flush=True)
        report["load_avg_end"] = os.getloadavg()
        ok_hand = report["ratio_vs_hand_sql"] <= 1.2
        ok_pd = report["speedup_vs_pandas"] >= 10
        ok_rss = report["amity"]["rss_mb"] <= 4096
        print(f"\nAmity / hand-written SQL = {report['ratio_vs_hand_sql']:.3f} (goal <= 1.2: "
              f"{'met' if ok_hand else 'NOT met'})")
        print(f"pandas (scaled) / Amity = {report['speedup_vs_pandas']:.1f}x (goal >= 10: "
              f"{'met' if ok_pd else 'NOT met'})")
        if "amity_single_query" in report:
            print(f"Amity single query (previous default) / Amity partitioned = "
                  f"{report['amity_single_query']['seconds'] / best_a['seconds']:.2f}x")
        if "speedup_vs_pandas_keyed" in report:
            print(f"pandas on integer codes (scaled) / Amity = "
                  f"{report['speedup_vs_pandas_keyed']:.1f}x (informative)")
        print(f"CPU seconds on the {sample:,} sample: pandas {pd_s['cpu_s']:.1f}, Amity "
              f"{a_s['cpu_s']:.1f} (ratio {report['cpu_ratio_vs_pandas']:.1f}x)")
        print(f"Amity peak RSS = {report['amity']['rss_mb']:.0f} MB (goal <= 4096: "
              f"{'met' if ok_rss else 'NOT met'})")
        print(json.dumps(report, default=str))
        return 0
    finally:
        if os.environ.get("AMITY_BENCH_KEEP") != "1":
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--step":
        res = STEPS[sys.argv[2]](*sys.argv[3:])
        res["rss_mb"] = _rss_mb()
        res["cpu_s"] = _cpu_s()
        print(json.dumps(res, default=str))
        sys.exit(0)
    sys.exit(main())
