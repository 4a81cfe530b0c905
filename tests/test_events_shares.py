"""dyad_period_shares: quad shares and mean Goldstein normalized by volume, one event per
GLOBALEVENTID, partial periods flagged with their coverage."""
from __future__ import annotations

import pytest

from amity import cameo
from amity.errors import InputError
from amity.events.ingest import ingest
from amity.events.query import dyad_period_shares
from amity.events.testing import gdelt_row, write_gdelt


def _g(code: str) -> float:
    t = cameo.table()
    return float(t.loc[t["code"] == code, "goldstein"].iloc[0])


@pytest.fixture()
def store(tmp_path):
    rows = [  # CHN-RUS in 2020 (every day of January covered by some event, see fillers)
        gdelt_row(GLOBALEVENTID=1, SQLDATE=20200105, Actor1CountryCode="CHN", Actor2CountryCode="RUS", EventCode="010"),
        gdelt_row(GLOBALEVENTID=2, SQLDATE=20200106, Actor1CountryCode="RUS", Actor2CountryCode="CHN", EventCode="070"),
        gdelt_row(GLOBALEVENTID=3, SQLDATE=20200107, Actor1CountryCode="CHN", Actor2CountryCode="RUS", EventCode="111"),
        gdelt_row(GLOBALEVENTID=4, SQLDATE=20200108, Actor1CountryCode="CHN", Actor2CountryCode="RUS", EventCode="190"),
    ]
    fillers = [gdelt_row(GLOBALEVENTID=100 + d, SQLDATE=20200100 + d, Actor1CountryCode="FRA",
                         Actor2CountryCode=None, EventCode="010") for d in range(1, 32)]
    a = write_gdelt(tmp_path / "20200131000000.export.CSV", rows + fillers)
    # a second file repeats event 4 (same GLOBALEVENTID) and adds one more CHN-RUS event
    b = write_gdelt(tmp_path / "20200201000000.export.CSV", [
        rows[3], gdelt_row(GLOBALEVENTID=5, SQLDATE=20200201, Actor1CountryCode="RUS",
                           Actor2CountryCode="CHN", EventCode="010")])
    db = tmp_path / "sh.duckdb"
    ingest([a, b], "gdelt2", db=db)
    return db


def test_shares_dedupe_and_coverage(store):
    y = dyad_period_shares(db=store)
    assert list(y[["a", "b", "year"]].itertuples(index=False, name=None)) == [("CHN", "RUS", 2020)]
    r = y.iloc[0]
    assert r["events"] == 5                               # event 4 once, not twice
    assert (r["q1_share"], r["q2_share"], r["q3_share"], r["q4_share"]) == (2 / 5, 1 / 5, 1 / 5, 1 / 5)
    assert r["goldstein_mean"] == pytest.approx((2 * _g("010") + _g("070") + _g("111") + _g("190")) / 5)
    assert r["days_covered"] == 32 and r["days_in_period"] == 366     # 2020 is a leap year
    assert r["coverage"] == pytest.approx(32 / 366) and bool(r["partial"])

    m = dyad_period_shares(db=store, by="dyad-month")
    jan, feb = m.iloc[0], m.iloc[1]
    assert (jan["month"], jan["events"], feb["month"], feb["events"]) == (1, 4, 2, 1)
    assert jan["coverage"] == 1.0 and not bool(jan["partial"])         # every January day has data
    assert feb["days_covered"] == 1 and feb["coverage"] == pytest.approx(1 / 29)
    assert jan["q4_share"] == 0.25 and feb["q1_share"] == 1.0


def test_shares_empty_range_and_bad_by(store):
    assert dyad_period_shares(db=store, years=(2021, 2022)).empty
    with pytest.raises(InputError) as ei:
        dyad_period_shares(db=store, by="dyad-week")
    assert ei.value.field == "--by"
