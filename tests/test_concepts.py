"""Each shared concept has one implementation (amity.concepts); the panel and the measures
that use it give the same answer on the same input."""
from __future__ import annotations

import _pyast  # ast.parse, immune to a CPython 3.11 threading bug

import numpy as np
import pandas as pd
import pytest

from amity import concepts
from amity.errors import InputError

# hand-made ATOP dyad-years: one row per obligation pattern, with the level METHODS.md gives
ROWS = [  # defense, offense, neutral, nonagg, consul -> level
    ((1, 0, 0, 0, 0), 3), ((0, 1, 0, 0, 0), 3), ((0, 0, 1, 0, 0), 2), ((0, 0, 0, 0, 1), 2),
    ((0, 0, 0, 1, 0), 1), ((0, 0, 0, 1, 1), 2), ((1, 0, 0, 1, 1), 3), ((0, 0, 0, 0, 0), 0),
]


def _verb_module(name: str):
    """The module ``amity.panel.<name>`` of a panel verb. Not ``importlib.import_module``:
    importing the submodule first would bind the module, not the verb, as
    ``amity.panel.<name>`` for every later ``from amity.panel import <name>``."""
    import sys

    from amity import panel

    panel.verb(name.rsplit(".", 1)[-1])
    return sys.modules[name]


def _atop_frame() -> pd.DataFrame:
    cols = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    recs = []
    for i, (flags, _) in enumerate(ROWS):
        recs.append({"ccode1": 2, "ccode2": 20 + i, "year": 2000, **dict(zip(cols, flags))})
    return pd.DataFrame(recs)


def test_atop_level_hand_values():
    f = _atop_frame()
    assert concepts.atop_level_frame(f).tolist() == [lvl for _, lvl in ROWS]
    assert concepts.OBLIGATION_LEVEL["consultation"] == concepts.ATOP_COLUMN_LEVEL["atop_consul"]


def test_panel_and_similarity_agree_on_the_atop_level():
    from amity.measures.similarity import alliance_values
    from amity.sources.atop import atop_nondirected

    f = _atop_frame()
    panel = atop_nondirected(f).set_index("ccode2")["atop_value"]
    meas = alliance_values(f).set_index("b")["value"]
    for i, (_, lvl) in enumerate(ROWS):
        assert int(panel.loc[20 + i]) == lvl
        assert int(meas.get(20 + i, 0)) == lvl      # similarity keeps only rows above 0


def test_closeness_uses_the_shared_levels():
    from amity.measures import closeness

    assert closeness.OBLIGATION_LEVEL is concepts.OBLIGATION_LEVEL


def test_one_year_check_for_cli_and_api():
    from amity.app.service import check_years
    from amity.cli._common import year_range

    assert year_range(1990, 2000) == check_years(1990, 2000) == (1990, 2000)
    with pytest.raises(InputError) as cli_err:
        year_range(2001, 2000)
    with pytest.raises(InputError) as api_err:
        check_years(2001, 2000)
    assert cli_err.value.field == "--from" and api_err.value.field == "from"
    assert "2001" in str(api_err.value) and "--" not in str(api_err.value)
    with pytest.raises(InputError, match="outside 1600..2100"):
        check_years(None, 2500)
    assert np.int8(concepts.atop_level([1], [0], [0], [0], [0])[0]) == 3


def test_balance_and_signed_share_the_neutral_band():
    from amity.measures import balance, signed

    C = np.array([[0.0, 0.05, -0.3, np.nan],
                  [0.05, 0.0, 0.1, -0.1],
                  [-0.3, 0.1, 0.0, 0.0],
                  [np.nan, -0.1, 0.0, 0.0]])
    # hand values at the 0.1 band: |x| >= 0.1 is a tie, NaN and 0 are none
    want = np.array([[0, 0, -1, 0], [0, 0, 1, -1], [-1, 1, 0, 0], [0, -1, 0, 0]], dtype=float)
    assert signed.NEUTRAL_BAND == concepts.NEUTRAL_BAND == 0.1
    np.testing.assert_array_equal(balance.signed_adjacency(np.nan_to_num(C)), want)
    np.testing.assert_array_equal(signed.signed_matrix(C, weighted=False), want)
    np.testing.assert_array_equal(balance.signed_adjacency(np.nan_to_num(C), 0.0),
                                  signed.signed_matrix(C, 0.0, weighted=False))
    np.testing.assert_allclose(balance.signed_adjacency(np.nan_to_num(C), weighted=True),
                               signed.signed_matrix(C))
    for bad in (1.0, -0.1, float("nan"), "x"):
        with pytest.raises(InputError) as a:
            balance.check_threshold(bad)
        with pytest.raises(InputError) as b:
            signed.check_threshold(bad)
        assert a.value.reason.split(",")[0] == b.value.reason.split(",")[0]


