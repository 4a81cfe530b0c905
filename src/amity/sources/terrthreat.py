"""Latent territorial threat (Miller 2022; peacesciencer's ``terrthreat``): COW state-years
1816-2010, ``lterrthreat`` with its ``sd``, ``lwr``, ``upr`` and the ``m_`` variants (a
model without the mountainous-terrain indicator)."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@article{miller2022lterrthreat,
  author = {Miller, Steven V.},
  title = {A Random Item Response Model of External Territorial Threat, 1816--2010},
  journal = {Journal of Global Security Studies}, volume = {7}, number = {4},
  pages = {ogac012}, year = {2022}
}"""

COLUMNS = ("lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd", "m_lwr", "m_upr")

SOURCES = [ps_source(
    "terrthreat", obj="terrthreat", title="Latent territorial threat 1816-2010 (peacesciencer)",
    version="2022", years=(1816, 2010), license="free for research with citation",
    bibtex=_BIB, sha256="67394b4056144f377dc9aba832a6e0aacc46b6ec9e338f78635f793ddf00770d",
    keys=("ccode", "year"), floats=COLUMNS)]
