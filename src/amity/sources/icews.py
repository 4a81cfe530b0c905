"""ICEWS coded event data in the Harvard Dataverse ``.tab`` format.

Layout: tab-separated with a header line, ``NA`` for blanks, columns ``Event ID, Event Date,
Source Name, Source Sectors, Source Country, Event Text, CAMEO Code, Intensity, Target Name,
Target Sectors, Target Country, Story ID, Sentence Number, Publisher, City, District, Province,
Country, Latitude, Longitude``. Countries are given by name ("Russian Federation"), resolved to
canonical ids through :mod:`amity.actors` at the event's year; the actor's own name is kept as
``actor1_code``/``actor2_code``. CAMEO codes stay strings; Goldstein, quad class and PLOVER come
from the project's CAMEO table (for ICEWS, ``Intensity`` is that same Goldstein value).

Reference: Boschee, E., Lautenschlager, J., O'Brien, S., Shellman, S., Starz, J. & Ward, M.
(2015). ICEWS Coded Event Data. Harvard Dataverse, doi:10.7910/DVN/28075.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from amity.errors import InputError
from amity.events._actors import ActorMapper
from amity.events._lines import read_bytes, split_tsv
from amity.events._normalize import ParseResult, normalize
from amity.sources.base import FileSpec, Source

REQUIRED = ["Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code",
            "Target Name", "Target Country"]

#: ICEWS country names the registry may not list under that spelling -> ISO 3166-1 alpha-3.
ICEWS_NAMES: dict[str, str] = {
    "Congo": "COG",
    "Democratic Republic of Congo": "COD",
    "Moldova, Republic of": "MDA",
    "the former Yugoslav Republic of Macedonia": "MKD",
    "Bosnia and Herzegovina": "BIH",
    "Myanmar": "MMR",
    "Holy See": "VAT",
    "Occupied Palestinian Territory": "PSE",
    "Korea, Republic of": "KOR",
    "Korea, Democratic People's Republic of": "PRK",
    "Iran, Islamic Republic of": "IRN",
    "Tanzania, United Republic of": "TZA",
    "Syrian Arab Republic": "SYR",
    "Lao People's Democratic Republic": "LAO",
    "Libyan Arab Jamahiriya": "LBY",
    "Viet Nam": "VNM",
    "Cote d'Ivoire": "CIV",
    "Taiwan, Province of China": "TWN",
}

_FIELDS = {"event_id": "Event ID", "date": "Event Date", "cameo": "CAMEO Code"}


def _na(a: pa.ChunkedArray) -> pa.ChunkedArray:
    """``NA`` strings -> null."""
    return pc.if_else(pc.equal(a, "NA"), pa.scalar(None, pa.string()), a)


def parse_tab(path: str | Path, *, since: _dt.date | None = None,
              mapper: ActorMapper | None = None) -> ParseResult:
    """Parse an ICEWS Dataverse ``.tab`` events file into the event store layout.

    Rows with the wrong number of columns, a bad ``Event Date`` or a non-numeric / unknown
    ``CAMEO Code`` are returned in ``rejects`` with file, line (header = line 1) and reason.
    A missing required column raises :class:`InputError` naming it.
    """
    path = Path(path)
    data = read_bytes(path)
    sp = split_tsv(data, file=str(path), names=None, header=True,
                   expected="an ICEWS .tab file (tab-separated, header line)")
    missing = [c for c in REQUIRED if c not in (sp.header or [])]
    if missing:
        raise InputError(f"missing column(s) {', '.join(repr(m) for m in missing)} in the "
                         "header (an ICEWS .tab file has Event ID, Event Date, Source Country, "
                         "CAMEO Code, Target Country...)", file=str(path), line=1,
                         field=missing[0])
    t = sp.table
    extra = [{"file": str(path), "line": ln, "field": None,
              "reason": f"wrong column count: {n} (expected {sp.ncols})", "raw": text}
             for ln, n, text in sp.bad]
    raw = pa.table({
        "event_id": _na(t.column("Event ID")), "date": _na(t.column("Event Date")),
        "a1_key": _na(t.column("Source Country")), "a2_key": _na(t.column("Target Country")),
        "a1_code": _na(t.column("Source Name")), "a2_code": _na(t.column("Target Name")),
        "cameo": _na(t.column("CAMEO Code")),
        "line": pa.array(sp.lines, pa.int64()),
    })
    return normalize(raw, source="icews", file=str(path), date_format="%Y-%m-%d",
                     fields=_FIELDS, mapper=mapper or ActorMapper("name", ICEWS_NAMES), since=since,
                     extra_rejects=extra, lines=t.num_rows + len(sp.bad))


def _read_sample(paths: dict[str, Path], rejects: list | None = None) -> dict:
    from amity.sources.gdelt import rejects_or_raise

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
