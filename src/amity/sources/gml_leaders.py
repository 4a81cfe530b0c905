"""GML MID 2.2.1 at the leader level (peacesciencer's ``gml_mid_ddlydisps``): directed
leader-dyad dispute-years 1816-2010, ``dispnum, ccode1, ccode2, obsid1, obsid2, year``,
``sidea1/2``, ``orig1/2``, ``gmlmidongoing``, ``gmlmidonset`` and the leaders in office at
the dispute's start and end (``obsid_start1/2``, ``obsid_end1/2``), one row per key."""
from __future__ import annotations

from amity.sources._ps import ps_source
from amity.sources.mids import _GML_BIB

SOURCES = [ps_source(
    "gml_mid_leaders", obj="gml_mid_ddlydisps", table="gml_mid_leaders", title="GML MID 2.2.1 leader-dyad dispute-"
    "years (peacesciencer)", version="2.2.1", years=(1816, 2010),
    license="free for research with citation",
    bibtex=_GML_BIB.split("@article{miller2022peacesciencer")[0],
    sha256="5ba403e5731aa65128a997478bcfbf1ce7b2e20f052c196493e752bec12612c5",
    keys=("dispnum", "ccode1", "ccode2", "year"),
    ints=("sidea1", "sidea2", "orig1", "orig2", "gmlmidongoing", "gmlmidonset"),
    texts=("obsid1", "obsid2", "obsid_start1", "obsid_start2", "obsid_end1", "obsid_end2"))]
