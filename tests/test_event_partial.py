"""Issue 17: event aggregates of a year the event store covers only in part (the current
year, two days of a sample) are flagged partial and weighed by their coverage, never as a
full year."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from amity.assembly import closeness_inputs as ci
from amity.events import query
from amity.events.ingest import ingest
from amity.events.testing import gdelt_row, write_gdelt


@pytest.fixture(scope="module")
def two_days_and_a_year(tmp_path_factory):
    """Events on two days of 2020 and on every day of 2021."""
    d = tmp_path_factory.mktemp("partial")
    days = [20200105, 20200106] + [int(x.strftime("%Y%m%d"))
                                   for x in pd.date_range("2021-01-01", "2021-12-31")]
    rows = [gdelt_row(GLOBALEVENTID=i + 1, SQLDATE=dt, Actor1CountryCode="USA",
                      Actor2CountryCode="CHN", EventCode="042", NumMentions=1, AvgTone="1.0")
            for i, dt in enumerate(days)]
    write_gdelt(d / "20211231000000.export.CSV", rows)
    db = d / "p.duckdb"
    assert ingest(d / "20211231000000.export.CSV", "gdelt2", db=db)["rows"] == len(days)
    return db


def test_year_coverage_is_the_share_of_days_with_events(two_days_and_a_year):
    from amity import store

    con = store.connect(two_days_and_a_year, read_only=True)
    try:
        cov = query.year_coverage(con)
    finally:
        con.close()
    assert cov == {2020: pytest.approx(2 / 366), 2021: 1.0}


def _panel(years):
    return pd.DataFrame({"year": np.array(years, np.int32),
                         "ccode_a": np.full(len(years), 2, np.int32),
                         "ccode_b": np.full(len(years), 710, np.int32)})


def test_a_partial_year_is_flagged_and_its_store_events_weigh_by_coverage():
    panel = _panel([2019, 2020, 2021, 2022])
    ev = pd.DataFrame({"year": [2020, 2021], "ccode_a": [2, 2], "ccode_b": [710, 710],
                       "events_n": [12.0, 365.0], "events_store_n": [10.0, 365.0],
                       "events_goldstein": [1.9, 1.9], "events_q1": [1.0, 1.0],
                       "events_q2": [0.0, 0.0], "events_q3": [0.0, 0.0],
                       "events_q4": [0.0, 0.0]})
    # the store covers 2020-2022: two days of 2020 (10 events, plus 2 curated facts), all of
    # 2021, no event at all in 2022; 2019 is before the store
    ci._attach_events(panel, ev, (2020, 2022), {2020: 2 / 366, 2021: 1.0})
    assert panel["events_count"].tolist()[1:] == [12.0, 365.0, 0.0]
    assert np.isnan(panel["events_count"][0])
    assert panel["events_partial"].tolist() == [False, True, False, True]
    cov = panel["events_coverage"].to_numpy()
    assert np.isnan(cov[0]) and cov[1] == pytest.approx(2 / 366) and cov[2:].tolist() == [1.0, 0.0]
    # the weight the model reads: curated facts count whole, store events times coverage
    w = panel["events_n"].to_numpy()
    assert w[1] == pytest.approx(2 + 10 * 2 / 366)
    assert w[2] == 365.0 and w[3] == 0.0 and np.isnan(w[0])
    # shares and the mean Goldstein are kept: they are normalized by volume
    assert panel["events_goldstein"].tolist()[1:3] == [1.9, 1.9]
    assert "events_store_n" not in panel


def test_without_events_nothing_is_partial():
    panel = _panel([2020])
    ci._attach_events(panel, pd.DataFrame(columns=["year", "ccode_a", "ccode_b"]), None, {})
    assert panel["events_partial"].tolist() == [False]
    assert np.isnan(panel["events_n"][0]) and np.isnan(panel["events_coverage"][0])
    assert "events_store_n" not in panel


def test_event_frame_carries_the_store_part_of_the_count(two_days_and_a_year):
    from amity import store

    con = store.connect(two_days_and_a_year)
    try:
        ev, years = ci.event_frame(con)
    finally:
        con.close()
    assert years == (2020, 2021)
    row = ev[(ev["year"] == 2020) & (ev["ccode_a"] == 2) & (ev["ccode_b"] == 710)]
    assert row["events_store_n"].tolist() == [2.0]
    assert row["events_n"].tolist() == [2.0]      # no curated facts in this store
