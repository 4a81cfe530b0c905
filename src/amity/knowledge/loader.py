"""Read, validate and load the curated relations layer (CSV files, one fact a row).

The curated layer is a reviewed dataset the project writes itself from public knowledge:
treaties with their obligations, summits, recognitions, wars, sanctions, votes... each with a
reference. :func:`load_curated` validates *every* row first and writes nothing unless all are
valid; the write goes through :func:`amity.store.write_relations`, so a replay adds nothing.
"""
from __future__ import annotations

import csv
import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import duckdb

from amity import concepts
from amity.errors import InputError
from amity.knowledge import _registry as reg
from amity.knowledge.edtf import EDTFError, is_open, parse

#: Columns of a curated CSV file (header row, in any order). Required ones are marked below.
COLUMNS: tuple[str, ...] = (
    "kind", "date", "date_end", "source", "target", "parties", "via_bloc", "name",
    "obligations", "articles", "cameo", "sign", "atop_id", "negated", "vote", "description",
    "ref_title", "ref_publisher", "ref_year", "ref_url",
)
REQUIRED: tuple[str, ...] = ("kind", "date", "ref_title", "ref_publisher", "ref_year")

#: Kinds of fact the curated layer records (see docs/CURATED.md).
KINDS: frozenset[str] = frozenset({
    "treaty", "agreement", "joint_statement", "statement", "summit", "visit", "talks",
    "recognition", "diplomatic_relations", "dissolution", "annexation", "war", "clash",
    "military_operation", "troop_deployment", "arms_supply", "military_cooperation",
    "exercise", "aid", "withdrawal", "expulsion", "crisis", "sanction", "sanctions_relief",
    "export_control", "tariff", "trade", "energy", "vote", "veto", "border", "membership",
})
#: Kinds that are treaties or agreements (what :func:`amity.knowledge.treaties` lists).
TREATY_KINDS: frozenset[str] = frozenset({"treaty", "agreement", "joint_statement"})

#: Obligations a treaty may carry.
OBLIGATIONS: frozenset[str] = frozenset({
    "defense", "offense", "neutrality", "non-aggression", "consultation", "border",
    "territory", "friendship", "cooperation", "trade", "energy", "military-cooperation",
    "arms-control", "nuclear", "economic-aid", "concession", "extraterritoriality",
    "indemnity", "recognition", "non-interference", "partnership",
})
_OBLIGATION_ALIASES = {
    "defence": "defense", "nonaggression": "non-aggression", "non_aggression": "non-aggression",
    "neutral": "neutrality", "consult": "consultation", "mutual-assistance": "defense",
    "military_cooperation": "military-cooperation", "arms_control": "arms-control",
    "economic_aid": "economic-aid", "non_interference": "non-interference",
}
VOTES: frozenset[str] = frozenset({"yes", "no", "abstain", "veto", "absent"})

_CURATED_PKG = "amity.data.curated"
_URL = re.compile(r"^https?://\S+$")


@dataclass
class CuratedRow:
    """One validated curated fact, ready for :func:`amity.store.write_relations`."""

    file: str
    line: int
    relation: dict[str, Any]
    expanded: list[dict[str, Any]] = field(default_factory=list)  # bloc members' rows


@dataclass
class CheckReport:
    files: list[str]
    rows: int = 0
    relations: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    normalized: list[dict[str, Any]] = field(default_factory=list)
    records: list[CuratedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "files": self.files, "rows": self.rows,
                "relations": self.relations, "errors": self.errors,
                "normalized": self.normalized, "actor_registry": reg.BACKEND}


def default_files() -> list[Path]:
    """The curated CSV files shipped with the package, sorted by name."""
    root = resources.files("amity") / "data" / "curated"
    return sorted(Path(str(p)) for p in root.iterdir() if str(p).endswith(".csv"))


def _paths(path: str | Path | Iterable[str | Path] | None) -> list[Path]:
    if path is None:
        return default_files()
    if isinstance(path, (str, Path)):
        p = Path(path)
        if p.is_dir():
            return sorted(p.glob("*.csv"))
        if not p.is_file():
            raise InputError("no such curated file", file=str(p))
        return [p]
    out: list[Path] = []
    for x in path:
        out.extend(_paths(x))
    return out