def test_coverage_years_come_from_the_source_records():
    from amity.sources import coverage, get

    add_similarity = _verb_module("amity.panel.add_similarity")
    add_un_votes = _verb_module("amity.panel.add_un_votes")

    assert coverage("unvotes") == tuple(get("unvotes").years) == (1946, 2020)
    assert coverage("unvotes_voeten") == (1946, 2015)
    # the two vote panels name the same record, so they cannot disagree on the years
    assert add_similarity.COVERAGE["votes"] == add_un_votes.SOURCES["unvotes"][1] == "unvotes"
    assert coverage(add_similarity.COVERAGE["alliances"]) == (1815, 2018)


@pytest.mark.parametrize("metric", ["nominal", "absolute", "squared"])
def test_panel_and_similarity_kappa_agree(metric):
    from amity.measures.similarity import cohen_kappa

    vote_agreement = _verb_module("amity.panel.add_un_votes").vote_agreement
    rng = np.random.default_rng(7)
    P = rng.choice([1.0, 2.0, 3.0, np.nan], size=(4, 40), p=[0.5, 0.15, 0.25, 0.1])
    r = vote_agreement(P, metric=metric)
    for i in range(4):
        for j in range(i + 1, 4):
            both = ~np.isnan(P[i]) & ~np.isnan(P[j])
            k = cohen_kappa(P[i, both], P[j, both], metric=metric, categories=[1, 2, 3])
            assert r["n"][i, j] == both.sum()
            assert r["kappa"][i, j] == pytest.approx(k, abs=1e-12)
    # hand value (module docstring): (1,1,3,3) vs (1,3,3,3) -> agreement 0.75, kappa 0.5
    hand = vote_agreement([[1, 1, 3, 3], [1, 3, 3, 3]])
    assert hand["kappa"][0, 1] == pytest.approx(0.5)
    assert cohen_kappa([1, 1, 3, 3], [1, 3, 3, 3]) == pytest.approx(0.5)


# each panel verb with its own coverage constants -> the registry source it reads
PANEL_COVERAGE = {"add_igos": "cow_igo", "add_democracy": "ccode_democracy",
                  "add_minimum_distance": "cow_mindist", "add_contiguity": "cow_contdir",
                  "add_capital_distance": "cow_capitals"}


@pytest.mark.parametrize("module,source", sorted(PANEL_COVERAGE.items()))
def test_panel_verb_coverage_is_the_source_record(module, source):
    from amity.sources import get

    mod = _verb_module(f"amity.panel.{module}")
    assert (mod.FIRST, mod.LAST) == tuple(get(source).years)


def test_rivalry_and_ideal_point_coverage_from_the_records():
    from amity.sources import get

    riv = _verb_module("amity.panel.add_strategic_rivalries")
    # the file starts in 1494; a COW panel starts with the state list (1816)
    assert get("tss_rivalries").years == (1494, 2020)
    assert (riv.FIRST, riv.LAST) == (get("cow_states").years[0], 2020) == (1816, 2020)
    ip = _verb_module("amity.panel.add_ideal_points")
    first, last = get("idealpoints").years
    assert ip.ESTIMATES["fp"][1] == (first, last) == (1946, 2024)
    assert ip.ESTIMATES["all"][1] == ip.ESTIMATES["legacy"][1] == (1946, 2023)


