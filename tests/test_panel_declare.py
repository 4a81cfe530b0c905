"""declare_attributes: a frame built elsewhere becomes a panel the verbs serve (as
peacesciencer's declare_attributes), with the needed key columns checked."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel import (add_democracy, create_dispute_dyad_years, declare_attributes,
                         whittle_conflicts_onsets)


def test_declare_state_years_and_disputes(env_mirror):
    mine = pd.DataFrame({"gwcode": [2, 2], "year": [2000, 2001], "x": [1, 2]})
    p = declare_attributes(mine, "state_year", "gw")
    assert p.attrs["amity"]["kind"] == "state_year" and p.attrs["amity"]["system"] == "gw"
    out = add_democracy(p)
    assert out.polity2.tolist() == [10, 10] and list(mine.columns) == ["gwcode", "year", "x"]
    d = create_dispute_dyad_years("cow")
    plain = pd.DataFrame(d.to_dict("list"))            # attrs lost
    w = whittle_conflicts_onsets(declare_attributes(plain, conflict="cow"))
    assert len(w) == len(whittle_conflicts_onsets(d))
    dy = declare_attributes(pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2],
                                          "year": [2000, 2000]}), "dyad_year", "cow")
    assert dy.attrs["amity"]["directed"] is True


def test_refusals():
    with pytest.raises(InputError):
        declare_attributes(pd.DataFrame({"a": [1]}), "dyad_year", "cow")
    with pytest.raises(InputError):
        declare_attributes(pd.DataFrame({"ccode": [1], "year": [1]}), "country_year")
    with pytest.raises(InputError):
        declare_attributes(pd.DataFrame({"ccode": [1], "year": [1]}), "state_year", "iso")


def test_reference_page_usa_years(env_mirror):
    # site/docs/reference/declare_attributes.html: data.frame(ccode = 2, year = 1816:1830)
    # %>% declare_attributes(data_type = 'state_year', system = 'cow') prints the same 15
    # rows and two columns; the verbs then serve it (the US is no major power before 1898)
    from amity.panel import add_cow_majors

    usa = pd.DataFrame({"ccode": 2, "year": range(1816, 1831)})
    p = declare_attributes(usa, "state_year", "cow")
    assert list(p.columns) == ["ccode", "year"] and p.year.tolist() == list(range(1816, 1831))
    assert p.attrs["amity"]["kind"] == "state_year" and p.attrs["amity"]["system"] == "cow"
    m = add_cow_majors(p)
    assert len(m) == 15 and (m.cowmaj == 0).all()
