"""Coalitions: who lines up with whom against (or beside) a target in a year.

For a target and a year this module assembles, with the evidence for every claim:

* **senders** of sanctions on the target: GSDB V3 cases active that year (``begin <= year <=
  end``) naming the target, plus curated ``sanction`` facts from the store. A bloc named as
  sender (EU, G7, NATO...) counts for each of its members at 1 July of the year, marked
  ``via`` the bloc; the UN is listed as a bloc but not expanded (a UN measure binds every
  member, it is not each member's own choice).
* **notable non-senders** ("abstainers of note"): states a negated curated fact records as
  declining to join (first, with the fact as evidence), then states that matter by rule and
  did not sanction: COW major powers in the year, members of the G7 and BRICS at 1 July, and the
  ``top`` states by CINC share (NMC, latest year at or before the year). Each carries the
  reasons it is notable.
* **UN voting blocs**: average-linkage hierarchical clustering of the year's states into ``k``
  groups on the distance 1 - agreement (share of identical yes/abstain/no votes over common
  roll calls; pairs with fewer than ``min_common`` common votes get distance 1). Years past the
  vote data (unvotes ends in Jan 2020) cluster on the ideal-point distance |θ_i - θ_j|
  (Bailey, Strezhnev & Voeten 2017) instead; the method used is reported.
* **alliance blocs**: connected components of the ATOP 5.1 defense-pact graph of the year
  (1816-2018), and its communities by greedy modularity (components merge rival camps through
  a single bridging state); later years report that the data do not cover them.
* **signed-graph factions** (on request): the two camps of the year's signed closeness graph
  that attain its frustration index (:func:`amity.app.reports.balance`).

Every function here is pure (frames in, answers out); the use case that reads the sources (store
first, else the mirror) and the store's curated facts is :func:`amity.app.coalition.coalition`.

References: Felbermayr et al. (2020), The Global Sanctions Data Base, *European Economic
Review* 129; Leeds et al. (2002), ATOP, *International Interactions* 28(3); Singer, Bremer &
Stuckey (1972) for CINC.
"""
from __future__ import annotations

import bisect

from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from amity.errors import AmityError

NOT_EXPANDED = frozenset({"UN", "UNSC"})
NOTABLE_GROUPS = ("G7", "BRICS")


# ----------------------------------------------------------------------------- senders

def gsdb_active_cases(cases: pd.DataFrame, target_ids: Iterable[str], year: int) -> pd.DataFrame:
    """GSDB cases active in ``year`` whose targets include one of ``target_ids``."""
    ids = set(target_ids)
    act = cases[(cases["begin"] <= year) & (cases["end"] >= year)]
    hit = act["targets"].apply(lambda v: bool(ids & set(list(v) if v is not None else [])))
    return act[hit.astype(bool)]


