"""Fuzzing every dataset importer (:mod:`amity.sources`): mutated files (truncated, re-encoded,
flipped bytes, huge or odd cells, lost headers) and mutated frames behind the R/Stata readers
(lost or renamed columns, text in number columns, all-missing columns, no rows...).

The outcome must be the tables (storable in DuckDB as ``amity load`` stores them), or a typed
Amity error naming the file; with ``rejects`` (``--skip-bad-rows``) every quarantined row says
where and why. Anything else is a crash a user would see as a traceback.
"""
from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from amity.reliability.fuzz import (
    FUZZ,
    assert_located,
    assert_rejects,
    head_bytes,
    mutated_bytes,
    mutated_frame,
    outcome,
    store_tables,
)
from amity.sources import get, registry

pytestmark = pytest.mark.fuzz

BINARY = (".rda", ".rdata", ".dta")
SEED_ROWS = 30


def _kind(path: str) -> str:
    p = path.lower()
    if p.endswith((".rda", ".rdata")):
        return "rda"
    if p.endswith(".dta"):
        return "dta"
    return "text"


def _sep(path: str) -> bytes:
    return b"\t" if path.lower().endswith((".tab", ".tsv", ".txt")) else b","


_ALT_PARQUET = {  # large R files: seed frames from the mirror's Parquet conversions
    "unvotes/rda/un_votes.rda": ("unvotes/un_votes.parquet", "un_votes"),
    "unvotes/rda/UNVotesPublished.RData": ("unvotes/UNVotesPublished.parquet", "x"),
    "peacesciencer/rda/atop_alliance.rda": ("peacesciencer/parquet/atop_alliance.parquet",
                                            "atop_alliance"),
}


def _r_like(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet's nullable integers back to what pyreadr gives for R numerics (float64)."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_integer_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c]):
            out[c] = out[c].astype("float64")
        elif isinstance(out[c].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


@functools.lru_cache(maxsize=None)
def seed_frames(mirror: str, rel: str) -> dict[str, pd.DataFrame]:
    """The first rows of an R or Stata file, as its reader library returns them."""
    if rel in _ALT_PARQUET:
        import pyarrow.parquet as pq

        prel, obj = _ALT_PARQUET[rel]
        f = pq.ParquetFile(Path(mirror) / prel)
        head = next(f.iter_batches(batch_size=SEED_ROWS)).to_pandas()
        return {obj: _r_like(head)}
    p = Path(mirror) / rel
    if _kind(rel) == "dta":
        return {"": pd.read_stata(p).head(SEED_ROWS).reset_index(drop=True)}
    import pyreadr

    return {k: v.head(SEED_ROWS).reset_index(drop=True) for k, v in pyreadr.read_r(str(p)).items()}


def _write_rda(df: pd.DataFrame, obj: str, path: Path) -> None:
    import pyreadr

    out = df.copy()
    for c in out.columns:
        if not (pd.api.types.is_float_dtype(out[c]) or pd.api.types.is_integer_dtype(out[c])
                or pd.api.types.is_bool_dtype(out[c])):
            out[c] = out[c].astype(object).where(out[c].notna(), None).map(
                lambda v: None if v is None else str(v))
    pyreadr.write_rdata(str(path), out, df_name=obj)


@functools.lru_cache(maxsize=None)
def seed_file(mirror: str, rel: str) -> bytes:
    """A small, valid file of the same kind: text head, or a re-written R/Stata file."""
    kind = _kind(rel)
    if kind == "text":
        return head_bytes(Path(mirror) / rel, SEED_ROWS)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / Path(rel).name
        frames = seed_frames(mirror, rel)
        if kind == "dta":
            next(iter(frames.values())).to_stata(out, write_index=False)
        else:
            obj, df = next(iter(frames.items()))
            _write_rda(df, obj, out)
        return out.read_bytes()


def _check(src, paths: dict[str, Path]) -> None:
    files = [str(p) for p in paths.values()]
    for rejects in (None, []):
        kind, res = outcome(src.read, paths, rejects)
        if kind == "known":    # recorded in test_fuzz_regressions.py
            continue
        if kind == "error":
            assert_located(res, files)
            continue
        assert set(src.tables) <= set(res), f"{src.name} returned {sorted(res)}"
        outcome(store_tables, res)
        if rejects:
            assert_rejects(rejects, files)


def _sources() -> list[str]:
    # optional sources (COW dyadic trade) have no file in the mirror to mutate; their
    # readers are tested on small files of their own (tests/test_panel_trade.py)
    return sorted(n for n, s in registry().items() if s.kind != "optional")


def _file_params() -> list[tuple[str, str]]:
    return [(n, f.key) for n in _sources() for f in get(n).files]


@pytest.mark.parametrize("name,key", _file_params())
def test_fuzz_importer_files(name, key, mirror):
    """Mutated bytes of one file of a source (the others small and valid)."""
    src = get(name)
    m = str(mirror)
    seeds = {f.key: seed_file(m, f.mirror_path) for f in src.files}
    spec = next(f for f in src.files if f.key == key)

    @FUZZ
    @given(blob=mutated_bytes(seeds[key], _sep(spec.mirror_path)))
    def run(blob):
        with tempfile.TemporaryDirectory() as d:
            paths = {}
            for f in src.files:
                p = Path(d) / Path(f.mirror_path).name
                p.write_bytes(blob if f.key == key else seeds[f.key])
                paths[f.key] = p
            _check(src, paths)

    run()


def _frame_params() -> list[tuple[str, str]]:
    return [(n, f.key) for n in _sources() for f in get(n).files
            if _kind(f.mirror_path) != "text"]


@pytest.mark.parametrize("name,key", _frame_params())
def test_fuzz_importer_frames(name, key, mirror):
    """Mutated frames behind the R/Stata reader of one file (what any such file could hold)."""
    import pyreadr

    src = get(name)
    m = str(mirror)
    seeds = {f.key: seed_frames(m, f.mirror_path) for f in src.files if _kind(f.mirror_path) != "text"}
    texts = {f.key: seed_file(m, f.mirror_path) for f in src.files if _kind(f.mirror_path) == "text"}
    obj, base = next(iter(seeds[key].items()))

    @FUZZ
    @given(data=st.data())
    def run(data):
        frame = data.draw(mutated_frame(base))
        by_name: dict[str, dict[str, pd.DataFrame]] = {}
        with tempfile.TemporaryDirectory() as d, pytest.MonkeyPatch.context() as mp:
            paths = {}
            for f in src.files:
                p = Path(d) / Path(f.mirror_path).name
                if f.key in texts:
                    p.write_bytes(texts[f.key])
                else:
                    p.write_bytes(b"placeholder: the patched reader serves the frame")
                    frames = {o: (frame if f.key == key and o == obj else v)
                              for o, v in seeds[f.key].items()}
                    by_name[p.name] = frames
                paths[f.key] = p

            def fake_read_r(path, *a, **kw):
                return {o: v.copy() for o, v in by_name[Path(path).name].items()}

            def fake_read_stata(path, *a, **kw):
                return next(iter(by_name[Path(path).name].values())).copy()

            mp.setattr(pyreadr, "read_r", fake_read_r)
            mp.setattr(pd, "read_stata", fake_read_stata)
            _check(src, paths)

    run()
