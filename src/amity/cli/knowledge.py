"""`amity db`, `amity curated`, `amity treaties`, `amity facts`: the knowledge store's faces."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from amity.cli._common import (DB_OPT, FROM_OPT, JSON_OPT, console, emit, err_console,
                               forward_read, year_range)

db_app = typer.Typer(help="The knowledge store: create it, show what it holds.",
                     no_args_is_help=True)
curated_app = typer.Typer(help="The curated relations layer: validate and load it.",
                          no_args_is_help=True)


def _open(db: Optional[Path], read_only: bool = False):
    from amity import config, store

    path = config.db_path(db)
    return store.connect(path, read_only=read_only), path


#: the most facts the API's /facts answers in one request (its ``limit`` bound)
_API_FACTS_MAX = 10000


def _read(db: Optional[Path], fn, route: tuple[str, dict]) -> tuple[list, bool]:
    """``(fn(con), False)`` on the store opened read-only; while ``amity serve`` holds the store for
    writing, the same read sent to that server's ``route`` (path, query), its answer
    computed by the same use case, and True, with a note on stderr naming the server. Without a
    writing server that answers, the lock error stands (one line naming the holder)."""
    from amity.errors import StoreLockedError

    try:
        con, _ = _open(db, read_only=True)
    except StoreLockedError:
        got = forward_read(db, *route)
        if got is None:
            raise
        rows, note = got
        err_console.print(f"note: {note}", highlight=False, soft_wrap=True)
        return rows, True
    try:
        return fn(con), False
    finally:
        con.close()


@db_app.command("init")
def db_init(db: Optional[Path] = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Create (or migrate) the store and print its status."""
    from amity import store

    con, path = _open(db)
    try:
        st = store.status(con, path)
    finally:
        con.close()
    emit(st, as_json, f"store ready at {path} (schema v{st['schema_version']})")


