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

import datetime as _dt
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from amity.errors import InputError
from amity.events._actors import ActorMapper
from amity.events._lines import read_bytes, split_tsv
from amity.events._normalize import ParseResult, normalize
from amity.sources.base import FileSpec, Source

_BASE = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
]


def _geo(prefix: str, adm2: bool) -> list[str]:
    cols = [f"{prefix}_Type", f"{prefix}_FullName", f"{prefix}_CountryCode", f"{prefix}_ADM1Code"]
    if adm2:
        cols.append(f"{prefix}_ADM2Code")
    return cols + [f"{prefix}_Lat", f"{prefix}_Long", f"{prefix}_FeatureID"]


#: GDELT 1.0 daily export columns (58, from April 2013).
GDELT1_COLUMNS: list[str] = (_BASE + _geo("Actor1Geo", False) + _geo("Actor2Geo", False)
                             + _geo("ActionGeo", False) + ["DATEADDED", "SOURCEURL"])
#: GDELT 1.0 historical backfile columns (57: no SOURCEURL).
GDELT1_HISTORICAL_COLUMNS: list[str] = GDELT1_COLUMNS[:-1]
#: GDELT 2.0 export columns (61).
GDELT2_COLUMNS: list[str] = (_BASE + _geo("Actor1Geo", True) + _geo("Actor2Geo", True)
                             + _geo("ActionGeo", True) + ["DATEADDED", "SOURCEURL"])

_NEEDED = ["GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1CountryCode", "Actor1KnownGroupCode",
           "Actor2Code", "Actor2CountryCode", "Actor2KnownGroupCode", "IsRootEvent", "EventCode",
           "NumMentions", "NumSources", "NumArticles", "AvgTone"]

_FIELDS = {"event_id": "GLOBALEVENTID", "date": "SQLDATE", "cameo": "EventCode",
           "root_event": "IsRootEvent", "mentions": "NumMentions", "sources": "NumSources",
           "articles": "NumArticles", "tone": "AvgTone"}

FORMATS = ("gdelt1", "gdelt2", "gdelt1csv")

_STAMP = re.compile(r"(?<!\d)((?:19|20)\d{6})(\d{6})?(?!\d)")


