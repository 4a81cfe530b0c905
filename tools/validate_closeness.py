"""Check the closeness index against the historical record on a fixed reference set.

The reference set below was written down before any revision was scored against it: 18 pairs
and 44 eras, each with the sign a standard diplomatic history gives the relation in that era
("+" friendly, "-" hostile, "0" neither; "0+" means neutral or friendly is acceptable). An
era passes when the mean closeness of its years satisfies the sign: "+" mean > 0.1, "-" mean
< -0.1, "0" |mean| <= 0.25. Eras without any closeness value are skipped.

Usage::

    AMITY_MIRROR=../shared/data .venv/bin/python tools/validate_closeness.py [--json]

It builds a throwaway store with the shipped curated layer, computes every pair live from the
mirror and prints each era's mean and verdict, then the score. docs/MEASURES.md (§0, revision
2) quotes its output before and after each rule.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np

#: (pair, first year, last year, expected sign)
REFERENCE = [
    ("USA-CHN", 1950, 1953, "-"), ("USA-CHN", 1954, 1970, "-"), ("USA-CHN", 1973, 1978, "0"),
    ("USA-CHN", 1979, 1988, "+"), ("USA-CHN", 1989, 1991, "0"), ("USA-CHN", 1992, 2008, "0+"),
    ("USA-CHN", 2009, 2016, "0"), ("USA-CHN", 2018, 2025, "-"),
    ("CHN-RUS", 1950, 1959, "+"), ("CHN-RUS", 1960, 1968, "-"), ("CHN-RUS", 1969, 1981, "-"),
    ("CHN-RUS", 1982, 1988, "0"), ("CHN-RUS", 1989, 1995, "+"), ("CHN-RUS", 1996, 2025, "+"),
    ("USA-RUS", 1946, 1971, "-"), ("USA-RUS", 1972, 1979, "0-"), ("USA-RUS", 1980, 1988, "-"),
    ("USA-RUS", 1991, 2000, "+0"), ("USA-RUS", 2001, 2007, "0+"), ("USA-RUS", 2014, 2025, "-"),
    ("USA-GBR", 1946, 2025, "+"), ("FRA-GBR", 1946, 2025, "+"), ("DEU-FRA", 1955, 2025, "+"),
    ("USA-ISR", 1967, 2025, "+"), ("USA-KOR", 1950, 2025, "+"),
    ("IND-PAK", 1947, 2025, "-"), ("USA-CUB", 1960, 2014, "-"), ("USA-IRN", 1953, 1978, "+"),
    ("USA-IRN", 1980, 2025, "-"),
    ("CHN-IND", 1950, 1958, "+"), ("CHN-IND", 1959, 1987, "-"), ("CHN-IND", 1988, 2019, "0+"),
    ("CHN-IND", 2020, 2025, "-"),
    ("PRK-RUS", 1948, 1990, "+"), ("PRK-RUS", 1991, 1999, "0"), ("PRK-RUS", 2000, 2016, "0+"),
    ("PRK-RUS", 2023, 2025, "+"),
    ("CHN-JPN", 1972, 2010, "0+"), ("CHN-JPN", 2012, 2025, "-0"), ("CHN-PRK", 1950, 2025, "+"),
    ("RUS-UKR", 1992, 2013, "0+"), ("RUS-UKR", 2014, 2025, "-"), ("RUS-IND", 1971, 2025, "+"),
    ("USA-PAK", 1954, 1990, "+"),
]


def passes(mean: float, sign: str) -> bool | None:
    """Verdict for one era's mean closeness (None when there is no value)."""
    if mean is None or np.isnan(mean):
        return None
    test = {"+": mean > 0.1, "-": mean < -0.1, "0": abs(mean) <= 0.25}
    return any(test[c] for c in sign)


def run(mirror: str | None = None) -> dict:
    from amity.measures import closeness as C
    from amity.measures.pair import ensure_curated
    from amity.store import connect

    with tempfile.TemporaryDirectory() as d:
        con = connect(Path(d) / "v.duckdb")
        ensure_curated(con)
        da = C.DataAccess(con, mirror)
        series = {}
        for pair in sorted({p for p, *_ in REFERENCE}):
            a, b = pair.split("-")
            fr, _ = C.pair_frame(a, b, 1946, 2025, da=da)
            series[pair] = C.closeness(fr)[["year", "closeness"]]
        con.close()
    eras = []
    for pair, lo, hi, sign in REFERENCE:
        s = series[pair]
        m = s[(s.year >= lo) & (s.year <= hi)]["closeness"].mean()
        eras.append({"pair": pair, "start": lo, "end": hi, "expected": sign,
                     "mean": None if np.isnan(m) else round(float(m), 3), "pass": passes(m, sign)})
    scored = [e for e in eras if e["pass"] is not None]
    return {"eras": eras, "passed": sum(e["pass"] for e in scored), "scored": len(scored)}


def main(argv: list[str]) -> int:
    res = run()
    if "--json" in argv:
        print(json.dumps(res, indent=1))
        return 0
    for e in res["eras"]:
        v = {True: "ok", False: "WRONG", None: "-"}[e["pass"]]
        mean = "  n/a" if e["mean"] is None else f"{e['mean']:+.2f}"
        print(f"{e['pair']:8} {e['start']}-{e['end']}  want {e['expected']:3} got {mean}  {v}")
    print(f"passed {res['passed']} of {res['scored']} eras")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
