"""The actor registry: every state of the system since 1816, the earlier polities the curated
layer needs, and the blocs users name, with codes, names, spans and lineage.

Canonical ids: ISO 3166-1 alpha-3 where one exists (withdrawn codes for dissolved states: SUN,
DDR, YUG, CSK, YMD, SCG); otherwise the modern successor's alpha-3 plus a suffix (CHN-QING,
CHN-ROC, RUS-TSARDOM, RUS-EMPIRE, RUS-SFSR, KOR-JOSEON, YEM-YAR, DEU-REICH, ...); blocs by their
usual abbreviation (EU, NATO, UN, UNSC, G7, SCO, CSTO, BRICS; organizations with no member
list: ECOWAS, AU, OAU, LAS, ASEAN, OAS, OSCE, IAEA, GCC, OPEC, OIC). See ``docs/arch/actors.md``.

>>> from amity import actors
>>> actors.resolve("Soviet Union").id
'SUN'
>>> actors.from_cow(365, 1900).id
'RUS-EMPIRE'
>>> actors.lineage_at("RUS", 1960).id
'SUN'
"""
from amity.actors.registry import (
    KINDS,
    SYSTEMS,
    Actor,
    Link,
    Span,
    all_actors,
    as_date,
    as_frame,
    bloc_members,
    bloc_spans,
    blocs,
    cow_code,
    exists_in,
    from_cow,
    from_gw,
    get,
    gw_code,
    ids,
    lineage,
    lineage_at,
    links,
    major_powers,
    members,
    memberships,
    reload,
    resolve,
    same_lineage,
    search,
    spans_frame,
    system_spans,
)

__all__ = [
    "KINDS", "SYSTEMS", "Actor", "Link", "Span", "all_actors", "as_date", "as_frame", "bloc_members",
    "bloc_spans", "blocs", "cow_code", "exists_in", "from_cow", "from_gw", "get", "gw_code", "ids",
    "lineage", "lineage_at", "links", "major_powers", "members", "memberships", "reload",
    "resolve", "same_lineage", "search", "spans_frame", "system_spans",
]
