"""Simulated GDP, population and GDP per capita (Fariss, Anders, Markowitz & Barnum 2022)
in the form Miller's ``isard`` R package ships them, the tables peacesciencer's
``add_sim_gdp_pop`` reads: ``cw_gdppop`` (COW codes) and ``gw_gdppop`` (G-W codes),
state-years 1816-2019 with six columns: ``mrgdppc`` (GDP per capita, 2011 international
dollars, Maddison-anchored), ``pwtrgdp`` (real GDP, million 2017 international dollars,
PWT-anchored), ``pwtpop`` (population, millions) and the simulations' standard deviation of
each (``sd_...``).

Neither file is in the shared mirror, and no copy has been at hand to take a checksum
from, so the registry names each file's upstream path at a pinned commit of
``svmiller/isard`` with an empty sha256: :mod:`amity.sources.fetch` does not download a file
it cannot verify. Place the ``.rda`` at ``isard/cw_gdppop.rda`` / ``isard/gw_gdppop.rda``
in a mirror (``AMITY_MIRROR``) to use it. Both sources are ``optional`` (fetched and loaded
by name only, never by ``all``).
"""
from __future__ import annotations

from amity.sources._ps import rda_reader
from amity.sources.base import PEACESCIENCER_BIB, FileSpec, Source, raw_url

_BIB = """@article{fariss2022new,
  author = {Fariss, Christopher J. and Anders, Therese and Markowitz, Jonathan N. and
            Barnum, Miriam},
  title = {New Estimates of Over 500 Years of Historic {GDP} and Population Data},
  journal = {Journal of Conflict Resolution}, volume = {66}, number = {3},
  pages = {553--591}, year = {2022}
}
@misc{miller2024isard,
  author = {Miller, Steven V.},
  title = {{isard}: Peace Science Data with Periodic Updates ({R} package)},
  howpublished = {\\url{https://github.com/svmiller/isard}}, year = {2024}
}"""

COLUMNS = ("mrgdppc", "sd_mrgdppc", "pwtrgdp", "sd_pwtrgdp", "pwtpop", "sd_pwtpop")
YEARS = (1816, 2019)
#: pinned commits of svmiller/isard holding each file
ISARD_CW = ("svmiller/isard", "43af67e236ccdf2129fac3ed41cb0b5fa6bc85e8")
ISARD_GW = ("svmiller/isard", "7d2b0701c5192a90b53f1b0edbd6c88c1f144aeb")
#: (registry name, code column, pinned repository) by state system
BY_SYSTEM = {"cow": ("cw_gdppop", "ccode", ISARD_CW), "gw": ("gw_gdppop", "gwcode", ISARD_GW)}


def _source(name: str, code: str, repo: tuple[str, str], system: str) -> Source:
    return Source(
        name=name, title=f"Simulated GDP, population, GDP per capita, {system} state-years "
        "(isard)", version="2024", years=YEARS, license="free for research with citation",
        bibtex=_BIB + "\n" + PEACESCIENCER_BIB,
        files=(FileSpec("rda", f"isard/{name}.rda", raw_url(repo, f"data/{name}.rda"), ""),),
        reader=rda_reader(name, name, (code, "year"), floats=COLUMNS), tables=(name,),
        kind="optional")


SOURCES = [_source(name, code, repo, "COW" if s == "cow" else "G-W")
           for s, (name, code, repo) in BY_SYSTEM.items()]
