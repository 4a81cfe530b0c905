"""The verb family's contract on the verbs of this round: the panel's rows, order and key
columns unchanged (a left join that never multiplies rows), directed and non-directed, COW
and G-W where served, and missing (never 0) in years no source covers (1700, 2100)."""
from __future__ import annotations

import pandas as pd
import pytest

from amity import panel as P

DYADIC = ["add_ucdp_acd", "add_creg_fractionalization", "add_rugged_terrain",
          "add_latent_territorial_threat", "add_sdp_gdp", "add_arms_races", "add_archigos",
          "add_gwcode_to_cow", "add_cow_trade", "add_fpsim"]
GW = ["add_creg_fractionalization", "add_rugged_terrain", "add_sdp_gdp", "add_archigos",
      "add_ccode_to_gw", "add_democracy", "add_minimum_distance", "add_capital_distance"]


def _frame(kind, system="cow", directed=False):
    years, states = (1990, 1992), [2, 20, 70]
    if kind == "state_year":
        return P.create_state_years(system, years, states)
    return P.create_dyad_years(system, directed, years, states)


@pytest.mark.parametrize("name", DYADIC)
@pytest.mark.parametrize("directed", [False, True])
def test_rows_order_keys_unchanged_cow(name, directed, env_mirror):
    fn = P.verb(name)
    base = _frame("dyad_year", directed=directed)
    if name == "add_ucdp_acd":
        base = _frame("state_year", "gw")
    if name == "add_fpsim":
        out = fn(base, "kappavv")
    elif name == "add_cow_trade":
        out = fn(base, dyadic=False)
    else:
        out = fn(base)
    keys = list(base.columns)
    assert len(out) == len(base) and out.index.equals(base.index)
    assert out[keys].equals(base[keys])
    assert len(out.columns) > len(base.columns)


@pytest.mark.parametrize("name", GW)
def test_gw_served(name, env_mirror):
    base = _frame("dyad_year", "gw", directed=True)
    out = P.verb(name)(base)
    assert len(out) == len(base) and out[list(base.columns)].equals(base)


@pytest.mark.parametrize("name", ["add_creg_fractionalization", "add_latent_territorial_threat",
                                  "add_sdp_gdp", "add_archigos", "add_arms_races",
                                  "add_ucdp_onsets", "add_cow_trade"])
def test_missing_where_no_source_covers(name, env_mirror):
    system = "gw" if name == "add_ucdp_onsets" else "cow"
    code = "ccode" if system == "cow" else "gwcode"
    far = P.declare_attributes(pd.DataFrame({code: [2, 2], "year": [1700, 2100]}),
                               "state_year", system)
    out = P.verb(name)(far)
    new = [c for c in out.columns if c not in far.columns]
    assert new and out[new].isna().all().all(), name
