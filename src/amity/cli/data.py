"""`amity data list|fetch|cite`, `amity load`, `amity panel dyad-years|triad-years|state-years`."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from amity.app.datasets import (  # noqa: F401 (the use cases behind the commands)
    build_panel,
    cite,
    fetch_sources,
    list_sources,
    panel_citations,
    selected_sources,
)
from amity.cli._common import (
    DB_OPT,
    FROM_OPT,
    JSON_OPT,
    MIRROR_OPT,
    TO_OPT,
    console,
    emit,
    err_console,
    open_existing_store,
    year_range,
)
from amity.errors import InputError

data_app = typer.Typer(help="Upstream datasets: list, fetch (download or mirror), cite.",
                       no_args_is_help=True)
panel_app = typer.Typer(help="Build panels (state-, dyad-, triad-years) with added sources.",
                        no_args_is_help=True)


# ------------------------------------------------------------------ panel building

def _progress():
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                    TimeElapsedColumn(), console=err_console, transient=True,
                    disable=not err_console.is_terminal)


#: `amity panel triad-years` without --to ends here (not at the clock's year)
TRIAD_DEFAULT_END = 2024


def _panel_cmd(kind: str, system: str, directed: bool, start, end, states, majors, add,
               out, mirror, db, as_json, cite_: bool = False) -> None:
    year_range(start, end)
    if out is None:
        raise InputError("give an output file with --out FILE.parquet or FILE.csv", field="--out")
    adds = [a.strip() for a in (add or "").split(",") if a.strip()]
    con = open_existing_store(db)
    steps = 1 + len(adds) + 1
    try:
        with _progress() as prog:
            task = prog.add_task(f"{kind.replace('_', '-')}", total=steps if kind != "triad_year" else None)

            def on_step(desc, n):
                prog.update(task, advance=1, description=desc)

            res = build_panel(kind, out, system=system, directed=directed,
                              years=(start, end), states=states, majors=majors, add=adds,
                              mirror=mirror, con=con, on_step=on_step)
    finally:
        if con is not None:
            con.close()

    if cite_:
        res["bibtex"] = panel_citations(system, res["coverage"])

    def human():
        if cite_:
            print("\n\n".join(res["bibtex"].values()))
        console.print(f"wrote {res['rows']:,} {kind.replace('_', '-')} rows x "
                      f"{len(res['columns'])} columns to {res['out']} in {res['seconds']} s")
        for s, (a, b) in res["coverage"].items():
            console.print(f"  {s}: covers {a}–{b}; missing outside")

    emit(res, as_json, human)


# ------------------------------------------------------------------ commands

def load_cmd(name: str = typer.Argument("all", help="Source name (amity data list) or 'all'."),
             mirror: Optional[str] = MIRROR_OPT, db: Optional[str] = DB_OPT,
             skip_bad_rows: bool = typer.Option(
                 False, "--skip-bad-rows",
                 help="Quarantine bad rows (with file, line, field, reason) instead of failing."),
             as_json: bool = JSON_OPT) -> None:
    """Load datasets into the store, atomically (a failed load changes nothing)."""
    from amity.reliability.boundary import doing
    from amity.sources.load import load
    from amity.store import connect

    names = selected_sources(name) if name != "all" else "all"
    if mirror:   # an explicit mirror must exist, even when every source is up to date
        from amity import config

        config.mirror_dir(mirror)
    con = connect(db)
    try:
        with _progress() as prog:
            task = prog.add_task("load", total=len(selected_sources(name)) * 2)

            def step(src, stage):
                verb = {"read": "reading", "write": "writing"}.get(stage, "checking")
                doing(f"{verb} {src} in `amity load {name}`")
                prog.update(task, advance=1 if stage in ("read", "write") else 2,
                            description=f"{stage} {src}")

            res = load(con, names, mirror=mirror, skip_bad_rows=skip_bad_rows,
                       on_progress=step)
    finally:
        con.close()

    def human():
        for s in res["sources"]:
            rows = ", ".join(f"{t} {n:,}" for t, n in s["tables"].items())
            state = "loaded" if s["loaded"] else "unchanged"
            console.print(f"{s['name']} {s['version']}: {state} ({rows})")
        for sname, r in res["relations"].items():
            console.print(f"{sname}: {r['inserted']} treaty record(s) added, "
                          f"{r['skipped']} already stored; "
                          f"{len(r.get('unresolved_members', []))} member code(s) "
                          "matched no actor")
        if skip_bad_rows or res["quarantined"]:
            console.print(f"{res['quarantined']} bad row(s) quarantined")

    if res["quarantined"] and not as_json:
        err_console.print(f"{res['quarantined']} bad row(s) sent to the quarantine table")
    emit(res, as_json, human)


def list_cmd(as_json: bool = JSON_OPT) -> None:
    """List the registered upstream sources."""
    rows = list_sources()

    def human():
        from rich.table import Table

        t = Table("name", "version", "years", "title")
        for r in rows:
            y = r["years"]
            t.add_row(r["name"], r["version"], f"{y[0]}–{y[1]}", r["title"])
        console.print(t)

    emit(rows, as_json, human)


def fetch_cmd(name: str = typer.Argument("all", help="Source name or 'all'."),
              mirror: Optional[str] = MIRROR_OPT,
              base_url: Optional[str] = typer.Option(
                  None, "--base-url", help="Download from BASE/<mirror path> instead of upstream."),
              as_json: bool = JSON_OPT) -> None:
    """Get a source's files: verified in the mirror, or downloaded into the cache."""
    res = fetch_sources(name, mirror=mirror, base_url=base_url)

    def human():
        for r in res:
            for k, p in r["files"].items():
                console.print(f"{r['name']}/{k}: {p}")

    emit(res, as_json, human)


