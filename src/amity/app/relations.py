"""What binds a triangle's states, as data: alliances and treaties in force, facts by decade,
the sanctions coalition and the UN votes on its target (the demo summary and the brief read
these; :mod:`amity.report.summary` writes the text).

Every function returns plain data built from :mod:`amity.knowledge` queries.
"""
from __future__ import annotations

import itertools
from collections import Counter
from typing import Any, Iterable

from amity import actors
from amity.errors import AmityError
from amity.knowledge import facts, treaties

DEFAULT_TRIANGLE = ("CHN", "RUS", "USA")
#: Pairs beyond the triangle's three sides that the summary also covers.
EXTRA_PAIRS = (("PRK", "RUS"), ("CHN", "PRK"), ("RUS", "UKR"))
#: the fact kinds a sanctions coalition is read from
SANCTION_KINDS = ("sanction", "export_control")


def _line(actor: str) -> set[str]:
    """Every id in ``actor``'s line (CHN: Qing, ROC, PRC)."""
    a = actors.resolve(actor)
    return {x.id for x in actors.lineage(a.id)} | {a.id}


def _is_organization(actor_id: str) -> bool:
    try:
        return actors.get(actor_id).kind == "organization"
    except AmityError:    # an id the registry does not know is not a bloc
        return False


def alliance_status(a: str, b: str, con) -> dict[str, Any]:
    """Is the pair allied now, and when was it? (from the treaties' obligations)

    A treaty is an alliance when it carries a defense or an offense obligation
    (:func:`amity.knowledge.is_alliance`). A treaty is in force now when its ``date_end`` is
    the open end ``..``.

    Returns
    -------
    dict
        ``{"pair", "allied_now", "in_force", "alliances", "answer"}``: the treaties in force
        (name, year, obligations, articles), every alliance treaty in the record with its
        years, and a one-line answer.
    """
    ts = treaties(a, b, con=con)
    in_force = [t for t in ts if t["date_end"] == ".." and t["prov_kind"] == "curated"]
    alliances = [t for t in ts if t["alliance"] and t["prov_kind"] == "curated"]
    allied_now = [t for t in in_force if t["alliance"]]

    def brief(t):
        return {"name": t["name"], "year": t["year"], "date": t["date"], "date_end": t["date_end"],
                "parties": t["parties"], "obligations": t["obligations"],
                "articles": t["articles"], "atop_id": t["atop_id"]}

    if allied_now:
        t = allied_now[-1]
        art = t["articles"].get("defense") or t["articles"].get("offense")
        answer = (f"Yes: the {t['name']} ({t['year']}) binds them to mutual defense"
                  + (f" ({art})" if art else "") + ".")
    else:
        answer = "No: no treaty in force between them carries a defense or offense obligation."
        bilateral = [t for t in in_force if len(t["parties"]) == 2]
        core = ([t for t in bilateral if t["kind"] == "treaty"] or bilateral
                or [t for t in in_force if t["kind"] == "treaty"] or in_force)
        if core:
            t = core[-1]
            extra = ", ".join(f"{o} ({t['articles'][o]})" if o in t["articles"] else o
                              for o in t["obligations"])
            answer += f" The {t['name']} ({t['year']}) in force carries: {extra}."
        if alliances:
            last = alliances[-1]
            span = f"{last['year']}-{(last['date_end'] or '')[:4]}".rstrip("-")
            answer += f" Their last alliance: {last['name']} ({span})."
    return {"pair": [a, b], "allied_now": bool(allied_now), "answer": answer,
            "in_force": [brief(t) for t in in_force],
            "alliances": [brief(t) for t in alliances]}


