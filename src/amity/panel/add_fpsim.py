"""``add_fpsim``: :func:`add_similarity` under the column names of Häge's FPSIM data, which
peacesciencer's ``add_fpsim`` adds."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from amity.errors import InputError
from amity.panel.add_similarity import add_similarity

#: FPSIM name -> (portfolio, Amity measure, CINC-weighted). Names read as measure + v
#: (valued) + a/v (alliances/votes) + a/s (absolute/squared distance).
NAMES: dict[str, tuple[str, str, bool]] = {
    "srsvaa": ("alliances", "s_abs", False),
    "srsvas": ("alliances", "s_sq", False),
    "srswvaa": ("alliances", "s_abs", True),
    "srswvas": ("alliances", "s_sq", True),
    "kappavaa": ("alliances", "kappa", False),
    "pivaa": ("alliances", "pi", False),
    "taub": ("alliances", "taub", False),
    "srsvva": ("votes", "s_abs", False),
    "srsvvs": ("votes", "s_sq", False),
    "kappavv": ("votes", "kappa", False),
    "pivv": ("votes", "pi", False),
}
#: FPSIM's binary-alliance measures: not computed (Amity's alliance portfolios are valued)
BINARY = ("kappaba", "piba", "srsba")
DEFAULT = ("kappavaa", "kappavv")


def add_fpsim(panel: pd.DataFrame, keep: str | Iterable[str] = DEFAULT, *, con: Any = None,
              mirror: Any = None) -> pd.DataFrame:
    """Add dyadic foreign-policy similarity under FPSIM's column names, as peacesciencer's
    ``add_fpsim(keep=...)``: ``srsvaa``/``srsvas`` (S, valued ATOP alliance portfolios,
    absolute/squared distance), ``srswvaa``/``srswvas`` (the same weighted by CINC),
    ``kappavaa``, ``pivaa`` (chance-corrected, absolute distance), ``taub``, and for UN
    votes ``srsvva``, ``srsvvs``, ``kappavv``, ``pivv``. Default: ``kappavaa`` and
    ``kappavv`` (kappa, the measure Häge recommends, on alliances and on votes).

    This is an alias of :func:`add_similarity`: the values are Amity's own computation on
    ATOP 5.1 (1815–2018) and the UNGA votes (1946–2020), not Häge's released file (COW
    alliances), so they are missing outside those years. The binary-alliance measures
    (``kappaba``, ``piba``) are not computed and are refused by name.
    """
    names = [keep] if isinstance(keep, str) else list(keep)
    if not names:
        raise InputError("keep names no measure", field="keep")
    for n in names:
        if n in BINARY:
            raise InputError(f"{n!r} (binary alliance portfolios) is not computed: Amity's "
                             "alliance portfolios are valued ATOP obligations; use "
                             "'kappavaa'", field="keep")
        if n not in NAMES:
            raise InputError(f"unknown FPSIM measure {n!r}; choose from {', '.join(NAMES)}",
                             field="keep")
    out = panel
    groups: dict[tuple[str, bool], list[str]] = {}
    for n in dict.fromkeys(names):
        on, m, w = NAMES[n]
        groups.setdefault((on, w), []).append(n)
    for (on, w), ns in groups.items():
        measures = [NAMES[n][1] for n in ns]
        tmp = "_fpsim_"
        out = add_similarity(out, on=on, measures=measures, weighted=w, prefix=tmp,
                             con=con, mirror=mirror)
        rename = {}
        for n, m in zip(ns, measures):
            for col in list(out.columns):
                if col.startswith(tmp + m):
                    rest = col[len(tmp + m):]
                    rest = rest[2:] if rest.startswith("_w") else rest   # weighted suffix
                    rename[col] = n + rest
        attrs = dict(out.attrs)
        out = out.rename(columns=rename)
        out.attrs = attrs
    return out
