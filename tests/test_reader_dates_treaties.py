"""Dates chained through a narrative and treaties listed by year (issue 14, part 2).

The sentences are written for this test; none comes from a gold set.
"""
from __future__ import annotations

from amity.reader import extract

NARRATIVE = (
    "On 18 October 2023, Armenia and Azerbaijan held talks in Brussels. The next day, "
    "Azerbaijan accused Armenia of shelling its positions.\n\nFighting resumed in the autumn of "
    "2023. On 25 October, Russia condemned Azerbaijan. Two days later, France sent armoured "
    "vehicles to Armenia."
)


def test_each_event_of_a_narrative_gets_its_own_date():
    ev = extract(NARRATIVE, date="2023-11-30")["events"]
    got = {(e["source"], e["target"]): e["date"] for e in ev if e["source"]}
    assert got[("AZE", "ARM")] == "2023-10-19"   # "the next day" after 18 October
    assert got[("RUS", "AZE")] == "2023-10-25"   # day-month takes the year in force
    assert got[("FRA", "ARM")] == "2023-10-27"   # "two days later" chains from 25 October


def test_listed_years_give_one_treaty_each_with_parties():
    t = extract("Vietnam and China signed the 1999 (land) and 2000 (Gulf of Tonkin) agreements.",
                date="2024-01-01")["treaties"]
    assert sorted((x["date"], tuple(x["parties"])) for x in t) == [
        ("1999", ("CHN", "VNM")), ("2000", ("CHN", "VNM"))]


def test_a_trailing_day_is_not_part_of_a_treaty_name():
    t = extract("The Ohrid Agreement on Wednesday was praised.", date="2024-01-01")["treaties"]
    assert [x["name"] for x in t] == ["Ohrid Agreement"]


def test_a_month_or_weekday_opening_a_sentence_is_read():
    from amity.reader.dates import find_dates

    got = [(d.text, d.edtf) for d in find_dates(
        "The African Union suspended Niger on 22 August 2023. In September China and Russia "
        "held exercises. On Tuesday Japan protested.", "2023-10-05")]
    assert got == [("22 August 2023", "2023-08-22"), ("In September", "2023-09"), ("On Tuesday", "2023-10-03")]
