"""The shared joins of amity.panel._common on hand-made panels and tables (no mirror): the
(year, pair) grid of join_dyadic in non-directed, directed and triad panels, its refusal
of duplicate source keys, and join_monadic's (year x code) grid with Int and Float columns,
missing codes and coverage."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel._common import join_dyadic, join_monadic, set_meta


def _dyads(rows, directed):
    df = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int32")
    return set_meta(df, kind="dyad_year", system="cow", directed=directed)


TABLE = pd.DataFrame({"ccode1": [2, 2, 20, 2, 700], "ccode2": [20, 200, 200, 20, 710],
                      "year": [2000, 2000, 2001, 2001, 2000],
                      "v": [5, 7, 9, 6, 1]})


def test_non_directed_values_fill_and_coverage():
    p = _dyads([(2, 20, 2000), (2, 200, 2000), (20, 200, 2000), (2, 20, 2001),
                (20, 200, 2001), (2, 20, 2003)], directed=False)
    out = join_dyadic(p, TABLE, {"v": "Int16"}, source="t", first=2000, last=2002)
    # listed rows take the table's value, an unlisted covered row the fill (0), 2003 is
    # outside the coverage (missing); the 700-710 row has no panel row and is ignored
    assert out.v.tolist() == [5, 7, 0, 6, 9, pd.NA]
    assert len(out) == len(p) and list(out.columns) == ["ccode1", "ccode2", "year", "v"]
    miss = join_dyadic(p, TABLE, {"v": "Float64"}, source="t", first=2000, last=2002,
                       fill={"v": None})
    assert miss.v.isna().tolist() == [False, False, True, False, False, True]


def test_directed_rows_get_the_pair_both_ways():
    p = _dyads([(2, 20, 2000), (20, 2, 2000), (200, 2, 2000), (2, 200, 2000),
                (20, 2, 2001)], directed=True)
    out = join_dyadic(p, TABLE, {"v": "Int16"}, source="t", first=None, last=None)
    assert out.v.tolist() == [5, 5, 7, 7, 6]


def test_triads_get_each_pair():
    p = set_meta(pd.DataFrame({"ccode1": [2], "ccode2": [20], "ccode3": [200],
                               "year": [2000]}).astype("int32"),
                 kind="triad_year", system="cow", directed=False)
    out = join_dyadic(p, TABLE, {"v": "Int16"}, source="t", first=None, last=None)
    assert (out.v_12.item(), out.v_13.item(), out.v_23.item()) == (5, 7, 0)


@pytest.mark.parametrize("directed", [False, True])
def test_duplicate_source_keys_are_refused(directed):
    p = _dyads([(2, 20, 2000), (20, 2, 2000)] if directed else [(2, 20, 2000)], directed)
    dup = pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [2000, 2000],
                        "v": [1, 2]})
    with pytest.raises(InputError, match="duplicate"):
        join_dyadic(p, dup, {"v": "Int16"}, source="t", first=None, last=None)


def test_monadic_int_and_float_columns():
    p = _dyads([(2, 20, 1999), (2, 20, 2000), (2, 200, 2000), (20, 200, 2001)],
               directed=False)
    t = pd.DataFrame({"ccode": [2, 20, 200, 2, 20], "year": [2000, 2000, 2000, 2001, 2001],
                      "n": pd.array([1, None, 3, 4, 5], dtype="Int8"),
                      "x": [0.5, 1.5, np.nan, 2.5, 3.5]})
    out = join_monadic(p, t, {"n": "Int8", "x": "Float64"}, source="t", first=2000,
                       last=2000)
    # 1999 and 2001 are outside the coverage; 20's n and 200's x are missing in the table
    assert out.n1.tolist() == [pd.NA, 1, 1, pd.NA] and out.n2.tolist() == [pd.NA, pd.NA, 3, pd.NA]
    assert out.x1.tolist() == [pd.NA, 0.5, 0.5, pd.NA]
    assert out.x2.tolist() == [pd.NA, 1.5, pd.NA, pd.NA]
    assert str(out.n1.dtype) == "Int8" and str(out.x2.dtype) == "Float64"
    with pytest.raises(InputError, match="duplicate"):
        join_monadic(p, pd.concat([t, t.iloc[:1]]), {"n": "Int8"}, source="t",
                     first=None, last=None)


def test_source_rows_outside_the_panel_are_ignored():
    p = _dyads([(2, 20, 2000), (2, 20, 2001)], directed=False)
    t = pd.DataFrame({"ccode1": [2, 2, -1, 2, 2], "ccode2": [20, 20, 20, 1200, 20],
                      "year": [1990, 2000, 2000, 2000, 3_000_000_000],
                      "v": [1, 2, 3, 4, 5]})
    out = join_dyadic(p, t, {"v": "Int16"}, source="t", first=None, last=None)
    assert out.v.tolist() == [2, 0]


def test_small_source_searched_in_the_panel():
    # a source under a quarter of the panel's rows is searched in the panel's increasing cells
    p = _dyads([(2, 20, y) for y in range(1900, 1940)], directed=False)
    t = pd.DataFrame({"ccode1": [20], "ccode2": [2], "year": [1905], "v": [3]})
    out = join_dyadic(p, t, {"v": "Int16"}, source="t", first=1901, last=None)
    assert out.v.tolist() == [pd.NA] + [0] * 4 + [3] + [0] * 34
    with pytest.raises(InputError, match="duplicate"):
        join_dyadic(p, pd.concat([t, t]), {"v": "Int16"}, source="t", first=None, last=None)
