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


def test_leader_breaks_from_archigos(mirror):
    """The irregular changes of government the dispute hazard may cut at (Archigos 4.1,
    checked by hand in the upstream file): Mao's entry in 1949, Castro's in 1959, and none for
    the USA; a dyad-year carries a break when either state has one, NaN outside 1840–2015."""
    import pandas as pd

    from amity.assembly.closeness_inputs import _attach_breaks, leader_break_frame

    br = leader_break_frame(mirror=mirror)
    got = set(zip(br["year"], br["ccode"]))
    assert (1949, 710) in got and (1959, 40) in got and (1917, 365) in got
    assert not any(c == 2 for _, c in got) and (1991, 365) not in got   # Yeltsin: regular
    panel = pd.DataFrame({"year": [1949, 1950, 1959, 2016], "ccode_a": [365, 365, 2, 2],
                          "ccode_b": [710, 710, 40, 20]})
    _attach_breaks(panel, br)
    assert panel["leader_break"].iloc[:3].tolist() == [1.0, 0.0, 1.0]
    assert pd.isna(panel["leader_break"].iloc[3])


def test_polity_breaks_from_the_registry():
    """A COW code that passes by a revolution to another actor of the registry starts a new
    record: China's 710 in 1912 (Qing to Republic) and 1949 (Republic to People's Republic),
    Russia's 365 in 1917 (Empire to RSFSR); not the USSR's union of 1922 nor Russia's
    continuation of the USSR in 1991, and no change at all for the USA."""
    import pandas as pd

    from amity.assembly.closeness_inputs import _attach_polity_breaks, polity_break_frame

    br = polity_break_frame()
    assert set(zip(br["year"], br["ccode"])) == {(1912, 710), (1917, 365), (1949, 710)}
    panel = pd.DataFrame({"year": [1949, 1950, 1991, 1949], "ccode_a": [365, 365, 2, 2],
                          "ccode_b": [710, 710, 365, 20]})
    _attach_polity_breaks(panel, br)
    assert panel["polity_break"].tolist() == [1.0, 0.0, 0.0, 0.0]
