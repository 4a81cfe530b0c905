"""Merge stage: write what was read into the store, with provenance, without duplicating.

Each event or treaty becomes a ``relations`` row with ``prov_kind = "document"`` and
``prov_ref = "doc:<sha256>#<start>-<end>"`` (the document's checksum and the supporting span).
Before a row is written it is compared with the facts already stored (any provenance, through
:func:`amity.knowledge.facts`) and with the rows of the same batch: a fact with the same kind, the
same actors and a date within the tolerance is the same fact, and the text only adds evidence to
it. Evidence (relation id, document sha256, span, text) goes to the reader's own table
``reader_evidence``, so reading the same document twice adds nothing.

Events that are negated, hedged or undated are not facts and are not stored (they are counted).
A signing event whose treaty was read is stored once, as the treaty.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
from typing import Any

from amity.reader.dates import year_bounds

TREATY_KINDS = ("treaty", "agreement", "joint_statement")
DDL = """
CREATE TABLE IF NOT EXISTS reader_evidence (
    relation_id VARCHAR NOT NULL, doc_sha256 VARCHAR NOT NULL, span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL, text VARCHAR, source VARCHAR, read_at TIMESTAMP,
    PRIMARY KEY (relation_id, doc_sha256, span_start, span_end));
"""

_KIND_BY_CAMEO = [
    ("0841", "withdrawal"), ("057", "agreement"), ("054", "recognition"), ("040", "talks"),
    ("041", "talks"), ("046", "talks"), ("045", "talks"), ("042", "visit"), ("043", "visit"),
    ("062", "military_cooperation"), ("064", "military_cooperation"), ("061", "trade"),
    ("072", "arms_supply"), ("07", "aid"), ("085", "sanctions_relief"), ("087", "withdrawal"),
    ("15", "troop_deployment"), ("163", "sanction"), ("166", "expulsion"), ("161", "crisis"),
    ("160", "crisis"), ("164", "crisis"), ("129", "veto"), ("192", "annexation"),
    ("19", "military_operation"), ("18", "military_operation"),
]


def event_kind(cameo_code: str | None, joint: bool = False) -> str:
    """The store's kind for a CAMEO code (``event`` when no specific kind fits)."""
    c = cameo_code or ""
    if c == "054" and joint:
        return "diplomatic_relations"
    for prefix, kind in _KIND_BY_CAMEO:
        if c.startswith(prefix):
            return kind
    return "event"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _span_days(edtf: str) -> tuple[_dt.date, _dt.date] | None:
    try:
        from amity.knowledge import parse_edtf

        s = parse_edtf(edtf)
        if s.earliest and s.latest:
            return s.earliest, s.latest
    except Exception:
        pass
    lo, hi = year_bounds(edtf)
    if lo is None:
        return None
    return _dt.date(lo, 1, 1), _dt.date(hi, 12, 31)


def _near(a: str | None, b: str | None, days: int) -> bool:
    if not a or not b:
        return False
    sa, sb = _span_days(a), _span_days(b)
    if sa is None or sb is None:
        return a == b
    tol = _dt.timedelta(days=days)
    return sa[0] - tol <= sb[1] and sb[0] - tol <= sa[1]


