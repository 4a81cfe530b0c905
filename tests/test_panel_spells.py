"""add_spells: peacesciencer's printed US–Cuba spells (articles/parlor-tricks.html), the
counting rule on hand-made rows (gaps, missing events, ongo), both directions alike."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel import add_gml_mids, add_mids, add_spells, create_dyad_years, verb
from amity.panel.add_spells import spells


@pytest.fixture(scope="module")
def ndy(env_mirror):
    return add_spells(add_gml_mids(add_mids(create_dyad_years(years=(1816, 2024)))))


def test_parlor_tricks_us_cuba(ndy):
    # site/docs/articles/parlor-tricks.html, "Get Multiple Peace Years in One Fell Swoop":
    # U.S.-Cuba 1980-1989, cowmidspell and gmlmidspell
    s = ndy[(ndy.ccode1 == 2) & (ndy.ccode2 == 40) & ndy.year.between(1980, 1989)]
    assert s.cowmidongoing.tolist() == [0, 1, 0, 1, 0, 0, 0, 1, 0, 0]
    assert s.gmlmidongoing.tolist() == [0, 1, 0, 1, 0, 0, 1, 1, 0, 0]
    assert s.cowmidspell.tolist() == [0, 1, 0, 1, 0, 1, 2, 3, 0, 1]
    assert s.gmlmidspell.tolist() == [0, 1, 0, 1, 0, 1, 2, 0, 0, 1]


def test_missing_outside_the_source_and_rows_unchanged(ndy, env_mirror):
    assert len(ndy) == len(create_dyad_years(years=(1816, 2024)))
    assert ndy.loc[ndy.year > 2014, "cowmidspell"].isna().all()
    assert ndy.loc[ndy.year > 2010, "gmlmidspell"].isna().all()
    assert ndy.loc[ndy.year <= 2014, "cowmidspell"].notna().all()


def test_directed_same_both_ways(env_mirror):
    d = add_spells(add_mids(create_dyad_years(directed=True, years=(1946, 2014),
                                              states=["USA", "CUB", "RUS"])))
    g = d.set_index(["ccode1", "ccode2", "year"])["cowmidspell"]
    for (a, b, y), v in g.items():
        assert g[(b, a, y)] == v


def test_counting_rule_by_hand():
    unit = np.array([1] * 9 + [2] * 4)
    year = np.array([1, 2, 3, 4, 5, 6, 9, 10, 11, 1, 2, 3, 4])
    ev = np.array([0, 0, 1, 1, 0, 0, 0, np.nan, 0, 1, 1, 1, 0], dtype=float)
    got = spells([unit], year, ev)
    # unit 1: 0 1 2(event) 0(event) 0 1 | gap -> 0 | missing | 0 ; unit 2: 0 0 0 0
    assert np.array_equal(got, [0, 1, 2, 0, 0, 1, 0, np.nan, 0, 0, 0, 0, 0], equal_nan=True)
    ongo = spells([unit], year, ev, ongo=True)
    assert np.array_equal(ongo, [0, 1, 2, np.nan, 0, 1, 0, np.nan, 0, 0, np.nan, np.nan, 0],
                          equal_nan=True)
    # row order does not matter
    perm = np.random.default_rng(1).permutation(len(unit))
    assert np.array_equal(spells([unit[perm]], year[perm], ev[perm]), got[perm], equal_nan=True)


def test_any_column_and_cli_name(env_mirror):
    p = create_dyad_years(years=(2000, 2002), states=["USA", "CAN"])
    p = p.assign(flag=pd.array([1, 0, 0], dtype="Int8"))
    out = add_spells(p, "flag")
    assert out.flag_spell.tolist() == [0, 0, 1]
    bare = create_dyad_years(years=(1980, 1989), states=["USA", "CUB"])
    via = verb("spells:mids")(bare)     # --add spells:mids adds the MID columns first
    assert via.cowmidspell.tolist() == [0, 1, 0, 1, 0, 1, 2, 3, 0, 1]
    with pytest.raises(InputError):
        add_spells(p.assign(flag=[2, 0, 0]), "flag")
    with pytest.raises(InputError):
        add_spells(create_dyad_years(years=(2000, 2000), states=["USA", "CAN"]))
