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
