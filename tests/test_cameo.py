"""CAMEO table: ICEWS Goldstein values, quad classes, PLOVER categories, string codes."""
from __future__ import annotations

import csv
import io
import json

import pytest

from amity import cameo
from amity.errors import InputError


def test_icews_goldstein_values_from_methods():
    # values listed in METHODS.md (ICEWS table)
    expected = {"163": -8.0, "057": 8.0, "054": 6.0, "062": 7.4, "072": 8.3, "166": -7.0,
                "190": -10.0, "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0,
                "07": 7.0, "08": 5.0, "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0,
                "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0, "18": -9.0,
                "19": -10.0, "20": -10.0}
    for code, g in expected.items():
        assert cameo.lookup(code).goldstein == g, code


def test_quads_by_root():
    assert [cameo.lookup(c).quad for c in ("010", "057", "061", "0874", "090", "139", "140",
                                            "204")] == [1, 1, 2, 2, 3, 3, 4, 4]
    t = cameo.table()
    roots = t["code"].str[:2].astype(int)
    expect = roots.map(lambda r: 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4)
    assert (t["quad"] == expect).all()


def test_plover_categories():
    c = cameo.lookup("057")
    assert (c.plover, c.plover_context) == ("SUPPORT", "diplomatic")
    assert cameo.lookup("010").plover is None and cameo.lookup("0211").plover_mode is None
    c = cameo.lookup("163")
    assert (c.plover, c.plover_mode) == ("COERCE", "restrict")
    assert cameo.lookup("0841").plover_mode == "release"
    assert cameo.lookup("190").plover == "ASSAULT"
    # roots 01 and 02 have no PLOVER category: empty, CAMEO code kept
    t = cameo.table()
    empty = t[t["code"].str[:2].isin(["01", "02"])]
    assert len(empty) > 30 and empty["plover"].isna().all()
    assert t[~t["code"].str[:2].isin(["01", "02"])]["plover"].notna().all()
    assert set(t["plover"].dropna()) <= set(cameo.PLOVER_CATEGORIES)


def test_codes_keep_leading_zeros():
    t = cameo.table()
    assert t["code"].map(type).eq(str).all()
    assert "010" in set(t["code"]) and "10" in set(t["code"])
    assert cameo.lookup("010").name != cameo.lookup("10").name
    assert cameo.lookup("0211").code == "0211"
    assert len(t) == 312 and t["code"].is_unique


def test_unknown_and_bad_codes_raise_clear_errors():
    with pytest.raises(InputError, match="unknown CAMEO code '099'"):
        cameo.lookup("099")
    with pytest.raises(InputError, match="not a CAMEO code"):
        cameo.lookup("abc")
    with pytest.raises(InputError, match="string with its leading zeros"):
        cameo.lookup(10)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="did you mean '011'"):
        cameo.lookup("0119")
    assert not cameo.is_code("999") and cameo.is_code("163")


def _icews(mirror):
    text = (mirror / "cameo" / "cameo-codes-icews.csv").read_bytes().decode("cp1252")
    return {r["code"]: float(r["goldstein"]) for r in csv.DictReader(io.StringIO(text))}


def test_table_is_the_icews_table(mirror):
    ic = _icews(mirror)
    t = cameo.table()
    assert dict(zip(t["code"], t["goldstein"])) == ic


def test_differs_from_gdelt_json_exactly_where_expected(mirror):
    j = json.loads((mirror / "gdelt" / "cameoCodes.json").read_text())
    gj = {j["cameoCode"][k]: float(v) for k, v in j["GoldsteinScale"].items()}
    diff = sorted(c for c in gj if c in cameo._index() and cameo.lookup(c).goldstein != gj[c])
    assert diff == ["016", "124", "163", "164", "166"]
    assert gj["163"] == -6.5 and cameo.lookup("163").goldstein == -8.0


def test_differs_from_gdelt_goldsteinscale_exactly_where_expected(mirror):
    lines = (mirror / "cameo" / "CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]
    gs = {c: float(v) for c, v in (ln.split("\t") for ln in lines if ln.strip())}
    diff = sorted(c for c in gs if cameo.lookup(c).goldstein != gs[c])
    assert diff == ["016", "022", "164", "165"]


def test_committed_csv_matches_a_fresh_build(mirror):
    import importlib.util
    from pathlib import Path

    tool = Path(__file__).resolve().parents[1] / "tools" / "build_cameo.py"
    spec = importlib.util.spec_from_file_location("build_cameo", tool)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.build(mirror)
    t = cameo.table()
    assert [r["code"] for r in rows] == list(t["code"])
    assert [r["plover"] for r in rows] == list(t["plover"].fillna(""))
    assert [r["goldstein"] for r in rows] == list(t["goldstein"])
