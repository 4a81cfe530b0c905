"""Knowledge queries over the store: treaties between two lines of states, facts, alliances.

All functions read from a connection (default: the user's store) and return plain dicts; they
never write.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable, Mapping

from amity import concepts
from amity.knowledge import _registry as reg
from amity.knowledge.edtf import parse
from amity.knowledge.loader import TREATY_KINDS

#: Obligations that make a treaty an alliance (ATOP's active obligations).
ALLIANCE_OBLIGATIONS = frozenset({"defense", "offense"})

_COLS = ("id", "kind", "date", "date_end", "year_start", "year_end", "source_actor",
         "target_actor", "parties", "via_bloc", "name", "obligations", "articles", "plover",
         "cameo", "goldstein", "sign", "atop_id", "negated", "description", "prov_kind",
         "prov_ref", "ref_publisher", "ref_year", "ref_url", "party_since")
_VOTE = re.compile(r"^\[vote: (\w+)\]\s*")


def _con(con):
    if con is not None:
        return con, False
    from amity.store import connect

    return connect(read_only=True), True


def _line(actor: str | None) -> list[str] | None:
    if actor is None:
        return None
    aid = reg.resolve(actor)
    return list(reg.lineage(aid))


def _record(row: tuple, pair: tuple[list[str], list[str]] | None = None) -> dict[str, Any]:
    d = dict(zip(_COLS, row))
    d["parties"] = list(d["parties"] or [])
    d["obligations"] = list(d["obligations"] or [])
    d["articles"] = json.loads(d["articles"]) if d["articles"] else {}
    d["vote"] = None
    if d["description"]:
        m = _VOTE.match(d["description"])
        if m:
            d["vote"] = m.group(1)
            d["description"] = d["description"][m.end():] or None
    if d["prov_kind"] == "curated":
        label, _, title = d["prov_ref"].partition(": ")
        d["reference"] = {"title": title or d["prov_ref"], "publisher": d["ref_publisher"],
                          "year": d["ref_year"], "url": d["ref_url"], "file": label}
    else:
        d["reference"] = {"title": d["prov_ref"], "publisher": d["ref_publisher"],
                          "year": d["ref_year"], "url": d["ref_url"]}
    since = list(d["party_since"] or [None] * len(d["parties"]))
    d["party_since"] = {p: s for p, s in zip(d["parties"], since) if s}
    d["year"] = d["year_start"]
    d["sort_key"] = parse(d["date"]).earliest.isoformat()
    if pair is not None:
        # a party that acceded later is bound from its accession: the pair's own first year
        joined = concepts.pair_entry(d["parties"], since, pair[0], pair[1])
        if joined:
            d["pair_since"] = joined
            d["year"] = max(d["year"], concepts.entry_year(joined))
            d["sort_key"] = max(d["sort_key"], parse(joined).earliest.isoformat())
    return d


def _select(con, where: list[str], params: list[Any],
            pair: tuple[list[str], list[str]] | None = None) -> list[dict[str, Any]]:
    """Facts matching ``where``; with ``pair`` (two lines), each record's ``year`` is the year
    it binds that pair (``pair_since``: the later party's entry, :func:`concepts.pair_entry`)."""
    from amity.store import party_since_sql

    cols = [party_since_sql(con) if c == "party_since" else c for c in _COLS]
    sql = f"SELECT {', '.join(cols)} FROM relations"
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    rows = [_record(r, pair) for r in con.execute(sql, params).fetchall()]
    rows.sort(key=lambda d: (d["sort_key"], d["kind"], d["source_actor"] or "", d["name"] or ""))
    for d in rows:
        d.pop("sort_key")
    return rows


def _involves(line: list[str]) -> tuple[str, list[Any]]:
    """SQL condition: the fact names a member of ``line`` as source, target or party."""
    return ("source_actor IN (SELECT unnest(?)) OR target_actor IN (SELECT unnest(?)) "
            "OR list_has_any(parties, ?)"), [line, line, line]


def _pair(a: list[str], b: list[str]) -> tuple[str, list[Any]]:
    """SQL condition: the fact links a member of line ``a`` with a member of line ``b``."""
    return (
        "(source_actor IN (SELECT unnest(?)) AND (target_actor IN (SELECT unnest(?)) "
        "   OR list_has_any(parties, ?))) "
        "OR (source_actor IN (SELECT unnest(?)) AND (target_actor IN (SELECT unnest(?)) "
        "   OR list_has_any(parties, ?))) "
        "OR (list_has_any(parties, ?) AND list_has_any(parties, ?))"
    ), [a, b, b, b, a, a, a, b]


def is_alliance(treaty: Mapping[str, Any] | Iterable[str]) -> bool:
    """Whether a treaty is an alliance: it carries a defense or an offense obligation.

    This is ATOP's definition of an alliance's active core (Leeds et al. 2002): a written
    promise to fight alongside (defense) or to join an attack (offense). Neutrality,
    non-aggression and consultation pledges alone do not make an alliance.

    Parameters
    ----------
    treaty : mapping or iterable of str
        A treaty record (with ``obligations``) or the obligations themselves.

    Examples
    --------
    >>> is_alliance({"obligations": ["non-aggression", "consultation"]})
    False
    >>> is_alliance(["defense", "non-aggression"])
    True
    """
    obs = treaty.get("obligations") if isinstance(treaty, Mapping) else treaty
    return bool(ALLIANCE_OBLIGATIONS & set(obs or ()))


def treaties(a: str, b: str | None = None, con=None, *, include_statements: bool = True
             ) -> list[dict[str, Any]]:
    """Treaties and agreements between the lines of ``a`` and ``b``, sorted by date.

    The lines are the registry's lineages, so ``treaties("CHN", "RUS")`` includes the Qing
    Empire's treaties with the Tsardom and the Russian Empire and the Republic of China's with
    the USSR. Each record carries ``year``, ``parties``, ``obligations``, ``articles``,
    ``atop_id``, ``alliance`` (see :func:`is_alliance`) and its ``reference``;
    ``party_since`` maps each party that joined later to its entry date (the North Atlantic
    Treaty: Greece 1952, West Germany 1955...), and for a pair ``year`` is the year the treaty
    binds the two lines (``pair_since``: the later party's entry, when after the treaty's
    date).

    Parameters
    ----------
    a, b : str
        Actor names or ids (resolved through the registry); ``b=None`` lists all of ``a``'s.
    con : duckdb connection, optional
        Default: the user's store, opened read-only.
    include_statements : bool
        Also list signed joint statements (kind ``joint_statement``).
    """
    con, close = _con(con)
    try:
        kinds = sorted(TREATY_KINDS if include_statements else TREATY_KINDS - {"joint_statement"})
        la, lb = _line(a), _line(b)
        cond, params = _pair(la, lb) if lb is not None else _involves(la)
        rows = _select(con, [cond, "kind IN (SELECT unnest(?))"], params + [kinds],
                       pair=(la, lb) if lb is not None else None)
    finally:
        if close:
            con.close()
    rows = _join_atop(rows)
    for r in rows:
        r["alliance"] = is_alliance(r)
        _name_atop(r)
    return rows


_ATOP_UNNAMED = re.compile(r"^ATOP alliance (\d+)$")


def _name_atop(r: dict[str, Any]) -> None:
    """A dataset treaty that ATOP codes without a name ("ATOP alliance 3755") is named by
    what it is: its obligations and parties (``named`` False says the name is made)."""
    m = _ATOP_UNNAMED.match(r.get("name") or "")
    r["named"] = m is None
    if m is None:
        return
    obs = [o for o in r.get("obligations") or [] if o]
    what = ", ".join(obs) if obs else "alliance"
    ps = list(r.get("parties") or [])
    who = ", ".join(ps[:6]) + (f" and {len(ps) - 6} more" if len(ps) > 6 else "")
    size = "bilateral" if len(ps) == 2 else f"{len(ps)}-party"
    r["name"] = f"{size} {what} pact (ATOP {m.group(1)}: {who})"


def fold_dataset_duplicates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts as a person reads them: a dataset treaty row (ATOP) that a curated record names
    by its ATOP id is the same treaty, shown once (as the curated record, which carries it
    under ``atop``); the rest as they are. Treaty rows without a name get one
    (see :func:`treaties`)."""
    rows = _join_atop([dict(r) for r in rows])
    for r in rows:
        if r.get("kind") in TREATY_KINDS:
            _name_atop(r)
        if not r.get("name"):
            _name_event(r)
    return rows


_DOC_REF = re.compile(r"^doc:([0-9a-f]{12})[0-9a-f]*#(\d+)-(\d+)$")


def _name_event(r: dict[str, Any]) -> None:
    """A fact stored without a name (an event the reader coded from text) is named by its
    CAMEO act, and its reference to the text says what it is (``named`` False)."""
    label = None
    if r.get("cameo"):
        from amity import cameo
        from amity.errors import InputError

        try:
            label = f"{cameo.lookup(r['cameo']).name} (CAMEO {r['cameo']})"
        except InputError:   # an unknown code: the kind names it
            label = None
    r["name"] = label or str(r.get("kind") or "fact").replace("_", " ")
    r["named"] = False
    ref = r.get("reference")
    if isinstance(ref, dict) and not ref.get("publisher"):
        m = _DOC_REF.match(ref.get("title") or "")
        if m:
            r["reference"] = dict(ref, publisher="text read by Amity",
                                  title=f"document {m.group(1)}, characters "
                                        f"{m.group(2)}-{m.group(3)}")


def citation(ref: Mapping[str, Any]) -> str:
    """A reference in one line: ``title (publisher, year)`` without the parts it lacks."""
    tail = ", ".join(str(x) for x in (ref.get("publisher"), ref.get("year")) if x)
    return f"{ref.get('title') or ''}" + (f" ({tail})" if tail else "")


def _join_atop(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold dataset treaty rows (ATOP) into the curated records that carry the same ATOP id.

    A curated treaty gets ``atop``: the dataset's own coding (dates and obligations) of that
    alliance, and the dataset row is dropped; dataset treaties no curated record names stay
    in the list as they are. Every record has an ``atop`` key (None when nothing joins).
    """
    curated_ids = {r["atop_id"] for r in rows if r["prov_kind"] == "curated" and r["atop_id"]}
    by_id: dict[int, list[dict[str, Any]]] = {}
    out = []
    for r in rows:
        if r["prov_kind"] == "dataset" and r["atop_id"] in curated_ids:
            by_id.setdefault(r["atop_id"], []).append(
                {"date": r["date"], "date_end": r["date_end"], "obligations": r["obligations"],
                 "source": r["reference"]["title"]})
        else:
            out.append(r)
    for r in out:
        r["atop"] = by_id.get(r["atop_id"]) if r["prov_kind"] == "curated" else None
    return out


def facts(a: str | None = None, b: str | None = None, start: int | None = None,
          end: int | None = None, kinds: Iterable[str] | str | None = None, con=None
          ) -> list[dict[str, Any]]:
    """Facts involving ``a`` (and ``b``), optionally within years and of some kinds.

    Parameters
    ----------
    a, b : str, optional
        Actor names or ids; each stands for its whole line (CHN = Qing, ROC, PRC). With both,
        only facts linking the two lines; with ``a`` alone, every fact naming ``a``'s line.
        A member acting through a bloc is matched through its own row (``via_bloc`` set):
        ``facts("DEU", "RUS", 2022, 2022, kinds="sanction")`` returns the EU sanctions.
    start, end : int, optional
        Inclusive years; a fact is kept when its span ``[year_start, year_end]`` overlaps.
    kinds : str or iterable of str, optional
        Restrict to these kinds (``sanction``, ``treaty``, ``summit``...).
    """
    con, close = _con(con)
    try:
        where: list[str] = []
        params: list[Any] = []
        la, lb = _line(a), _line(b)
        if la is not None and lb is not None:
            c, p = _pair(la, lb)
        elif la is not None or lb is not None:
            c, p = _involves(la if la is not None else lb)
        else:
            c, p = None, []
        if c:
            where.append(c)
            params += p
        if start is not None:
            where.append("coalesce(year_end, 9999) >= ?")
            params.append(int(start))
        if end is not None:
            where.append("year_start <= ?")
            params.append(int(end))
        if kinds:
            ks = [kinds] if isinstance(kinds, str) else list(kinds)
            where.append("kind IN (SELECT unnest(?))")
            params.append([k.lower() for k in ks])
        pair = (la, lb) if la is not None and lb is not None else None
        rows = _select(con, where, params, pair=pair)
        if pair is not None and end is not None:   # not yet binding the pair by ``end``
            rows = [r for r in rows if r["year"] <= int(end)]
        return rows
    finally:
        if close:
            con.close()


def border_length_km(a: str, b: str, con=None) -> float | None:
    """The length of the common land border of two lines, from curated ``border`` facts.

    Reads the most recent ``border`` fact linking the two lines and returns the number of
    kilometres stated in its name (``"... 4,209 km"``), or None when none is recorded.
    """
    rows = [r for r in facts(a, b, kinds="border", con=con) if r["name"]]
    for r in reversed(rows):
        m = re.search(r"([\d,.]+)\s*km", r["name"])
        if m:
            return float(m.group(1).replace(",", ""))
    return None
