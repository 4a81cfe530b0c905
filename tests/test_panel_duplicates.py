"""show_duplicates and the duplicates trap (MANIFEST/NEWS.md: several wars or disputes of
one dyad in one year multiply rows when joined naively)."""
from __future__ import annotations

import pandas as pd

from amity.panel import add_wars, create_dyad_years, show_duplicates


def test_show_duplicates_on_a_hand_made_panel():
    p = pd.DataFrame({"ccode1": [2, 2, 2, 20], "ccode2": [20, 20, 70, 70],
                      "year": [1950, 1950, 1950, 1950], "x": [1, 2, 3, 4]})
    d = show_duplicates(p)
    assert d["x"].tolist() == [1, 2] and (d["duplicated"] == 1).all()
    assert show_duplicates(p.drop_duplicates(["ccode1", "ccode2", "year"])).empty


def test_war_duplicates_do_not_multiply_rows(mirror):
    from amity.sources.access import dataset

    raw = dataset("cow_war_inter", mirror=mirror)
    keys = [c for c in ("ccode1", "ccode2", "year") if c in raw.columns]
    assert keys == ["ccode1", "ccode2", "year"]
    # the source itself has dyad-years listed more than once (MANIFEST: 56)
    assert len(show_duplicates(raw[keys])) > 0
    bare = create_dyad_years(directed=True, years=(1816, 2010))
    p = add_wars(bare, mirror=mirror)
    assert len(p) == len(bare)
    assert show_duplicates(p).empty


def test_reference_page_dispute_tables(mirror):
    # site/docs/reference/show_duplicates.html: gml_dirdisp %>% show_duplicates() has 1,838
    # rows, cow_mid_dirdisps %>% show_duplicates() 2,152 x 19 (18 columns + duplicated); the
    # first ten printed rows of each, in this order
    from amity.sources.access import dataset

    g = show_duplicates(dataset("gml_dirdisp", mirror=mirror))
    assert len(g) == 1_838
    assert g.dispnum.head(10).tolist() == [2981, 3058, 1554, 1555, 1556, 1548, 1549, 2347,
                                           2977, 2741]
    assert g.ccode2.head(10).tolist() == [40, 40, 70, 70, 70, 70, 70, 93, 93, 95]
    c = show_duplicates(dataset("cow_mid_dirdisps", mirror=mirror))
    assert c.shape == (2_152, 19) and c.columns[-1] == "duplicated"
    assert c.dispnum.head(10).tolist() == [2981, 3058, 69, 322, 1554, 1555, 1548, 1549, 2, 254]
    assert c.year.head(10).tolist() == [1983, 1983, 1916, 1916, 1836, 1836, 1860, 1860, 1902,
                                        1902]
