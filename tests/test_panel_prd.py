"""filter_prd: peacesciencer's reference page for add_spells (cow_ddy to 2010, MIDs,
contiguity, majors, filter_prd: 223,982 rows), the rule itself on the kept and dropped rows,
and what happens after 2016 where contiguity and majors end."""
from __future__ import annotations

import pytest

from amity.errors import InputError
from amity.panel import (add_contiguity, add_cow_majors, add_gml_mids, add_mids, add_spells,
                         create_dyad_years, create_state_years, filter_prd)


@pytest.fixture(scope="module")
def directed(env_mirror):
    return create_dyad_years(directed=True, years=(1816, 2010))


def test_reference_page(directed):
    # reference/add_spells.html: subset(cow_ddy, year <= 2010) %>% add_gml_mids() %>%
    # add_cow_mids() %>% add_contiguity() %>% add_cow_majors() %>% filter_prd() %>%
    # add_spells(): 223,982 rows, ending in prd, gmlmidspell, cowmidspell
    f = add_spells(filter_prd(add_cow_majors(add_contiguity(add_mids(add_gml_mids(directed))))))
    assert len(f) == 223_982
    assert list(f.columns[-6:]) == ["conttype", "cowmaj1", "cowmaj2", "prd", "gmlmidspell",
                                    "cowmidspell"]
    assert (f.prd == 1).all()


def test_rule_and_self_adding(directed):
    f = filter_prd(directed)                     # adds conttype and the majors itself
    assert len(f) == 223_982
    full = add_cow_majors(add_contiguity(directed))
    relevant = (full.conttype >= 1) | (full.cowmaj1 == 1) | (full.cowmaj2 == 1)
    assert int(relevant.sum()) == len(f)
    assert f.index.equals(full.index[relevant.to_numpy()])
    # US-Canada contiguous, Bolivia-Paraguay contiguous, Bolivia-Nepal neither
    keys = set(zip(f.ccode1, f.ccode2, f.year))
    assert (2, 20, 1950) in keys and (145, 150, 1950) in keys and (145, 790, 1990) not in keys
    assert (2, 790, 1990) in keys             # a major power with anyone


def test_after_2016_unknown(env_mirror):
    d = create_dyad_years(years=(2015, 2018))
    assert filter_prd(d).year.max() == 2016
    k = filter_prd(d, keep_unknown=True)
    assert k[k.year > 2016].prd.isna().all() and (k[k.year <= 2016].prd == 1).all()
    # majors carried on decide the major-power dyads after 2016
    c = filter_prd(add_cow_majors(d, carry_to=2018))
    assert c.year.max() == 2018 and (c[c.year > 2016].eval("cowmaj1 == 1 or cowmaj2 == 1")).all()


def test_refusals(env_mirror):
    with pytest.raises(InputError):
        filter_prd(create_state_years(years=(2000, 2000)))
    with pytest.raises(InputError):
        filter_prd(create_dyad_years("gw", years=(2000, 2000)))
