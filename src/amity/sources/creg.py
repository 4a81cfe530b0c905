"""Composition of Religious and Ethnic Groups (CREG, Nardulli et al. 2012; peacesciencer's
``creg``): state-years 1945-2013 with ``ethfrac``, ``ethpol``, ``relfrac``, ``relpol``
(fractionalization and polarization), keyed by COW ``ccode`` and G-W ``gwcode`` (either may be
missing) and ``creg_ccode`` (CREG's own code)."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@misc{nardulli2012creg,
  author = {Nardulli, Peter F. and Wonka, Cara J. and Singh, Ajay and Petersen, Buddy and Peyton, Buddy and Bajjalieh, Joseph},
  title = {The Composition of Religious and Ethnic Groups ({CREG}) Project},
  howpublished = {Cline Center for Democracy, University of Illinois}, year = {2012}
}"""

SOURCES = [ps_source(
    "creg", obj="creg", title="CREG ethnic and religious fractionalization (peacesciencer)",
    version="2012", years=(1945, 2013), license="Cline Center: free with citation",
    bibtex=_BIB, sha256="79d28e6af621524361e2f72c259ce518b490336b7595cdae64a01334ea262ed3",
    keys=("year",), ints=("ccode", "gwcode", "creg_ccode"),
    floats=("ethfrac", "ethpol", "relfrac", "relpol"))]