def test_coalition_and_panel_agree_on_coverage():
    """The coalition answer's coverage block is the Source records the panel verbs use."""
    from amity.app import coalition as coalitions
    from amity.sources import get

    add_un_votes = _verb_module("amity.panel.add_un_votes")
    assert coalitions.GSDB_YEARS == get("gsdb").years == (1949, 2022)
    want = {part: list(get(src).years) for part, src in coalitions.COVERAGE_SOURCES.items()}
    assert want == {"gsdb": [1949, 2022], "un_votes": [1946, 2020],
                    "ideal_points": [1946, 2024], "atop": [1815, 2018]}
    # the vote part reads the record the UN-vote panel verb reads
    assert coalitions.COVERAGE_SOURCES["un_votes"] == add_un_votes.SOURCES["unvotes"][1]


@pytest.mark.parametrize("metric", ["nominal", "absolute", "squared"])
def test_every_kappa_path_agrees(metric):
    """Cohen's kappa is computed in four places (the scalar of the similarity measures, their
    all-pairs matrix, the vote agreement of the UN panel verb, coalitions and closeness, and the
    several-measures matrix of the alliance panel): on the same portfolios they agree."""
    from amity.measures import closeness, similarity, votes

    rng = np.random.default_rng(11)
    P = rng.choice([1.0, 2.0, 3.0, np.nan], size=(5, 60), p=[0.45, 0.2, 0.25, 0.1])
    cats = [1, 2, 3]
    pairs = [(i, j) for i in range(5) for j in range(i + 1, 5)]
    scalar = np.array([similarity.cohen_kappa(P[i], P[j], metric=metric, categories=cats)
                       for i, j in pairs])
    matrix = similarity.similarity_matrix(P, "kappa", metric=metric, categories=cats)
    agree = votes.vote_agreement(P, metric=metric)["kappa"]
    for got in (matrix, agree):
        np.testing.assert_allclose([got[i, j] for i, j in pairs], scalar, atol=1e-12)
    if metric == "nominal":   # closeness' UN input: nominal kappa of the vote matrix
        K = closeness.vote_kappa_matrix(np.nan_to_num(P, nan=9.0))
        np.testing.assert_allclose([K[i, j] for i, j in pairs], scalar, atol=1e-12)
    if metric == "absolute":  # the several-measures matrix uses the absolute distance
        many = similarity.similarity_matrices(P, ("kappa",), categories=cats)["kappa"]
        np.testing.assert_allclose([many[i, j] for i, j in pairs], scalar, atol=1e-12)


def test_panel_and_coalition_use_the_one_year_check():
    from amity.app.coalition import coalition
    from amity.panel import create_state_years

    with pytest.raises(InputError, match="reversed year range") as e:
        create_state_years(years=(2000, 1990))         # was an empty panel
    assert e.value.field == "first year"
    with pytest.raises(InputError, match="year 1500 is outside 1600..2100"):
        create_state_years(years=1500)
    assert len(create_state_years(years=range(2000, 2000))) == 0   # an empty range is empty
    with pytest.raises(InputError, match=r"year 1900 is outside 1949\.\.") as c:
        coalition("RUS", 1900)
    assert c.value.field == "year"


#: coverage entries that differ from their Source record by design
COVERAGE_BY_DESIGN = {
    "tss_rivalries": [1816, 2020],     # the file reaches back to 1494; COW panels start in 1816
    "state_crosswalk": [1816, None],   # the crosswalk's last spell is open
    "rugged": [None, None],            # time-invariant terrain: no years
    "archigos": [1870, 2015],          # its state-year table (archigossums) starts in 1870
}


def test_every_panel_verb_records_its_source_years(mirror):
    """Each verb's recorded coverage (``panel.attrs['amity']['coverage']``) is its Source
    record's years: the panel and the measures read one set of years."""
    from amity import panel as P
    from amity.errors import AmityError
    from amity.sources import registry

    reg = registry()
    dyads = P.create_dyad_years(years=(2000, 2001), states=[2, 365, 710], mirror=mirror)
    states = P.create_state_years(years=(2000, 2001), states=[2, 365, 710], mirror=mirror)
    seen = {}
    for add in sorted(set(P.ADD_NAMES) - {"fpsim", "events", "spells"}):
        fn = P.verb(add)
        for base in (dyads, states):
            try:
                out = fn(base, mirror=mirror)
            except AmityError:          # the verb serves the other kind of panel (or GW)
                continue
            for name, years in out.attrs["amity"]["coverage"].items():
                if name in reg:
                    seen[name] = list(years)
    assert len(seen) >= 17, sorted(seen)
    want = {n: COVERAGE_BY_DESIGN.get(n, list(reg[n].years)) for n in seen}
    assert seen == want, ("a verb's coverage differs from its Source record: take the years "
                          "from amity.sources.coverage(), or list the source in "
                          "COVERAGE_BY_DESIGN with the reason")


