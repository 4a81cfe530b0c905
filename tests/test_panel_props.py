"""Property tests: every add_* on every panel kind it serves keeps the rows and unique keys."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amity.errors import InputError
from amity.panel import (
    add_atop,
    add_gml_mids,
    add_mids,
    add_nmc,
    add_wars,
    create_dyad_years,
    create_state_years,
    create_triad_years,
)
from amity.panel._common import key_columns

VERBS = {"atop": add_atop, "mids": add_mids, "gmlmids": add_gml_mids, "wars": add_wars,
         "nmc": add_nmc}
MAJORS = [2, 200, 220, 255, 365, 710, 740, 300, 325]


@pytest.fixture(scope="module", autouse=True)
def _mirror_env(mirror):
    old = os.environ.get("AMITY_MIRROR")
    os.environ["AMITY_MIRROR"] = str(mirror)
    yield
    if old is None:
        os.environ.pop("AMITY_MIRROR", None)
    else:
        os.environ["AMITY_MIRROR"] = old


def _build(kind: str, first: int, span: int, directed: bool, states):
    years = (first, min(first + span, 2030))
    if kind == "state_year":
        return create_state_years(years=years, states=states)
    if kind == "dyad_year":
        return create_dyad_years(years=years, directed=directed, states=states)
    return create_triad_years(years=years, states=states)


@settings(max_examples=int(os.environ.get("AMITY_PROP_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(["state_year", "dyad_year", "triad_year"]),
       first=st.integers(1810, 2026), span=st.integers(0, 12), directed=st.booleans(),
       states=st.one_of(st.none(), st.lists(st.sampled_from(MAJORS), min_size=1, max_size=6,
                                            unique=True)),
       verbs=st.lists(st.sampled_from(sorted(VERBS)), min_size=1, max_size=5, unique=True))
def test_rows_and_keys_survive_every_verb(kind, first, span, directed, states, verbs):
    if kind == "triad_year" and states is None:
        states = MAJORS          # keep the frames small; the full triad panel is tested apart
    panel = _build(kind, first, span, directed, states)
    keys = key_columns(kind, "cow")
    before = panel[keys].to_numpy().copy()
    out = panel
    for name in verbs:
        if kind == "state_year" and name != "nmc":
            with pytest.raises(InputError, match="cannot serve"):
                VERBS[name](out)
            continue
        out = VERBS[name](out)
        assert len(out) == len(panel)
        assert (out[keys].to_numpy() == before).all()
        assert not out.duplicated(keys).any()
    # missing, never 0, outside coverage
    cov = out.attrs["amity"]["coverage"]
    for src, (a, b) in cov.items():
        outside = (out["year"] < a) | (out["year"] > b)
        added = [c for c in out.columns if c not in keys]
        cols = [c for c in added if _belongs(c, src)]
        for c in cols:
            assert out.loc[outside, c].isna().all(), (src, c)


def _belongs(col: str, src: str) -> bool:
    prefix = {"atop": "atop_", "cow_mid": "cowmid", "gml_mid": "gmlmid", "cow_war": "cowinter",
              "nmc": "cinc"}
    return col.startswith(prefix[src])
