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
