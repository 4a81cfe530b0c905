"""Fast reading of tab-separated event files with exact line numbers for bad rows.

The column count of every physical line is found with numpy (count of tab bytes between
newlines), so rows with the wrong number of columns are set aside with their line number and
text before Arrow parses the rest in parallel.
"""
from __future__ import annotations

import gzip
import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from amity.errors import InputError


# Decompression bounds (a gzip or zip bomb must not exhaust memory): at most
# AMITY_MAX_DECOMPRESSED bytes out of one archive (default 4 GiB), and, once past 64 MiB, at
# most MAX_RATIO bytes out per compressed byte (text compresses 5-15:1; a bomb 1000:1).
MAX_DECOMPRESSED = 4 << 30
MAX_RATIO = 200
_RATIO_FLOOR = 64 << 20
_CHUNK = 1 << 20


def max_decompressed() -> int:
    v = os.environ.get("AMITY_MAX_DECOMPRESSED")
    try:
        return int(v) if v else MAX_DECOMPRESSED
    except ValueError:
        return MAX_DECOMPRESSED


def read_capped(fh, compressed: int, path) -> bytes:
    """Read a decompressing stream ``fh`` in chunks, refusing (InputError naming the file and
    the limit) an archive that decompresses beyond the size or ratio bounds."""
    limit = max_decompressed()
    out = bytearray()
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return bytes(out)
        out += chunk
        n = len(out)
        if n > limit:
            raise InputError(f"the archive decompresses to more than {limit:,} bytes (the "
                             "limit, AMITY_MAX_DECOMPRESSED); split it or raise the limit",
                             file=str(path))
        if n > _RATIO_FLOOR and n > MAX_RATIO * max(compressed, 1):
            raise InputError(f"the archive decompresses over {MAX_RATIO}:1 (a likely "
                             f"decompression bomb: {compressed:,} bytes give more than "
                             f"{n:,}); refused", file=str(path))


def decompress(path: Path, raw: bytes | None = None) -> bytes:
    """Contents of ``path`` (or of its bytes ``raw``): ``.zip`` (first member) and ``.gz``
    decompressed within the bounds above, anything else as is."""
    p = Path(path)
    name = p.name.lower()
    src = io.BytesIO(raw) if raw is not None else p
    if name.endswith(".zip"):
        with zipfile.ZipFile(src) as z:
            members = [m for m in z.infolist() if not m.filename.endswith("/")]
            if not members:
                raise InputError("empty zip archive", file=str(p))
            with z.open(members[0]) as fh:
                return read_capped(fh, members[0].compress_size, p)
    if name.endswith(".gz"):
        size = len(raw) if raw is not None else p.stat().st_size
        with gzip.open(src, "rb") as fh:
            return read_capped(fh, size, p)
    return raw if raw is not None else p.read_bytes()


def read_bytes(path: Path) -> bytes:
    """File contents; ``.zip`` (first member) and ``.gz`` are opened transparently (within
    the decompression bounds)."""
    p = Path(path)
    try:
        return decompress(p)
    except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as e:
        raise InputError(f"cannot read file: {e}", file=str(p)) from None


@dataclass
class SplitLines:
    table: pa.Table           # parsed good rows, all string columns
    lines: np.ndarray         # physical line number (1-based) of each row of ``table``
    bad: list[tuple[int, int, str]]   # (line, column count, text) of wrong-width lines
    ncols: int
    header: list[str] | None