@db_app.command("status")
def db_status(db: Optional[Path] = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Tables, row counts, facts by kind and loaded datasets."""
    from amity import config, store
    from amity.errors import StoreLockedError
    from amity.store.core import serving

    try:
        con, path = _open(db, read_only=True)
    except StoreLockedError:
        info = serving(db)
        if not info or not info.get("writes"):
            raise
        # the API has no status endpoint to forward to: say so, and what works instead
        raise StoreLockedError(
            f"the store {config.db_path(db)} is held for writing by amity serve (pid "
            f"{info.get('pid')}) at {info.get('url')}, and db status is not one of the reads "
            f"the API answers ({info.get('url')}/health names the store); stop the server, "
            "or serve without AMITY_API_TOKEN so that the CLI's reads share the file"
        ) from None
    try:
        st = store.status(con, path)
    finally:
        con.close()

    def human() -> None:
        console.print(f"[bold]{path}[/] schema v{st['schema_version']}")
        t = Table("table", "rows")
        for k, v in st["tables"].items():
            t.add_row(k, str(v))
        console.print(t)
        if st["relations_by_kind"]:
            k = Table("kind", "facts")
            for kk, v in st["relations_by_kind"].items():
                k.add_row(kk, str(v))
            console.print(k)
        for d in st["datasets"]:
            console.print(f"dataset {d['name']} {d['version'] or ''}: {d['rows']} rows")

    emit(st, as_json, human)


@curated_app.command("load")
def curated_load(file: Optional[List[Path]] = typer.Option(
        None, "--file", help="A curated CSV file or folder (repeatable); default: the shipped layer."),
        db: Optional[Path] = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Validate every row, then load the curated facts (nothing is written if a row is bad)."""
    from amity.knowledge import load_curated

    con, path = _open(db)
    try:
        with console.status("loading the curated layer...") if not as_json else _null():
            res = load_curated(con, list(file) if file else None)
    finally:
        con.close()
    emit(res, as_json, f"{res['rows']} curated rows from {len(res['files'])} file(s): "
                       f"{res['inserted']} facts added, {res['skipped']} already stored, "
                       f"{res['removed']} stale removed ({path})")


@curated_app.command("check")
def curated_check(file: Optional[List[Path]] = typer.Option(
        None, "--file", help="A curated CSV file or folder (repeatable); default: the shipped layer."),
        as_json: bool = JSON_OPT) -> None:
    """Validate curated files without writing; exit 2 when any row is bad."""
    from amity.errors import InputError
    from amity.knowledge import check_curated

    rep = check_curated(list(file) if file else None)
    d = rep.to_dict()

    def human() -> None:
        if rep.ok:
            console.print(f"ok: {rep.rows} rows in {len(rep.files)} file(s), "
                          f"{rep.relations} facts after bloc expansion")
        else:
            t = Table("file", "line", "field", "reason", title=f"{len(rep.errors)} bad row(s)")
            for e in rep.errors:
                t.add_row(str(e["file"]), str(e["line"]), str(e["field"]), e["reason"])
            console.print(t)

    emit(d, as_json, human)
    if not rep.ok:
        e = rep.errors[0]
        raise InputError(f"{len(rep.errors)} bad row(s); first: {e['reason']}",
                         file=e["file"], line=e["line"], field=e["field"])


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def _refcell(r: dict) -> str:
    from amity.knowledge import citation

    return citation(r["reference"])


def treaties_cmd(a: str = typer.Argument(..., help="First actor (name or id; its whole line)."),
                 b: Optional[str] = typer.Argument(None, help="Second actor (optional)."),
                 db: Optional[Path] = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Treaties and agreements between two lines of states, with obligations and references."""
    from amity.app.service import treaty_rows

    rows, _ = _read(db, lambda con: treaty_rows(a, b, con=con),
                    ("/treaties", {k: v for k, v in (("a", a), ("b", b)) if v is not None}))
    out = rows

    def human() -> None:
        t = Table("year", "name", "parties", "obligations", "alliance?", "ATOP",
                  title=f"treaties and agreements: {a}" + (f" - {b}" if b else ""))
        for r in rows:
            obs = ", ".join(f"{o} ({r['articles'][o]})" if o in r["articles"] else o
                            for o in r["obligations"])
            since = r.get("party_since") or {}   # a later party with its entry year
            who = ", ".join(p + (f" ({since[p][:4]})" if p in since else "")
                            for p in r["parties"])
            t.add_row(str(r["year"]), r["name"] or "", who, obs,
                      "yes" if r["alliance"] else "no", str(r["atop_id"] or ""))
        console.print(t)
        console.print(f"{len(rows)} record(s)")

    emit(out, as_json, human)


def facts_cmd(a: Optional[str] = typer.Argument(None, help="Actor (name or id; its whole line)."),
              b: Optional[str] = typer.Argument(None, help="Second actor (optional)."),
              start: Optional[int] = FROM_OPT,
              end: Optional[int] = typer.Option(None, "--to", help="Last year (inclusive)."),
              kind: Optional[List[str]] = typer.Option(None, "--kind",
                                                       help="Only this kind (repeatable)."),
              db: Optional[Path] = DB_OPT, as_json: bool = JSON_OPT) -> None:
    """Dated facts between two actors (or about one), with CAMEO codes and references."""
    from amity.app.service import fact_rows

    year_range(start, end)          # checked before the store is opened
    query = {k: v for k, v in (("a", a), ("b", b), ("from", start), ("to", end),
                               ("kind", list(kind) if kind else None)) if v is not None}
    rows, forwarded = _read(db, lambda con: fact_rows(a, b, start, end, kind or None, con=con,
                                                      fields=("--from", "--to", "--kind")),
                            ("/facts", {**query, "limit": _API_FACTS_MAX}))
    out = rows
    if forwarded and len(rows) >= _API_FACTS_MAX:
        err_console.print(f"note: the server answers at most {_API_FACTS_MAX:,} facts a "
                          "request: these are the first; narrow with --from/--to/--kind or "
                          "an actor", highlight=False, soft_wrap=True)

    def human() -> None:
        t = Table("date", "kind", "who", "name", "cameo", "sign", "source",
                  title="facts" + (f": {a}" if a else "") + (f" - {b}" if b else ""))
        for r in rows:
            who = (r["source_actor"] or "") + (f" -> {r['target_actor']}" if r["target_actor"] else "")
            if not r["source_actor"] and not r["target_actor"]:
                who = ", ".join(r["parties"])
            if r["via_bloc"] and r["source_actor"] != r["via_bloc"]:
                who += f" (via {r['via_bloc']})"
            name = r["name"] or ""
            if r["negated"]:
                name = "NOT: " + name
            if r["vote"]:
                name += f" [{r['vote']}]"
            t.add_row(r["date"], r["kind"], who, name, r["cameo"] or "",
                      "" if r["sign"] is None else ("0" if r["sign"] == 0 else f"{r['sign']:+d}"),
                      _source_label(r["reference"]))
        console.print(t)
        console.print(f"{len(rows)} fact(s)")

    emit(out, as_json, human)


def _source_label(ref: dict) -> str:
    """Publisher and year of a fact's reference; for a fact read from a text with neither, the
    document it was read from (``doc:<sha256 prefix>#<span>``), never an empty cell."""
    label = ", ".join(str(x) for x in (ref.get("publisher"), ref.get("year")) if x)
    if label:
        return label
    title = str(ref.get("title") or "")
    if title.startswith("doc:") and "#" in title:
        sha, span = title[4:].split("#", 1)
        return f"doc:{sha[:8]}#{span}"
    return title


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(curated_app, name="curated")
    app.command("treaties")(treaties_cmd)
    app.command("facts")(facts_cmd)
