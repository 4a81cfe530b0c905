"""A reader for the small curated tables of peacesciencer's ``data/*.rda`` (one object per
file, named like the file). Importer modules declare their :class:`Source` with
:func:`ps_source`; the reader checks the columns, makes the code and year columns whole
numbers (a bad row raises or is quarantined, see :mod:`amity.sources.base`), keeps numbers as
floats or nullable integers and text as strings.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from amity.sources.base import (
    PEACESCIENCER,
    PEACESCIENCER_BIB,
    FileSpec,
    Source,
    coerce_int,
    raw_url,
    read_rda,
    reindex,
    require_columns,
)


def rda_reader(obj: str, table: str, keys: Iterable[str], ints: Iterable[str] = (),
               floats: Iterable[str] = (), texts: Iterable[str] = ()):
    """A reader for ``obj`` in the file keyed ``"rda"``, giving table ``table`` with
    ``keys`` (whole numbers, never missing), ``ints`` (nullable whole numbers), ``floats``
    and ``texts`` in that column order."""
    keys, ints, floats, texts = list(keys), list(ints), list(floats), list(texts)

    def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
        df = read_rda(paths["rda"], obj)
        require_columns(df, keys + ints + floats + texts)
        df = coerce_int(df, keys, rejects, allow_na=False)
        df = coerce_int(df, ints, rejects, allow_na=True)
        df = reindex(df)
        out = pd.DataFrame(index=df.index)
        for c in keys:
            out[c] = df[c].astype("int64")
        for c in ints:
            out[c] = df[c].astype("Int64")
        for c in floats:
            out[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
        for c in texts:
            out[c] = df[c].astype("string")
        return {table: out.reset_index(drop=True)}

    return _read


def ps_source(name: str, *, obj: str, title: str, version: str, years: tuple[int, int],
              license: str, bibtex: str, sha256: str, keys: Iterable[str],
              ints: Iterable[str] = (), floats: Iterable[str] = (), texts: Iterable[str] = (),
              table: str | None = None) -> Source:
    """A :class:`Source` for peacesciencer's ``data/<obj>.rda`` (mirror
    ``peacesciencer/rda/<obj>.rda``), cited with peacesciencer's own BibTeX appended."""
    table = table or obj
    return Source(
        name=name, title=title, version=version, years=years, license=license,
        bibtex=bibtex.rstrip() + "\n" + PEACESCIENCER_BIB,
        files=(FileSpec("rda", f"peacesciencer/rda/{obj}.rda",
                        raw_url(PEACESCIENCER, f"data/{obj}.rda"), sha256),),
        reader=rda_reader(obj, table, keys, ints, floats, texts), tables=(table,),
    )
