"""Archigos 4.1 leaders (Goemans, Gleditsch & Chiozza 2009), peacesciencer's tables:

* ``archigos``: one row per leader spell 1840-2015, ``obsid`` (e.g. ``USA-1869``), ``gwcode``
  (Gleditsch-Ward), ``leadid``, ``leader``, ``yrborn``, ``gender``, ``startdate``,
  ``enddate`` (ISO dates), ``entry``, ``exit``, ``exitcode``;
* ``archigossums``: G-W state-years 1870-2015, ``leadertransition`` (a leader left office
  that year), ``irregular`` (irregularly), ``n_leaders``, ``jan1obsid``, ``dec31obsid``;
* ``leader_codes``: ``obsid`` with the other releases' leader ids.
"""
from __future__ import annotations

from pathlib import Path

from amity.sources._ps import rda_reader
from amity.sources.base import PEACESCIENCER, PEACESCIENCER_BIB, FileSpec, Source, raw_url

_BIB = """@article{goemans2009archigos,
  author = {Goemans, Henk E. and Gleditsch, Kristian Skrede and Chiozza, Giacomo},
  title = {Introducing {Archigos}: A Dataset of Political Leaders},
  journal = {Journal of Peace Research}, volume = {46}, number = {2}, pages = {269--283},
  year = {2009}
}
""" + PEACESCIENCER_BIB

_READERS = {
    "archigos": rda_reader("archigos", "archigos", ("gwcode",), ints=("yrborn",),
                           texts=("obsid", "leadid", "leader", "gender", "startdate", "enddate",
                                  "entry", "exit", "exitcode")),
    "archigossums": rda_reader("archigossums", "archigossums", ("gwcode", "year"),
                               ints=("leadertransition", "irregular", "n_leaders"),
                               texts=("jan1obsid", "dec31obsid")),
    "leader_codes": rda_reader("leader_codes", "leader_codes", (),
                               texts=("obsid", "leadid", "leadid29", "leaderid")),
}
_SHA = {"archigos": "b58bb675856a11923b3906adf4360b61fe1be4cc30f29fda4c36ee38e69c991b",
        "archigossums": "a9c1176199f8f3b393815a60048e36257bfb8c7706c6ff3a4c9a5259b7b26754",
        "leader_codes": "acbde0ef346287e21313a65914082087b76a401583b582e016a8e04bc11ae985"}


def _read(paths: dict[str, Path], rejects: list | None = None):
    out = {}
    for key, reader in _READERS.items():
        out.update(reader({"rda": paths[key]}, rejects))
    a = out["archigos"]
    for c in ("startdate", "enddate"):   # ISO text either way
        a[c] = a[c].str.slice(0, 10)
    return out


SOURCES = [Source(
    name="archigos", title="Archigos 4.1 political leaders (peacesciencer)", version="4.1",
    years=(1840, 2015), license="free for research with citation", bibtex=_BIB,
    files=tuple(FileSpec(k, f"peacesciencer/rda/{k}.rda", raw_url(PEACESCIENCER, f"data/{k}.rda"),
                         _SHA[k]) for k in _READERS),
    reader=_read, tables=tuple(_READERS))]
