"""Scenario dynamic: the --set parser, a hand-computed first step, determinism, balance."""
from __future__ import annotations

import numpy as np
import pytest

from amity.errors import InputError
from amity.measures.scenario import balance_energy, parse_set, run_scenario


def test_parse_set():
    assert parse_set("USA-RUS=0.5") == {("USA", "RUS"): 0.5}
    assert parse_set("usa-rus = -1, CHN-USA=.25") == {("USA", "RUS"): -1.0, ("CHN", "USA"): 0.25}
    assert parse_set(["USA-RUS=0.5", "CHN-RUS=1"]) == {("USA", "RUS"): 0.5, ("CHN", "RUS"): 1.0}
    # hyphenated ids are split where two known actors result
    got = parse_set("CHN-QING-RUS-EMPIRE=0.3", labels=["CHN-QING", "RUS-EMPIRE", "GBR"])
    assert got == {("CHN-QING", "RUS-EMPIRE"): 0.3}


@pytest.mark.parametrize("expr, needle", [
    ("USA-RUS", "A-B=VALUE"),
    ("USA-RUS=high", "not a number"),
    ("USA-RUS=1.5", "outside [-1, 1]"),
    ("USARUS=0.5", "A-B"),
    ("USA-USA=0.5", "itself"),
    ("USA-RUS=0.5,RUS-USA=0.1", "twice"),
    ("", "empty"),
    ("A-B-C=0.5", "A-B"),
])
def test_parse_set_errors(expr, needle):
    with pytest.raises(InputError) as e:
        parse_set(expr)
    assert needle in str(e.value) and "--set" in str(e.value)


def test_parse_set_unknown_actor_with_labels():
    with pytest.raises(InputError, match="not two known actors"):
        parse_set("USA-XXX=0.5", labels=["USA", "RUS", "CHN"])


def test_first_step_by_hand():
    lab = ["A", "B", "C"]
    X = np.array([[0, 0.1, 0.8], [0.1, 0, -0.8], [0.8, -0.8, 0]])
    r = run_scenario(X, lab, {("A", "B"): 0.5}, focus=lab, steps=1, rate=0.5, anchor=0.5)
    # n = 3 -> scale 1; gradient on B-C = x_BA x_AC = 0.5*0.8 = 0.4, on A-C = 0.5*(-0.8)
    assert r["path"][0]["legs"] == {"A-B": 0.5, "A-C": 0.8, "B-C": -0.8}
    assert r["path"][1]["legs"] == {"A-B": 0.5, "A-C": pytest.approx(0.6),
                                    "B-C": pytest.approx(-0.6)}
    assert r["set"] == [{"pair": "A-B", "before": 0.1, "after": 0.5}]
    press = {p["pair"]: p for p in r["pressure"]}
    assert press["B-C"]["push"] == pytest.approx(0.4) and press["B-C"]["against_sign"]
    assert press["A-C"]["direction"] == "cooler" and press["A-C"]["against_sign"]
    # energy = -x_AB x_BC x_CA = -(0.5)(-0.8)(0.8)
    assert r["path"][0]["energy"] == pytest.approx(0.32)
    assert balance_energy(X) == pytest.approx(-(0.1 * -0.8 * 0.8))


def test_dynamic_reaches_balance_without_anchor_and_is_deterministic():
    rng = np.random.default_rng(2)
    C = rng.uniform(-1, 1, (10, 10))
    C = np.triu(C, 1)
    C = C + C.T
    lab = [f"S{i}" for i in range(10)]
    r1 = run_scenario(C, lab, "S0-S1=1", anchor=0.0, steps=2000)
    r2 = run_scenario(C, lab, "S0-S1=1", anchor=0.0, steps=2000)
    assert r1 == r2
    assert r1["converged"]
    assert r1["after"]["triangle_index"] == 1.0 > r1["before"]["triangle_index"]
    assert all(step["legs"]["S0-S1"] == 1.0 for step in r1["path"])      # the set leg holds
    energies = [s["energy"] for s in r1["path"]]
    assert energies[-1] < energies[0]
    # the anchored run moves less
    r3 = run_scenario(C, lab, "S0-S1=1", anchor=2.0, steps=2000)
    assert max(abs(m["change"]) for m in r3["moved"]) < max(abs(m["change"]) for m in r1["moved"])
    # noise is reproducible through the seed
    assert run_scenario(C, lab, "S0-S1=1", noise=0.05, seed=4) == \
        run_scenario(C, lab, "S0-S1=1", noise=0.05, seed=4)


def test_scenario_bad_input():
    X = np.zeros((3, 3))
    lab = ["A", "B", "C"]
    with pytest.raises(InputError):
        run_scenario(X, lab, {("A", "Z"): 0.5})
    with pytest.raises(InputError):
        run_scenario(X, lab, {})
    with pytest.raises(InputError):
        run_scenario(X, lab, {("A", "B"): 0.5}, focus=["A", "A"])
    with pytest.raises(InputError):
        run_scenario(X, lab, {("A", "B"): 0.5}, focus=["A", "Q"])
    with pytest.raises(InputError):
        run_scenario(X, ["A", "B", "A"], {("A", "B"): 0.5})
    with pytest.raises(InputError):
        run_scenario(np.zeros((2, 2)), ["A", "B"], {("A", "B"): 0.5})