def sanction_senders(target_ids: Iterable[str], year: int, *, cases: pd.DataFrame | None,
                     parties: pd.DataFrame | None, facts: list[dict] | None = None,
                     bloc_members: Callable[[str, int], list[str]] | None = None
                     ) -> dict[str, Any]:
    """Senders of sanctions on the target in ``year``, with evidence (pure).

    Parameters
    ----------
    target_ids : iterable of str
        The target's ids (its lineage: RUS stands for SUN in 1980).
    cases, parties : DataFrame or None
        ``gsdb_cases`` and ``gsdb_parties`` (None: no GSDB evidence).
    facts : list of dict, optional
        Curated ``sanction`` facts (``id, source_actor, target_actor, via_bloc, date,
        prov_ref, ref_url``...).
    bloc_members : callable (bloc id, year) -> list of ids, optional
        Members of a bloc at 1 July of the year; blocs it does not know stay unexpanded.

    Returns
    -------
    dict
        ``senders`` (one entry per state: ``id``, ``via`` blocs, ``direct``, ``evidence``),
        ``blocs`` (bloc senders with members and evidence), ``declined`` (states a negated
        curated fact records as refusing to join, with evidence), ``unresolved`` (sender
        names the registry could not place, with case ids) and ``evidence`` (every item
        cited).
    """
    tids = set(target_ids)
    senders: dict[str, dict[str, Any]] = {}
    blocs: dict[str, dict[str, Any]] = {}
    unresolved: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    declined: dict[str, dict[str, Any]] = {}

    def add_state(aid: str, ev: dict, via: str | None) -> None:
        if aid in tids:
            return
        s = senders.setdefault(aid, {"id": aid, "via": [], "direct": False, "evidence": []})
        if via:
            if via not in s["via"]:
                s["via"].append(via)
        else:
            s["direct"] = True
        if ev["ref"] not in s["evidence"]:
            s["evidence"].append(ev["ref"])

    def add_bloc(bid: str | None, name: str, ev: dict) -> None:
        key = bid or name
        b = blocs.setdefault(key, {"id": bid, "name": name, "members": [], "expanded": False,
                                   "evidence": []})
        if ev["ref"] not in b["evidence"]:
            b["evidence"].append(ev["ref"])
        if bid and bloc_members and bid not in NOT_EXPANDED:
            try:
                mem = list(bloc_members(bid, year))
            except AmityError:   # a bloc without a member list stays a bloc
                mem = []
            if mem:
                b["members"], b["expanded"] = sorted(mem), True
                for m in mem:
                    add_state(m, ev, bid)

    if cases is not None and parties is not None:
        act = gsdb_active_cases(cases, tids, year)
        for r in act.itertuples(index=False):
            kinds = [k for k in ("trade", "arms", "military", "financial", "travel", "other")
                     if pd.notna(getattr(r, k)) and int(getattr(r, k)) == 1]
            ev = {"ref": f"gsdb:{int(r.case_id)}", "source": "GSDB V3", "case_id": int(r.case_id),
                  "begin": int(r.begin), "end": int(r.end), "types": kinds,
                  "senders": r.sender_names, "targets": r.target_names,
                  "objective": getattr(r, "objective", None)}
            evidence.append(ev)
            ps = parties[(parties["case_id"] == r.case_id) & (parties["role"] == "sender")]
            for p in ps.itertuples(index=False):
                if p.status == "state" and isinstance(p.actor, str):
                    add_state(p.actor, ev, None)
                elif p.status == "bloc":
                    add_bloc(p.actor if isinstance(p.actor, str) else None, p.name, ev)
                else:
                    unresolved.append({"name": p.name, "case_id": int(r.case_id)})
    for f in facts or []:
        if f.get("target_actor") not in tids:
            continue
        ev = {"ref": f"fact:{f['id']}", "source": "curated", "id": f["id"], "date": f.get("date"),
              "date_end": f.get("date_end"), "name": f.get("name"),
              "reference": f.get("prov_ref"), "url": f.get("ref_url")}
        if ev["ref"] not in {e["ref"] for e in evidence}:
            evidence.append(ev)
        src, via = f.get("source_actor"), f.get("via_bloc")
        if not src:
            continue
        if f.get("negated"):             # "X declines to join the sanctions"
            d = declined.setdefault(src, {"id": src, "evidence": []})
            d["evidence"].append(ev["ref"])
            continue
        if via and src == via:           # the bloc's own row
            add_bloc(via, via, ev)
        else:
            add_state(src, ev, via)
    out = sorted(senders.values(), key=lambda s: (not s["direct"], s["id"]))
    return {"senders": out, "blocs": sorted(blocs.values(), key=lambda b: b["name"]),
            "declined": sorted(declined.values(), key=lambda d: d["id"]),
            "unresolved": unresolved, "evidence": evidence}


# ----------------------------------------------------------------------------- notables

def notable_states(year: int, *, cinc: pd.DataFrame | None, majors: Iterable[str] = (),
                   groups: dict[str, Iterable[str]] | None = None, top: int = 10,
                   cow_to_id: Callable[[int, int], str | None] | None = None
                   ) -> dict[str, dict[str, Any]]:
    """States notable in ``year`` by rule, each with its reasons (pure).

    The rule: COW major powers (``majors``) ∪ members of each named group (``groups``, e.g.
    G7 and BRICS) ∪ the ``top`` states by CINC share in the latest NMC year <= ``year``
    (``cinc``: ``ccode, year, cinc``; ``cow_to_id`` maps codes to ids).
    """
    out: dict[str, dict[str, Any]] = {}

    def add(aid: str | None, why: str, **kw: Any) -> None:
        if not aid:
            return
        d = out.setdefault(aid, {"id": aid, "why": []})
        d["why"].append(why)
        d.update(kw)

    for m in majors:
        add(m, "COW major power")
    for g, mem in (groups or {}).items():
        for m in mem:
            add(m, f"{g} member")
    if cinc is not None and len(cinc) and top > 0:
        yrs = cinc["year"][cinc["year"] <= year]
        if len(yrs):
            ny = int(yrs.max())
            c = cinc[(cinc["year"] == ny) & cinc["cinc"].notna()].sort_values("cinc",
                                                                             ascending=False)
            for rank, (code, share) in enumerate(zip(c["ccode"].head(top), c["cinc"].head(top)),
                                                 start=1):
                aid = cow_to_id(int(code), year) if cow_to_id else str(int(code))
                add(aid, f"CINC rank {rank} in {ny}", cinc=float(share), cinc_rank=rank)
    return out


