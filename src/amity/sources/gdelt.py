"""GDELT event files (1.0 daily, 2.0 15-minute exports, R re-exports) as datasets.

The layouts and the parsing live in :mod:`amity.events.parse`; this module declares the
datasets and reads them through it.
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
