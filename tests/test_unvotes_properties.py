"""Property tests: add_un_votes, add_ideal_points, add_sanctions never change the row count,
the keys or their order, on any dyad- or triad-year panel (hypothesis, fixture sources)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amity.panel.add_ideal_points import add_ideal_points
from amity.panel.add_sanctions import add_sanctions
from amity.panel.add_un_votes import add_un_votes

CODES = [2, 20, 200, 255, 365, 710, 713, 750]
rng = np.random.default_rng(3)
VOTES = pd.DataFrame([(rc, y, c, int(rng.integers(1, 4)))
                      for y in (1990, 1991, 2020) for rc in range(y * 10, y * 10 + 6)
                      for c in CODES if rng.random() < 0.8],
                     columns=["rcid", "year", "ccode", "vote"])
IDEAL = pd.DataFrame([(c, y, float(rng.normal())) for c in CODES for y in (1990, 1991, 2024)],
                     columns=["ccode", "year", "idealpointfp"])
SANCT = pd.DataFrame({"case_id": [1, 1, 2], "sender": ["USA", "USA", "EU"],
                      "target": ["RUS", "RUS", "RUS"], "sender_kind": ["state", "state", "bloc"],
                      "year": [1991, 2020, 2020]})

years = st.sampled_from([1940, 1990, 1991, 2020, 2024, 2030])


@st.composite
def panels(draw):
    kind = draw(st.sampled_from(["dyad", "dyad_directed", "triad"]))
    k = 3 if kind == "triad" else 2
    rows = draw(st.lists(st.tuples(st.permutations(CODES).map(lambda p: p[:k]), years),
                         min_size=0, max_size=25))
    recs = []
    for codes, y in rows:
        codes = list(codes) if kind == "dyad_directed" else sorted(codes)
        recs.append((*codes, y))
    cols = [f"ccode{i}" for i in range(1, k + 1)] + ["year"]
    p = pd.DataFrame(recs, columns=cols).drop_duplicates().reset_index(drop=True)
    p = p.astype("int32")
    p.index = p.index * 3 + 7      # a non-default index must survive
    p.attrs["amity"] = {"kind": "triad_year" if k == 3 else "dyad_year", "system": "cow",
                        "directed": kind == "dyad_directed", "coverage": {}}
    return p


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_verbs_keep_rows_keys_and_order(p):
    keys = [c for c in p.columns]
    for out in (add_un_votes(p, votes=VOTES), add_ideal_points(p, ideal_points=IDEAL),
                add_sanctions(p, dyad_years=SANCT)):
        assert len(out) == len(p)
        assert out.index.equals(p.index)
        assert out[keys].equals(p[keys])
        assert not out.duplicated(keys).any()
        # outside every source's years the added columns are missing, never 0
        added = [c for c in out.columns if c not in keys]
        far = out["year"].isin([1940, 2030])
        assert out.loc[far, added].isna().all().all()
