"""Fuzzing helpers for the test suite (needs hypothesis): example budget, mutation strategies
for files and frames, and the outcome checks (typed error with file/line/field, or quarantine
with a reason; anything else is a crash).

``AMITY_FUZZ_EXAMPLES`` sets the examples per target (default 10, what CI runs; ``make fuzz`` 10000).
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import traceback
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from amity.errors import AmityError, InputError

EXAMPLES = int(os.environ.get("AMITY_FUZZ_EXAMPLES", "10"))
#: CI (no AMITY_FUZZ_EXAMPLES) draws the same examples every run, so a red build means a
#: change, not luck; ``make fuzz`` (or any explicit budget) explores afresh each time.
DERANDOMIZE = "AMITY_FUZZ_EXAMPLES" not in os.environ

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
                suppress_health_check=list(HealthCheck), print_blob=True)

HUGE = "x" * 300_000

#: cell values that break naive readers
NASTY = st.one_of(
    st.none(), st.just(float("nan")), st.just(float("inf")), st.just(-1e308),
    st.integers(-(2 ** 63), 2 ** 63 - 1), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.just(""), st.just("NA"), st.just(" "), st.just(HUGE),
    st.just("9999-12-31"), st.just("0000-00-00"), st.just("2022-02-30"), st.just("-9"),
    st.just("1e400"), st.just("\x00"), st.just("Korea, South"), st.just('"'),
    st.just("\ufeff"), st.just("null"), st.booleans(),
)


class Crash(AssertionError):
    """Something other than a typed Amity error escaped: what a user would see as a traceback."""


#: Crashes found by fuzzing in modules this area does not own, each recorded as an
#: ``xfail`` regression test in ``tests/test_fuzz_regressions.py`` with the proposed fix:
#: (exception type name, "amity/<module path>:<function>" of the innermost Amity frame).
#: The fuzz targets tolerate exactly these signatures (so CI stays green while the owners fix
#: them); any other untyped exception fails the run. Remove an entry once its fix lands.
KNOWN_CRASHES: dict[tuple[str, str], str] = {
    # (exception type or "*", "amity/<path>:<function>") -> why; empty: every crash the fuzz
    # targets found has been fixed and is kept as a test in tests/test_fuzz_regressions.py
}


def crash_signature(e: BaseException) -> tuple[str, str]:
    """(exception type name, "amity/<path>:<function>" of the innermost Amity frame)."""
    where = "?"
    tb = e.__traceback__
    while tb is not None:
        fn = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/amity/" in fn and "/amity/reliability/" not in fn:
            where = "amity/" + fn.rsplit("/amity/", 1)[1] + ":" + tb.tb_frame.f_code.co_name
        tb = tb.tb_next
    return type(e).__name__, where


def outcome(fn, *args, **kw) -> tuple[str, Any]:
    """Run ``fn``: ("ok", result), ("error", AmityError) or ("known", exception) for a crash
    listed in :data:`KNOWN_CRASHES`; anything else raises :class:`Crash`."""
    try:
        return "ok", fn(*args, **kw)
    except AmityError as e:
        return "error", e
    except Exception as e:  # noqa: BLE001 - the point of the test
        sig = crash_signature(e)
        if sig in KNOWN_CRASHES or ("*", sig[1]) in KNOWN_CRASHES:
            return "known", e
        raise Crash(f"untyped {type(e).__name__} at {sig[1]}: {str(e)[:300]}\n"
                    + "".join(traceback.format_exception(e)[-6:])) from e


def assert_located(e: AmityError, files: list[str]) -> None:
    """An InputError names the file (one of ``files``); other Amity errors carry a message."""
    assert str(e).strip(), "an error without a message"
    if isinstance(e, InputError):
        assert e.file, f"InputError without a file: {e}"
        assert any(str(e.file).endswith(os.path.basename(f)) or str(f) in str(e.file)
                   for f in files), f"InputError names {e.file!r}, not one of {files}"


def assert_rejects(rejects: list, files: list[str]) -> None:
    """Quarantine entries say where and why."""
    for r in rejects:
        assert r.get("reason"), f"reject without a reason: {r}"
        assert r.get("file"), f"reject without a file: {r}"
        assert r.get("line") is None or int(r["line"]) >= 0, r


# --------------------------------------------------------------------------- bytes

@st.composite
def mutated_bytes(draw, seed: bytes, sep: bytes = b",") -> bytes:
    """A text file mutated 1-3 times: truncation, inserted/flipped bytes, a re-encoding, a
    huge or odd cell, a lost header, extra delimiters, CRLF, a BOM, or nothing at all."""
    data = seed
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from([
            "truncate", "insert", "flip", "utf16", "cp1252", "huge_cell", "odd_cell",
            "drop_header", "extra_sep", "crlf", "bom", "empty", "dup_line", "drop_sep",
            "nul", "only_header", "quote",
        ]))
        n = len(data)
        if op == "truncate" and n:
            data = data[: draw(st.integers(0, n))]
        elif op == "insert":
            at = draw(st.integers(0, n))
            data = data[:at] + draw(st.binary(min_size=1, max_size=40)) + data[at:]
        elif op == "flip" and n:
            at = draw(st.integers(0, n - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif op == "utf16":
            data = data.decode("utf-8", "replace").encode("utf-16")
        elif op == "cp1252":
            data = data.decode("utf-8", "replace").replace("a", "\u00e9", 3).encode(
                "cp1252", "replace")
        elif op in ("huge_cell", "odd_cell", "extra_sep", "drop_sep", "quote"):
            lines = data.split(b"\n")
            i = draw(st.integers(0, max(0, len(lines) - 1)))
            cells = lines[i].split(sep)
            j = draw(st.integers(0, max(0, len(cells) - 1)))
            if op == "huge_cell":
                cells[j] = HUGE.encode()
            elif op == "odd_cell":
                v = draw(NASTY)
                cells[j] = str(v).encode("utf-8", "surrogatepass")
            elif op == "extra_sep":
                cells.insert(j, b"")
            elif op == "drop_sep" and len(cells) > 1:
                cells[j: j + 2] = [cells[j] + cells[j + 1] if j + 1 < len(cells) else cells[j]]
            elif op == "quote":
                cells[j] = b'"' + cells[j]
            lines[i] = sep.join(cells)
            data = b"\n".join(lines)
        elif op == "drop_header":
            data = data.split(b"\n", 1)[-1]
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif op == "bom":
            data = codecs.BOM_UTF8 + data
        elif op == "empty":
            data = b""
        elif op == "dup_line":
            lines = data.split(b"\n")
            i = draw(st.integers(0, max(0, len(lines) - 1)))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif op == "nul" and n:
            at = draw(st.integers(0, n))
            data = data[:at] + b"\x00" * draw(st.integers(1, 8)) + data[at:]
        elif op == "only_header":
            data = data.split(b"\n", 1)[0] + b"\n"
    return data


def head_bytes(path, lines: int = 60) -> bytes:
    """The first ``lines`` lines of a file (a small, realistic seed)."""
    out = []
    with open(path, "rb") as fh:
        for i, line in enumerate(fh):
            if i >= lines:
                break
            out.append(line)
    return b"".join(out)


# --------------------------------------------------------------------------- frames

@st.composite
def mutated_frame(draw, seed: pd.DataFrame) -> pd.DataFrame:
    """A data frame as an R or Stata file could hold it, mutated 1-3 times: odd cells, lost
    or renamed columns, a column turned to text or all-missing, no rows, duplicated rows."""
    df = seed.copy()
    for c in df.columns:   # categoricals refuse new values; R factors read as text anyway
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(object)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["cell", "cells", "drop_col", "rename_col", "stringify",
                                   "null_col", "empty", "dup_rows", "negate", "huge_col",
                                   "float_col"]))
        cols = list(df.columns)
        if not cols:
            break
        c = draw(st.sampled_from(cols))
        if op in ("cell", "cells") and len(df):
            k = 1 if op == "cell" else draw(st.integers(1, min(5, len(df))))
            col = df[c].astype(object)
            for _ in range(k):
                i = draw(st.integers(0, len(df) - 1))
                col.iloc[i] = draw(NASTY)
            df[c] = col
        elif op == "drop_col":
            df = df.drop(columns=[c])
        elif op == "rename_col":
            df = df.rename(columns={c: c + "_x"})
        elif op == "stringify":
            df[c] = df[c].astype(str)
        elif op == "null_col":
            df[c] = np.nan
        elif op == "empty":
            df = df.iloc[0:0]
        elif op == "dup_rows" and len(df):
            df = pd.concat([df, df.iloc[: draw(st.integers(1, len(df)))]], ignore_index=True)
        elif op == "negate" and pd.api.types.is_numeric_dtype(df[c]):
            df[c] = -df[c]
        elif op == "huge_col":
            df[c] = HUGE[: draw(st.integers(1, len(HUGE)))]
        elif op == "float_col" and pd.api.types.is_numeric_dtype(df[c]):
            df[c] = df[c].astype("float64") + 0.5
    return df.reset_index(drop=True)


def store_tables(tables: dict[str, pd.DataFrame]) -> None:
    """Write each table as :func:`amity.sources.load.load` does (CREATE TABLE AS SELECT from
    the registered frame) into a throwaway DuckDB: a reader's output must be storable."""
    import duckdb

    con = duckdb.connect()
    try:
        for t, df in tables.items():
            con.register("_amity_frame", df)
            try:
                con.execute(f'CREATE OR REPLACE TABLE "ds_{t}" AS SELECT * FROM _amity_frame')
            finally:
                con.unregister("_amity_frame")
    finally:
        con.close()


def csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8", "surrogatepass")
