"""Simulated GDP, population and surplus domestic product (Anders, Fariss & Markowitz 2020;
peacesciencer's ``cow_sdp_gdp`` 1800-2016 and ``gw_sdp_gdp`` 1800-2015): ``wbgdp2011est``
(log GDP, 2011 USD), ``wbpopest`` (log population), ``sdpest`` (log SDP) and
``wbgdppc2011est`` (log GDP per capita)."""
from __future__ import annotations

from amity.sources._ps import ps_source

_BIB = """@article{anders2020bread,
  author = {Anders, Therese and Fariss, Christopher J. and Markowitz, Jonathan N.},
  title = {Bread Before Guns or Butter: Introducing Surplus Domestic Product ({SDP})},
  journal = {International Studies Quarterly}, volume = {64}, number = {2},
  pages = {392--405}, year = {2020}
}"""

COLUMNS = ("wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est")

SOURCES = [
    ps_source("cow_sdp_gdp", obj="cow_sdp_gdp", title="SDP and GDP estimates, COW state-years "
              "(peacesciencer)", version="2020", years=(1800, 2016),
              license="free for research with citation", bibtex=_BIB,
              sha256="7cdf78d9f87b3d4fa653bcf7f9ef5276032c80f2e93df664a51af91cfcd05158",
              keys=("ccode", "year"), floats=COLUMNS),
    ps_source("gw_sdp_gdp", obj="gw_sdp_gdp", title="SDP and GDP estimates, G-W state-years "
              "(peacesciencer)", version="2020", years=(1800, 2015),
              license="free for research with citation", bibtex=_BIB,
              sha256="b85189f20ad2e904f019df648f25d005bbf451a86c28db48091550b5aa533163",
              keys=("gwcode", "year"), floats=COLUMNS),
]
