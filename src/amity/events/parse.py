"""Event-file parsers: GDELT 1.0/2.0 exports, GDELT R re-exports, ICEWS Dataverse ``.tab``.

This is the public parsing surface of :mod:`amity.events`: the event ingester and the
event sources in :mod:`amity.sources` (``gdelt-sample``, ``icews-sample``) both parse through
it, so parsing lives on the events side and sources depend on events, never the reverse.
Every parser returns a :class:`ParseResult` in the layout of :mod:`amity.events.schema`.

GDELT
-----
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

ICEWS
-----
ICEWS coded event data in the Harvard Dataverse ``.tab`` format.

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
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from amity.errors import InputError
from amity.events._actors import ActorMapper
from amity.events._lines import read_bytes, split_tsv
from amity.events._normalize import ParseResult, normalize

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

_GDELT_NEEDED = ["GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1CountryCode", "Actor1KnownGroupCode",
           "Actor2Code", "Actor2CountryCode", "Actor2KnownGroupCode", "IsRootEvent", "EventCode",
           "NumMentions", "NumSources", "NumArticles", "AvgTone"]

_GDELT_FIELDS = {"event_id": "GLOBALEVENTID", "date": "SQLDATE", "cameo": "EventCode",
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
    sp = split_tsv(data, file=str(path), names=layouts, include=_GDELT_NEEDED, expected=what)
    extra = [{"file": str(path), "line": ln, "field": None,
              "reason": f"wrong column count: {n} (expected {sp.ncols or sorted(layouts)[-1]})",
              "raw": text} for ln, n, text in sp.bad]
    if sp.table.num_rows and sp.lines[0] == 1 and sp.table.column("GLOBALEVENTID")[0].as_py() == "GLOBALEVENTID":
        raise InputError("the file has a header line; real GDELT exports have none "
                         "(for an R/CSV re-export use --format gdelt1csv)", file=str(path), line=1)
    raw = _raw_from(sp.table, sp.lines)
    return normalize(raw, source=f"gdelt{version}", file=str(path), date_format="%Y%m%d",
                     fields=_GDELT_FIELDS, mapper=mapper or ActorMapper("code"), since=since,
                     extra_rejects=extra, lines=sp.table.num_rows + len(sp.bad))


def _groupable(data: bytes) -> bool:
    """True for export bytes that can be parsed together with others: non-empty, plain
    ``\n`` line ends, no byte-order mark, no header line."""
    if not data or (data[0] == 10 and not data.strip(b"\n")):   # strip copies: only if needed
        return False
    return (b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
            and not data.startswith(b"GLOBALEVENTID"))


def parse_exports(items: list[tuple[str | Path, bytes]], version: int = 2, *,
                  mapper: ActorMapper | None = None) -> list[ParseResult]:
    """:func:`parse_export` of many files at once: the same results, file by file.

    GDELT 2.0 writes a file every 15 minutes with a few hundred to a few thousand events, so
    parsing file by file spends most of its time in the per-call overhead of the Arrow
    kernels. Here the files' bytes are parsed as one buffer and the rows, their lines and
    the rejected rows are handed back to each file. A file that cannot share the buffer
    (empty, ``\r\n`` line ends, a byte-order mark, a header line) or whose rows mostly do not
    fit the layout (which :func:`parse_export` refuses with an error naming it) is parsed on
    its own, so errors and rejects are exactly those of file-by-file parsing.
    """
    mapper = mapper or ActorMapper("code")
    out: list[ParseResult | None] = [None] * len(items)
    group: list[int] = []
    datas: list[bytes] = []
    for i, (path, data) in enumerate(items):
        if _groupable(data):
            group.append(i)
            datas.append(data if data.endswith(b"\n") else data + b"\n")
        else:
            out[i] = parse_export(path, version, mapper=mapper, data=data)
    if len(group) == 1:
        i = group[0]
        out[i] = parse_export(items[i][0], version, mapper=mapper, data=items[i][1])
        group = []
    if group:
        nlines = np.array([d.count(b"\n") for d in datas], dtype=np.int64)
        # file k holds the buffer's lines start[k] + 1 .. start[k + 1]
        start = np.concatenate(([0], np.cumsum(nlines)))
        layouts = {61: GDELT2_COLUMNS} if version == 2 else {58: GDELT1_COLUMNS,
                                                             57: GDELT1_HISTORICAL_COLUMNS}
        try:
            sp = split_tsv(b"".join(datas), file="<group>", names=layouts, include=_GDELT_NEEDED)
        except InputError:
            sp = None
        if sp is not None:
            good_of = np.bincount(np.searchsorted(start, sp.lines, side="left") - 1,
                                  minlength=len(group))
            bad_of = np.bincount(np.searchsorted(start, [b[0] for b in sp.bad], side="left") - 1,
                                 minlength=len(group)) if sp.bad else np.zeros(len(group), int)
            alone = [(g == 0) or (g < 0.5 * (g + b) and g + b >= 5)
                     for g, b in zip(good_of, bad_of)]
            if any(alone):        # such a file is refused or rejected as on its own: regroup
                rest = [(items[i][0], items[i][1]) for i, a in zip(group, alone) if not a]
                for i, a in zip(group, alone):
                    if a:
                        out[i] = parse_export(items[i][0], version, mapper=mapper,
                                              data=items[i][1])
                left = [i for i, a in zip(group, alone) if not a]
                for i, r in zip(left, parse_exports(rest, version, mapper=mapper)):
                    out[i] = r
                return out   # type: ignore[return-value]
            names = [str(Path(items[i][0])) for i in group]
            extra = [{"file": "<group>", "line": ln, "field": None,
                      "reason": f"wrong column count: {n} (expected {sp.ncols})", "raw": text}
                     for ln, n, text in sp.bad]
            raw = _raw_from(sp.table, sp.lines)
            res = normalize(raw, source=f"gdelt{version}", file="<group>", date_format="%Y%m%d",
                            fields=_GDELT_FIELDS, mapper=mapper, extra_rejects=extra,
                            lines=sp.table.num_rows + len(sp.bad))
            t = res.table
            line = np.asarray(t.column("line").to_numpy(zero_copy_only=False), dtype=np.int64)
            which = np.searchsorted(start, line, side="left") - 1
            cuts = np.searchsorted(which, np.arange(len(group) + 1), side="left")
            t = t.set_column(t.schema.get_field_index("line"), "line",
                             pa.array(line - start[which], pa.int64()))
            t = t.set_column(t.schema.get_field_index("file"), "file",
                             pc.take(pa.array(names, pa.string()), pa.array(which)))
            rejects: list[list[dict]] = [[] for _ in group]
            for r in res.rejects:
                k = int(np.searchsorted(start, r["line"], side="left") - 1)
                r = dict(r, file=names[k], line=int(r["line"] - start[k]))
                rejects[k].append(r)
            for k, i in enumerate(group):
                out[i] = ParseResult(table=t.slice(int(cuts[k]), int(cuts[k + 1] - cuts[k])),
                                     rejects=rejects[k], lines=int(good_of[k] + bad_of[k]),
                                     unresolved=res.unresolved if k == 0 else {})
        else:
            for i in group:
                out[i] = parse_export(items[i][0], version, mapper=mapper, data=items[i][1])
    return out   # type: ignore[return-value]


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
                quoted_strings_can_be_null=True, column_types={c: pa.string() for c in _GDELT_NEEDED}),
        )
    except ValueError as e:  # ArrowInvalid, and UnicodeDecodeError for a non-UTF-8 file
        raise InputError(f"cannot parse as an R re-export of GDELT 1.0 (UTF-8 CSV with a "
                         f"header): {e}", file=str(path)) from None
    missing = [c for c in _GDELT_NEEDED if c not in t.column_names]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)} in the header", file=str(path),
                         line=1, field=missing[0])
    t = t.select(_GDELT_NEEDED).cast(pa.schema([(c, pa.string()) for c in _GDELT_NEEDED]))
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
                     fields=_GDELT_FIELDS, mapper=mapper or ActorMapper("code"), since=since,
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


# --- ICEWS ---------------------------------------------------------------------

ICEWS_REQUIRED = ["Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code",
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

_ICEWS_FIELDS = {"event_id": "Event ID", "date": "Event Date", "cameo": "CAMEO Code"}


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
    missing = [c for c in ICEWS_REQUIRED if c not in (sp.header or [])]
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
                     fields=_ICEWS_FIELDS, mapper=mapper or ActorMapper("name", ICEWS_NAMES), since=since,
                     extra_rejects=extra, lines=t.num_rows + len(sp.bad))


__all__ = ["ActorMapper", "ParseResult", "normalize", "read_bytes", "split_tsv",
           "FORMATS", "GDELT1_COLUMNS", "GDELT1_HISTORICAL_COLUMNS", "GDELT2_COLUMNS",
           "ICEWS_NAMES", "ICEWS_REQUIRED", "file_stamp", "parse_export", "parse_exports", "parse_r_export",
           "parse_tab", "rejects_or_raise"]
