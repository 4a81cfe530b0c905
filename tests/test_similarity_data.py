"""Similarity on the real mirror data: ATOP coding facts, the panel verb, the CLI."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from amity.measures.similarity import alliance_values, s_score, similarity_by_year

pytestmark = pytest.mark.mirror


@pytest.fixture(scope="module")
def atop(mirror):
    return pd.read_parquet(mirror / "peacesciencer" / "parquet" / "atop_alliance.parquet")


def test_atop_coding_matches_manifest_facts(atop):
    v = alliance_values(atop)
    rc = v[(v.a == 365) & (v.b == 710)].set_index("year")["value"]
    assert rc.loc[1970] == 3                 # defense pledge 1942-1980
    assert 1985 not in rc.index              # nothing between 1981 and 1991
    assert rc.loc[1995] == 1                 # non-aggression only from 1992
    assert rc.loc[2010] == 2                 # consultation from 2001
    rk = v[(v.a == 365) & (v.b == 731)].set_index("year")["value"]
    assert rk.loc[1970] == 3 and rk.loc[2005] == 2


def test_all_pairs_equal_loop_on_a_real_year(atop, mirror):
    from amity.panel.add_similarity import members_by_year

    members = members_by_year([1965], mirror=mirror)
    df = similarity_by_year("alliances", atop, members, [1965], ("s_abs",))
    from amity.measures.similarity import alliance_portfolios

    P = alliance_portfolios(atop, 1965, members[1965])
    codes = list(P.index)
    rng = np.random.default_rng(0)
    for _ in range(25):
        i, j = sorted(rng.choice(len(codes), 2, replace=False))
        want = s_score(P.iloc[i], P.iloc[j], 3)
        got = df[(df.ccode1 == codes[i]) & (df.ccode2 == codes[j])]["s_abs"].iloc[0]
        assert got == pytest.approx(want, abs=1e-12)
    # the pair's own identical self-ties: USA with itself is not a dyad
    assert not ((df.ccode1 == df.ccode2).any())


def test_add_similarity_panel_verb(mirror):
    from amity.panel import create_dyad_years
    from amity.panel.add_similarity import add_similarity

    p = create_dyad_years(years=(2017, 2019), states=[2, 200, 365, 710], mirror=mirror)
    q = add_similarity(p, "alliances", ("s_abs", "kappa"), mirror=mirror)
    assert len(q) == len(p)
    assert str(q["ally_s_abs"].dtype) == "Float64"
    # ATOP ends 2018: 2019 is missing, never 0
    assert q.loc[q.year == 2019, "ally_s_abs"].isna().all()
    assert q.loc[q.year <= 2018, "ally_s_abs"].notna().all()
    def at(a, b, col):
        return q[(q.ccode1 == a) & (q.ccode2 == b) & (q.year == 2018)][col].iloc[0]

    # Häge's point, on real data: S ignores chance, so two states with few allies (Russia,
    # China) look closer than the US and the UK, whose large portfolios overlap a lot; the
    # chance-corrected kappa puts the NATO pair first.
    assert at(365, 710, "ally_s_abs") > at(2, 200, "ally_s_abs")
    assert at(2, 200, "ally_kappa") > at(365, 710, "ally_kappa")
    assert "similarity_alliances" in q.attrs["amity"]["coverage"]


def test_cli_similarity(mirror, monkeypatch):
    from amity.cli import app

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    r = CliRunner().invoke(app, ["similarity", "China", "Russia", "--measure", "s",
                                 "--from", "1975", "--to", "1976", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["pair"] == ["CHN", "RUS"]
    assert [s["id_b"] for s in out["series"]] == ["SUN", "SUN"]      # lineage: the USSR
    assert all(s["ccode_b"] == 365 and s["value"] is not None for s in out["series"])


@pytest.mark.parametrize("args, needle", [
    (["CHN", "Chinaa"], "unknown actor"),
    (["CHN", "RUS", "--from", "2030"], "after the last year"),
    (["CHN", "RUS", "--measure", "cosine"], "unknown measure"),
    (["CHN", "RUS", "--from", "2000", "--to", "1990"], "reversed"),
    (["CHN", "CHN"], "same actor"),
    (["CHN", "RUS", "--on", "trade"], "--on"),
])
def test_cli_similarity_bad_input(args, needle, mirror, monkeypatch, capsys):
    from amity.cli import main

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    with pytest.raises(SystemExit) as e:
        main(["similarity", *args])
    assert e.value.code != 0
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_votes_on_real_data(mirror):
    from amity.measures.similarity import pair_similarity, vote_portfolios
    from amity.panel import create_dyad_years
    from amity.panel.add_similarity import add_similarity

    # Voeten's file read directly (8 absent / 9 non-member are missing); the importer's
    # tidy table has the same columns and is what load_votes() returns
    votes = pd.read_parquet(mirror / "unvotes" / "UNVotesPublished.parquet",
                            columns=["rcid", "ccode", "vote", "year"])
    v05 = votes[votes["year"] == 2005]
    P = vote_portfolios(v05)
    x, y = P.loc[2].to_numpy(), P.loc[710].to_numpy()
    both = ~np.isnan(x) & ~np.isnan(y)
    # S over the common votes, by hand: 1 - 2 * mean|x - y| / 2
    want = 1 - np.abs(x[both] - y[both]).mean()
    got = pair_similarity("votes", votes, [(2005, 2, 710)], "s_abs")
    assert got.value.iloc[0] == pytest.approx(want)
    assert got.n_items.iloc[0] == both.sum()
    assert want < 0                             # the US and China mostly vote apart
    p = create_dyad_years(years=(2005, 2005), states=[2, 200, 710], mirror=mirror)
    q = add_similarity(p, "votes", ("s_abs", "kappa"), data=votes)
    assert q[(q.ccode1 == 2) & (q.ccode2 == 710)]["vote_s_abs"].iloc[0] == pytest.approx(want)
    from amity.errors import InputError

    with pytest.raises(InputError):
        add_similarity(p, "votes", ("s_abs",), weighted=True, data=votes)


def test_weighted_alliance_similarity(mirror, atop):
    from amity.panel.add_similarity import cinc_by_year, members_by_year

    members = members_by_year([2000], mirror=mirror)
    w = cinc_by_year(mirror=mirror)
    df = similarity_by_year("alliances", atop, members, [2000], ("s_abs",), {2000: w[2000]})
    from amity.measures.similarity import alliance_portfolios

    P = alliance_portfolios(atop, 2000, members[2000])
    wv = w[2000].reindex(P.columns).fillna(0.0).to_numpy()
    want = s_score(P.loc[2], P.loc[200], 3, weights=wv)
    got = df[(df.ccode1 == 2) & (df.ccode2 == 200)]["s_abs"].iloc[0]
    assert got == pytest.approx(want)
    assert got != pytest.approx(s_score(P.loc[2], P.loc[200], 3))
