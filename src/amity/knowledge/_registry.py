"""Adapter over the actor registry (:mod:`amity.actors`).

The knowledge layer needs four things from the registry: whether an id exists, its span,
its lineage and a bloc's members at a date. Everything goes through this module so the
registry's contract is used in one place. When :mod:`amity.actors` cannot be imported (a
partial checkout), a minimal built-in table of the actors the curated layer names is used
instead, and :data:`BACKEND` says so.
"""
from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field

from amity.errors import NotFoundError, UnknownActorError

_MISSING = (UnknownActorError, NotFoundError, KeyError, LookupError)
from amity.knowledge.edtf import to_date, to_last_date

try:  # the real registry
    from amity import actors as _actors  # type: ignore[attr-defined]

    BACKEND = "amity.actors"
except ImportError:  # pragma: no cover - only in a checkout without the registry
    _actors = None
    BACKEND = "fallback"


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


# ---------------------------------------------------------------------------------------------
# fallback table (id, name, kind, start, end, line) - only used without amity.actors
_FB: list[tuple[str, str, str, str | None, str | None, str]] = [
    ("CHN-QING", "Qing Empire", "polity", "1644", "1912-02-12", "CHN"),
    ("CHN-ROC", "Republic of China", "polity", "1912-01-01", "1949-10-01", "CHN"),
    ("CHN", "China", "state", "1949-10-01", None, "CHN"),
    ("TWN", "Taiwan", "state", "1949-12-07", None, "TWN"),
    ("RUS-TSARDOM", "Tsardom of Russia", "polity", "1547", "1721-11-02", "RUS"),
    ("RUS-EMPIRE", "Russian Empire", "polity", "1721-11-02", "1917-11-07", "RUS"),
    ("RUS-SFSR", "Soviet Russia", "polity", "1917-11-07", "1922-12-30", "RUS"),
    ("SUN", "Soviet Union", "state", "1922-12-30", "1991-12-26", "RUS"),
    ("RUS", "Russia", "state", "1991-12-26", None, "RUS"),
    ("UKR", "Ukraine", "state", "1991-08-24", None, "UKR"),
    ("BLR", "Belarus", "state", "1991-08-25", None, "BLR"),
    ("USA", "United States", "state", "1776-07-04", None, "USA"),
    ("PRK", "North Korea", "state", "1948-09-09", None, "PRK"),
    ("KOR", "South Korea", "state", "1948-08-15", None, "KOR"),
    ("JPN", "Japan", "state", "1603", None, "JPN"),
    ("GBR", "United Kingdom", "state", "1707", None, "GBR"),
    ("FRA", "France", "state", "1792", None, "FRA"),
    ("DEU", "Germany", "state", "1871", None, "DEU"),
    ("IND", "India", "state", "1947-08-15", None, "IND"),
    ("CAN", "Canada", "state", "1867", None, "CAN"),
    ("AUS", "Australia", "state", "1901", None, "AUS"),
    ("NZL", "New Zealand", "state", "1907", None, "NZL"),
    ("CHE", "Switzerland", "state", "1815", None, "CHE"),
    ("NOR", "Norway", "state", "1905", None, "NOR"),
    ("SGP", "Singapore", "state", "1965", None, "SGP"),
    ("ARE", "United Arab Emirates", "state", "1971", None, "ARE"),
    ("ALB", "Albania", "state", "1912", None, "ALB"),
    ("BRA", "Brazil", "state", "1822", None, "BRA"),
    ("GAB", "Gabon", "state", "1960", None, "GAB"),
    ("GHA", "Ghana", "state", "1957", None, "GHA"),
    ("IRL", "Ireland", "state", "1922", None, "IRL"),
    ("KEN", "Kenya", "state", "1963", None, "KEN"),
    ("MEX", "Mexico", "state", "1821", None, "MEX"),
    ("SYR", "Syria", "state", "1946", None, "SYR"),
    ("ERI", "Eritrea", "state", "1993", None, "ERI"),
    ("VNM", "Vietnam", "state", "1954", None, "VNM"),
    ("KAZ", "Kazakhstan", "state", "1991-12-16", None, "KAZ"),
    ("KGZ", "Kyrgyzstan", "state", "1991-08-31", None, "KGZ"),
    ("TJK", "Tajikistan", "state", "1991-09-09", None, "TJK"),
    ("GEO", "Georgia", "state", "1991-04-09", None, "GEO"),
    ("EU", "European Union", "organization", "1993-11-01", None, "EU"),
    ("NATO", "NATO", "organization", "1949-08-24", None, "NATO"),
    ("UN", "United Nations", "organization", "1945-10-24", None, "UN"),
    ("UNSC", "UN Security Council", "organization", "1945-10-24", None, "UNSC"),
    ("G7", "Group of Seven", "organization", "1975", None, "G7"),
    ("SCO", "Shanghai Cooperation Organisation", "organization", "2001-06-15", None, "SCO"),
    ("CSTO", "CSTO", "organization", "1992-05-15", None, "CSTO"),
    ("BRICS", "BRICS", "organization", "2009", None, "BRICS"),
]
_EU27 = ("AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD "
         "POL PRT ROU SVK SVN ESP SWE").split()
