"""UCDP onset data v19.1 (peacesciencer's ``ucdp_onsets``): G-W state-years 1946-2017 with
``sumnewconf`` (new conflicts) and ``sumonset1/2/3/5/10`` (new conflict episodes: a new
conflict, or one more than 1/2/3/5/10 years after the last episode)."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@article{pettersson2019organized,
  author = {Pettersson, Therese and H{\\"o}gbladh, Stina and {\\"O}berg, Magnus},
  title = {Organized Violence, 1989--2018 and Peace Agreements},
  journal = {Journal of Peace Research}, volume = {56}, number = {4}, pages = {589--603},
  year = {2019}
}"""

COLUMNS = ("sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10")

SOURCES = [ps_source(
    "ucdp_onsets", obj="ucdp_onsets", title="UCDP onsets, G-W state-years (peacesciencer)",
    version="19.1", years=(1946, 2017), license="UCDP: free with citation", bibtex=_BIB,
    sha256="90d86e1e1c68e0217cf89c5c9ece3d311deb1512f34c93925f2c4ca7f2a70908",
    keys=("gwcode", "year"), ints=COLUMNS)]
