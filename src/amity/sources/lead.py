"""LEAD, Leader Experience and Attribute Descriptions (Ellis, Horowitz & Stam 2015;
peacesciencer's ``LEAD``): one row per Archigos ``obsid`` with ``leveledu``, ``milservice``,
``combat``, ``rebel``, ``warwin``, ``warloss``, ``rebelwin``, ``rebelloss``, ``yrsexper``,
``physhealth``, ``mentalhealth``."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@article{ellis2015lead,
  author = {Ellis, Cali Mortenson and Horowitz, Michael C. and Stam, Allan C.},
  title = {Introducing the {LEAD} Data Set},
  journal = {International Interactions}, volume = {41}, number = {4}, pages = {718--741},
  year = {2015}
}"""

COLUMNS = ("leveledu", "milservice", "combat", "rebel", "warwin", "warloss", "rebelwin",
           "rebelloss", "yrsexper", "physhealth", "mentalhealth")

SOURCES = [ps_source(
    "lead", obj="LEAD", table="lead", title="LEAD leader attributes (peacesciencer)",
    version="2015", years=(1875, 2004), license="free for research with citation",
    bibtex=_BIB, sha256="91c91901b7facce4d681fb79bfd9f850baed6d1aa3981fc5291af0b2889e5cfb",
    keys=(), ints=COLUMNS, texts=("obsid",))]