def test_importing_a_verb_module_first_keeps_the_verb():
    """``from amity.panel.add_x import y`` before ``from amity.panel import add_x`` (test
    modules do it at collection) gives the verb, not its module (a fresh interpreter)."""
    import subprocess
    import sys

    code = ("import importlib\n"
            "from amity.panel.add_ideal_points import ESTIMATES\n"
            "importlib.import_module('amity.panel.add_sanctions')\n"
            "from amity.panel import add_ideal_points, add_sanctions\n"
            "import amity.panel.create as C\n"
            "assert callable(add_ideal_points) and callable(add_sanctions), 'shadowed'\n"
            "assert C.__name__ == 'amity.panel.create'\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr


def test_closeness_inputs_coverage_is_the_source_records():
    """closeness v3's indicator families are bounded by their Source records (they were a
    literal table that could drift from them), and the measures' span starts with the state
    system's record."""
    from amity.assembly import closeness_inputs as ci
    from amity.measures import closeness, pair
    from amity.sources import get

    assert ci.COVERAGE == {k: get(src).years for k, src in ci.COVERAGE_SOURCES.items()}
    assert ci.COVERAGE["votes"] == (1946, 2015) and ci.COVERAGE["atop4"] == (1815, 2016)
    assert concepts.FIRST_YEAR == get("cow_states").years[0] == 1816
    spans = {(ci.FIRST_YEAR, ci.LAST_YEAR), (closeness.FIRST_YEAR, closeness.LAST_YEAR),
             (pair.FIRST, pair.LAST)}
    assert spans == {(concepts.FIRST_YEAR, concepts.LAST_YEAR)}
    from amity.measures import closeness_model

    assert closeness_model.FIRST_YEAR is concepts.FIRST_YEAR


#: two-year literals outside the Source records and amity.concepts that are not a coverage,
#: each with what it is; only shrinks
NOT_COVERAGE = {
    ("amity.events.synth", (1979, 2024)),       # the date range of synthetic events
    ("amity.events.testing", (2015, 2015)),     # a test fixture's one year
    ("amity.reliability.faults", (2001, 2004)),  # the faults harness's load span
}


def year_pair_literals(root) -> set[tuple[str, tuple[int, int]]]:
    """(module, (first, last)) for every two-element literal of years (1800..2100) in the
    package outside ``amity/sources`` (the Source records) and ``amity/concepts.py``."""
    import ast

    out = set()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).with_suffix("")
        mod = ".".join(rel.parts).removesuffix(".__init__")
        if mod.startswith("amity.sources") or mod == "amity.concepts":
            continue
        for n in ast.walk(_pyast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(n, (ast.Tuple, ast.List)) and len(n.elts) == 2 and all(
                    isinstance(e, ast.Constant) and type(e.value) is int
                    and 1800 <= e.value <= 2100 for e in n.elts):
                out.add((mod, tuple(e.value for e in n.elts)))
    return out


def test_no_coverage_years_written_outside_the_records():
    from pathlib import Path

    import amity

    root = Path(amity.__file__).parent
    found = {x for x in year_pair_literals(root) if x not in NOT_COVERAGE}
    assert found == set()


def test_the_year_literal_scan_can_fail(tmp_path):
    pkg = tmp_path / "amity" / "panel"
    pkg.mkdir(parents=True)
    (pkg / "add_x.py").write_text("COV = (1840, 2015)\nN = [3, 2015]\nY = [1816, 2025.0]\n")
    (tmp_path / "amity" / "concepts.py").write_text("FIRST_YEAR, LAST_YEAR = 1816, 2025\n")
    assert year_pair_literals(tmp_path / "amity") == {("amity.panel.add_x", (1840, 2015))}