def _label(p: Path) -> str:
    """A stable provenance label: 'curated/NAME.csv' for the package files, else the resolved
    absolute path (so a file of the same name in another folder is another source: loading
    it never removes the first file's facts as stale)."""
    try:
        if p.resolve().parent == Path(str(resources.files("amity") / "data" / "curated")).resolve():
            return f"curated/{p.name}"
    except (OSError, ModuleNotFoundError):
        pass
    try:
        return str(p.resolve())
    except OSError:
        return str(p.absolute())


def _sha256(p: Path) -> str | None:
    """Content hash of a source file (recorded with its resolved path in the batch)."""
    import hashlib

    try:
        return hashlib.sha256(p.read_bytes()).hexdigest()
    except OSError:
        return None


def _split(v: str) -> list[str]:
    return [x.strip() for x in (v or "").split(";") if x.strip()]


class _RowError(Exception):
    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason


def _actor(field_name: str, actor_id: str, lo: _dt.date | None, hi: _dt.date | None,
           notes: list[tuple[str, str, str]]) -> str:
    """Check that the id is known and exists at the fact's date; allow lineage members.

    A line member named outside its span (``RUS`` in 1950) is replaced by the member of the
    same line that existed then (``SUN``) and the change is noted.
    """
    info = reg.get(actor_id)
    if info is None:
        sug = reg.suggest(actor_id)
        raise _RowError(field_name, f"unknown actor id {actor_id!r}"
                        + (f"; did you mean {', '.join(sug)}?" if sug else ""))
    if info.exists(lo, hi):
        return actor_id
    for other in info.lineage:
        o = reg.get(other)
        if o is not None and other != actor_id and o.exists(lo, lo):
            notes.append((field_name, actor_id, other))
            return other
    span = f"{info.start or '..'}/{info.end or '..'}"
    raise _RowError(field_name, f"actor {actor_id} ({info.name}, {span}) did not exist at "
                                f"{lo}..{hi} and no member of its line did")


def _parties(v: dict[str, str], span, year_end: int | None, notes: list
             ) -> tuple[list[str], list[str | None] | None]:
    """The ``parties`` field: ``ID`` for a party from the fact's date, ``ID@DATE`` for one
    that joined later (an accession: EDTF date, not before the fact's date nor after its end).
    Returns the ids and, aligned with them, each party's entry date (None: from the fact's
    date), or None for the dates when every party is there from the start."""
    parties: list[str] = []
    since: list[str | None] = []
    for item in _split(v["parties"]):
        pid, at, when = item.partition("@")
        pid, when = pid.strip(), when.strip()
        if not at:
            parties.append(_actor("parties", pid, span.earliest, span.latest, notes))
            since.append(None)
            continue
        if not concepts.ENTRY_DATE.match(when):
            raise _RowError("parties", f"{pid}'s entry date {when!r} is not YYYY, YYYY-MM or "
                                       "YYYY-MM-DD")
        entry = parse(when)
        if entry.earliest < span.earliest:
            raise _RowError("parties", f"{pid} enters ({when}) before the fact's date "
                                       f"({v['date']}); list it without a date")
        if year_end is not None and entry.year_start > year_end:
            raise _RowError("parties", f"{pid} enters ({when}) after the fact ends "
                                       f"({v['date_end']})")
        parties.append(_actor("parties", pid, entry.earliest, entry.latest, notes))
        since.append(when)
    return parties, (since if any(since) else None)


