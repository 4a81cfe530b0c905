"""A first China-Russia-USA summary from the store: treaties, alliances, facts, sanctions.

Every function returns plain data (dicts and lists) built from :mod:`amity.knowledge`
queries; :func:`summary_text` turns that data into the text the demo prints. Closeness,
phases and triangle measures are added by later layers.
"""
from __future__ import annotations

import itertools
from collections import Counter
from typing import Any, Callable, Iterable

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


def summary_text(data: dict[str, Any], *, width: int = 88) -> str:
    """Render :func:`triangle_summary` data as plain text."""
    import textwrap

    L: list[str] = []

    def wrap(s: str, indent: str = "  ") -> None:
        L.extend(textwrap.wrap(s, width, initial_indent=indent, subsequent_indent=indent + "  "))

    L.append(f"Amity - first {'-'.join(data['triangle'])} summary "
             f"({data['store']['relations']} facts in the store)")
    for p in data["pairs"]:
        a, b = p["pair"]
        L.append("")
        L.append(f"== {a} - {b} ==")
        wrap(f"Is it an alliance? {p['alliance']['answer']}", indent="")
        if p["treaties"]:
            L.append(f"Treaties and agreements ({len(p['treaties'])}):")
            for t in p["treaties"]:
                obs = ", ".join(f"{o} ({t['articles'][o]})" if o in t["articles"] else o
                                for o in t["obligations"]) or "-"
                flag = " [ALLIANCE]" if t["alliance"] else ""
                end = f"-{t['date_end'][:4]}" if t["date_end"] and t["date_end"] != ".." else ""
                wrap(f"{t['year']}{end} {t['name']}: {obs}{flag}")
        L.append("Key facts by decade (cooperative/conflictual):")
        for d in p["decades"]:
            heads = "; ".join(("NOT " if h["negated"] else "") + f"{h['name']} ({h['date']})"
                              for h in d["headlines"])
            wrap(f"{d['decade']}: {d['facts']} facts, +{d['cooperative']}/-{d['conflictual']}. "
                 f"{heads}")
    s = data["sanctions"]
    if s is None:
        return "\n".join(L)
    L.append("")
    L.append(f"== Sanctions on {s['target']} in {s['year']} ==")
    own = [m["id"] for m in s["members"] if "own" in m["via"]]
    via: dict[str, list[str]] = {}
    for m in s["members"]:
        for v in m["via"]:
            if v != "own":
                via.setdefault(v, []).append(m["id"])
    L.append(f"{len(s['members'])} states sanctioned {s['target']}:")
    wrap("on their own: " + ", ".join(own))
    for bloc, ids in sorted(via.items()):
        wrap(f"via {bloc} ({len(ids)}): " + ", ".join(ids))
    if s["declined"]:
        wrap("declined to join: " + "; ".join(f"{d['id']} ({d['date']}: {d['name']})"
                                              for d in s["declined"]), indent="")
    for title, vs in data["votes"].items():
        if vs:
            wrap(f"{title}: " + ", ".join(f"{v['actor']} {v['vote']}" for v in vs), indent="")
    return "\n".join(L)


def run_demo(db: str | None = None, *, mirror: str | None = None, datasets: bool = True,
             on_progress: Callable[[str, str], None] | None = None) -> dict[str, Any]:
    """Open the store, load the curated layer (and the datasets when a mirror exists),
    and build the first China-Russia-USA summary.

    Parameters
    ----------
    db : str, optional
        Store file (default ``$AMITY_DB`` or the user data directory).
    mirror : str, optional
        Data mirror folder (default ``$AMITY_MIRROR`` or a ``shared/data`` beside the checkout).
    datasets : bool
        Set False to use only the embedded curated layer.
    on_progress : callable, optional
        ``on_progress(source, stage)`` while datasets load (for progress bars).

    Returns
    -------
    dict
        ``{"store", "used", "curated", "datasets", "summary", "text"}``; ``used`` says which
        inputs the summary was built from.
    """
    from amity import config, store
    from amity.knowledge import load_curated

    path = config.db_path(db)
    con = store.connect(path)
    try:
        cur = load_curated(con)
        ds: dict[str, Any] = {"loaded": False, "reason": None}
        m = None
        if datasets:
            try:
                m = config.mirror_dir(mirror)
            except Exception as e:  # noqa: BLE001 - a bad explicit mirror: say so, go on
                ds["reason"] = str(e)
            if m is None and ds["reason"] is None:
                ds["reason"] = "no data mirror configured (AMITY_MIRROR) or found at ../shared/data"
        else:
            ds["reason"] = "datasets not requested"
        if m is not None:
            from amity import sources as _sources

            res = _sources.load(con, "all", mirror=m, skip_bad_rows=True,
                                on_progress=on_progress)
            ds = {"loaded": True, "mirror": str(m), "result": res, "reason": None}
        used = "embedded curated layer" + (f" + datasets from {ds['mirror']}" if ds.get("loaded")
                                           else "")
        data = triangle_summary(con)
        head = (f"store: {path}\nused: {used}"
                + ("" if ds.get("loaded") else f" ({ds['reason']})")
                + f"\ncurated: {cur['rows']} rows, {cur['inserted']} new facts, "
                  f"{cur['skipped']} already stored\n")
        return {"store": str(path), "used": used, "curated": cur, "datasets": ds,
                "summary": data, "text": head + "\n" + summary_text(data)}
    finally:
        con.close()
