"""GML MID 2.2.1 directed dispute-dyad-years (peacesciencer's ``gml_dirdisp``): one row per
dispute, ordered pair and year, 1816-2010, with the participant values (``sidea1``,
``hiact1``, ``hostlev1``...) and the dispute's own (``fatality``, ``hostlev``, ``mindur``,
``maxdur``, ``recip``, ``stmon``). A pair in two disputes in a year has two rows: the input of
the ``whittle_conflicts_*`` verbs."""
from __future__ import annotations

from amity.sources._ps import ps_source
from amity.sources.mids import _GML_BIB

_BIB = _GML_BIB.split("@article{miller2022peacesciencer")[0]

INTS = ("sidea1", "sidea2", "fatality1", "fatality2", "hiact1", "hiact2", "hostlev1",
        "hostlev2", "orig1", "orig2", "hiact", "hostlev", "mindur", "maxdur", "outcome",
        "settle", "fatality", "stmon", "endmon", "recip", "numa", "numb")

SOURCES = [ps_source(
    "gml_dirdisp", obj="gml_dirdisp", title="GML MID 2.2.1 directed dispute-dyad-years "
    "(peacesciencer)", version="2.2.1", years=(1816, 2010),
    license="free for research with citation", bibtex=_BIB,
    sha256="862dd4c70ffe5b400ef9db9e136e35798f561c2aae9f00e212d1baf3b18bae4a",
    keys=("dispnum", "ccode1", "ccode2", "year", "midongoing", "midonset"), ints=INTS)]