def _row(raw: dict[str, str], notes: list) -> dict[str, Any]:
    v = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    for k in REQUIRED:
        if not v[k]:
            raise _RowError(k, "required value is empty")
    kind = v["kind"].lower()
    if kind not in KINDS:
        raise _RowError("kind", f"unknown kind {kind!r} (one of: {', '.join(sorted(KINDS))})")
    try:
        span = parse(v["date"])
    except EDTFError as e:
        raise _RowError("date", str(e)) from None
    if span.earliest is None:
        raise _RowError("date", "the start date cannot be open")
    year_end = span.year_end
    if v["date_end"]:
        if is_open(v["date_end"]):
            year_end = None
        else:
            try:
                end = parse(v["date_end"])
            except EDTFError as e:
                raise _RowError("date_end", str(e)) from None
            if end.latest is not None and end.latest < span.earliest:
                raise _RowError("date_end", f"ends ({v['date_end']}) before it starts ({v['date']})")
            year_end = end.year_end
    lo, hi = span.earliest, span.latest
    source = _actor("source", v["source"], lo, hi, notes) if v["source"] else None
    target = _actor("target", v["target"], lo, hi, notes) if v["target"] else None
    parties, party_since = _parties(v, span, year_end, notes)
    via = None
    if v["via_bloc"]:
        via = _actor("via_bloc", v["via_bloc"], lo, hi, notes)
        if reg.get(via).kind != "organization":
            raise _RowError("via_bloc", f"{via} is not a bloc or organization")
        if via not in ([source] + parties):
            raise _RowError("via_bloc", f"a fact via {via} names {via} as source or party")
    if source and source == target:
        raise _RowError("target", f"source and target are the same actor ({source})")
    if not (source or target or parties):
        raise _RowError("source", "a fact needs a source, a target or parties")
    if not parties:
        parties = sorted({x for x in (source, target) if x})
        party_since = None
    if len(set(parties)) != len(parties):
        raise _RowError("parties", "a party is listed twice")
    obligations = []
    for o in _split(v["obligations"]):
        o2 = _OBLIGATION_ALIASES.get(o.lower(), o.lower())
        if o2 not in OBLIGATIONS:
            raise _RowError("obligations", f"unknown obligation {o!r} "
                                           f"(one of: {', '.join(sorted(OBLIGATIONS))})")
        if o2 not in obligations:
            obligations.append(o2)
    articles: dict[str, str] = {}
    for a in _split(v["articles"]):
        ob, sep, art = a.partition(":")
        ob = _OBLIGATION_ALIASES.get(ob.strip().lower(), ob.strip().lower())
        if not sep or not art.strip():
            raise _RowError("articles", f"{a!r} is not 'obligation:article'")
        if ob not in obligations:
            raise _RowError("articles", f"article given for {ob!r}, which is not among the "
                                        "row's obligations")
        articles[ob] = art.strip()
    if obligations and kind not in TREATY_KINDS:
        raise _RowError("obligations", f"only treaties and agreements carry obligations, "
                                       f"not a {kind!r}")
    cameo = goldstein = plover = None
    if v["cameo"]:
        cameo = v["cameo"]
        if not re.fullmatch(r"\d{2,4}", cameo):
            raise _RowError("cameo", f"{cameo!r} is not a CAMEO code (2-4 digits, leading zeros kept)")
        from amity import cameo as _cameo

        try:
            c = _cameo.lookup(cameo)
        except InputError:
            raise _RowError("cameo", f"unknown CAMEO code {cameo!r}") from None
        goldstein, plover = c.goldstein, c.plover
    sign = None
    if v["sign"]:
        try:
            sign = int(v["sign"].replace("+", ""))
        except ValueError:
            sign = 99
        if sign not in (-1, 0, 1):
            raise _RowError("sign", f"{v['sign']!r} is not -1, 0 or +1")
    elif goldstein is not None:
        sign = (goldstein > 0) - (goldstein < 0)
    atop = None
    if v["atop_id"]:
        if not v["atop_id"].isdigit():
            raise _RowError("atop_id", f"{v['atop_id']!r} is not an ATOP alliance id")
        atop = int(v["atop_id"])
    negated = None
    if v["negated"]:
        b = v["negated"].lower()
        if b not in ("true", "false", "1", "0", "yes", "no"):
            raise _RowError("negated", f"{v['negated']!r} is not true/false")
        negated = b in ("true", "1", "yes")
    if negated:  # the act did not happen: keep its code, drop its weight
        goldstein = plover = None
    vote = v["vote"].lower() or None
    if vote is not None and vote not in VOTES:
        raise _RowError("vote", f"{vote!r} is not one of {', '.join(sorted(VOTES))}")
    if kind in ("vote", "veto") and vote is None:
        raise _RowError("vote", "a vote row states the vote (yes, no, abstain, veto, absent)")
    if vote is not None and kind not in ("vote", "veto"):
        raise _RowError("vote", f"a {kind!r} row carries no vote")
    try:
        ref_year = int(v["ref_year"])
    except ValueError:
        raise _RowError("ref_year", f"{v['ref_year']!r} is not a year") from None
    if not 1600 <= ref_year <= _dt.date.today().year + 1:
        raise _RowError("ref_year", f"{ref_year} is not a plausible publication year")
    if ref_year < span.year_start:
        raise _RowError("ref_year", f"the reference ({ref_year}) predates the fact ({v['date']})")
    if v["ref_url"] and not _URL.match(v["ref_url"]):
        raise _RowError("ref_url", f"{v['ref_url']!r} is not an http(s) URL")
    desc = v["description"] or None
    if vote:
        desc = f"[vote: {vote}] {desc or ''}".strip()
    return {
        "kind": kind, "date": v["date"], "date_end": v["date_end"] or None,
        "year_start": span.year_start, "year_end": year_end,
        "source_actor": source, "target_actor": target, "parties": parties,
        "party_since": party_since,
        "via_bloc": via, "name": v["name"] or None, "obligations": obligations,
        "articles": json.dumps(articles, ensure_ascii=False) if articles else None,
        "plover": plover, "cameo": cameo, "goldstein": goldstein, "sign": sign,
        "atop_id": atop, "negated": negated, "description": desc,
        "prov_kind": "curated", "prov_ref": v["ref_title"],
        "ref_publisher": v["ref_publisher"], "ref_year": ref_year, "ref_url": v["ref_url"] or None,
    }


