"""The indicator panel of the closeness model v3 (amity.assembly.closeness_inputs), checked
against the source tables on named dyad-years."""
from __future__ import annotations

import numpy as np
import pytest

from amity.assembly.closeness_inputs import closeness_inputs, gw_to_cow


def test_gw_to_cow_codes_that_differ():
    assert gw_to_cow(260, 1985) == 260 and gw_to_cow(260, 2000) == 255
    assert gw_to_cow(678, 1995) == 679 and gw_to_cow(2, 1995) == 2


@pytest.mark.slow
def test_panel_rows_and_values(mirror):
    p = closeness_inputs(None, mirror)
    # every dyad-year of two COW members 1816-2025 (the same count as the v2 table)
    assert len(p) == 1126410
    assert not p.duplicated(["year", "ccode_a", "ccode_b"]).any()
    q = lambda a, b, y: p[(p.ccode_a == a) & (p.ccode_b == b) & (p.year == y)].iloc[0]  # noqa: E731
    # Argentina-Brazil 1960: a defense obligation from a 21-member pact (the Rio Pact), not
    # a bilateral bond
    r = q(140, 160, 1960)
    assert (r.atop_level, r.atop_bilateral, r.atop_multilateral, r.atop_pact_size) == (3, 0, 3, 21)
    # USSR-PRC 1969: the border clashes (MID hostility 4) while the 1950 treaty is in force
    r = q(365, 710, 1969)
    assert (r.mid_hostlev, r.atop_bilateral) == (4, 3)
    # France-West Germany (260) has its years 1955-1990; before the UN entry no vote data
    assert len(p[(p.ccode_a == 220) & (p.ccode_b == 260)]) == 36
    assert np.isnan(q(220, 260, 1960).un_kappa)
    # outside a source's years: missing, never 0
    y2020 = p[p.year == 2020]
    assert y2020["atop_level"].isna().all() and y2020["mid_hostlev"].isna().all()
    assert (p.loc[p.year == 2000, "atop_level"].notna()).all()
    assert p["year"].max() == 2025 and (p.year == 2025).sum() == 18915


def test_curated_treaty_events_follow_accession_dates():
    """The North Atlantic Treaty (1949) is a coded event of each pair in the year its later
    party acceded: USA-GBR 1949, USA-West Germany (260) 1955, USA-Poland 1999, Poland-Turkey
    1999; never USA-Poland in 1949 (Poland was not a party then)."""
    from amity import store
    from amity.assembly.closeness_inputs import curated_events
    from amity.knowledge import load_curated

    con = store.connect(":memory:")
    load_curated(con)
    ev = curated_events(con)
    nato = ev[ev["cameo"] == "057"]

    def years(a, b):
        x = nato[(nato["ccode_a"] == min(a, b)) & (nato["ccode_b"] == max(a, b))]
        return set(x["year"].astype(int))

    assert 1949 in years(2, 200)
    assert 1955 in years(2, 260) and 1949 not in years(2, 260)
    assert 1999 in years(2, 290) and 1949 not in years(2, 290)
    assert 1999 in years(290, 640) and 1952 not in years(290, 640)
