"""add_arms_races: the Gibler-Rider-Hutchison table's own races on dyad-years (both
directions), counted on state-years; 0 inside 1816-1993, missing outside. peacesciencer
ships the table (grh_arms_races) without a verb, so the figures are the table's: 71 races;
UK-Germany 1934-1942 (race 14) and 1914-1917 (race 7)."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.panel import add_arms_races, create_dyad_years, create_state_years


@pytest.fixture(scope="module")
def directed(env_mirror):
    return add_arms_races(create_dyad_years(directed=True, years=(1816, 2024)))


def test_table_races_both_directions(directed, env_mirror):
    from amity.sources.access import dataset

    races = dataset("grh_arms_races")
    # reference/grh_arms_races.html: "a simple data set of 71 arms races", five variables
    assert len(races) == 71
    assert {"race_id", "ccode1", "ccode2", "styear", "endyear"} <= set(races.columns)
    g = directed.set_index(["ccode1", "ccode2", "year"])
    for r in races.itertuples():
        for y in range(r.styear, r.endyear + 1):
            for k in ((r.ccode1, r.ccode2, y), (r.ccode2, r.ccode1, y)):
                if k in g.index:
                    assert g.loc[k, "armsrace"] == 1
    uk_ger = directed[(directed.ccode1 == 200) & (directed.ccode2 == 255)].set_index("year")
    assert uk_ger.loc[1914:1917, "race_id"].tolist() == [7] * 4
    assert uk_ger.loc[1934:1942, "race_id"].dropna().unique().tolist() == [14]
    assert uk_ger.loc[1925, "armsrace"] == 0 and pd.isna(uk_ger.loc[1925, "race_id"])
    assert len(directed) == 2_214_930


def test_coverage_and_state_counts(directed, env_mirror):
    late = directed[directed.year > 1993]
    assert late[["armsrace", "race_id"]].isna().all().all()
    assert (directed[directed.year <= 1993].armsrace.notna()).all()
    n_years = sum(r.endyear - r.styear + 1 for r in
                  __import__("amity.sources.access", fromlist=["dataset"]).dataset(
                      "grh_arms_races").itertuples())
    assert int(directed.armsrace.sum()) <= 2 * n_years
    s = add_arms_races(create_state_years(years=(1816, 2024))).set_index(["ccode", "year"])
    # 1914: Germany (255) races France (race 5, 1913-1918), Russia (6, 1913-1915), the UK (7)
    assert s.loc[(255, 1914), "armsraces"] == 3
    assert s.loc[(2, 1900), "armsraces"] == 0 and pd.isna(s.loc[(2, 2000), "armsraces"])
