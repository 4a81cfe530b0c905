"""A line member whose COW code changes (West Germany 260, united Germany 255 from 1990-10-03)
contributes each year under the code it held at the end of that year (issue 13's FRA-DEU bug)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from amity.measures.closeness import actor_line, pair_years


def test_germany_splits_at_its_code_change():
    deu = [(m.cow, m.start, m.end) for m in actor_line("DEU") if m.id == "DEU"]
    # 1949-54 the FRG is not yet a COW member: the member keeps its latest code there
    assert deu == [(255, 1949, 1954), (260, 1955, 1989), (255, 1990, 9999)]


def test_pair_years_one_row_a_year_with_the_code_of_the_year():
    p = pair_years("FRA", "DEU", 1950, 1992)
    assert p["year"].tolist() == list(range(1950, 1993))
    codes = dict(zip(p["year"], p["ccode_b"]))
    assert (codes[1955], codes[1989], codes[1990]) == (260, 260, 255)


def test_line_without_a_code_change_is_one_member():
    assert [(m.id, m.cow) for m in actor_line("FRA")] == [("FRA", 220)]


@pytest.mark.slow
def test_cli_dyad_fra_deu_has_every_year(mirror, tmp_db, monkeypatch):
    from amity.cli import app

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    r = CliRunner().invoke(app, ["dyad", "FRA", "DEU", "--from", "1950", "--to", "1990", "--json"])
    assert r.exit_code == 0, r.output
    series = json.loads(r.stdout)["series"]
    years = [row["year"] for row in series]
    assert years == list(range(1950, 1991))
    scored = {row["year"] for row in series if row["closeness"] is not None}
    assert set(range(1955, 1991)) <= scored
