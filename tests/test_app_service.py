"""The use-case layer's own choices come from the data, not from lists in the code."""
from __future__ import annotations


def test_default_system_view_is_the_strongest_states_of_the_year(mirror):
    from amity import actors
    from amity.app.service import SYSTEM_DEFAULT_SIZE, default_states
    from amity.sources.access import dataset

    nmc = dataset("cow_nmc", mirror=mirror)
    got = default_states(2022, mirror=mirror)
    assert len(got) == SYSTEM_DEFAULT_SIZE == 20
    # the 20 largest CINC shares of the latest NMC year <= 2022 (NMC 7.0 reaches 2022)
    last = int(nmc.loc[nmc["year"] <= 2022, "year"].max())
    assert last == 2022
    top = nmc[nmc["year"] == last].nlargest(20, "cinc")["ccode"].tolist()
    assert top[:4] == [710, 2, 750, 365]
    assert got[:4] == ["CHN", "USA", "IND", "RUS"]
    assert got == [actors.from_cow(int(c), 2022).id for c in top]
    cold = default_states(1962, mirror=mirror)
    assert cold[:2] == ["USA", "SUN"] and "UKR" not in cold and "DDR" in cold


def test_similarity_and_panels_are_use_cases_the_cli_calls(mirror):
    from amity.app import datasets, similarity
    from amity.cli import data as cli_data
    from amity.cli import measures as cli_measures

    # the CLI modules hold no loader of their own: they call the use-case layer
    assert cli_measures.similarity_series is similarity.similarity_series
    assert cli_data.build_panel is datasets.build_panel
    r = similarity.similarity_series("CHN", "RUS", start=1958, end=1962, measure="kappa",
                                     mirror=mirror)
    assert r["coverage"] == [1815, 2018]                      # ATOP's Source record
    assert [s["id_b"] for s in r["series"]] == ["SUN"] * 5    # Russia's line in 1958-62
    assert [round(s["value"], 3) for s in r["series"]] == [0.253, 0.253, 0.256, 0.324, 0.627]
    assert datasets.selected_sources("atop, nmc") == ["atop", "nmc"]
