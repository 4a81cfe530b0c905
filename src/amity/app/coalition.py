"""The coalition use case: who sanctions a target in a year, which notable states do not, and
the blocs (``amity coalition``, the API's ``/coalition``, the brief).

It reads the inputs — GSDB cases and parties, NMC, UN votes or ideal points, ATOP, each
through its ``datasets`` record in the store, else the mirror, and the store's curated
``sanction`` facts — and hands them to the pure functions of
:mod:`amity.measures.coalitions`, which hold the rules (see that module's docstring).
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

import duckdb
import pandas as pd

from amity import actors, concepts
from amity.errors import AmityError, InputError
from amity.measures.coalitions import (
    NOT_EXPANDED,
    NOTABLE_GROUPS,
    alliance_blocs,
    alliance_communities,
    bloc_of,
    ideal_point_blocs,
    non_senders,
    notable_states,
    sanction_senders,
    sender_shares,
    vote_blocs,
)
from amity.sources import coverage, frame

#: the registry sources each part of the answer reads; their years come from the Source records
#: (:func:`amity.sources.coverage`), the one place a coverage is written
COVERAGE_SOURCES = {"gsdb": "gsdb", "un_votes": "unvotes", "ideal_points": "idealpoints",
                    "atop": "atop"}
GSDB_YEARS = coverage("gsdb")


def _safe_frame(table: str, con: Any, mirror: Any) -> pd.DataFrame | None:
    """The dataset table through its ``datasets`` record, else the mirror; None when neither
    has it (an optional part of the answer, said in its notes)."""
    try:
        return frame(table, con=con, mirror=mirror)
    except AmityError:
        return None


def _curated_sanctions(target_line: list[str], year: int, con: Any) -> list[dict]:
    if con is None:
        return []
    try:
        rows = con.execute(
            "SELECT id, kind, date, date_end, source_actor, target_actor, via_bloc, name, "
            "prov_ref, ref_url, negated FROM relations WHERE kind = 'sanction' AND year_start <= ? "
            "AND coalesce(year_end, 9999) >= ? AND target_actor IN (SELECT unnest(?))",
            [int(year), int(year), list(target_line)]).fetchall()
    except duckdb.CatalogException:   # a store without the relations table has no facts
        return []
    cols = ["id", "kind", "date", "date_end", "source_actor", "target_actor", "via_bloc", "name",
            "prov_ref", "ref_url", "negated"]
    return [dict(zip(cols, r)) for r in rows]


def _un_blocs(year: int, line: list[str], sender_ids: list[str], *, k: int, cov: dict,
              con: Any, mirror: Any, cow_to_id: Callable) -> dict[str, Any]:
    """The UN voting blocs of the year: from roll calls inside the vote data's coverage,
    else (or when the year has too few roll calls: unvotes ends in January 2020) from the
    ideal points."""
    vfirst, vlast = cov["un_votes"]
    votes = _safe_frame("un_votes", con, mirror) if vfirst <= year <= vlast else None
    b = vote_blocs(votes, year, k=k, cow_to_id=cow_to_id) if votes is not None else []
    if b:
        un = {"method": "average-linkage clustering on 1 - vote agreement (unvotes)",
              "year": year, "blocs": b}
    else:
        ideal = _safe_frame("un_ideal_points", con, mirror)
        b = ideal_point_blocs(ideal, year, k=k, cow_to_id=cow_to_id) if ideal is not None else []
        un = {"method": "average-linkage clustering on ideal-point distance (Bailey, Strezhnev "
                        "& Voeten, idealpointfp)", "year": year, "blocs": b}
        if not b:
            un["note"] = f"no UN vote data or ideal points for {year}"
    un["target_bloc"] = bloc_of(un["blocs"], line)
    un["sender_share_by_bloc"] = sender_shares(un["blocs"], sender_ids)
    return un


def _alliance_part(year: int, line: list[str], *, cov: dict, con: Any, mirror: Any,
                   cow_to_id: Callable) -> dict[str, Any]:
    """ATOP defense-pact components and communities of the year (None outside ATOP)."""
    al: dict[str, Any] = {"source": "ATOP 5.1 defense pacts", "year": year}
    afirst, alast = cov["atop"]
    atop = _safe_frame("atop_dyad_year", con, mirror) if afirst <= year <= alast else None
    if atop is None:
        al["blocs"] = None
        al["note"] = (f"ATOP 5.1 ends in {alast}" if year > alast else "ATOP not available")
        return al
    al["blocs"] = alliance_blocs(atop, year, cow_to_id=cow_to_id)
    al["target_bloc"] = bloc_of(al["blocs"], line)
    al["communities"] = alliance_communities(atop, year, cow_to_id=cow_to_id)
    al["target_community"] = bloc_of(al["communities"], line)
    al["communities_method"] = "greedy modularity (Clauset, Newman & Moore 2004)"
    return al


def _signed_factions(year: int, line: list[str], sender_ids: list[str], *, con: Any,
                     mirror: Any) -> dict[str, Any]:
    """The two camps of the year's signed closeness graph (an optional part: a missing input
    is reported in ``note``, not raised)."""
    from amity.app.reports import balance

    try:
        b = balance(year, con=con, mirror=mirror)
    except AmityError as e:
        return {"factions": None, "note": f"signed-graph factions unavailable: {e}"}
    fl = [sorted(f) for f in b.get("factions") or []]
    return {"method": "two-camp partition of the signed closeness graph that attains the "
                      "frustration index (amity.app.reports.balance)",
            "threshold": b.get("threshold"), "factions": fl,
            "target_faction": bloc_of(fl, line),
            "sender_share_by_faction": sender_shares(fl, sender_ids)}


def coalition(target: str, year: int, *, con: Any = None, mirror: Any = None, k: int = 3,
              top: int = 10, factions: bool = False) -> dict[str, Any]:
    """Who sanctions ``target`` in ``year``, which notable states do not, and the blocs.

    Parameters
    ----------
    target : str
        Any name or code the actor registry resolves ("RUS", "Russia", 365); a lineage id
        stands for the member alive that year (RUS in 1980 is the USSR).
    year : int
        1949 (first GSDB year) to the current year; GSDB ends in 2022, later years rest on
        curated facts only (reported in ``notes``).
    con : DuckDB connection, optional
        The store (curated sanction facts; loaded datasets). Without it only the datasets are
        used, read from the mirror or the download cache.
    k : int
        Number of UN voting blocs.
    top : int
        How many states by CINC share count as notable.
    factions : bool
        Also report the two factions of the year's signed closeness graph (the partition that
        attains the frustration index, :func:`amity.app.reports.balance`); slower.

    Returns
    -------
    dict
        ``target, year, senders`` (a notable sender carries ``notable``: its reasons under
        ``notable_rule``), ``sanctioning_blocs, abstainers_of_note, notable_rule,
        un_blocs, alliance_blocs, signed_factions (None unless asked), unresolved_senders,
        evidence, coverage, notes``.

    Raises
    ------
    UnknownActorError
        The target does not resolve.
    InputError
        The year is outside 1949..today, the target did not exist that year, or ``k``/``top``
        is out of range.
    """
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise InputError(f"year must be an integer, got {year!r}", field="year") from None
    this_year = _dt.date.today().year
    try:
        concepts.year_range(year, year, lo=GSDB_YEARS[0], hi=this_year, names=("year", "year"))
    except InputError as e:
        raise InputError(f"{e.reason}, the coverage of sanctions data (GSDB "
                         f"{GSDB_YEARS[0]}-{GSDB_YEARS[1]}, curated facts after)",
                         field="year") from None
    if not 1 <= k <= 20:
        raise InputError(f"k must be between 1 and 20, got {k}", field="k")
    if not 0 <= top <= 100:
        raise InputError(f"top must be between 0 and 100, got {top}", field="top")
    actor = actors.resolve(target, at=year)
    alive = actors.lineage_at(actor.id, year)
    if alive is None or not actors.exists_in(alive.id, year):
        raise InputError(f"{actor.name} ({actor.id}) did not exist in {year}", field="target")
    line = [a.id for a in actors.lineage(alive.id)] or [alive.id]

    def cow_to_id(code: int, y: int) -> str | None:
        a = actors.from_cow(int(code), int(y))
        return None if a is None else a.id

    def members(bloc: str, y: int) -> list[str]:
        if bloc not in actors.blocs():
            return []
        return actors.bloc_members(bloc, y)

    notes: list[str] = []
    cases = parties = None
    if year <= GSDB_YEARS[1]:
        cases = _safe_frame("gsdb_cases", con, mirror)
        parties = _safe_frame("gsdb_parties", con, mirror)
        if cases is None:
            notes.append("GSDB not available (not loaded and no mirror): senders from curated "
                         "facts only")
    else:
        notes.append(f"GSDB ends in {GSDB_YEARS[1]}: senders in {year} come from curated facts "
                     "only")
    facts = _curated_sanctions(line, year, con)
    if con is None:
        notes.append("no store given: curated sanction facts not consulted")
    s = sanction_senders(line, year, cases=cases, parties=parties, facts=facts,
                         bloc_members=members)
    sender_ids = [x["id"] for x in s["senders"]]

    groups = {g: members(g, year) for g in NOTABLE_GROUPS}   # none before a group formed
    majors = [a.id for a in actors.major_powers(year)]
    cinc = _safe_frame("cow_nmc", con, mirror)
    notable = notable_states(year, cinc=cinc, majors=majors, groups=groups, top=top,
                             cow_to_id=cow_to_id)
    abst = non_senders(notable, sender_ids, line, s["declined"])
    un_cases = [ev for b in s["blocs"] if b["id"] in NOT_EXPANDED for ev in b["evidence"]]
    if un_cases:
        notes.append("UN sanctions in force (" + ", ".join(sorted(set(un_cases))) + "): they "
                     "bind every member and are not counted as each member's own sanction")
        for a in abst:
            a["bound_by_un_sanctions"] = True

    cov = {part: list(coverage(src)) for part, src in COVERAGE_SOURCES.items()}
    un = _un_blocs(year, line, sender_ids, k=k, cov=cov, con=con, mirror=mirror,
                   cow_to_id=cow_to_id)
    al = _alliance_part(year, line, cov=cov, con=con, mirror=mirror, cow_to_id=cow_to_id)
    fac = _signed_factions(year, line, sender_ids, con=con, mirror=mirror) if factions else None

    def named(aid: str) -> str | None:
        try:
            return actors.get(aid).name
        except AmityError:   # an id the registry does not know has no name
            return None

    for x in s["senders"]:
        x["name"] = named(x["id"])
        if x["id"] in notable:     # notable by the same rule as the abstainers of note
            x["notable"] = list(notable[x["id"]]["why"])
    for x in abst:
        x["name"] = named(x["id"])
    return {
        "target": {"id": alive.id, "name": alive.name, "query": str(target)},
        "year": year,
        "senders": s["senders"],
        "sanctioning_blocs": s["blocs"],
        "abstainers_of_note": abst,
        "notable_rule": (f"COW major powers, members of {' and '.join(NOTABLE_GROUPS)} at 1 July, "
                         f"and the top {top} states by CINC share (latest NMC year <= {year})"),
        "un_blocs": un,
        "alliance_blocs": al,
        "signed_factions": fac,
        "unresolved_senders": s["unresolved"],
        "evidence": s["evidence"],
        "coverage": cov,
        "notes": notes,
    }
