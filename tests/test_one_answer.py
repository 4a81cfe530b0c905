"""One answer computes each pair's closeness once (amity.app.reports.one_answer): the same
values as without the memo, copies that a caller may change, and fewer computations."""
from __future__ import annotations

import pandas as pd
import pytest

from amity import store
from amity.app import reports as R
from amity.knowledge import load_curated


@pytest.mark.slow   # reads the datasets from the mirror (about 30 s)
def test_memo_gives_the_same_answers_once(mirror, monkeypatch):
    con = store.connect(":memory:")
    load_curated(con)
    plain_dyad = R.dyad("CHN", "RUS", 1990, 2000, con=con, mirror=mirror)
    plain_tri = R.triangle("CHN", "RUS", "USA", 1990, 2000, con=con, mirror=mirror)

    calls = []
    real = R._pair_closeness

    def counted(a, b, *args, **kw):
        calls.append((a, b))
        return real(a, b, *args, **kw)

    monkeypatch.setattr(R, "_pair_closeness", counted)
    with R.one_answer():
        d = R.dyad("CHN", "RUS", 1990, 2000, con=con, mirror=mirror)
        t = R.triangle("CHN", "RUS", "USA", 1990, 2000, con=con, mirror=mirror)
        f1, _ = R.pair_closeness("CHN", "RUS", 1990, 2000, con=con, mirror=mirror)
        f1["closeness"] = 99.0                       # a copy: the memo is untouched
        f2, _ = R.pair_closeness("CHN", "RUS", 1990, 2000, con=con, mirror=mirror)
    assert d == plain_dyad and t == plain_tri
    assert (f2["closeness"] != 99.0).all()
    assert sorted(calls) == [("CHN", "RUS"), ("CHN", "USA"), ("RUS", "USA")]   # once each
    calls.clear()
    R.pair_closeness("CHN", "RUS", 1990, 2000, con=con, mirror=mirror)   # outside: computed
    assert calls == [("CHN", "RUS")]
    assert isinstance(f2, pd.DataFrame)
    con.close()
