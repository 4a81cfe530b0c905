"""Ideal points: the reader (real file) and add_ideal_points (fixture and real data)."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel.add_ideal_points import add_ideal_points


def _ideal():
    return pd.DataFrame({"ccode": [2, 365, 710, 2, 365], "year": [2020, 2020, 2020, 2024, 2024],
                         "idealpointfp": [2.0, -0.5, -1.0, 2.2, -0.6],
                         "idealpointall": [1.9, -0.4, -0.9, None, None]})


def test_add_ideal_points_dyads():
    p = pd.DataFrame({"ccode1": [2, 2, 365, 2, 2], "ccode2": [365, 710, 710, 365, 365],
                      "year": [2020, 2020, 2020, 2024, 2025]})
    out = add_ideal_points(p, ideal_points=_ideal())
    assert len(out) == 5
    assert out["idealpoint_dist"].iloc[0] == pytest.approx(2.5)
    assert out["idealpoint_dist"].iloc[1] == pytest.approx(3.0)
    assert out["idealpoint_dist"].iloc[2] == pytest.approx(0.5)
    assert out["idealpoint1"].iloc[3] == pytest.approx(2.2)
    assert pd.isna(out["idealpoint_dist"].iloc[4])          # 2025: outside 1946-2024
    # "all" ends in 2023: 2024 is missing, not 0
    out2 = add_ideal_points(p, estimate="all", ideal_points=_ideal())
    assert out2["idealpoint_dist"].iloc[0] == pytest.approx(2.3)
    assert pd.isna(out2["idealpoint_dist"].iloc[3])


def test_add_ideal_points_state_years_and_triads():
    sy = pd.DataFrame({"ccode": [2, 710, 20], "year": [2020, 2020, 2020]})
    out = add_ideal_points(sy, ideal_points=_ideal())
    assert out["idealpoint"].iloc[1] == pytest.approx(-1.0) and pd.isna(out["idealpoint"].iloc[2])
    tr = pd.DataFrame({"ccode1": [2], "ccode2": [365], "ccode3": [710], "year": [2020]})
    out = add_ideal_points(tr, ideal_points=_ideal())
    assert out["idealpoint_dist_13"].iloc[0] == pytest.approx(3.0)
    assert out["idealpoint_dist_23"].iloc[0] == pytest.approx(0.5)


def test_add_ideal_points_bad_input():
    p = pd.DataFrame({"ccode1": [2], "ccode2": [365], "year": [2020]})
    with pytest.raises(InputError, match="estimate"):
        add_ideal_points(p, estimate="median", ideal_points=_ideal())
    with pytest.raises(InputError, match="COW"):
        add_ideal_points(pd.DataFrame({"gwcode1": [2], "gwcode2": [365], "year": [2020]}),
                         ideal_points=_ideal())


@pytest.fixture(scope="module")
def ideal(mirror):
    from amity.sources.idealpoints import read_ideal_points

    return read_ideal_points(mirror / "unga-idealpoints/orig/IdealpointsJuly2025.dta")


def test_real_ideal_points_2024(ideal):
    y = ideal[ideal["year"] == 2024].set_index("actor")["idealpointfp"]
    assert y["USA"] == pytest.approx(2.21, abs=0.005)
    assert y["UKR"] == pytest.approx(1.28, abs=0.005)
    assert y["RUS"] == pytest.approx(-0.60, abs=0.005)
    assert y["PRK"] == pytest.approx(-0.79, abs=0.005)
    assert y["CHN"] == pytest.approx(-0.85, abs=0.005)
    assert ideal.loc[ideal["year"] == 2024, "idealpointall"].isna().all()
    assert ideal["year"].dtype.kind == "i" and ideal["year"].between(1946, 2024).all()
    assert not ideal.duplicated(["ccode", "year"]).any()


def test_real_china_seat_in_ideal_points(ideal):
    roc47 = ideal[(ideal["ccode_orig"] == 713) & (ideal["year"] == 1947)].iloc[0]
    assert roc47["ccode"] == 710 and roc47["actor"] == "CHN-ROC"
    assert ideal[(ideal["ccode"] == 713) & (ideal["year"] == 1960)]["actor"].iloc[0] == "TWN"
    assert (ideal[ideal["ccode"] == 365]["year"].min()) == 1946
    assert ideal[(ideal["ccode"] == 365) & (ideal["year"] == 1980)]["actor"].iloc[0] == "SUN"


def test_real_add_ideal_points(ideal, mirror):
    from amity.panel import create_dyad_years

    p = create_dyad_years(years=(2023, 2025), mirror=mirror)
    out = add_ideal_points(p, ideal_points=ideal)
    assert len(out) == len(p)
    r = out[(out.ccode1 == 2) & (out.ccode2 == 710) & (out.year == 2024)].iloc[0]
    assert r["idealpoint_dist"] == pytest.approx(2.21 + 0.85, abs=0.01)
    assert out.loc[out.year == 2025, "idealpoint_dist"].isna().all()


def test_reader_rejects_a_non_whole_year(tmp_path):
    from amity.sources.idealpoints import read_ideal_points

    f = tmp_path / "ip.dta"
    pd.DataFrame({"ccode": [2, 20], "year": [2000.0, 2000.5],
                  "idealpointfp": [1.0, 0.5]}).to_stata(f, write_index=False)
    with pytest.raises(InputError) as e:
        read_ideal_points(f)
    assert e.value.line == 2 and e.value.field == "year"


def test_reader_skip_bad_rows(tmp_path):
    from amity.sources.idealpoints import read_ideal_points

    f = tmp_path / "ip.dta"
    pd.DataFrame({"ccode": [2, 20, 2], "year": [2000.0, 2000.5, 2000.0],
                  "idealpointfp": [1.0, 0.5, 1.1]}).to_stata(f, write_index=False)
    rejects: list = []
    out = read_ideal_points(f, rejects)
    assert out["ccode"].tolist() == [2] and out["idealpointfp"].tolist() == [1.0]
    assert [(r["line"], r["field"]) for r in rejects] == [(2, "year"), (3, "ccode")]