def non_senders(notables: dict[str, dict[str, Any]], senders: Iterable[str],
                target_ids: Iterable[str], declined: Iterable[dict[str, Any]] = ()
                ) -> list[dict[str, Any]]:
    """Notable states that neither sanctioned nor are the target, by CINC rank then id.

    ``declined`` (from :func:`sanction_senders`) adds states that a curated fact records as
    refusing to join, notable or not, with ``declined: True`` and the fact references.
    """
    skip = set(senders) | set(target_ids)
    rows = {k: dict(v, evidence=[]) for k, v in notables.items() if k not in skip}
    for d in declined:
        if d["id"] in set(target_ids):
            continue
        r = rows.setdefault(d["id"], {"id": d["id"], "why": [], "evidence": []})
        r["why"] = ["declined to join (curated fact)", *r["why"]]
        r["declined"] = True
        r["evidence"] = list(d["evidence"])
    return sorted(rows.values(), key=lambda d: (not d.get("declined", False),
                                                d.get("cinc_rank", 10**6), d["id"]))


# ----------------------------------------------------------------------------- blocs

def average_linkage_clusters(D: np.ndarray, k: int) -> np.ndarray:
    """Flat clusters of average linkage (UPGMA) on the distance matrix ``D``, cut into at
    most ``k`` groups: a cluster number (from 1) for each item.

    The clusters of ``scipy.cluster.hierarchy.fcluster(linkage(squareform(D), "average"),
    k, "maxclust")``, computed the way scipy computes them so that ties (identical voting
    records) resolve alike: the nearest-neighbour chain (scipy's ``nn_chain``: the chain's
    previous element preferred on a tie, else the lowest index), the size-weighted mean
    distance to the merged cluster, the merges sorted by height (stable), then the lowest
    height at which at most ``k`` clusters remain, every merge at or below it taken. Written
    out because importing scipy.cluster costs a command about 0.6 s (scipy.spatial, and
    the states of a year are at most about 200). Tested against scipy on every UN year.
    """
    M = np.array(D, dtype=float)
    n = len(M)
    if n <= 1:
        return np.ones(n, dtype=int)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    merges: list[tuple[int, int, float]] = []
    chain: list[int] = []
    for _ in range(n - 1):
        if not chain:
            chain.append(int(np.argmax(alive)))
        while True:
            x = chain[-1]
            row = np.where(alive, M[x], np.inf)
            row[x] = np.inf
            y = int(np.argmin(row))          # the lowest index among equal minima
            if len(chain) > 1 and not row[y] < M[x, chain[-2]]:
                y = chain[-2]                # ties keep the chain's previous element
                break
            chain.append(y)
        h = float(M[x, y])
        del chain[-2:]
        x, y = min(x, y), max(x, y)
        merges.append((x, y, h))
        nx_, ny_ = size[x], size[y]
        alive[x] = False
        size[y] = nx_ + ny_
        upd = (nx_ * M[x] + ny_ * M[y]) / (nx_ + ny_)
        others = alive.copy()
        others[y] = False
        M[y, others] = upd[others]
        M[others, y] = upd[others]
    order = sorted(range(len(merges)), key=lambda i: merges[i][2])   # stable, as mergesort
    heights = [merges[i][2] for i in order]
    # the lowest merge height t with at most k clusters once every merge <= t is taken
    take = 0
    if n > k:
        take = next((bisect.bisect_right(heights, t) for t in heights
                     if n - bisect.bisect_right(heights, t) <= k), len(heights))
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i in order[:take]:
        a, b, _h = merges[i]
        parent[find(a)] = find(b)
    roots = [find(i) for i in range(n)]
    return np.unique(roots, return_inverse=True)[1] + 1


