"""``declare_attributes``: give a frame from elsewhere the panel type the verbs read."""
from __future__ import annotations

import pandas as pd

from amity.errors import InputError
from amity.panel._common import key_columns

KINDS = ("state_year", "dyad_year", "triad_year", "state_day", "leader_day", "leader_year",
         "leader_dyad_year")
_KEYS = {"state_day": lambda c: [c, "date"], "leader_day": lambda c: ["obsid", "date"],
         "leader_year": lambda c: ["obsid", "year"],
         "leader_dyad_year": lambda c: ["obsid1", "obsid2", "year"]}


def declare_attributes(frame: pd.DataFrame, kind: str | None = None, system: str | None = None,
                       *, directed: bool | None = None,
                       conflict: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with its panel type in ``attrs["amity"]``, as peacesciencer's
    ``declare_attributes(data_type, system, conflict_type)``: ``kind`` one of
    state_year, dyad_year, triad_year, state_day, leader_day, leader_year,
    leader_dyad_year; ``system`` "cow" or "gw"; ``directed`` for dyads (default: inferred,
    True when some row has code1 > code2); ``conflict`` "cow" or "gml" for dispute-dyad-year
    frames (the ``whittle_conflicts_*`` input). The key columns the kind needs must be
    there; nothing else is checked, so a verb's guarantees (one row per key) hold only when
    the frame honours them (:func:`show_duplicates` tells)."""
    meta = dict(frame.attrs.get("amity") or {})
    if kind is not None:
        if kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}",
                             field="kind")
        meta["kind"] = kind
    if system is not None:
        if system not in ("cow", "gw"):
            raise InputError("system must be 'cow' or 'gw'", field="system")
        meta["system"] = system
    if conflict is not None:
        if conflict not in ("cow", "gml"):
            raise InputError("conflict must be 'cow' or 'gml'", field="conflict")
        meta.update(kind="dispute_dyad_year", conflict=conflict)
    k, sys_ = meta.get("kind"), meta.get("system", "cow")
    if k in _KEYS:
        need = _KEYS[k]("ccode" if sys_ == "cow" else "gwcode")
    elif k in ("state_year", "dyad_year", "triad_year"):
        need = key_columns(k, sys_)
    else:
        need = []
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise InputError(f"a {k} frame needs column(s) {missing}", field=missing[0])
    if directed is None and k == "dyad_year":
        c = "ccode" if sys_ == "cow" else "gwcode"
        directed = bool((frame[f"{c}1"].to_numpy() > frame[f"{c}2"].to_numpy()).any())
    if directed is not None:
        meta["directed"] = bool(directed)
    meta.setdefault("coverage", {})
    out = frame.copy(deep=False)
    out.attrs = dict(frame.attrs)
    out.attrs["amity"] = meta
    return out
