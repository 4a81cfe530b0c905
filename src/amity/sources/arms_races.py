"""Conventional arms races during rivalry (Gibler, Rider & Hutchison 2005; peacesciencer's
``grh_arms_races``): 71 races, ``race_id, ccode1, ccode2, styear, endyear``, 1854-1984."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@article{gibler2005arms,
  author = {Gibler, Douglas M. and Rider, Toby J. and Hutchison, Marc L.},
  title = {Taking Arms Against a Sea of Troubles: Conventional Arms Races during Periods of Rivalry},
  journal = {Journal of Peace Research}, volume = {42}, number = {2}, pages = {131--147},
  year = {2005}
}"""

SOURCES = [ps_source(
    "grh_arms_races", obj="grh_arms_races", title="Gibler-Rider-Hutchison arms races "
    "1816-1993 (peacesciencer)", version="2005", years=(1816, 1993),
    license="free for research with citation", bibtex=_BIB,
    sha256="48360d7bf065295545b0bdc015d2dec11110a2381bd4e1f342a57a1294224bae",
    keys=("race_id", "ccode1", "ccode2", "styear", "endyear"))]