_FB_BLOCS: dict[str, list[tuple[str, str | None, list[str]]]] = {
    "EU": [("2013-07-01", "2020-01-31", sorted(_EU27 + ["GBR"])), ("2020-02-01", None, _EU27)],
}


def _fb_table() -> dict[str, ActorInfo]:
    lines: dict[str, list[str]] = {}
    for row in _FB:
        lines.setdefault(row[5], []).append(row[0])
    out = {}
    for i, n, k, s, e, line in _FB:
        out[i] = ActorInfo(i, n, k, to_date(s), to_last_date(e), tuple(lines[line]))
    for c in _EU27:
        out.setdefault(c, ActorInfo(c, c, "state", _dt.date(1945, 1, 1), None, (c,)))
    return out


_CACHE: dict[str, ActorInfo | None] = {}


def get(actor_id: str) -> ActorInfo | None:
    """The registry's record for a canonical id, or None when the id is unknown."""
    if actor_id in _CACHE:
        return _CACHE[actor_id]
    info: ActorInfo | None
    if _actors is not None:
        try:
            a = _actors.get(actor_id)
        except _MISSING:
            a = None
        if a is None:
            info = None
        else:
            try:
                lin = tuple(x.id for x in _actors.lineage(a.id))
            except _MISSING:
                lin = (a.id,)
            info = ActorInfo(a.id, a.name, a.kind, to_date(a.start), to_last_date(a.end),
                             lin or (a.id,))
    else:
        info = _fb_table().get(actor_id)
    _CACHE[actor_id] = info
    return info


def all_ids() -> list[str]:
    if _actors is not None:
        return [a.id for a in _actors.all_actors()]
    return list(_fb_table())


def suggest(actor_id: str, n: int = 3) -> list[str]:
    return difflib.get_close_matches(actor_id, all_ids(), n=n, cutoff=0.5)


def lineage(actor_id: str) -> tuple[str, ...]:
    """All ids in the actor's line (e.g. CHN -> CHN-QING, CHN-ROC, CHN)."""
    info = get(actor_id)
    return info.lineage if info else (actor_id,)


def bloc_members(bloc_id: str, at: _dt.date) -> list[str]:
    """Members of a bloc at a date (through :func:`amity.actors.bloc_members`)."""
    if _actors is not None:
        return sorted(_actors.bloc_members(bloc_id, at))
    for start, end, members in _FB_BLOCS.get(bloc_id, []):
        if to_date(start) <= at and (end is None or at <= to_last_date(end)):
            return list(members)
    return []


def resolve(name_or_code: str, at: _dt.date | None = None) -> str:
    """A user-typed name or code -> canonical id (raises UnknownActorError with suggestions)."""
    if get(name_or_code) is not None:
        return name_or_code
    if _actors is not None:
        return _actors.resolve(name_or_code, at=at).id
    up = name_or_code.strip().upper()
    if get(up) is not None:
        return up
    for i, info in _fb_table().items():
        if info.name.lower() == name_or_code.strip().lower():
            return i
    raise UnknownActorError(name_or_code, suggest(up))
