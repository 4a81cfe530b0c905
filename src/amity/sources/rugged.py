"""Terrain ruggedness (Nunn & Puga 2012) and the share of mountainous terrain (Gibler &
Miller 2014), peacesciencer's ``rugged``: one row per state (time-invariant), ``ccode`` and
``gwcode`` (either may be missing), ``rugged`` and ``newlmtnest`` (log of % mountainous)."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@article{nunn2012ruggedness,
  author = {Nunn, Nathan and Puga, Diego},
  title = {Ruggedness: The Blessing of Bad Geography in Africa},
  journal = {Review of Economics and Statistics}, volume = {94}, number = {1},
  pages = {20--36}, year = {2012}
}
@article{gibler2014external,
  author = {Gibler, Douglas M. and Miller, Steven V.},
  title = {External Territorial Threat, State Capacity, and Civil War},
  journal = {Journal of Peace Research}, volume = {51}, number = {5}, pages = {634--646},
  year = {2014}
}"""

SOURCES = [ps_source(
    "rugged", obj="rugged", title="Terrain ruggedness and % mountainous (peacesciencer)",
    version="2012/2014", years=(1816, 2024), license="free for research with citation",
    bibtex=_BIB, sha256="5c1d8fd4dabb1b2e93ff6a3ae93ddd6d23276707c9b7109ab07bf182d689dfcc",
    keys=(), ints=("ccode", "gwcode"), floats=("rugged", "newlmtnest"))]