def decade_digest(a: str, b: str, con, *, per_decade: int = 4) -> list[dict[str, Any]]:
    """Facts between two lines grouped by the decade they start in (EDTF ``195X``).

    Each decade gives its fact count, the count of cooperative (+1) and conflictual (-1)
    facts, their net balance, and up to ``per_decade`` headline facts (treaties, wars,
    summits and recognitions first).
    """
    rows = facts(a, b, con=con)
    rows = [r for r in rows if not (r["via_bloc"] and r["source_actor"] != r["via_bloc"])]
    priority = {"treaty": 0, "war": 0, "clash": 0, "recognition": 1, "diplomatic_relations": 1,
                "agreement": 1, "joint_statement": 2, "summit": 2, "sanction": 2}
    out = []
    for dec, grp in itertools.groupby(rows, key=lambda r: r["year_start"] // 10):
        grp = list(grp)
        pos = sum(1 for r in grp if (r["sign"] or 0) > 0)
        neg = sum(1 for r in grp if (r["sign"] or 0) < 0)
        heads = sorted(grp, key=lambda r: (priority.get(r["kind"], 3), r["date"]))[:per_decade]
        heads.sort(key=lambda r: r["date"])
        out.append({
            "decade": f"{str(dec)[:3]}X" if dec >= 100 else f"{dec}X",
            "facts": len(grp), "cooperative": pos, "conflictual": neg, "net": pos - neg,
            "kinds": dict(Counter(r["kind"] for r in grp)),
            "headlines": [{"date": r["date"], "kind": r["kind"], "name": r["name"],
                           "negated": bool(r["negated"]), "sign": r["sign"]} for r in heads],
        })
    return out


def sanctions_coalition(target: str, year: int, con=None) -> dict[str, Any]:
    """Who sanctioned ``target`` in ``year``, directly or via a bloc, and who declined.

    Returns ``{"target", "year", "members": [{id, via, first_date, measures}],
    "blocs": [...], "declined": [{id, date, name}]}``; members acting through a bloc (EU
    states) carry ``via``.
    """
    rows = facts(target, None, year, year, kinds=SANCTION_KINDS, con=con)
    line = _line(target)
    rows = [r for r in rows if r["target_actor"] in line and r["year_start"] == year]
    members: dict[str, dict[str, Any]] = {}
    declined = []
    blocs = set()
    for r in rows:
        who = r["source_actor"]
        if r["negated"]:
            declined.append({"id": who, "date": r["date"], "name": r["name"]})
            continue
        if _is_organization(who):
            blocs.add(who)
            continue
        m = members.setdefault(who, {"id": who, "via": set(), "first_date": r["date"],
                                     "measures": 0})
        m["measures"] += 1
        if r["via_bloc"]:
            m["via"].add(r["via_bloc"])
        else:
            m["via"].add("own")
        m["first_date"] = min(m["first_date"], r["date"])
    ms = sorted(members.values(), key=lambda m: (m["first_date"], m["id"]))
    for m in ms:
        m["via"] = sorted(m["via"])
    return {"target": target, "year": year, "members": ms, "blocs": sorted(blocs),
            "declined": declined}


def most_sanctioned(members: Iterable[str], con, start: int | None = None,
                    end: int | None = None) -> tuple[str, int] | None:
    """The member and year with the most sanction facts against its line (stored facts of
    :data:`SANCTION_KINDS`, refusals not counted; a bloc's measure counts once per member
    row): the sanctions coalition the summary reports. Ties go to the later year, then to
    the earlier member. ``start``/``end`` limit the years. None when no member was
    sanctioned in them."""
    best: tuple[int, int, int] | None = None
    found: tuple[str, int] | None = None
    for i, m in enumerate(members):
        line = _line(m)
        counts = Counter(r["year_start"] for r in facts(m, None, kinds=SANCTION_KINDS, con=con)
                         if r["target_actor"] in line and not r["negated"]
                         and (start is None or r["year_start"] >= start)
                         and (end is None or r["year_start"] <= end))
        for year, n in counts.items():
            key = (n, year, -i)
            if best is None or key > best:
                best, found = key, (m, int(year))
    return found


def votes_on(target: str, year: int, con) -> dict[str, list[dict[str, Any]]]:
    """The recorded UN votes and vetoes of ``year`` on the resolutions about ``target``'s
    line, by resolution (``"<name> (<date>)"``: each state's vote)."""
    line = _line(target)
    rows = [r for r in facts(None, None, year, year, kinds=("vote", "veto"), con=con)
            if r["year_start"] == year]
    # a resolution is about the target when a vote on it names the target (the target's own
    # vote or veto on it is then listed too)
    about = {r["name"] for r in rows if r["target_actor"] in line}
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["name"] not in about:
            continue
        out.setdefault(f"{r['name']} ({r['date']})", []).append(
            {"actor": r["source_actor"], "vote": r["vote"], "date": r["date"],
             "name": r["name"]})
    return out


def triangle_summary(con, triangle: Iterable[str] = DEFAULT_TRIANGLE,
                     extra_pairs: Iterable[tuple[str, str]] = EXTRA_PAIRS) -> dict[str, Any]:
    """The data of the first China-Russia-USA summary (see :func:`summary_text`)."""
    tri = [actors.resolve(x).id for x in triangle]
    pairs = list(itertools.combinations(tri, 2)) + [tuple(p) for p in extra_pairs]
    # the coalition reported: against the triangle member most sanctioned in one year
    sanctioned = most_sanctioned(tri, con)
    out_pairs = []
    for a, b in pairs:
        ts = treaties(a, b, con=con)
        out_pairs.append({
            "pair": [a, b],
            "treaties": [{"year": t["year"], "date": t["date"], "date_end": t["date_end"],
                          "kind": t["kind"], "name": t["name"], "parties": t["parties"],
                          "obligations": t["obligations"], "articles": t["articles"],
                          "alliance": t["alliance"], "atop_id": t["atop_id"],
                          "atop": t.get("atop"), "source": t["prov_kind"]} for t in ts],
            "alliance": alliance_status(a, b, con),
            "decades": decade_digest(a, b, con),
        })
    return {
        "triangle": tri,
        "pairs": out_pairs,
        "sanctions": sanctions_coalition(*sanctioned, con) if sanctioned else None,
        "votes": votes_on(*sanctioned, con) if sanctioned else {},
        "store": {"relations": con.execute("SELECT count(*) FROM relations").fetchone()[0]},
    }


__all__ = ["alliance_status", "decade_digest", "most_sanctioned", "sanctions_coalition",
           "triangle_summary", "votes_on", "DEFAULT_TRIANGLE", "EXTRA_PAIRS", "SANCTION_KINDS"]
