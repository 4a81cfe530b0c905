"""Event actor codes and names -> canonical actor ids, cached per (key, year).

GDELT gives CAMEO country codes (``Actor1CountryCode``: "USA", "RUS", "CHN") and known-group
codes for organisations ("UNO", "NAT", "EEC"); ICEWS gives country names ("Russian Federation").
Both go through :func:`amity.actors.resolve` at mid-year and then to the member of the actor's
line alive at that date (so "RUS" in 1985 is the USSR, ``SUN``). Unresolved keys map to None
and are counted, never guessed.
"""
from __future__ import annotations

import datetime as _dt
from typing import Iterable

from amity import actors
from amity.errors import AmityError

# CAMEO known-group codes of the organisations Amity models.
GROUP_CODES: dict[str, str] = {
    "UNO": "UN",
    "NAT": "NATO",
    "EEC": "EU",
    "SCO": "SCO",
    "GOS": "G7",
}

def _covers(actor, day: _dt.date) -> bool:
    def as_date(v):
        if v is None or v == "":
            return None
        if isinstance(v, _dt.datetime):
            return v.date()
        if isinstance(v, _dt.date):
            return v
        try:
            return _dt.date.fromisoformat(str(v)[:10])
        except ValueError:
            return None

    start, end = as_date(getattr(actor, "start", None)), as_date(getattr(actor, "end", None))
    return (start is None or start <= day) and (end is None or day <= end)


class ActorMapper:
    """Resolve ``(key, year)`` pairs to canonical ids, remembering every answer.

    Parameters
    ----------
    kind : {"code", "name"}
        ``code`` for CAMEO country/group codes (GDELT), ``name`` for country names (ICEWS).
    """

    def __init__(self, kind: str = "code", aliases: dict[str, str | None] | None = None):
        self.kind = kind
        self.aliases = dict(aliases or {})
        self._cache: dict[tuple[str, int], str | None] = {}
        self.unresolved: dict[str, int] = {}

    def resolve(self, key: str | None, year: int) -> str | None:
        if key is None or key == "" or key == "NA":
            return None
        ck = (key, int(year))
        if ck in self._cache:
            return self._cache[ck]
        out = self._resolve(key, int(year))
        self._cache[ck] = out
        return out

    def _resolve(self, key: str, year: int) -> str | None:
        if key.startswith("grp:"):
            return GROUP_CODES.get(key[4:])
        if key in self.aliases:
            key = self.aliases[key]
            if key is None:
                return None
        day = _dt.date(max(1, min(year, 9999)), 7, 1)
        try:
            actor = actors.resolve(key, at=day.isoformat())
        except AmityError:  # UnknownActorError and friends: unresolved, counted by the caller
            return None
        if actor is None:
            return None
        if not _covers(actor, day):
            for member in actors.lineage(actor.id):
                if _covers(member, day):
                    return member.id
        return actor.id

    def map_pairs(self, pairs: Iterable[tuple[str | None, int]]) -> list[str | None]:
        return [self.resolve(k, y) for k, y in pairs]
