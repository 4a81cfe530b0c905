"""Closeness v3 in the store: `amity closeness-build` writes the posterior and the parameters,
reads use them without refitting, another model version or no fit is a clear error, and the
triangle takes each leg's neutral band from its interval."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from amity.app.closeness import build, status
from amity.store import closeness as closeness_store
from amity.errors import InputError, NotFittedError, StaleModelError
from amity.app import reports as R
from amity.measures import pair as P
from amity.measures.closeness_model import MODEL_VERSION, ClosenessModel, Item
from amity.store import connect

HOSTILE = (Item("mid_hostlev", "ordinal", (1,)),)
ALIGN = (Item("atop_bilateral", "ordinal", (1,)), Item("un_kappa", "gaussian"))


def _panel(years=range(1990, 2011)) -> pd.DataFrame:
    """Twelve dyads (real codes for USA 2, RUS 365, CHN 710 among them), two factors."""
    rng = np.random.default_rng(7)
    codes = [(2, 365), (2, 710), (365, 710)] + [(100 + i, 200 + i) for i in range(9)]
    rows = []
    for k, (a, b) in enumerate(codes):
        p = a_ = 0.0
        for y in years:
            p = 0.8 * p + 0.6 * rng.normal() - (0.8 if k == 0 else 0.0)
            a_ = 0.8 * a_ + 0.6 * rng.normal() + (0.5 if k == 2 else 0.0)
            rows.append({"year": y, "ccode_a": a, "ccode_b": b,
                         "mid_hostlev": float(-1.5 * p + rng.normal() > 1.5),
                         "atop_bilateral": float(a_ + rng.normal() > 1.0),
                         "un_kappa": 0.8 * a_ + rng.normal(scale=0.5)})
    return pd.DataFrame(rows)


@pytest.fixture()
def fitted_store():
    con = connect(":memory:")
    model = ClosenessModel(hostility_items=HOSTILE, alignment_items=ALIGN, max_iter=6)
    info = build(con, panel=_panel(), model=model)
    yield con, info
    con.close()


def test_build_writes_table_and_parameters(fitted_store):
    con, info = fitted_store
    assert info["rows"] == 12 * 21 and info["model"] == MODEL_VERSION
    n = con.execute(f"SELECT count(*) FROM {closeness_store.TABLE}").fetchone()[0]
    assert n == 12 * 21
    got = closeness_store.info(con)
    assert got["version"] == MODEL_VERSION and got["rows"] == 252
    # the stored parameters reproduce the stored posterior: a query never refits
    m = ClosenessModel.from_dict(got["params"])
    again = m.predict(_panel())
    stored = con.execute(f"SELECT closeness FROM {closeness_store.TABLE} "
                         "ORDER BY ccode_a, ccode_b, year").fetchall()
    order = _panel().sort_values(["ccode_a", "ccode_b", "year"]).index
    assert np.allclose(again["closeness"].to_numpy()[order], [r[0] for r in stored])
    assert status(con)["fitted"] and status(con)["current"]
    regimes = {r[0] for r in con.execute(f"SELECT DISTINCT regime FROM {closeness_store.TABLE}").fetchall()}
    from amity.measures.dispute_hazard import HAZARD_LABELS

    # the descriptive label of the dispute hazard (v3.5): dispute years and quiet ones
    assert regimes <= set(HAZARD_LABELS) and {"peace", "dispute"} <= regimes


def test_pair_rows_any_code_order_and_missing_years(fitted_store):
    con, _ = fitted_store
    keys = pd.DataFrame({"year": [2000, 2000, 2015], "ccode_a": [710, 365, 365],
                         "ccode_b": [365, 710, 710]})
    rows = closeness_store.pair_rows(con, MODEL_VERSION, keys)
    assert len(rows) == 3
    assert rows["closeness"].iloc[0] == rows["closeness"].iloc[1]
    assert np.isnan(rows["closeness"].iloc[2])          # a year outside the table: missing
    assert (rows["closeness_lo"].iloc[0] <= rows["closeness"].iloc[0]
            <= rows["closeness_hi"].iloc[0])


def test_not_fitted_and_stale_store_are_refused(fitted_store):
    empty = connect(":memory:")
    with pytest.raises(NotFittedError, match="amity closeness-build"):
        R.resolve_method("v3", empty)
    con, _ = fitted_store
    assert R.resolve_method("v3", con) == "v3"
    # auto stays v2 until v3 meets the record too (docs/MEASURES.md §v3), fitted or not
    assert R.AUTO_METHOD == "v2" and R.resolve_method("auto", con) == "v2"
    con.execute(f"UPDATE {closeness_store.PARAMS} SET version = 'closeness-v3.0'")
    with pytest.raises(StaleModelError, match="refit"):
        R.resolve_method("v3", con)
    with pytest.raises(InputError, match="unknown closeness method"):
        R.resolve_method("v9", con)


def test_stamp_names_datasets_reloaded_since_the_build(fitted_store):
    con, _ = fitted_store
    con.execute("INSERT INTO datasets VALUES ('cow_mids', '5', 'abc', 1, 'ds_cow_mids', "
                "now(), NULL)")
    assert status(con)["changed_since"] == ["cow_mids"]


def test_interval_sets_the_neutral_band():
    # 0.3 with an interval holding 0 is neutral; -0.2 with an interval below 0 is negative
    assert P.interval_legs([0.3, -0.2, np.nan], [-0.1, -0.4, 0.0], [0.6, -0.05, 0.1]) == [
        0.0, -0.2, pytest.approx(np.nan, nan_ok=True)]


def test_dyad_reads_v3_with_interval(fitted_store, mirror):
    con, _ = fitted_store
    rep = R.dyad("CHN", "RUS", 1995, 2005, con=con, mirror=mirror, method="v3")
    assert rep["method"] == "v3" and rep["model"] == MODEL_VERSION
    rows = closeness_store.pair_rows(con, MODEL_VERSION, pd.DataFrame(
        {"year": [2000], "ccode_a": [365], "ccode_b": [710]}))
    y2000 = next(r for r in rep["series"] if r["year"] == 2000)
    assert y2000["closeness"] == pytest.approx(float(rows["closeness"].iloc[0]), abs=1e-4)
    assert y2000["closeness_lo"] <= y2000["closeness"] <= y2000["closeness_hi"]
    assert "closeness_v2" in y2000
    # the year's hazard label, as stored
    from amity.measures.dispute_hazard import HAZARD_LABELS

    assert y2000["regime"] == rows["regime"].iloc[0] and y2000["regime"] in HAZARD_LABELS
    v2 = R.dyad("CHN", "RUS", 1995, 2005, con=con, mirror=mirror, method="v2")
    assert v2["method"] == "v2" and "closeness_lo" not in v2["series"][0]
    json.dumps(rep, default=float)


def test_year_rows_replace_closeness_for_the_system_graph(fitted_store):
    con, _ = fitted_store
    frame = pd.DataFrame({"year": [2000, 2000], "ccode_a": [710, 100], "ccode_b": [365, 200],
                          "closeness": [0.9, 0.1]})
    out = closeness_store.with_year_rows(con, MODEL_VERSION, frame)
    keys = pd.DataFrame({"year": [2000, 2000], "ccode_a": [365, 100], "ccode_b": [710, 200]})
    rows = closeness_store.pair_rows(con, MODEL_VERSION, keys)
    assert np.allclose(out["closeness"], rows["closeness"])
    assert out["closeness_v2"].tolist() == [0.9, 0.1]


def test_balance_and_scenario_read_v3_when_asked(fitted_store, mirror):
    """`amity balance --method v3` and `scenario --method v3` put the stored v3 posterior on
    the legs (with threshold 0 a leg is its closeness); auto and v2 keep the v2 index."""
    from amity.app.service import balance_view

    con, _ = fitted_store
    rep = balance_view(2000, 0.0, ["CHN", "RUS", "USA"], con=con, mirror=mirror, method="v3")
    assert rep["method"] == "v3"
    keys = pd.DataFrame({"year": [2000] * 3, "ccode_a": [2, 2, 365], "ccode_b": [365, 710, 710]})
    want = closeness_store.pair_rows(con, MODEL_VERSION, keys)["closeness"].round(4).tolist()
    got = {frozenset((e["a"], e["b"])): e["closeness"] for e in rep["edges"]}
    assert [got[frozenset(p)] for p in (("USA", "RUS"), ("USA", "CHN"), ("RUS", "CHN"))] == \
        pytest.approx(want, abs=1e-4)
    assert balance_view(2000, 0.0, ["CHN", "RUS", "USA"], con=con, mirror=mirror,
                        method="auto")["method"] == R.AUTO_METHOD
    sc = R.scenario(2000, "CHN-USA=0.5", ["CHN", "RUS", "USA"], threshold=0.0,
                    states=["CHN", "RUS", "USA"], con=con, mirror=mirror, method="v3")
    assert sc["method"] == "v3"
    with pytest.raises(InputError):
        balance_view(2000, 0.0, ["CHN", "RUS", "USA"], con=con, mirror=mirror, method="v9")
