"""The measures on a store loaded from the mirror answer the same once the mirror is gone (no
AMITY_MIRROR, no sibling shared/data, no download): they read through the store's
``datasets`` records (:func:`amity.sources.access.dataset`)."""
from __future__ import annotations

import sys

import pytest

import amity
from amity import config

SOURCES = ["cow_states", "atop", "nmc", "gsdb", "unvotes", "idealpoints"]


@pytest.fixture(scope="module")
def answers(tmp_path_factory, mirror):
    """Each measure's answer with the mirror, on a store loaded from it."""
    from amity.app.similarity import similarity_series
    from amity.app.coalition import coalition
    from amity.sources import load
    from amity.store import connect

    con = connect(tmp_path_factory.mktemp("nomirror") / "s.duckdb")
    load(con, SOURCES, mirror=mirror)
    amity.clear_caches()
    with_mirror = {
        "coalition": coalition("RUS", 1980, mirror=mirror, k=2),
        "similarity": similarity_series("CHN", "RUS", start=1958, end=1962, measure="kappa",
                                        mirror=mirror),
        "votes": similarity_series("USA", "RUS", on="votes", start=2000, end=2003,
                                   mirror=mirror),
    }
    yield con, with_mirror
    con.close()


@pytest.fixture
def no_mirror(monkeypatch):
    monkeypatch.delenv("AMITY_MIRROR", raising=False)
    monkeypatch.setattr(config, "_default_mirror_candidates", lambda: [])

    def _no_fetch(*a, **k):
        raise AssertionError("read the mirror although the store has the dataset")

    monkeypatch.setattr(sys.modules["amity.sources.load"], "fetch", _no_fetch)
    amity.clear_caches()
    assert config.mirror_dir() is None
    yield
    amity.clear_caches()


def test_coalition_from_the_store_alone(answers, no_mirror):
    from amity.app.coalition import coalition

    con, want = answers
    got = coalition("RUS", 1980, con=con, k=2)
    # the mirror-only answer notes that it had no store (no curated facts); all else is equal
    assert want["coalition"].pop("notes") == ["no store given: curated sanction facts not "
                                              "consulted"]
    assert got.pop("notes") == [] and got == want["coalition"]
    # the answer used the datasets: GSDB evidence, vote blocs, ATOP blocs
    assert got["target"]["id"] == "SUN" and any(e.startswith("gsdb:") for s in got["senders"]
                                                for e in s["evidence"])
    assert "vote agreement" in got["un_blocs"]["method"] and got["alliance_blocs"]["blocs"]


def test_similarity_from_the_store_alone(answers, no_mirror):
    from amity.app.similarity import similarity_series

    con, want = answers
    got = similarity_series("CHN", "RUS", start=1958, end=1962, measure="kappa", con=con)
    assert got == want["similarity"] and len(got["series"]) == 5
    votes = similarity_series("USA", "RUS", on="votes", start=2000, end=2003, con=con)
    assert votes == want["votes"] and all(s["n_items"] > 0 for s in votes["series"])


#: every dataset closeness v2 reads (amity.sources.closeness_data.TABLES)
V2_SOURCES = ["cow_states", "atop", "cow_mid", "cow_war", "idealpoints", "unvotes_voeten", "gsdb"]


@pytest.fixture(scope="module")
def v2_store(tmp_path_factory, mirror):
    """A store holding every closeness v2 dataset and the curated layer, and the dyad answers
    given with the mirror beside it."""
    from amity.app.service import compare_view, dyad_view, triangle_view
    from amity.knowledge import load_curated
    from amity.sources import load
    from amity.store import connect

    con = connect(tmp_path_factory.mktemp("v2nomirror") / "s.duckdb")
    load(con, V2_SOURCES, mirror=mirror)
    load_curated(con)
    amity.clear_caches()
    want = {p: dyad_view(*p, 1985, 1995, con=con, mirror=mirror, method="v2")
            for p in (("USA", "RUS"), ("USA", "GBR"))}
    want["triangle"] = triangle_view("USA", "RUS", "CHN", 1985, 1995, con=con, mirror=mirror,
                                     method="v2")
    want["compare"] = compare_view(["USA-RUS", "USA-GBR"], 1985, 1995, con=con, mirror=mirror,
                                   method="v2")
    yield con, want
    con.close()


def test_dyad_from_the_store_alone_keeps_every_component(v2_store, no_mirror):
    """With the mirror gone, `amity dyad` answers from the store's dataset records exactly as
    with it: system membership (cow_states) is read from the store too, so the alliance, MID
    and UN components do not drop out (they did: USA-RUS 1990 lost its alliance component)."""
    from amity.app.service import dyad_view

    con, want = v2_store
    for pair, rep in ((k, v) for k, v in want.items() if isinstance(k, tuple)):
        got = dyad_view(*pair, 1985, 1995, con=con, method="v2")
        assert got["series"] == rep["series"], pair
        assert got["notes"] == [] and got["phases"] == rep["phases"]
    s = {r["year"]: r["components"] for r in got["series"]}                  # USA-GBR
    assert all(s[y]["alliance"] == 1.0 for y in range(1985, 1996))          # NATO: ATOP defense
    ru = {r["year"]: r for r in dyad_view("USA", "RUS", 1985, 1995, con=con,
                                           method="v2")["series"]}
    assert {"alliance", "votes", "ideal"} <= set(ru[1990]["components"])
    assert ru[1990]["ids"] == ["USA", "SUN"] and ru[1992]["ids"] == ["USA", "RUS"]


def test_closeness_data_reads_the_recorded_table_not_a_lookalike(v2_store, no_mirror):
    """cow_states and cow_majors share the columns ccode/styear/endyear: the membership spans
    come from the table the cow_states record names (the old reader took the first store table
    with the columns, ds_cow_majors)."""
    from amity.sources.access import dataset
    from amity.sources.closeness_data import ClosenessData

    con, _ = v2_store
    da = ClosenessData(con)
    states = dataset("cow_states", con=con)
    assert len(da.membership()) == states["ccode"].nunique() > 200
    assert da.missing() == []
    assert ClosenessData(None).missing() == ["atop", "mids", "wars", "ideal", "votes", "gsdb"]


def test_triangle_and_compare_from_the_store_alone(v2_store, no_mirror):
    """The triangle and the steadiness ranking, through amity.app, answer from the store's
    dataset records exactly as with the mirror beside it."""
    from amity.app.service import compare_view, triangle_view

    con, want = v2_store
    tri = triangle_view("USA", "RUS", "CHN", 1985, 1995, con=con, method="v2")
    assert tri["notes"] == [] and tri["years"] == want["triangle"]["years"]
    assert tri["periods"] == want["triangle"]["periods"] and len(tri["years"]) == 11
    legs = tri["years"][5]["legs"]                                      # 1990
    assert len(legs) == 3 and all(v is not None for v in legs.values())
    cmp = compare_view(["USA-RUS", "USA-GBR"], 1985, 1995, con=con, method="v2")
    assert cmp["notes"] == [] and cmp["ranking"] == want["compare"]["ranking"]
    assert [r["pair"] for r in cmp["ranking"]] and cmp["span"] == want["compare"]["span"]
