"""G-W panels: add_minimum_distance reads CShapes' G-W table (gw_mindist) on G-W dyad- and
state-years, equal to the table's own values for sampled dyads in both directions; COW-only
verbs still refuse a G-W panel with a clear message."""
from __future__ import annotations

import pytest

from amity.errors import InputError
from amity.panel import add_atop, add_minimum_distance, create_dyad_years, create_state_years


def test_gw_mindist_source_values(env_mirror):
    from amity.sources.access import dataset

    d = add_minimum_distance(create_dyad_years("gw", directed=True, years=(1886, 2024)))
    assert len(d) == len(create_dyad_years("gw", directed=True, years=(1886, 2024)))
    src = dataset("gw_mindist")
    g = d.set_index(["gwcode1", "gwcode2", "year"])["mindist"]
    checked = 0
    for r in src[src.gwcode1 != src.gwcode2].sample(80, random_state=7).itertuples():
        for k in ((r.gwcode1, r.gwcode2, r.year), (r.gwcode2, r.gwcode1, r.year)):
            if k in g.index:
                assert g[k] <= r.mindist + 1e-9      # a pair listed twice keeps the smaller
                checked += 1
    assert checked >= 100
    assert d[d.year > 2019].mindist.isna().all()
    assert g[(2, 20, 1950)] == 0                       # US-Canada touch
    s = add_minimum_distance(create_state_years("gw", years=(2000, 2000)))
    assert (s.set_index("gwcode").loc[[2, 20], "minmindist"] == 0).all()


def test_cow_only_verbs_refuse_gw(env_mirror):
    with pytest.raises(InputError, match="COW"):
        add_atop(create_dyad_years("gw", years=(2000, 2000), states=[2, 20]))


def test_gw_capital_distance(env_mirror):
    from amity.panel import add_capital_distance

    g = add_capital_distance(create_dyad_years("gw", years=(2000, 2000), states=[2, 20, 70]))
    assert round(g[(g.gwcode1 == 2) & (g.gwcode2 == 20)].capdist.item()) == 735   # as COW
    assert "gw_capitals" in g.attrs["amity"]["coverage"]
    s = add_capital_distance(create_state_years("gw", years=(2000, 2000)))
    assert round(s[s.gwcode == 20].mincapdist.item()) == 735
    # G-W 340 (Serbia, from 2006) has Belgrade: the COW panel has it as 345
    sr = add_capital_distance(create_dyad_years("gw", years=(2010, 2010), states=[340, 344]))
    assert sr.capdist.notna().all()
