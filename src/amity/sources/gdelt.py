"""GDELT event files: 1.0 daily exports, 2.0 15-minute exports, and R re-exports.

Layouts (column names from the official GDELT event codebooks, as in the mirror's
``gdelt/schema_events1.csv`` and ``gdelt/schema_events2.csv``):

* **GDELT 1.0 daily export** (``YYYYMMDD.export.CSV[.zip]``): tab-separated, no header, no
  quoting; 58 columns from 1 April 2013 (``SOURCEURL`` last), 57 in the historical backfile.
* **GDELT 2.0 export** (``YYYYMMDDHHMMSS.export.CSV[.zip]``, every 15 minutes since
  19 February 2015): tab-separated, no header, 61 columns (adds the ``*Geo_ADM2Code`` columns).
* **R re-export** (``gdelt1csv``): what ``write.csv`` makes of GDELT 1.0 rows, as in the mirror's
  ``gdelt/undp_gdelt1_georgia_sept2012.csv``: comma-separated, quoted, header, ``NA`` for blanks.

CAMEO codes stay strings ("010"). Each event is re-coded from the project's CAMEO table: the
Goldstein value is the ICEWS one (GDELT's own column is ignored), quad class by root, PLOVER
category. Actors: ``Actor1CountryCode`` (a CAMEO country code) or, failing that,
``Actor1KnownGroupCode`` (UNO, NAT, EEC...) resolved through :mod:`amity.actors`.

Reference: Leetaru, K. & Schrodt, P. A. (2013). GDELT: Global data on events, location and tone,
1979-2012. ISA Annual Convention.
"""
from __future__ import annotations

from pathlib import Path

# the parsers live in amity.events.parse; the names stay importable from here
from amity.events.parse import (  # noqa: F401
    FORMATS,
    GDELT1_COLUMNS,
    GDELT1_HISTORICAL_COLUMNS,
    GDELT2_COLUMNS,
    file_stamp,
    parse_export,
    parse_r_export,
    rejects_or_raise,
)
from amity.sources.base import FileSpec, Source


def _read_sample(paths: dict[str, Path], rejects: list | None = None) -> dict:
    res = parse_r_export(paths["sample"])
    rejects_or_raise(res, rejects)
    return {"gdelt_sample": res.table.to_pandas()}


SOURCES = [
    Source(
        name="gdelt-sample",
        title="GDELT 1.0 events, Georgia, September 2012 (R re-export; UNDP-BCPR project)",
        version="1.0",
        years=(2012, 2012),
        license="GDELT: open, with attribution",
        bibtex=(
            "@inproceedings{leetaru2013gdelt,\n"
            "  author = {Leetaru, Kalev and Schrodt, Philip A.},\n"
            "  title = {{GDELT}: Global Data on Events, Location and Tone, 1979--2012},\n"
            "  booktitle = {ISA Annual Convention},\n  year = {2013}\n}"
        ),
        files=(FileSpec(
            key="sample",
            mirror_path="gdelt/undp_gdelt1_georgia_sept2012.csv",
            url=("https://raw.githubusercontent.com/mpiccirilli/UNDP-BCPR-Project/"
                 "e009a80/individual_csvs/sept2012.csv"),
            sha256="ccf0b00851bedee3ec4efebf35ad39098139c0ba452f57bac7f3a1c802e6e4f5",
        ),),
        reader=_read_sample,
        tables=("gdelt_sample",),
        kind="events",
    ),
]
