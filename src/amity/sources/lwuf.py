"""Leader willingness to use force (Carter & Smith 2020; peacesciencer's ``lwuf``): one row
per Archigos ``obsid`` with four latent estimates ``theta1..4_mean`` and their ``_sd``."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@article{carter2020lwuf,
  author = {Carter, Jeff and Smith, Charles E.},
  title = {A Framework for Measuring Leaders' Willingness to Use Force},
  journal = {American Political Science Review}, volume = {114}, number = {4},
  pages = {1352--1358}, year = {2020}
}"""

COLUMNS = tuple(f"theta{i}_{s}" for i in range(1, 5) for s in ("mean", "sd"))

SOURCES = [ps_source(
    "lwuf", obj="lwuf", title="Leader willingness to use force (peacesciencer)",
    version="2020", years=(1875, 2004), license="free for research with citation",
    bibtex=_BIB, sha256="a24dda4cc561338238eebd51f737c14def7e7a361c1847637affa740e7b698a8",
    keys=(), floats=COLUMNS, texts=("obsid",))]