def cite_cmd(name: str = typer.Argument("all", help="Source name or 'all'."),
             as_json: bool = JSON_OPT) -> None:
    """Print BibTeX for a source (or all)."""
    res = cite(name)
    emit(res, as_json, lambda: print("\n\n".join(res.values())))


def _make(kind: str, doc: str):
    def cmd(system: str = typer.Option("cow", "--system", help="cow or gw."),
            directed: bool = typer.Option(False, "--directed", help="Both orders of each pair."),
            start: Optional[int] = FROM_OPT, end: Optional[int] = TO_OPT,
            states: Optional[str] = typer.Option(
                None, "--states", help="Comma-separated ids/names/codes, e.g. CHN,RUS,USA."),
            majors: bool = typer.Option(False, "--majors", help="Major powers only (COW)."),
            add: Optional[str] = typer.Option(
                None, "--add",
                help="Comma-separated: atop,mids,gmlmids,wars,nmc,votes,idealpoints,sanctions,events,similarity,majors,contiguity,capital_distance,mindist,democracy,rivalries,igos,spells (spells:mids, spells:gmlmids, spells:wars, spells:ucdp)."),
            out: Optional[Path] = typer.Option(None, "--out", help="FILE.parquet or FILE.csv"),
            mirror: Optional[str] = MIRROR_OPT, db: Optional[str] = DB_OPT,
            cite_: bool = typer.Option(False, "--cite",
                                       help="Also print the BibTeX of every dataset used."),
            as_json: bool = JSON_OPT) -> None:
        if system not in ("cow", "gw"):
            raise InputError(f"unknown system {system!r}; use cow or gw", field="--system")
        if kind == "triad_year" and end is None:
            # a fixed default, not the clock: the same command gives the same frame
            # (~58M rows for 1816-2024) whatever the year it is run in
            end = TRIAD_DEFAULT_END
        _panel_cmd(kind, system, directed, start, end, states, majors, add, out, mirror,
                   db, as_json, cite_)

    cmd.__doc__ = doc
    return cmd


panel_dyad_years_cmd = _make("dyad_year", "Dyad-years (pairs of system members).")
panel_triad_years_cmd = _make(
    "triad_year", "Triad-years (unordered triples), streamed to disk. Without --to the "
    f"last year is {TRIAD_DEFAULT_END} (fixed, not the current year).")
panel_state_years_cmd = _make("state_year", "State-years of the system.")
panel_leader_years_cmd = _make("leader_year", "Archigos leader-years standardized to the "
                               "system (--add lead,lwuf,spells:COLUMN).")
panel_leader_dyad_years_cmd = _make("leader_dyad_year", "Leader-dyad-years: leaders of two "
                                    "states in office together (--directed for both orders).")


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
    app.add_typer(panel_app, name="panel")
    app.command("load")(load_cmd)
    data_app.command("list")(list_cmd)
    data_app.command("fetch")(fetch_cmd)
    data_app.command("cite")(cite_cmd)
    panel_app.command("dyad-years")(panel_dyad_years_cmd)
    panel_app.command("triad-years")(panel_triad_years_cmd)
    panel_app.command("state-years")(panel_state_years_cmd)
    panel_app.command("leader-years")(panel_leader_years_cmd)
    panel_app.command("leader-dyad-years")(panel_leader_dyad_years_cmd)
