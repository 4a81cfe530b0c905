"""UN vote agreement per dyad-year: amity's stacked-matrix build vs a plain-pandas build.

Both compute, for every pair of states and year, the number of common votes (yes/abstain/no),
the share of identical votes and Cohen's kappa (nominal), from the same `unvotes` table. The
pandas build self-joins each year's votes on the roll call and aggregates the pairs; it is the
obvious way to write it. The outputs are checked equal before the ratio is reported.

    .venv/bin/python benchmarks/bench_votes.py [FIRST LAST]     (default 2010 2019)
"""
from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from amity.panel.add_un_votes import yearly_agreement
from amity.sources import frame


def amity_build(votes: pd.DataFrame, years: range) -> pd.DataFrame:
    out = []
    for y, codes, r in yearly_agreement(votes, years=set(years)):
        i, j = np.triu_indices(len(codes), k=1)
        out.append(pd.DataFrame({"year": y, "ccode1": codes[i], "ccode2": codes[j],
                                 "n": r["n"][i, j], "agree": r["agree"][i, j],
                                 "kappa": r["kappa"][i, j]}))
    f = pd.concat(out, ignore_index=True)
    return f[f["n"] > 0].reset_index(drop=True)


def pandas_build(votes: pd.DataFrame, years: range) -> pd.DataFrame:
    v = votes.loc[votes["year"].between(years.start, years.stop - 1) & votes["vote"].notna(),
                  ["year", "rcid", "ccode", "vote"]].astype({"vote": "int64", "ccode": "int64"})
    out = []
    for y, g in v.groupby("year"):
        m = g.merge(g, on=["year", "rcid"], suffixes=("1", "2"))
        m = m[m["ccode1"] < m["ccode2"]]
        m["same"] = m["vote1"] == m["vote2"]
        key = ["year", "ccode1", "ccode2"]
        base = m.groupby(key).agg(n=("same", "size"), agree=("same", "mean")).reset_index()
        # marginals of each side over the pair's common votes
        pe = None
        for c in (1, 2, 3):
            a = (m["vote1"] == c).groupby([m[k] for k in key]).mean()
            b = (m["vote2"] == c).groupby([m[k] for k in key]).mean()
            pe = a * b if pe is None else pe + a * b
        base = base.merge(pe.rename("pe").reset_index(), on=key)
        with np.errstate(invalid="ignore", divide="ignore"):
            k = (base["agree"] - base["pe"]) / (1 - base["pe"])
        base["kappa"] = k.where(base["pe"] < 1 - 1e-12)
        out.append(base.drop(columns="pe"))
    return pd.concat(out, ignore_index=True)


def main() -> None:
    first, last = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (2010, 2019)
    years = range(first, last + 1)
    votes = frame("un_votes")
    t0 = time.perf_counter()
    a = amity_build(votes, years)
    t1 = time.perf_counter()
    b = pandas_build(votes, years)
    t2 = time.perf_counter()
    key = ["year", "ccode1", "ccode2"]
    a = a.sort_values(key).reset_index(drop=True)
    b = b.sort_values(key).reset_index(drop=True)
    assert len(a) == len(b), (len(a), len(b))
    assert (a[key].to_numpy() == b[key].to_numpy()).all()
    assert (a["n"].to_numpy() == b["n"].to_numpy()).all()
    assert np.allclose(a["agree"], b["agree"])
    assert np.allclose(a["kappa"], b["kappa"], equal_nan=True)
    ta, tb = t1 - t0, t2 - t1
    print(f"UN vote agreement + kappa, {first}-{last}: {len(a):,} dyad-years, outputs equal")
    print(f"  amity (stacked matrix product per year): {ta:.2f} s")
    print(f"  plain pandas (self-join per year):       {tb:.2f} s")
    print(f"  ratio: {tb / ta:.1f}x")


if __name__ == "__main__":
    main()
