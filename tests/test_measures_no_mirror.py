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
    from amity.measures.coalitions import coalition
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
    from amity.measures.coalitions import coalition

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
