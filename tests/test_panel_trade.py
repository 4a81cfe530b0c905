"""add_cow_trade: reference/add_cow_trade.html (create_stateyears() %>% add_cow_trade():
17,511 rows, the US 1816-1825 NA), the source's values, the dyadic file registered with its
URL, size and sha256 and skipped with a clear warning where it is absent, and the dyadic
join's orientation on a small hand-made table in the file's layout."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from amity.panel import add_cow_trade, create_dyad_years, create_state_years, create_triad_years
from amity.sources import get
from amity.sources.cow_trade import read_dyadic


def test_reference_page_state_years(env_mirror):
    s = add_cow_trade(create_state_years(years=(1816, 2024)))
    assert len(s) == 17_511 and list(s.columns) == ["ccode", "year", "imports", "exports"]
    us = s[s.ccode == 2].set_index("year")
    assert us.loc[1816:1825, ["imports", "exports"]].isna().all().all()
    assert us.loc[1870, "imports"] == 450.0 and us.loc[1870, "exports"] == 418.0
    assert s[(s.year < 1870) | (s.year > 2014)][["imports", "exports"]].isna().all().all()
    from amity.sources.access import dataset

    src = dataset("cow_trade_sy").dropna().sample(50, random_state=3)
    g = s.set_index(["ccode", "year"])
    hits = [r for r in src.itertuples() if (r.ccode, r.year) in g.index]
    assert len(hits) >= 40
    for r in hits:
        assert g.loc[(r.ccode, r.year), "imports"] == r.imports


def test_dyadic_registered_and_skipped_when_absent(env_mirror):
    src = get("cow_trade_dyadic")
    f = src.files[0]
    assert f.sha256 == "6254b538d36bbabb93ab2c13e061a9fb4129e45aa5491b108aa98ac7425aa616"
    assert f.url.startswith("https://") and f.mirror_path.endswith("Dyadic_COW_4.0.csv")
    assert f.size == 81_656_373 and src.to_dict()["files"][0]["size"] == 81_656_373
    assert "barbieri" in src.bibtex.lower()
    p = create_dyad_years(years=(2000, 2000), states=["USA", "CAN"])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = add_cow_trade(p)
    assert out.equals(p)
    assert any("Dyadic_COW_4.0.csv" in str(x.message) and "amity data fetch" in str(x.message)
               for x in w)
    # per side instead, on request
    m = add_cow_trade(p, dyadic=False)
    assert {"imports1", "imports2", "exports1", "exports2"} <= set(m.columns)
    t = add_cow_trade(create_triad_years(years=(2000, 2000), states=["USA", "CAN", "MEX"]))
    assert {"imports1", "imports3"} <= set(t.columns)


def test_dyadic_orientation_on_a_small_file(tmp_path, env_mirror):
    # the file's layout: non-directed rows, flow1 = imports of ccode1 from ccode2; -9 missing
    csv = tmp_path / "Dyadic_COW_4.0.csv"
    pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 70], "year": [2000, 2000],
                  "importer1": ["USA", "USA"], "importer2": ["CAN", "MEX"],
                  "flow1": [230.8, -9], "flow2": [178.9, 111.7],
                  "smoothflow1": [230.0, 135.0], "smoothflow2": [179.0, 111.0]}).to_csv(csv, index=False)
    trade = read_dyadic({"dyadic": csv})["cow_trade_dyadic"]
    assert np.isnan(trade.flow1.iloc[1])
    d = add_cow_trade(create_dyad_years(directed=True, years=(1999, 2000),
                                        states=["USA", "CAN", "MEX"]), trade=trade)
    g = d.set_index(["ccode1", "ccode2", "year"])
    assert g.loc[(2, 20, 2000), "flow1"] == 230.8 and g.loc[(2, 20, 2000), "flow2"] == 178.9
    assert g.loc[(20, 2, 2000), "flow1"] == 178.9 and g.loc[(20, 2, 2000), "flow2"] == 230.8
    assert pd.isna(g.loc[(2, 70, 2000), "flow1"]) and pd.isna(g.loc[(70, 2, 2000), "flow2"])
    assert g.loc[(70, 2, 2000), "flow1"] == 111.7
    assert pd.isna(g.loc[(20, 70, 2000), "flow1"])        # not listed: missing, not 0
    assert d[d.year == 1999][["flow1", "flow2"]].isna().all().all()


def test_optional_source_not_in_all(env_mirror):
    from amity.app.datasets import selected_sources as _selected
    from amity.sources.load import _names

    assert "cow_trade_dyadic" not in _selected("all")
    assert "cow_trade_dyadic" not in [s.name for s in _names("all")]
    assert _selected("cow_trade_dyadic") == ["cow_trade_dyadic"]


def test_a_dyadic_file_of_the_wrong_size_is_refused(tmp_path):
    from amity.errors import DataUnavailableError
    from amity.sources.fetch import fetch_file

    src = get("cow_trade_dyadic")
    bad = tmp_path / src.files[0].mirror_path
    bad.parent.mkdir(parents=True)
    bad.write_text("ccode1,ccode2,year,flow1,flow2,smoothflow1,smoothflow2\n2,20,2000,1,1,1,1\n")
    with pytest.raises(DataUnavailableError, match="81,656,373"):
        fetch_file(src, src.files[0], mirror=tmp_path)
