"""COW <-> Gleditsch-Ward state-code crosswalks by year (peacesciencer's ``cow_gw_years``
and ``gw_cow_years``, 1816-2020): each row a year, a COW code and the G-W code of the same
state that year (``stateabb`` and both names). ``cow_gw_years`` lists COW state-years,
``gw_cow_years`` G-W state-years; a state outside the other system has a missing code."""
from __future__ import annotations

from amity.sources.base import PEACESCIENCER, PEACESCIENCER_BIB, FileSpec, Source, raw_url
from amity.sources._ps import rda_reader

_BIB = """@article{gleditsch1999interstate,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {A Revised List of Independent States since the Congress of Vienna},
  journal = {International Interactions}, volume = {25}, number = {4}, pages = {393--413},
  year = {1999}
}
""" + PEACESCIENCER_BIB

_COW = rda_reader("cow_gw_years", "cow_gw_years", ("year",), ints=("ccode", "gwcode"),
                  texts=("stateabb", "gw_statename", "cow_statename"))
_GW = rda_reader("gw_cow_years", "gw_cow_years", ("year",), ints=("gwcode", "ccode"),
                 texts=("stateabb", "gw_statename", "cow_statename"))


def _read(paths, rejects=None):
    out = _COW({"rda": paths["cow"]}, rejects)
    out.update(_GW({"rda": paths["gw"]}, rejects))
    return out


SOURCES = [Source(
    name="state_crosswalk", title="COW <-> G-W state codes by year (peacesciencer)",
    version="peacesciencer fe150a2", years=(1816, 2020), license="GPL-2 (peacesciencer)",
    bibtex=_BIB,
    files=(FileSpec("cow", "peacesciencer/rda/cow_gw_years.rda",
                    raw_url(PEACESCIENCER, "data/cow_gw_years.rda"),
                    "479e3eb663ea538a0f0ce4b8e3526e4596878561c4eb39772d2fc42ca8dbe67a"),
           FileSpec("gw", "peacesciencer/rda/gw_cow_years.rda",
                    raw_url(PEACESCIENCER, "data/gw_cow_years.rda"),
                    "27e2e9efc80c1b943928297824907f205535f29bc607310eca3b502a87f9f33d")),
    reader=_read, tables=("cow_gw_years", "gw_cow_years"))]