def file_stamp(path: str | Path) -> _dt.date | None:
    """The date in a GDELT export file name (``20150218230000.export.CSV`` -> 2015-02-18)."""
    m = _STAMP.search(Path(path).name)
    if not m:
        return None
    try:
        return _dt.datetime.strptime(m.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def _actor_keys(t: pa.Table, side: str) -> pa.Array:
    country = t.column(f"Actor{side}CountryCode")
    group = t.column(f"Actor{side}KnownGroupCode")
    grp = pc.binary_join_element_wise(pa.scalar("grp:"), group, "")
    return pc.coalesce(country, grp)


def _raw_from(t: pa.Table, lines) -> pa.Table:
    return pa.table({
        "event_id": t.column("GLOBALEVENTID"), "date": t.column("SQLDATE"),
        "a1_key": _actor_keys(t, "1"), "a2_key": _actor_keys(t, "2"),
        "a1_code": t.column("Actor1Code"), "a2_code": t.column("Actor2Code"),
        "cameo": t.column("EventCode"), "root_event": t.column("IsRootEvent"),
        "mentions": t.column("NumMentions"), "sources": t.column("NumSources"),
        "articles": t.column("NumArticles"), "tone": t.column("AvgTone"),
        "line": pa.array(lines, pa.int64()),
    })


def parse_export(path: str | Path, version: int = 2, *, since: _dt.date | None = None,
                 mapper: ActorMapper | None = None, data: bytes | None = None) -> ParseResult:
    """Parse a GDELT 1.0 daily or 2.0 15-minute export file (tab-separated, no header).

    Parameters
    ----------
    path : path
        The file (``.CSV``, ``.CSV.zip`` or ``.gz``).
    version : {1, 2}
        GDELT 1.0 (57 or 58 columns) or 2.0 (61 columns).
    since : date, optional
        Drop (without quarantining) events dated before this day.

    Returns
    -------
    ParseResult
        ``table`` in the event store layout (:data:`amity.events.schema.EVENT_COLUMNS`),
        ``rejects`` (file, line, field, reason, raw) for malformed rows.
    """
    path = Path(path)
    if version not in (1, 2):
        raise InputError(f"GDELT version must be 1 or 2, not {version!r}", field="version")
    if data is None:
        data = read_bytes(path)
    if version == 1:
        layouts = {58: GDELT1_COLUMNS, 57: GDELT1_HISTORICAL_COLUMNS}
        what = "a GDELT 1.0 export (57 or 58 tab-separated columns, no header)"
    else:
        layouts = {61: GDELT2_COLUMNS}
        what = "a GDELT 2.0 export (61 tab-separated columns, no header)"
    sp = split_tsv(data, file=str(path), names=layouts, include=_NEEDED, expected=what)
    extra = [{"file": str(path), "line": ln, "field": None,
              "reason": f"wrong column count: {n} (expected {sp.ncols or sorted(layouts)[-1]})",
              "raw": text} for ln, n, text in sp.bad]
    if sp.table.num_rows and sp.lines[0] == 1 and sp.table.column("GLOBALEVENTID")[0].as_py() == "GLOBALEVENTID":
        raise InputError("the file has a header line; real GDELT exports have none "
                         "(for an R/CSV re-export use --format gdelt1csv)", file=str(path), line=1)
    raw = _raw_from(sp.table, sp.lines)
    return normalize(raw, source=f"gdelt{version}", file=str(path), date_format="%Y%m%d",
                     fields=_FIELDS, mapper=mapper or ActorMapper("code"), since=since,
                     extra_rejects=extra, lines=sp.table.num_rows + len(sp.bad))


def parse_r_export(path: str | Path, *, since: _dt.date | None = None,
                   mapper: ActorMapper | None = None) -> ParseResult:
    """Parse GDELT 1.0 rows re-exported from R (comma-separated, quoted, header, ``NA``).

    Line numbers count the header as line 1. Rows with the wrong number of fields are
    rejected with their line.
    """
    path = Path(path)
    data = read_bytes(path)
    try:  # the header becomes column names: it must be UTF-8 (values are checked by Arrow)
        data[: data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not a UTF-8 CSV (header line: {e.reason} at byte {e.start}); "
                         "re-export it as UTF-8", file=str(path), line=1) from None
    bad: list[dict] = []

    def on_bad(row) -> str:
        bad.append({"file": str(path), "line": row.number, "field": None,
                    "reason": f"wrong column count: {row.actual_columns} "
                              f"(expected {row.expected_columns})", "raw": row.text})
        return "skip"

    try:
        t = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=",", quote_char='"',
                                             invalid_row_handler=on_bad),
            convert_options=pacsv.ConvertOptions(
                null_values=["NA", ""], strings_can_be_null=True,
                quoted_strings_can_be_null=True, column_types={c: pa.string() for c in _NEEDED}),
        )
    except ValueError as e:  # ArrowInvalid, and UnicodeDecodeError for a non-UTF-8 file
        raise InputError(f"cannot parse as an R re-export of GDELT 1.0 (UTF-8 CSV with a "
                         f"header): {e}", file=str(path)) from None
    missing = [c for c in _NEEDED if c not in t.column_names]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)} in the header", file=str(path),
                         line=1, field=missing[0])
    t = t.select(_NEEDED).cast(pa.schema([(c, pa.string()) for c in _NEEDED]))
    # physical lines of the good rows: 2.. skipping the lines handed to on_bad
    bad_lines = sorted(b["line"] for b in bad if b["line"] is not None)
    lines, ln, bi = [], 2, 0
    for _ in range(t.num_rows):
        while bi < len(bad_lines) and bad_lines[bi] == ln:
            ln += 1
            bi += 1
        lines.append(ln)
        ln += 1
    raw = _raw_from(t, lines)
    return normalize(raw, source="gdelt1csv", file=str(path), date_format="%Y%m%d",
                     fields=_FIELDS, mapper=mapper or ActorMapper("code"), since=since,
                     extra_rejects=bad, lines=t.num_rows + len(bad))


def rejects_or_raise(res: ParseResult, rejects: list | None) -> None:
    """Source-registry contract: record bad rows in ``rejects``, or raise on the first one."""
    if not res.rejects:
        return
    if rejects is None:
        r = res.rejects[0]
        raise InputError(f"{r['reason']}: {r['raw']!r}", file=r["file"], line=r["line"],
                         field=r["field"])
    rejects.extend(res.rejects)


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
