"""`amity validate closeness` pieces on a hand-made half: the AUCs, the calibration, the goals
and the text of the parameter table (regime rows and factor rows)."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.app.validate import SCORES, goals, half_metrics, parameter_line


def _half() -> pd.DataFrame:
    # four dyads over 1990-1992; dyad (2, 20) is a rival at war in 1991
    rows = []
    for (a, b), clo in {(2, 20): [-0.2, -0.9, -0.5], (2, 40): [0.1, 0.2, 0.0],
                        (20, 40): [0.3, 0.4, 0.5], (30, 40): [0.6, 0.7, 0.8]}.items():
        for k, y in enumerate((1990, 1991, 1992)):
            riv = (a, b) == (2, 20)
            rows.append({"year": y, "ccode_a": a, "ccode_b": b, "riv": riv, "prd": True,
                         "mid_onset": float(riv and y == 1991), "war": float(riv and y == 1991),
                         "mid_hostlev": 5.0 if (riv and y == 1991) else 0.0,
                         "atop_level": 3 if (a, b) == (30, 40) else 0,
                         "closeness": clo[k], "closeness_filtered": clo[k]})
    d = pd.DataFrame(rows)
    for col, _ in SCORES:
        if col not in d:
            d[col] = -d["closeness"] if col in ("mid_stock", "ideal_distance") else d["closeness"]
    return d


def test_half_metrics_by_hand():
    m = half_metrics(_half())
    # rival years (-0.2, -0.9, -0.5) are below every other year of the same states: AUC 1
    assert m["closeness"]["auc_rivalry_same_states"] == pytest.approx(1.0)
    cal = m["calibration"]
    assert cal["war"] == pytest.approx(-0.9)
    assert cal["rivalry_without_war"] == pytest.approx(-0.35)
    assert cal["defense_pact"] == pytest.approx(0.7)
    assert cal["other"] == pytest.approx((0.1 + 0.2 + 0.0 + 0.3 + 0.4 + 0.5) / 6)
    assert cal["below_median_war_without_force"] == 0


def test_goals_name_each_bar():
    m = half_metrics(_half())
    g = {x["goal"]: x["holds"] for x in goals(m, 1.0)}
    assert g["war < rivalry w/o war < other < defense pact"] is True
    assert g["war dyad-years average <= -0.7"] is True
    assert g["every dyad-year scored"] is True
    assert goals(m, 0.99)[-1]["holds"] is False


def test_parameter_lines():
    regime = {"factor": "peace", "item": "mid_hostlev", "regime": "war",
              "p_distant": "0.1, 0.9", "p_land_contiguous": "0.2, 0.8", "n_obs": 10}
    assert parameter_line(regime) == ("  peace     mid_hostlev          war        [0.1, 0.9]"
                                      "  land-contiguous [0.2, 0.8]  n 10")
    factor = {"factor": "alignment", "item": "un_kappa", "regime": None, "loading": 0.5,
              "thresholds": None, "noise": 0.25, "structure": None, "rho": 0.9, "n_obs": 7}
    line = parameter_line(factor)
    assert "loading +0.500" in line and "noise 0.250" in line and "rho 0.900" in line