def split_tsv(data: bytes, *, file: str, names: Sequence[str] | dict[int, Sequence[str]] | None,
              include: Sequence[str] | None = None, header: bool = False,
              expected: str = "", min_good_share: float = 0.5) -> SplitLines:
    """Parse tab-separated ``data`` (no quoting) into string columns.

    Parameters
    ----------
    names : sequence or {ncols: sequence} or None
        Column names; a dict accepts several layouts by column count (GDELT 1.0 has 57 or 58
        columns); None with ``header=True`` takes the names from line 1.
    include : sequence, optional
        Only these columns are materialized.
    expected : str
        Human description of the layout for the error raised when most lines do not fit.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip(b"\r\n"):  # empty, or nothing but line breaks
        if header:
            raise InputError("file is empty (no header line)", file=file, line=1)
        first = names if not isinstance(names, dict) else next(iter(names.values()))
        cols = [c for c in (include or first) if c in first]
        return SplitLines(pa.table({c: pa.array([], pa.string()) for c in cols}),
                          np.array([], dtype=np.int64), [], 0, None)
    if not header:
        fast = _fast_path(data, file=file, names=names, include=include)
        if fast is not None:
            return fast
    buf = np.frombuffer(data, dtype=np.uint8)
    nl = np.flatnonzero(buf == 10)
    ends = nl if (len(buf) and buf[-1] == 10) else np.append(nl, len(buf))
    starts = np.concatenate(([0], nl + 1))[: len(ends)]
    length = ends - starts
    if len(starts):
        # tabs per line: sum of a uint16 tab mask over each line's byte segment
        ntabs = np.add.reduceat((buf == 9).astype(np.uint16), np.minimum(starts, max(len(buf) - 1, 0)))
        ntabs = np.where(length == 0, 0, ntabs)
    else:
        ntabs = np.zeros(0, dtype=np.int64)
    blank = length == 0
    if len(buf):  # a line holding only '\r' is blank too
        blank |= (length == 1) & (buf[np.minimum(starts, len(buf) - 1)] == 13)
    ncols_line = ntabs + 1
    lineno = np.arange(1, len(ends) + 1)

    hdr: list[str] | None = None
    first_data = 0
    if header:
        nonblank = np.flatnonzero(~blank)
        if not len(nonblank):
            raise InputError("file is empty (no header line)", file=file, line=1)
        h = int(nonblank[0])
        hdr = data[starts[h]:ends[h]].decode("utf-8", "replace").rstrip("\r").split("\t")
        first_data = h + 1
        layouts = {len(hdr): list(hdr)}
    elif isinstance(names, dict):
        layouts = {int(k): list(v) for k, v in names.items()}
    else:
        layouts = {len(names): list(names)}

    body = np.arange(len(ends)) >= first_data
    cand = body & ~blank
    if not cand.any():
        empty = {c: pa.array([], pa.string()) for c in (include or next(iter(layouts.values())))}
        return SplitLines(pa.table(empty), np.array([], dtype=np.int64), [], 0, hdr)
    counts = {k: int(((ncols_line == k) & cand).sum()) for k in layouts}
    ncols = max(counts, key=counts.get)
    good = cand & (ncols_line == ncols)
    n_cand = int(cand.sum())
    n_good = int(good.sum())
    if n_good < min_good_share * n_cand and n_cand >= 5 or n_good == 0:
        i = int(np.flatnonzero(cand & ~good)[0])
        raise InputError(
            f"this does not look like {expected or 'the expected layout'}: "
            f"line {i + 1} has {int(ncols_line[i])} tab-separated columns "
            f"(expected {' or '.join(str(k) for k in sorted(layouts))}); "
            f"{n_cand - n_good} of {n_cand} lines do not fit", file=file, line=i + 1)
    badidx = np.flatnonzero(cand & ~good)
    bad = [(int(i) + 1, int(ncols_line[i]),
            data[starts[i]:ends[i]].decode("utf-8", "replace").rstrip("\r")) for i in badidx]
    if len(badidx) == 0 and first_data == 0 and not blank.any():
        body_bytes = data
    else:
        keep = np.flatnonzero(good)
        # concatenate runs of consecutive good lines
        brk = np.flatnonzero(np.diff(keep) != 1)
        run_starts = np.concatenate(([keep[0]], keep[brk + 1]))
        run_ends = np.concatenate((keep[brk], [keep[-1]]))
        pieces = [data[starts[a]:ends[b]] for a, b in zip(run_starts, run_ends)]
        body_bytes = b"\n".join(pieces) + b"\n"
    colnames = layouts[ncols]
    inc = [c for c in (include or colnames) if c in colnames]
    try:
        table = _read(body_bytes, colnames, inc)
    except pa.ArrowInvalid as e:
        raise InputError(f"cannot parse: {e}", file=file) from None
    if table.num_rows != n_good:  # should never happen; refuse rather than misnumber lines
        raise InputError(f"internal line count mismatch ({table.num_rows} rows parsed, "
                         f"{n_good} lines expected)", file=file)
    return SplitLines(table, lineno[good].astype(np.int64), bad, ncols, hdr)


def _fast_path(data: bytes, *, file: str, names, include) -> SplitLines | None:
    """Parse in one Arrow pass when every line is non-blank and has the layout of line 1.

    Returns None (caller takes the exact, slower path) as soon as anything is irregular.
    """
    layouts = ({int(k): list(v) for k, v in names.items()} if isinstance(names, dict)
               else {len(names): list(names)})
    first = data[: data.find(b"\n")] if b"\n" in data else data
    ncols = first.count(b"\t") + 1
    if ncols not in layouts:
        return None
    if data.startswith(b"\n") or b"\n\n" in data or b"\n\r\n" in data:
        return None
    n_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    bad: list[str] = []
    colnames = layouts[ncols]
    inc = [c for c in (include or colnames) if c in colnames]
    try:
        table = _read(data, colnames, inc, on_bad=lambda row: bad.append(row.text) or "skip")
    except pa.ArrowInvalid:
        return None
    if bad or table.num_rows != n_lines:
        return None
    return SplitLines(table, np.arange(1, n_lines + 1, dtype=np.int64), [], ncols, None)


def _read(body_bytes: bytes, colnames: list[str], inc: list[str], on_bad=None) -> pa.Table:
    return pacsv.read_csv(
        pa.py_buffer(body_bytes),
        read_options=pacsv.ReadOptions(column_names=colnames, block_size=32 << 20),
        parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False, double_quote=False,
                                         escape_char=False, newlines_in_values=False,
                                         ignore_empty_lines=True, invalid_row_handler=on_bad),
        convert_options=pacsv.ConvertOptions(
            include_columns=inc, column_types={c: pa.string() for c in inc},
            strings_can_be_null=True, null_values=[""]),
    )


def text_io(data: bytes) -> io.StringIO:
    return io.StringIO(data.decode("utf-8", "replace"))
