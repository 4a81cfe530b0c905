"""What every importer declares: its upstream files and how to read them into tables.

Contract (every module in :mod:`amity.sources` that imports a dataset follows it):

* the module defines ``SOURCES: list[Source]``; :func:`amity.sources.registry` collects them
  by walking the package, so adding an importer never edits a shared file;
* ``Source.read(paths)`` takes ``{FileSpec.key: local Path}`` and returns ``{table: DataFrame}``;
  each table lands in the store as ``ds_<table>`` (see :func:`amity.store.replace_dataset`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd


@dataclass(frozen=True)
class FileSpec:
    key: str            # name the reader uses for this file
    mirror_path: str    # path inside the mirror folder, as laid out in shared/data
    url: str            # upstream URL (official release, or pinned repository commit)
    sha256: str         # checksum of the upstream file


@dataclass(frozen=True)
class Source:
    name: str                          # registry name (`amity data fetch NAME`)
    title: str
    version: str
    years: tuple[int | None, int | None]   # coverage (first, last)
    license: str
    bibtex: str
    files: tuple[FileSpec, ...]
    reader: Callable[[dict[str, Path]], dict[str, pd.DataFrame]]
    tables: tuple[str, ...] = field(default=())   # tables the reader returns
    kind: str = "dataset"              # dataset | events | codes

    def read(self, paths: dict[str, Path]) -> dict[str, pd.DataFrame]:
        return self.reader(paths)
