"""What `amity closeness-build` spends its time on: a full closeness v3 fit of every dyad-year
1816–2025, stage by stage, with the peace dimension fitted two ways side by side.

Stages: assemble the indicator panel from the mirror; fit the peace regimes (hidden Markov
model, v3.3 and later) and, as the baseline run in the same script, the peace *factor* of v3.2 (Gaussian
AR(1) latent, Laplace EM) on the same items; fit the alignment factor; predict every
dyad-year; write the table and the parameters into a DuckDB store. Wall and CPU time per stage; the ratio of the two peace fits; the total of the
stages a build runs against the 10-minute goal of issue 13.

Run: AMITY_MIRROR=../shared/data .venv/bin/python benchmarks/bench_closeness.py [--no-baseline]
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from amity.assembly.closeness_inputs import closeness_inputs  # noqa: E402
from amity.measures.closeness_model import (ALIGNMENT_ITEMS, HOSTILITY_ITEMS,  # noqa: E402
                                            STRUCTURE, ClosenessModel, DynamicFactor)
from amity.measures.peace_regimes import PeaceRegimes  # noqa: E402


def timed(label, fn, rows):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    w, c = time.perf_counter() - w, time.process_time() - c
    rows.append({"stage": label, "wall_s": round(w, 1), "cpu_s": round(c, 1)})
    print(f"{label:46s} wall {w:7.1f} s   cpu {c:7.1f} s", flush=True)
    return out


def main() -> int:
    mirror = os.environ.get("AMITY_MIRROR")
    if not mirror or not Path(mirror).is_dir():
        print("bench_closeness: set AMITY_MIRROR to the data mirror", file=sys.stderr)
        return 2
    rows: list[dict] = []
    panel = timed("assemble the indicator panel", lambda: closeness_inputs(None, mirror), rows)
    m = ClosenessModel()
    peace = timed("fit peace regimes (HMM)",
                  lambda: PeaceRegimes(items=m.hostility_items, n_states=m.n_regimes,
                                       structure=tuple(m.structure)).fit(panel), rows)
    if "--no-baseline" not in sys.argv:
        timed("baseline: fit peace factor (v3.2, Laplace EM)",
              lambda: DynamicFactor(items=HOSTILITY_ITEMS, anchor="mid_hostlev",
                                    structure=STRUCTURE, max_iter=m.max_iter,
                                    max_loading=m.max_loading).fit(panel), rows)
    align = timed("fit alignment factor",
                  lambda: DynamicFactor(items=ALIGNMENT_ITEMS, anchor="atop_bilateral",
                                        max_iter=m.max_iter,
                                        max_loading=m.max_loading).fit(panel), rows)
    m.peace_, m.alignment_ = peace, align
    m._merge()
    post = timed(f"predict {len(panel):,} dyad-years", lambda: m.predict(panel), rows)

    def write():
        import pandas as pd

        from amity.store import closeness as closeness_store, connect

        con = connect(":memory:")
        frame = pd.concat([panel[["year", "ccode_a", "ccode_b"]].reset_index(drop=True), post],
                          axis=1)
        closeness_store.write(con, frame, m.to_dict(), built_at="bench", seconds=0.0)
        con.close()

    timed("write the table and parameters (DuckDB)", write, rows)
    by = {r["stage"]: r for r in rows}
    build = sum(r["wall_s"] for r in rows if not r["stage"].startswith("baseline"))
    out = {"rows": len(panel), "stages": rows, "build_wall_s": round(build, 1),
           "goal_s": 600, "goal_met": build <= 600}
    base = by.get("baseline: fit peace factor (v3.2, Laplace EM)")
    if base:
        hmm = by["fit peace regimes (HMM)"]
        out["peace_fit_ratio_factor_over_regimes_cpu"] = round(base["cpu_s"] / max(hmm["cpu_s"], 1e-9), 2)
    print(f"stages of a build: {build:.0f} s wall (goal 600 s: {'met' if build <= 600 else 'NOT met'})")
    if base:
        print(f"peace fit, v3.2 factor / regimes (CPU): {out['peace_fit_ratio_factor_over_regimes_cpu']}x")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
