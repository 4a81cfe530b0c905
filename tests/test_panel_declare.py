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
