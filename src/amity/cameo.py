"""CAMEO event codes: names, Goldstein values (ICEWS table), quad classes and PLOVER categories.

The table is the project's own (``amity/data/cameo/cameo.csv``), generated once from the data
mirror by ``tools/build_cameo.py``:

* codes, names and Goldstein values come from the ICEWS CAMEO table (Boschee et al.,
  ICEWS Coded Event Data, Harvard Dataverse), which is the reference: tables shipped with some
  GDELT clients are wrong on 016, 124, 163, 164 and 166, and GDELT's own
  ``CAMEO.goldsteinscale.txt`` differs on 016, 022, 164 and 165;
* PLOVER category, mode and context come from Schrodt's CAMEO -> PLOVER conversion table
  (PLOVER manual draft 0.8, 17 September 2021). Roots 01 (statements) and 02 (appeals) have no
  PLOVER category; their category is left empty (``None``).

Codes are strings with their leading zeros: ``"010"`` and ``"10"`` are different codes.

Quad class by CAMEO root (Schrodt, CAMEO manual; Duval & Thompson 1980):

====  ===================  ========
quad  meaning              roots
====  ===================  ========
1     verbal cooperation   01 - 05
2     material cooperation 06 - 08
3     verbal conflict      09 - 13
4     material conflict    14 - 20
====  ===================  ========

References
----------
Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. *Journal of
Conflict Resolution* 36(2), 369-385.
Schrodt, P. A. (2012). *CAMEO Conflict and Mediation Event Observations Event and Actor
Codebook*, version 1.1b3.
"""
from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Iterable

import pandas as pd

from amity import caches
from amity.errors import InputError

__all__ = ["CameoCode", "lookup", "table", "quad_of", "is_code", "QUAD_NAMES", "PLOVER_CATEGORIES"]

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: PLOVER categories of the 2021 draft, in the manual's order.
PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

_CODE_RE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code.

    Attributes
    ----------
    code : str
        The code with its leading zeros ("057").
    name : str
        The ICEWS name of the code.
    goldstein : float
        Goldstein (1992) cooperation-conflict value, -10..+10, from the ICEWS table.
    quad : int
        Quad class 1..4 (see :data:`QUAD_NAMES`).
    plover : str or None
        PLOVER category (2021 draft), None for roots 01 and 02.
    plover_mode : str or None
        PLOVER mode when the conversion table gives one.
    root : str
        Two-digit root ("05").
    plover_context : str or None
        PLOVER context(s) when given (several joined by ';').
    """

    code: str
    name: str
    goldstein: float
    quad: int
    plover: str | None
    plover_mode: str | None
    root: str = ""
    plover_context: str | None = None

    @property
    def quad_name(self) -> str:
        return QUAD_NAMES[self.quad]

    def to_dict(self) -> dict:
        return asdict(self)


def quad_of(code: str) -> int:
    """Quad class (1..4) of a CAMEO code from its two-digit root.

    Raises :class:`InputError` when the code is not 2-4 digits or its root is outside 01..20.
    """
    code = _normalise(code)
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    raise InputError(f"CAMEO root {code[:2]!r} is outside 01..20", field="cameo")


def _normalise(code: object) -> str:
    if not isinstance(code, str):
        raise InputError(
            f"CAMEO code {code!r} must be a string with its leading zeros (e.g. '010'), "
            f"not {type(code).__name__}", field="cameo")
    c = code.strip()
    if not _CODE_RE.match(c):
        raise InputError(f"{code!r} is not a CAMEO code (2 to 4 digits, e.g. '010')",
                         field="cameo")
    return c


@functools.lru_cache(maxsize=1)
def _frame() -> pd.DataFrame:
    ref = resources.files("amity") / "data" / "cameo" / "cameo.csv"
    with ref.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df["goldstein"] = df["goldstein"].astype(float)
    df["quad"] = df["quad"].astype(int)
    for c in ("plover", "plover_mode", "plover_context"):
        df[c] = df[c].where(df[c] != "", None)
    return df


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, CameoCode]:
    def opt(v):
        return None if v is None or (isinstance(v, float) and v != v) or v == "" else str(v)

    out = {}
    for r in _frame().itertuples(index=False):
        out[r.code] = CameoCode(code=r.code, name=r.name, goldstein=float(r.goldstein),
                                quad=int(r.quad), plover=opt(r.plover),
                                plover_mode=opt(r.plover_mode), root=r.root,
                                plover_context=opt(r.plover_context))
    return out


def table() -> pd.DataFrame:
    """The whole CAMEO table as a fresh DataFrame (one row per code, 312 codes).

    Columns: ``code`` (str), ``name``, ``goldstein`` (float), ``quad`` (int), ``root``,
    ``plover``, ``plover_mode``, ``plover_context`` (missing when empty).
    """
    return _frame().copy()


def is_code(code: object) -> bool:
    """True when ``code`` is a known CAMEO code (a string; leading zeros matter)."""
    return isinstance(code, str) and code.strip() in _index()


def lookup(code: str) -> CameoCode:
    """The :class:`CameoCode` for ``code``.

    Parameters
    ----------
    code : str
        A CAMEO event code as a string with leading zeros ("010", "0211", "163").

    Raises
    ------
    InputError
        When ``code`` is not a string, not 2-4 digits, or not in the table (with close codes
        as suggestions, e.g. "10" -> did you mean "010"?).

    Examples
    --------
    >>> lookup("163").goldstein
    -8.0
    >>> lookup("057").plover
    'SUPPORT'
    """
    c = _normalise(code)
    hit = _index().get(c)
    if hit is None:
        hints = [k for k in ("0" + c, c[:-1], c[:3], c[:2]) if k in _index() and k != c]
        msg = f"unknown CAMEO code {c!r}"
        if hints:
            msg += "; did you mean " + " or ".join(repr(h) for h in dict.fromkeys(hints)) + "?"
        raise InputError(msg, field="cameo")
    return hit


def lookup_many(codes: Iterable[str]) -> list[CameoCode]:
    """:func:`lookup` over several codes (raises on the first unknown one)."""
    return [lookup(c) for c in codes]


caches.register("cameo._frame", _frame.cache_clear)
caches.register("cameo._index", _index.cache_clear)