def rows_from(result: dict[str, Any], sha: str) -> tuple[list[dict], dict[str, int]]:
    """Relation rows for a reader result, and counts of what was left out."""
    rows: list[dict] = []
    skipped = {"negated": 0, "hedged": 0, "undated": 0, "no_actor": 0, "agentless": 0}
    ref = lambda sp: f"doc:{sha}#{sp[0]}-{sp[1]}"  # noqa: E731
    for t in result.get("treaties", []):
        if not t.get("date"):
            skipped["undated"] += 1
            continue
        if not t.get("parties"):
            skipped["no_actor"] += 1
            continue
        y0, y1 = year_bounds(t["date"])
        rows.append({"kind": "treaty", "date": t["date"], "year_start": y0, "year_end": y0,
                     "parties": sorted(t["parties"]), "name": t["name"],
                     "obligations": sorted(t.get("obligations") or []),
                     "negated": False, "description": t.get("text"), "prov_kind": "document",
                     "prov_ref": ref(t["span"]), "_span": t["span"], "_text": t.get("text")})
    for e in result.get("events", []):
        if e.get("negated"):
            skipped["negated"] += 1
            continue
        if e.get("hedged"):
            skipped["hedged"] += 1
            continue
        if not e.get("date"):
            skipped["undated"] += 1
            continue
        if e.get("agentless"):
            skipped["agentless"] += 1  # no doer named: not a relation between two actors
            continue
        if e.get("treaty") and any(r["name"] == e["treaty"] and r["kind"] == "treaty"
                                   for r in rows) and e.get("cameo") == "057":
            continue  # the treaty row stands for its signature
        joint = not e.get("source")
        y0, y1 = year_bounds(e["date"])
        rows.append({"kind": event_kind(e.get("cameo"), joint), "date": e["date"],
                     "year_start": y0, "year_end": y1,
                     "source_actor": e.get("source"), "target_actor": e.get("target"),
                     "parties": sorted(e.get("parties") or []) if joint else
                     sorted(x for x in (e.get("source"), e.get("target")) if x),
                     "name": e.get("treaty"), "plover": e.get("plover"), "cameo": e.get("cameo"),
                     "goldstein": e.get("goldstein"), "negated": False,
                     "description": e.get("text"), "prov_kind": "document",
                     "prov_ref": ref(e["span"]), "_span": e["span"], "_text": e.get("text")})
    return rows, skipped


@functools.lru_cache(maxsize=2048)
def _line(actor: str | None) -> frozenset:
    """An actor's whole line (RUS-TSARDOM ... SUN ... RUS), so that a text's "Russia" in 1689
    matches a fact stored for the Tsardom."""
    if actor is None:
        return frozenset()
    try:
        from amity import actors

        return frozenset(a.id for a in actors.lineage(actor)) | {actor}
    except Exception:
        return frozenset({actor})


def _same_actor(a: str | None, b: str | None) -> bool:
    return a == b or (a is not None and b is not None and b in _line(a))


def _same(new: dict, old: dict, days: int) -> bool:
    if new["kind"] == "treaty":
        if old["kind"] not in TREATY_KINDS:
            return False
        held = set(old.get("parties") or []) | {old.get("source_actor"), old.get("target_actor")}
        if not all(any(_same_actor(p, h) for h in held) for p in new["parties"]):
            return False
        from rapidfuzz import fuzz

        na, nb = (new.get("name") or "").lower(), (old.get("name") or "").lower()
        generic = na in ("treaty", "agreement", "pact") or not nb
        return _near(new["date"], old["date"], 366) and (generic or fuzz.token_set_ratio(na, nb) >= 80)
    if old["kind"] != new["kind"]:
        return False
    if new.get("source_actor"):
        if not (_same_actor(new["source_actor"], old.get("source_actor"))
                and _same_actor(new.get("target_actor"), old.get("target_actor"))):
            return False
    else:
        olds = list(old.get("parties") or [])
        if len(olds) != len(new["parties"]) or not all(
                any(_same_actor(p, o) for o in olds) for p in new["parties"]):
            return False
    return _near(new["date"], old["date"], days)


