"""Adapter over the actor registry (:mod:`amity.actors`).

The knowledge layer needs a few things from the registry: whether an id exists and its span,
its lineage, a bloc's members at a date, and name resolution for user input. Everything goes
through this module, so the registry's contract is used in one place, and records are cached.
"""
from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field

from amity import actors as _actors
from amity import caches
from amity.errors import NotFoundError, UnknownActorError
from amity.knowledge.edtf import to_date, to_last_date

BACKEND = "amity.actors"
# what the registry raises for an id it does not know (registry bugs still propagate)
_MISSING = (UnknownActorError, NotFoundError, KeyError, LookupError)


@dataclass(frozen=True)
class ActorInfo:
    id: str
    name: str
    kind: str
    start: _dt.date | None
    end: _dt.date | None
    lineage: tuple[str, ...] = field(default=())

    def exists(self, lo: _dt.date | None, hi: _dt.date | None) -> bool:
        """True when the actor's span overlaps ``[lo, hi]`` (None = open)."""
        a = self.start or _dt.date.min
        b = self.end or _dt.date.max
        return a <= (hi or _dt.date.max) and (lo or _dt.date.min) <= b


#: records by the id asked for (user-typed names reach it: bounded)
_CACHE = caches.BoundedCache("knowledge.registry", maxsize=4096)
_MISS = object()


def get(actor_id: str) -> ActorInfo | None:
    """The registry's record for a canonical id, or None when the id is unknown."""
    hit = _CACHE.get(actor_id, _MISS)
    if hit is not _MISS:
        return hit
    try:
        a = _actors.get(actor_id)
    except _MISSING:
        a = None
    info = None
    if a is not None and a.id == actor_id:
        try:
            lin = tuple(x.id for x in _actors.lineage(a.id))
        except _MISSING:
            lin = (a.id,)
        info = ActorInfo(a.id, a.name, a.kind, to_date(a.start), to_last_date(a.end),
                         lin or (a.id,))
    _CACHE[actor_id] = info
    return info


def all_ids() -> list[str]:
    return [a.id for a in _actors.all_actors()]


def suggest(actor_id: str, n: int = 3) -> list[str]:
    """Close canonical ids for an unknown one (for error messages)."""
    return difflib.get_close_matches(actor_id, all_ids(), n=n, cutoff=0.5)


def lineage(actor_id: str) -> tuple[str, ...]:
    """All ids in the actor's line (e.g. CHN -> CHN-QING, CHN-ROC, CHN)."""
    info = get(actor_id)
    return info.lineage if info else (actor_id,)


def bloc_members(bloc_id: str, at: _dt.date) -> list[str]:
    """Members of a bloc at a date (:func:`amity.actors.bloc_members`)."""
    return sorted(_actors.bloc_members(bloc_id, at))


def resolve(name_or_code: str, at: _dt.date | None = None) -> str:
    """A user-typed name or code -> canonical id (raises UnknownActorError with suggestions)."""
    if get(name_or_code) is not None:
        return name_or_code
    return _actors.resolve(name_or_code, at=at).id
