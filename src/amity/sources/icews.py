"""ICEWS coded event data (Harvard Dataverse ``.tab`` files) as a dataset.

The layout and the parsing live in :mod:`amity.events.parse`; this module declares the
dataset and reads it through it.

Reference: Boschee, E., Lautenschlager, J., O'Brien, S., Shellman, S., Starz, J. & Ward, M.
(2015). ICEWS Coded Event Data. Harvard Dataverse, doi:10.7910/DVN/28075.
"""
from __future__ import annotations

from pathlib import Path

from amity.events.parse import ICEWS_NAMES, parse_tab, rejects_or_raise  # noqa: F401
from amity.sources.base import FileSpec, Source


def _read_sample(paths: dict[str, Path], rejects: list | None = None) -> dict:
    res = parse_tab(paths["sample"])
    rejects_or_raise(res, rejects)
    return {"icews_sample": res.table.to_pandas()}


SOURCES = [
    Source(
        name="icews-sample",
        title="ICEWS coded event data, sample of two days of 2018 (Dataverse .tab format)",
        version="2018 sample",
        years=(2018, 2018),
        license="MIT (icews R package); ICEWS data under the Harvard Dataverse terms",
        bibtex=(
            "@misc{boschee2015icews,\n"
            "  author = {Boschee, Elizabeth and Lautenschlager, Jennifer and O'Brien, Sean and\n"
            "            Shellman, Steve and Starz, James and Ward, Michael},\n"
            "  title = {{ICEWS} Coded Event Data},\n  publisher = {Harvard Dataverse},\n"
            "  year = {2015},\n  doi = {10.7910/DVN/28075}\n}"
        ),
        files=(FileSpec(
            key="sample",
            mirror_path="icews/events.2018.sample.tab",
            url=("https://raw.githubusercontent.com/andybega/icews/3746c72/"
                 "inst/extdata/events.2018.sample.tab"),
            sha256="5d63363827bc4e43e3ea3808427b8b42ea9dc230b9dbaa249286eb579b6408c8",
        ),),
        reader=_read_sample,
        tables=("icews_sample",),
        kind="events",
    ),
]