def _expand_bloc(rel: dict[str, Any]) -> list[dict[str, Any]]:
    """A fact a bloc states as source -> one row per member at that date, via the bloc."""
    bloc = rel["via_bloc"]
    if not bloc or rel["source_actor"] != bloc:
        return []
    at = parse(rel["date"]).earliest
    out = []
    for m in reg.bloc_members(bloc, at):
        r = dict(rel)
        r["source_actor"] = m
        r["parties"] = sorted({m, rel["target_actor"]} - {None})
        r["party_since"] = None
        out.append(r)
    return out


def check_curated(path: str | Path | Iterable | None = None) -> CheckReport:
    """Validate curated CSV files without writing anything.

    Returns a :class:`CheckReport` listing every bad row as ``{file, line, field, reason}``.
    """
    from amity.store.core import relation_id

    files = _paths(path)
    if not files:
        raise InputError("no curated CSV files found", file=str(path) if path else None)
    rep = CheckReport(files=[str(f) for f in files])
    seen: dict[str, tuple[str, int]] = {}
    for f in files:
        label = _label(f)
        try:
            text = f.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as e:
            rep.errors.append({"file": str(f), "line": None, "field": None,
                               "reason": f"not UTF-8 text ({e.reason} at byte {e.start})"})
            continue
        reader = csv.DictReader(text.splitlines(keepends=True))
        try:
            header = reader.fieldnames or []
        except csv.Error as e:
            rep.errors.append({"file": str(f), "line": 1, "field": None,
                               "reason": f"unreadable CSV header: {e}"})
            continue
        missing = [c for c in REQUIRED if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing or unknown:
            fld = (missing or unknown)[0]
            why = (f"missing column(s) {missing}" if missing else
                   f"unknown column(s) {unknown}; expected {list(COLUMNS)}")
            rep.errors.append({"file": str(f), "line": 1, "field": fld, "reason": why})
            continue
        for raw in _rows(reader, rep, f):
            line = reader.line_num
            if not any((x or "").strip() for x in raw.values() if isinstance(x, str)):
                continue
            rep.rows += 1
            if None in raw:  # more cells than header columns
                rep.errors.append({"file": str(f), "line": line, "field": None,
                                   "reason": "more cells than header columns"})
                continue
            notes: list = []
            try:
                rel = _row(raw, notes)
            except _RowError as e:
                rep.errors.append({"file": str(f), "line": line, "field": e.field,
                                   "reason": e.reason})
                continue
            rel["prov_ref"] = f"{label}: {rel['prov_ref']}"
            rel["id"] = relation_id(rel)
            if rel["id"] in seen:
                pf, pl = seen[rel["id"]]
                rep.errors.append({"file": str(f), "line": line, "field": None,
                                   "reason": f"duplicate of {pf} line {pl}"})
                continue
            seen[rel["id"]] = (str(f), line)
            for fld, old, new in notes:
                rep.normalized.append({"file": str(f), "line": line, "field": fld,
                                       "from": old, "to": new})
            rec = CuratedRow(str(f), line, rel)
            for m in _expand_bloc(rel):
                m.pop("id", None)
                m["id"] = relation_id(m)
                rec.expanded.append(m)
            rep.records.append(rec)
    rep.relations = sum(1 + len(r.expanded) for r in rep.records)
    return rep


def curated_count(con) -> int:
    """How many curated facts the store holds (0 for a store without a ``relations`` table).
    A read: the faces call it to say when the curated layer was never loaded."""
    try:
        return int(con.execute(
            "SELECT count(*) FROM relations WHERE prov_kind = 'curated'").fetchone()[0])
    except duckdb.CatalogException:   # a store without relations
        return 0


def load_curated(con, path: str | Path | Iterable | None = None) -> dict[str, Any]:
    """Validate and load curated facts into the store's ``relations`` table.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open store (:func:`amity.store.connect`).
    path : str, Path, list or None
        A CSV file, a folder of CSV files, or a list of them; None loads the files shipped in
        ``amity/data/curated``.

    Returns
    -------
    dict
        ``{"files", "rows", "relations", "inserted", "skipped", "removed", "normalized"}``.

    Raises
    ------
    InputError
        On the first bad row (file, line, field, reason), after checking all of them; nothing
        is written then. The message counts the other errors.

    Notes
    -----
    Every fact gets a deterministic id, so loading twice adds nothing. Rows that an earlier
    load of the *same file* wrote and that the file no longer holds (edited or deleted facts)
    are removed after the write, so the store mirrors the file.
    """
    from amity.store import insert_relations, transaction

    rep = check_curated(path)
    if rep.errors:
        e = rep.errors[0]
        more = f" (and {len(rep.errors) - 1} more error(s); run `amity curated check`)" \
            if len(rep.errors) > 1 else ""
        raise InputError(e["reason"] + more, file=e["file"], line=e["line"], field=e["field"])
    rows = [r.relation for r in rep.records] + [m for r in rep.records for m in r.expanded]
    labels = sorted({_label(Path(f)) for f in rep.files})
    ids = [r["id"] for r in rows]
    # the new facts and the removal of the stale ones form one transaction: a crash leaves the
    # store as before or as after, never holding old and new versions of an edited fact
    con.register("_keep_ids", _frame(ids))
    try:
        with transaction(con):
            res = insert_relations(con, rows, kind="curated", source=";".join(labels),
                                   meta={"files": rep.files,
                                         "sources": {_label(Path(f)): _sha256(Path(f))
                                                     for f in rep.files}})
            cond = " OR ".join("starts_with(prov_ref, ?)" for _ in labels)
            before = con.execute("SELECT count(*) FROM relations").fetchone()[0]
            con.execute(
                f"DELETE FROM relations WHERE prov_kind = 'curated' AND ({cond}) "
                "AND id NOT IN (SELECT id FROM _keep_ids)", [f"{x}: " for x in labels])
            removed = before - con.execute("SELECT count(*) FROM relations").fetchone()[0]
    finally:
        con.unregister("_keep_ids")
    return {"files": rep.files, "rows": rep.rows, "relations": len(rows),
            "inserted": res["inserted"], "skipped": res["skipped"], "removed": int(removed),
            "normalized": rep.normalized, "batch_id": res["batch_id"],
            "actor_registry": reg.BACKEND}


def _rows(reader: "csv.DictReader", rep: "CheckReport", f: Path):
    """The reader's rows; a row the csv module cannot read (e.g. a cell over its field size
    limit) becomes an error naming the file and line, and ends that file's reading."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            rep.errors.append({"file": str(f), "line": reader.line_num or None, "field": None,
                               "reason": f"unreadable CSV row: {e}"})
            return


def _frame(ids: list[str]):
    import pandas as pd

    return pd.DataFrame({"id": pd.Series(ids, dtype="string")})