def cluster_blocs(labels: list[str], D: np.ndarray, k: int = 3) -> list[list[str]]:
    """Average-linkage clustering of ``labels`` on distance matrix ``D`` into ``k`` groups.

    Returns the groups (each sorted), largest first. ``D`` must be symmetric with a zero
    diagonal; NaN distances count as the maximum distance.
    """
    n = len(labels)
    if n == 0:
        return []
    if n == 1 or k <= 1:
        return [sorted(labels)]
    D = np.array(D, dtype=float)
    hi = np.nanmax(D) if np.isfinite(D).any() else 1.0
    D = np.where(np.isnan(D), hi, D)
    D = (D + D.T) / 2
    np.fill_diagonal(D, 0.0)
    lab = average_linkage_clusters(D, min(k, n))
    groups: dict[int, list[str]] = {}
    for name, g in zip(labels, lab):
        groups.setdefault(int(g), []).append(name)
    return sorted((sorted(v) for v in groups.values()), key=lambda g: (-len(g), g[0]))


def vote_blocs(votes: pd.DataFrame, year: int, *, k: int = 3, min_common: int = 10,
               cow_to_id: Callable[[int, int], str | None] | None = None) -> list[list[str]]:
    """UN voting blocs of ``year`` from roll calls (tidy vote table; see module docstring)."""
    from amity.measures.votes import yearly_agreement

    res = list(yearly_agreement(votes, years={year}))
    if not res:
        return []
    _, codes, r = res[0]
    keep = np.diag(r["n"]) >= min_common
    codes = codes[keep]
    agree = r["agree"][np.ix_(keep, keep)]
    n = r["n"][np.ix_(keep, keep)]
    D = 1.0 - agree
    D[n < min_common] = np.nan
    labels = [(cow_to_id(int(c), year) if cow_to_id else None) or str(int(c)) for c in codes]
    return cluster_blocs(labels, D, k)


def ideal_point_blocs(ideal: pd.DataFrame, year: int, *, k: int = 3, column: str = "idealpointfp",
                      cow_to_id: Callable[[int, int], str | None] | None = None
                      ) -> list[list[str]]:
    """UN voting blocs of ``year`` from ideal points: clusters on |θ_i - θ_j|."""
    d = ideal[(ideal["year"] == year) & ideal[column].notna()]
    if d.empty:
        return []
    th = d[column].to_numpy(dtype=float)
    labels = [(cow_to_id(int(c), year) if cow_to_id else None) or str(int(c))
              for c in d["ccode"]]
    return cluster_blocs(labels, np.abs(th[:, None] - th[None, :]), k)


def alliance_blocs(atop: pd.DataFrame, year: int, *, column: str = "atop_defense",
                   cow_to_id: Callable[[int, int], str | None] | None = None
                   ) -> list[list[str]]:
    """Connected components (size >= 2) of the ATOP defense-pact graph of ``year``."""
    import networkx as nx

    e = atop[(atop["year"] == year) & (atop[column] > 0)]
    g = nx.Graph()
    g.add_edges_from(zip(e["ccode1"].astype(int), e["ccode2"].astype(int)))
    comps = []
    for comp in nx.connected_components(g):
        if len(comp) < 2:
            continue
        comps.append(sorted((cow_to_id(c, year) if cow_to_id else None) or str(c) for c in comp))
    return sorted(comps, key=lambda c: (-len(c), c[0]))


def alliance_communities(atop: pd.DataFrame, year: int, *, column: str = "atop_defense",
                         cow_to_id: Callable[[int, int], str | None] | None = None
                         ) -> list[list[str]]:
    """Communities of the ATOP defense-pact graph of ``year`` (greedy modularity).

    Components merge rival camps as soon as one state has pacts on both sides (in 2016 the
    USA and Russia are linked through Turkey and Azerbaijan); Clauset-Newman-Moore greedy
    modularity maximization (deterministic) splits them: NATO and the Americas vs the CSTO.
    """
    import networkx as nx

    e = atop[(atop["year"] == year) & (atop[column] > 0)]
    g = nx.Graph()
    g.add_edges_from(zip(e["ccode1"].astype(int), e["ccode2"].astype(int)))
    if g.number_of_edges() == 0:
        return []
    comms = nx.community.greedy_modularity_communities(g)
    out = [sorted((cow_to_id(c, year) if cow_to_id else None) or str(c) for c in comm)
           for comm in comms if len(comm) >= 2]
    return sorted(out, key=lambda c: (-len(c), c[0]))


def bloc_of(blocs: list[list[str]], ids: Iterable[str]) -> int | None:
    ids = set(ids)
    for i, b in enumerate(blocs):
        if ids & set(b):
            return i
    return None


def sender_shares(blocs: list[list[str]], sender_ids: list[str]) -> list[float | None]:
    """Share of each bloc's members that sanction."""
    return [round(len(set(b) & set(sender_ids)) / len(b), 3) if b else None for b in blocs]
