"""UN votes: agreement and kappa by hand, the China-seat rule, add_un_votes, real-data checks."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel.add_un_votes import add_un_votes, vote_agreement
from amity.sources.unvotes import apply_seat_rules

NaN = np.nan


def test_agreement_and_kappa_by_hand():
    # i: yes yes no no ; j: yes no no no -> P_o = 3/4; p_i = (.5, 0, .5), p_j = (.25, 0, .75)
    # P_e = .5*.25 + .5*.75 = .5 -> kappa = (.75 - .5) / (1 - .5) = .5
    r = vote_agreement([[1, 1, 3, 3], [1, 3, 3, 3]])
    assert r["n"][0, 1] == 4
    assert r["agree"][0, 1] == pytest.approx(0.75)
    assert r["kappa"][0, 1] == pytest.approx(0.5)
    assert r["kappa"][1, 0] == pytest.approx(0.5)


def test_absent_is_missing_not_disagreement():
    # k: absent on the 2nd and 4th roll calls; common votes with i are the 1st and 3rd
    P = [[1, 1, 3, 3], [1, NaN, 3, NaN], [2, 1, 2, 1]]
    r = vote_agreement(P)
    assert r["n"][0, 1] == 2
    assert r["agree"][0, 1] == pytest.approx(1.0)
    # i vs k: no identical vote on 4 common roll calls
    assert r["agree"][0, 2] == pytest.approx(0.25)  # 2nd roll call: both yes
    # by hand: i (1,1,3,3), k (2,1,2,1): P_o = 1/4; p_i = (.5,0,.5), p_k = (.5,.5,0)
    # P_e = .5*.5 = .25 -> kappa = 0
    assert r["kappa"][0, 2] == pytest.approx(0.0)


def test_kappa_undefined_when_both_constant_and_no_common_votes():
    r = vote_agreement([[1, 1, 1], [1, 1, 1], [NaN, NaN, NaN]])
    assert r["agree"][0, 1] == 1.0 and np.isnan(r["kappa"][0, 1])
    assert r["n"][0, 2] == 0 and np.isnan(r["agree"][0, 2]) and np.isnan(r["kappa"][0, 2])


def test_kappa_matches_the_scalar_similarity_function():
    from amity.measures import similarity as sim
    rng = np.random.default_rng(7)
    P = rng.choice([1.0, 2.0, 3.0, NaN], size=(6, 40))
    r = vote_agreement(P)
    for i, j in [(0, 1), (2, 5), (3, 4)]:
        assert r["kappa"][i, j] == pytest.approx(sim.cohen_kappa(P[i], P[j], metric="nominal"))
    ra = vote_agreement(P, metric="absolute")
    assert ra["kappa"][0, 1] == pytest.approx(sim.cohen_kappa(P[0], P[1], metric="absolute"))


def test_china_seat_rule():
    f = pd.DataFrame({
        "date": pd.to_datetime(["1947-10-01", "1970-11-10", "1971-10-20", "1971-11-03",
                                "1971-11-04", "1971-11-20", "1965-10-01"]),
        "ccode": [713, 713, 713, 710, 710, 710, 710],
        "vote": pd.array([1, 3, 1, 1, 1, 2, pd.NA], dtype="Int8"),
    })
    out, info = apply_seat_rules(f)
    # the two PRC votes of 3-4 Nov 1971 are dropped; the 1965 placeholder row too
    assert info["dropped_prc_gap"] == 2 and info["dropped_prc_placeholders"] == 1
    assert len(out) == 4
    r1970 = out[out["date"] == "1970-11-10"].iloc[0]
    assert r1970["ccode"] == 713 and r1970["seat"] == "CHN"        # ROC votes as China's seat
    r1947 = out[out["date"] == "1947-10-01"].iloc[0]
    assert r1947["ccode"] == 710 and r1947["ccode_orig"] == 713    # ROC on the mainland
    assert not (out["date"] == "1971-11-03").any()
    prc = out[out["date"] == "1971-11-20"].iloc[0]
    assert prc["ccode"] == 710 and prc["seat"] == "CHN"


def _votes_fixture() -> pd.DataFrame:
    rows = []
    # 1990: states 2, 20, 365 over 4 roll calls; 2000: 2 and 365 over 2 roll calls
    for rc, (a, b, c) in enumerate([(1, 1, 3), (1, 1, 1), (3, 3, 1), (3, 2, 1)], start=1):
        rows += [(rc, 1990, 2, a), (rc, 1990, 20, b), (rc, 1990, 365, c)]
    rows += [(10, 2000, 2, 1), (10, 2000, 365, 1), (11, 2000, 2, 3), (11, 2000, 365, 1)]
    return pd.DataFrame(rows, columns=["rcid", "year", "ccode", "vote"])


def _panel(rows, directed=False):
    p = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int32")
    p.attrs["amity"] = {"kind": "dyad_year", "system": "cow", "directed": directed,
                        "coverage": {}}
    return p


def test_add_un_votes_on_a_fixture():
    p = _panel([(2, 20, 1990), (2, 365, 1990), (20, 365, 1990), (2, 365, 2000),
                (2, 20, 2000), (2, 365, 1980), (2, 365, 2010)])
    out = add_un_votes(p, votes=_votes_fixture())
    assert len(out) == len(p) and list(out.columns[:3]) == ["ccode1", "ccode2", "year"]
    r = out.iloc[0]   # 2-20 in 1990: (1,1,3,3) vs (1,1,3,2): P_o = 3/4
    assert r["un_common"] == 4 and r["un_agree"] == pytest.approx(0.75)
    # p_2 = (.5, 0, .5), p_20 = (.5, .25, .25): P_e = .25 + .125 = .375
    assert r["un_kappa"] == pytest.approx((0.75 - 0.375) / (1 - 0.375))
    assert out.iloc[3]["un_common"] == 2 and out.iloc[3]["un_agree"] == pytest.approx(0.5)
    # 20 did not vote in 2000: 0 common votes, agreement missing
    assert out.iloc[4]["un_common"] == 0 and pd.isna(out.iloc[4]["un_agree"])
    # outside the fixture's years (1990-2000): all missing, never 0
    for i in (5, 6):
        assert pd.isna(out.iloc[i]["un_common"]) and pd.isna(out.iloc[i]["un_kappa"])
    assert out.attrs["amity"]["coverage"]["un_votes"] == [1990, 2000]
    assert p.columns.tolist() == ["ccode1", "ccode2", "year"]   # input untouched


def test_add_un_votes_refuses_panels_it_cannot_serve():
    gw = pd.DataFrame({"gwcode1": [2], "gwcode2": [365], "year": [1990]})
    with pytest.raises(InputError, match="COW"):
        add_un_votes(gw, votes=_votes_fixture())
    sy = pd.DataFrame({"ccode": [2], "year": [1990]})
    with pytest.raises(InputError, match="state-year"):
        add_un_votes(sy, votes=_votes_fixture())


def test_add_un_votes_triads():
    p = pd.DataFrame({"ccode1": [2], "ccode2": [20], "ccode3": [365], "year": [1990]})
    out = add_un_votes(p, votes=_votes_fixture())
    assert out["un_common_12"].iloc[0] == 4 and out["un_common_23"].iloc[0] == 4
    assert out["un_agree_13"].iloc[0] == pytest.approx(0.25)


# ----------------------------------------------------------------------------- real data

@pytest.fixture(scope="module")
def un_votes(mirror):
    from amity.sources import frame

    return frame("un_votes", mirror=mirror)


def test_real_unvotes_codes_and_seat(un_votes):
    v = un_votes
    assert len(v) == 870109 - 11                                      # the 11 gap votes
    nam = v[v["country"] == "Namibia"]
    assert (nam["iso2"] == "NA").all() and (nam["ccode"] == 565).all()
    frg = v[v["country"] == "Federal Republic of Germany"]
    assert frg["iso2"].isna().all() and (frg["ccode"] == 260).all()
    assert (v[v["country"] == "Yemen Arab Republic"]["ccode"] == 678).all()
    ussr = v[(v["iso2"] == "RU") & (v["year"] == 1960)]
    assert (ussr["ccode"] == 365).all() and (ussr["actor"] == "SUN").all()
    assert (v[(v["iso2"] == "RU") & (v["year"] == 2000)]["actor"] == "RUS").all()
    prc = v[v["ccode_orig"] == 710]
    assert prc["date"].min() >= pd.Timestamp("1971-11-15")
    roc = v[(v["ccode"] == 713) & (v["year"] == 1970)]
    assert len(roc) and (roc["seat"] == "CHN").all() and (roc["actor"] == "TWN").all()
    assert v["vote"].isin([1, 2, 3]).all()


def test_real_agreement_rus_chn_high_usa_rus_low(un_votes, mirror):
    from amity.panel import create_dyad_years

    p = create_dyad_years(years=(2010, 2019), mirror=mirror)
    p = p[((p.ccode1 == 365) & (p.ccode2 == 710)) | ((p.ccode1 == 2) & (p.ccode2 == 365))]
    out = add_un_votes(p.reset_index(drop=True), votes=un_votes)
    rc = out[(out.ccode1 == 365)]
    us = out[(out.ccode1 == 2)]
    assert len(rc) == 10 and len(us) == 10
    assert (rc["un_agree"] > 0.65).all() and (rc["un_common"] > 50).all()
    assert (us["un_agree"] < 0.4).all()
    assert rc["un_kappa"].mean() > us["un_kappa"].mean() + 0.3


@pytest.mark.slow   # reads the 1.07M-row R file (about 6 s of CPU, more on a loaded machine)
def test_real_voeten_file(mirror):
    from amity.sources import frame

    x = frame("un_votes_voeten", mirror=mirror)
    assert set(x["vote_raw"].unique()) <= {1, 2, 3, 8, 9}
    assert x.loc[x["vote_raw"].isin([8, 9]), "vote"].isna().all()
    assert x["year"].between(1946, 2015).all()
    # the ROC's votes before Dec 1949 sit on 710, with no duplicate (rcid, ccode)
    assert not x.duplicated(["rcid", "ccode"]).any()
    assert (x[(x["ccode"] == 710) & (x["year"] == 1947)]["actor"] == "CHN-ROC").all()


def test_by_seat_gives_the_roc_votes_to_china():
    votes = pd.DataFrame({"rcid": [1, 1, 2, 2], "year": [1970] * 4, "ccode": [2, 713, 2, 713],
                          "vote": [1, 1, 1, 3], "seat": [None, "CHN", None, "CHN"]})
    p = _panel([(2, 710, 1970), (2, 713, 1970)])
    by_state = add_un_votes(p, votes=votes)
    assert by_state["un_common"].tolist() == [0, 2]
    by_seat = add_un_votes(p, votes=votes, by="seat")
    assert by_seat["un_common"].tolist() == [2, 0]
    assert by_seat["un_agree"].iloc[0] == pytest.approx(0.5)
    with pytest.raises(InputError, match="by must"):
        add_un_votes(p, votes=votes, by="holder")


def test_issue_filter():
    votes = _votes_fixture()
    votes["hr"] = (votes["rcid"] <= 2).astype(int)          # roll calls 1-2 are human rights
    p = _panel([(2, 20, 1990)])
    out = add_un_votes(p, votes=votes, issue="hr")
    assert out["un_common"].iloc[0] == 2 and out["un_agree"].iloc[0] == pytest.approx(1.0)
    assert "un_votes_hr" in out.attrs["amity"]["coverage"]
    iss = pd.DataFrame({"rcid": [3, 4], "short_name": ["me", "me"]})
    from amity.panel.add_un_votes import restrict_to_issue

    assert sorted(restrict_to_issue(_votes_fixture(), "me", issues=iss)["rcid"].unique()) == [3, 4]
    with pytest.raises(InputError, match="unknown issue"):
        add_un_votes(p, votes=votes, issue="trade")