def _existing(con, row: dict) -> list[dict]:
    from amity.knowledge import facts

    actors = row["parties"] or [row.get("source_actor")]
    a = actors[0]
    b = actors[1] if len(actors) > 1 else None
    kinds = list(TREATY_KINDS) if row["kind"] == "treaty" else [row["kind"]]
    y0, y1 = row["year_start"], row["year_end"]
    try:
        return facts(a, b, (y0 or 0) - 1, (y1 or y0 or 9998) + 1, kinds=kinds, con=con)
    except Exception:  # an id the registry does not know: compare on the raw table
        q = ("SELECT id, kind, date, source_actor, target_actor, parties, name FROM relations "
             "WHERE kind IN (SELECT unnest(?)) AND year_start BETWEEN ? AND ?")
        out = []
        for r in con.execute(q, [kinds, (y0 or 0) - 1, (y1 or y0 or 9998) + 1]).fetchall():
            out.append(dict(zip(["id", "kind", "date", "source_actor", "target_actor",
                                 "parties", "name"], r)))
        return out


def store_result(con, result: dict[str, Any], *, text: str, source: str,
                 tolerance_days: int = 31) -> dict[str, Any]:
    """Write a reader result into the store, merging with facts already there.

    Returns ``{"inserted", "merged", "evidence", "skipped": {...}, "doc_sha256"}``: new facts,
    facts that were already known (the document only adds evidence), evidence rows written, and
    what was not stored because it is not a fact (negated, hedged, undated, no actor).
    """
    from amity.store import relation_id, transaction

    sha = sha256_text(text)
    rows, skipped = rows_from(result, sha)
    with transaction(con):
        con.execute(DDL)
    new_rows: list[dict] = []
    links: list[tuple[str, dict]] = []
    merged = 0
    for r in rows:
        match = None
        for old in new_rows:
            if _same(r, old, tolerance_days):
                match = old["id"]
                break
        if match is None:
            for old in _existing(con, r):
                if _same(r, old, tolerance_days):
                    match = old["id"]
                    break
        if match is None:
            clean = {k: v for k, v in r.items() if not k.startswith("_")}
            clean["id"] = relation_id(clean)
            r["id"] = clean["id"]
            new_rows.append({**r})
            links.append((clean["id"], r))
        else:
            merged += 1
            links.append((match, r))
    inserted, evidence = _write(con, new_rows, links, source=source, sha=sha)
    return {"doc_sha256": sha, "inserted": inserted, "merged": merged, "evidence": evidence,
            "skipped": skipped}


def _write(con, new_rows: list[dict], links: list[tuple[str, dict]], *, source: str,
           sha: str) -> tuple[int, int]:
    """New facts, their batch record and every evidence row in ONE transaction (a crash leaves
    either all of it or none). Same semantics as :func:`amity.store.write_relations`: rows whose
    id is stored are skipped; a batch is recorded when it inserted something."""

    import pandas as pd

    from amity.store import insert_relations, transaction

    rows = [{k: v for k, v in r.items() if not k.startswith("_") and k != "batch_id"}
            for r in new_rows]
    now = _dt.datetime.now()
    ev = pd.DataFrame([{"relation_id": rid, "doc_sha256": sha, "span_start": int(r["_span"][0]),
                        "span_end": int(r["_span"][1]), "text": r["_text"], "source": source,
                        "read_at": now} for rid, r in links],
                      columns=["relation_id", "doc_sha256", "span_start", "span_end", "text",
                               "source", "read_at"]).drop_duplicates(
        ["relation_id", "doc_sha256", "span_start", "span_end"])
    inserted = 0
    with transaction(con):
        if rows:
            inserted = insert_relations(con, rows, kind="reader", source=source,
                                        meta={"doc_sha256": sha})["inserted"]
        before = con.execute("SELECT count(*) FROM reader_evidence").fetchone()[0]
        if len(ev):
            con.register("_reader_ev", ev)
            try:
                con.execute("INSERT INTO reader_evidence SELECT relation_id, doc_sha256, "
                            "CAST(span_start AS INTEGER), CAST(span_end AS INTEGER), text, source, "
                            "CAST(read_at AS TIMESTAMP) FROM _reader_ev ON CONFLICT DO NOTHING")
            finally:
                con.unregister("_reader_ev")
        evidence = con.execute("SELECT count(*) FROM reader_evidence").fetchone()[0] - before
    return int(inserted), int(evidence)
