"""The three sources the closeness model v3 reads (UCDP ACD, COW IGO dyad-years) or is
validated against (Thompson–Dreyer rivalries): row counts and values checked by hand in the
upstream files."""
from __future__ import annotations

from amity.sources.access import dataset


def test_ucdp_acd_interstate_rows(mirror):
    d = dataset("ucdp_acd", mirror=mirror)
    assert len(d) == 5652
    # the Six-Day War: Israel (666) vs Egypt (651), a war-level (2) interstate conflict-year
    six = d[(d["conflict_id"] == 11343) & (d["year"] == 1967)]
    assert len(six) == 1
    assert six["type_of_conflict"].iloc[0] == "interstate"
    assert int(six["intensity_level"].iloc[0]) == 2
    assert {int(six["gwno_a"].iloc[0]), int(six["gwno_b"].iloc[0])} == {651, 666}
    assert d.loc[d["type_of_conflict"] != "interstate", "gwno_b"].isna().mean() > 0.9


def test_igo_dyad_years(mirror):
    d = dataset("cow_igo_ndy", mirror=mirror)
    assert len(d) == 917695
    assert (d["ccode1"] < d["ccode2"]).all()
    usa_can_1920 = d[(d["ccode1"] == 2) & (d["ccode2"] == 20) & (d["year"] == 1920)]
    assert int(usa_can_1920["dyadigos"].iloc[0]) == 7
    assert int(d["year"].max()) == 2014


def test_td_rivalries(mirror):
    d = dataset("td_rivalries", mirror=mirror)
    assert len(d) == 197
    ip = d[(d["ccode1"] == 750) & (d["ccode2"] == 770)]
    assert len(ip) == 1 and int(ip["styear"].iloc[0]) == 1947
