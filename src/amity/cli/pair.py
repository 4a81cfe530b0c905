"""`amity dyad / compare / triangle / balance / scenario / validate / closeness-build`: thin
faces over the use cases of :mod:`amity.app` (the API's answers: :mod:`amity.app.service`,
:mod:`amity.app.closeness`, :mod:`amity.app.validate`); each command is a module-level
function, registered by :func:`register`."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from amity.cli._common import (DB_OPT, FROM_OPT, JSON_OPT, MIRROR_OPT, TO_OPT, console, emit,
                               err_console, forward_read, note_if_no_curated, year_range)
from amity.errors import InputError


def _open(db: Optional[Path], read_only: bool = False):
    """Open the store (read-only for a read: several readers may share the file at once)."""
    from amity.store import connect

    con = connect(db, read_only=read_only)
    note_if_no_curated(con)
    return con


def _call(db: Optional[Path], fn, *args, **kw):
    """``fn(*args, con=<the store>, **kw)`` with the store opened for the call and closed after.

    When ``amity serve`` holds the store for writing (one writer, so no second process may
    open the file), a read the API answers (:data:`_ROUTES`) is sent to that server and its
    answer, computed by the same use case, is returned with a note; any other read is refused
    in one line naming the server."""
    from amity.errors import StoreLockedError

    try:
        con = _open(db, read_only=True)
    except StoreLockedError:
        rep = _forward(db, fn, args, kw)
        if rep is None:
            raise
        return rep
    try:
        return fn(*args, con=con, **kw)
    finally:
        con.close()


def _q(**params) -> dict:
    return {k: v for k, v in params.items() if v is not None}


#: the API route of each use case a CLI read may be forwarded to: view name -> builder of
#: (path, query) from the call's arguments (the same parameters, the same answer)
_ROUTES = {
    "dyad_view": lambda a, b, start=None, end=None, method="auto", **_: (
        f"/dyad/{a}/{b}", _q(**{"from": start, "to": end, "method": method})),
    "compare_view": lambda pairs, start=None, end=None, method="auto", **_: (
        "/compare", _q(pairs=",".join(pairs), method=method, **{"from": start, "to": end})),
    "triangle_view": lambda a, b, c, start=None, end=None, band=0.1, method="auto", **_: (
        f"/triangle/{a}/{b}/{c}", _q(band=band, method=method, **{"from": start, "to": end})),
    "balance_view": lambda year, threshold=0.1, states=None, edges=True, min_tie=0.0,
    method="auto", **_: ("/balance", _q(year=year, threshold=threshold, method=method,
                                        states=",".join(states) if states else "all",
                                        edges=str(bool(edges)).lower(), min_tie=min_tie)),
}


def _forward(db: Optional[Path], fn, args, kw) -> Optional[dict]:
    """The answer of the server that holds the store (its ``<db>.serve.json``) to this read,
    or None when there is no such server or route, or it cannot be reached."""
    route = _ROUTES.get(getattr(fn, "__name__", ""))
    if route is None:
        return None
    path, query = route(*args, **{k: v for k, v in kw.items() if k != "mirror"})
    got = forward_read(db, path, query)
    if got is None:
        return None
    rep, note = got
    if kw.get("mirror") is not None:
        note += "; --mirror is the server's, not this command's"
    if isinstance(rep, dict):
        rep["notes"] = list(rep.get("notes") or []) + [note]
    return rep


def _fmt(x) -> str:
    return "" if x is None else f"{x:+.2f}"


def _check_chart(path: Optional[Path]) -> None:
    """Refuse a bad chart path before any work is done."""
    if path is not None:
        from amity.report.charts import check_path

        check_path(path)


def _chart(kind: str, data: dict, path: Optional[Path]) -> None:
    if path is None:
        return
    from amity.report import charts

    out = charts.save(kind, data, path)
    if out:
        err_console.print(f"chart written to {out}", highlight=False)


def _years_text(years: list[int]) -> str:
    """``[1990, 1991, 1992, 1995]`` -> ``"1990-1992, 1995"``."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _split(values: Optional[str]) -> Optional[list[str]]:
    if values is None:
        return None
    out = [v.strip() for v in values.split(",") if v.strip()]
    if not out:
        raise InputError("empty list", field="--states")
    return out


METHOD_OPT = typer.Option("auto", "--method",
                          help="closeness model: auto (the default index: v2 until v3 meets "
                               "its validation goals, docs/MEASURES.md §v3), v3 (the fit of "
                               "`amity closeness-build`) or v2")


def dyad_cmd(a: str = typer.Argument(..., help="First actor (name or code; its whole line)."),
             b: str = typer.Argument(..., help="Second actor."),
             start: Optional[int] = FROM_OPT, end: Optional[int] = TO_OPT,
             chart: Optional[Path] = typer.Option(None, "--chart", help="Write a chart (.png, .svg or .html)."),
             method: str = METHOD_OPT,
             db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
             as_json: bool = JSON_OPT) -> None:
    """Closeness of a pair year by year, its phases, steadiness and treaties."""
    from amity.app.service import dyad_view as dyad

    start, end = year_range(start, end)
    _check_chart(chart)
    rep = _call(db, dyad, a, b, start, end, mirror=mirror, method=method)
    _chart("dyad", rep, chart)

    def human() -> None:
        a_, b_ = rep["pair"]
        v3 = rep.get("method") == "v3"
        t = Table(title=f"{a_}–{b_} closeness ({rep.get('model')})")
        t.add_column("year", justify="right")
        t.add_column("closeness", justify="right")
        if v3:
            t.add_column("90% interval", justify="right")
            t.add_column("peace / alignment", justify="right")
        t.add_column("evidence (v2 components)" if v3 else "components")
        for r in rep["series"]:
            cells = [str(r["year"]), _fmt(r["closeness"]) + (" thin" if r.get("thin") else "")]
            if v3:
                cells += [f"{_fmt(r.get('closeness_lo'))}..{_fmt(r.get('closeness_hi'))}",
                          f"{_fmt(r.get('peace'))} / {_fmt(r.get('alignment'))}"]
            cells.append(" ".join(f"{k} {_fmt(v)}" for k, v in r["components"].items()))
            t.add_row(*cells)
        console.print(t)
        thin = [r["year"] for r in rep["series"] if r.get("thin")]
        if thin:
            console.print(f"thin: {len(thin)} year(s) rest on a single input (their closeness "
                          f"is that one term): {_years_text(thin)}", highlight=False)
        p = Table(title="phases")
        for c in ("start", "end", "mean", "trend", "label", "facts at the break"):
            p.add_column(c)
        for ph in rep["phases"]:
            p.add_row(str(ph["start"]), str(ph["end"]), _fmt(ph["mean"]),
                      f"{ph['trend']:+.3f}", ph["label"],
                      "; ".join(f"{f.get('date')} {f.get('name') or f.get('kind')}"
                                for f in ph["facts"][:3]))
        console.print(p)
        s = rep["steadiness"]
        if s:
            console.print(f"steadiness: mean {_fmt(s.get('mean'))}, volatility "
                          f"{s.get('volatility')}, share positive {s.get('share_positive')}, "
                          f"sign changes {s.get('sign_changes')}", highlight=False)
        for note in rep.get("notes") or []:
            err_console.print(f"note: {note}", highlight=False)

    emit(rep, as_json, human)


def compare_cmd(pairs: List[str] = typer.Argument(..., help="Pairs as A-B (at least two)."),
                start: Optional[int] = FROM_OPT, end: Optional[int] = TO_OPT,
                method: str = METHOD_OPT,
                db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
                as_json: bool = JSON_OPT) -> None:
    """Rank pairs by steadiness and level over their common span."""
    from amity.app.service import compare_view as compare

    start, end = year_range(start, end)
    rep = _call(db, compare, pairs, start, end, mirror=mirror, method=method)

    def human() -> None:
        t = Table(title=f"steadiness over {rep['span']}")
        for c in ("rank", "pair", "mean", "volatility", "share positive", "sign changes",
                  "worst year"):
            t.add_column(c)
        for r in rep["ranking"]:
            w = r.get("worst_year") or {}
            t.add_row(str(r["rank"]), r["pair"], _fmt(r["mean"]), str(r["volatility"]),
                      str(r["share_positive"]), str(r["sign_changes"]),
                      f"{w.get('year')} ({_fmt(w.get('value'))})")
        console.print(t)

    emit(rep, as_json, human)


def triangle_cmd(a: str = typer.Argument(...), b: str = typer.Argument(...),
                 c: str = typer.Argument(...),
                 start: Optional[int] = FROM_OPT, end: Optional[int] = TO_OPT,
                 band: float = typer.Option(0.1, "--band", help="Neutral band in [0, 1)."),
                 chart: Optional[Path] = typer.Option(None, "--chart", help="Write a chart (.png, .svg or .html)."),
                 method: str = METHOD_OPT,
                 db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
                 as_json: bool = JSON_OPT) -> None:
    """The strategic triangle of three actors (Dittmer's patterns) year by year (with
    closeness v3 each leg's neutral band is its own 90% interval; --band applies to v2)."""
    from amity.app.service import triangle_view as triangle

    start, end = year_range(start, end)
    _check_chart(chart)
    rep = _call(db, triangle, a, b, c, start, end, band, mirror=mirror, method=method)
    _chart("triangle", rep, chart)

    def human() -> None:
        t = Table(title=" – ".join(rep["actors"]))
        for col in ("from", "to", "pattern", "roles"):
            t.add_column(col)
        for p in rep["periods"]:
            t.add_row(str(p["start"]), str(p["end"]), p["pattern"],
                      ", ".join(f"{k} {v}" for k, v in p["roles"].items()))
        console.print(t)

    emit(rep, as_json, human)


def balance_cmd(year: int = typer.Option(..., "--year", help="Year."),
                threshold: float = typer.Option(0.1, "--threshold", help="Neutral band in [0, 1)."),
                states: Optional[str] = typer.Option(None, "--states", help="Comma-separated actors (default: the whole system)."),
                method: str = METHOD_OPT,
                db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
                as_json: bool = JSON_OPT) -> None:
    """Structural balance of the system (or of --states) in a year."""
    from amity.app.service import balance_view

    rep = _call(db, balance_view, year, threshold, _split(states), mirror=mirror,
                edges=False, method=method)

    def human() -> None:
        console.print(f"{rep['year']}: {rep['n_nodes']} actors, {rep['n_edges']} ties "
                      f"(+{rep['n_positive']} / -{rep['n_negative']})", highlight=False)
        console.print(f"census {rep['census']}; triangle index {rep['triangle_index']}; "
                      f"walk index {rep['walk_index']}", highlight=False)
        fr = rep["frustration"]
        console.print(f"frustration {fr.get('value')} ({fr.get('method')}); factions: "
                      f"{rep['factions'][0][:12]} | {rep['factions'][1][:12]}", highlight=False)
        for l in rep["frustrating_legs"][:20]:
            console.print(f"  frustrating: {l['leg']} {_fmt(l['closeness'])}", highlight=False)

    emit(rep, as_json, human)


def scenario_cmd(year: int = typer.Option(..., "--year", help="Year of the starting graph."),
                 set_: List[str] = typer.Option(..., "--set", help="Leg to set, A-B=VALUE (repeatable)."),
                 focus: Optional[str] = typer.Option(None, "--focus", help="Comma-separated actors to follow."),
                 threshold: float = typer.Option(0.1, "--threshold", help="Neutral band in [0, 1)."),
                 states: Optional[str] = typer.Option(None, "--states", help="Actors of the graph (default: major powers + focus)."),
                 method: str = METHOD_OPT,
                 db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
                 as_json: bool = JSON_OPT) -> None:
    """What if a leg moves: run the balance dynamic from a year's graph."""
    from amity.app.service import scenario_view

    rep = _call(db, scenario_view, year, set_, _split(focus), threshold=threshold,
                states=_split(states), mirror=mirror, method=method)
    def human() -> None:
        console.print(f"{rep['year']}, actors {', '.join(rep['actors'])}; "
                      f"{rep['steps']} steps, converged {rep['converged']}", highlight=False)
        for x in rep["set"]:
            console.print(f"set {x['pair']}: {_fmt(x['before'])} -> {_fmt(x['after'])}",
                          highlight=False)
        t = Table(title="relations that moved most")
        for c in ("pair", "before", "after", "change"):
            t.add_column(c)
        for m in rep["moved"][:10]:
            t.add_row(m["pair"], _fmt(m["before"]), _fmt(m["after"]), _fmt(m["change"]))
        console.print(t)
        b, a = rep["before"], rep["after"]
        console.print(f"census {b['census']} -> {a['census']}; triangle index "
                      f"{b['triangle_index']:.3f} -> {a['triangle_index']:.3f}", highlight=False)

    emit(rep, as_json, human)


def validate_cmd(what: str = typer.Argument("closeness", help="what to validate: closeness"),
                 mirror: Optional[Path] = MIRROR_OPT, as_json: bool = JSON_OPT) -> None:
    """Validate the closeness model v3 on outside evidence (rivalries, MID onsets, wars):
    the even half of dyads (ccode_a + ccode_b even) is the development half, the odd half
    is held out."""
    from amity.app.validate import render, slim, validate_closeness

    if what != "closeness":
        raise InputError(f"nothing called {what!r} to validate; use: closeness", field="what")
    res = validate_closeness(mirror=mirror, progress=not as_json)
    # plain text: the parameter lines hold brackets that rich would read as markup
    emit(slim(res), as_json, lambda: console.print(render(res), markup=False, highlight=False,
                                                   soft_wrap=True))


def closeness_build_cmd(start: Optional[int] = FROM_OPT, end: Optional[int] = TO_OPT,
                        method: str = typer.Option("v3", "--method",
                                                   help="v3 (fit the model, default) or v2 "
                                                        "(the first round's index table)"),
                        db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
                        as_json: bool = JSON_OPT) -> None:
    """Fit closeness v3 on every dyad-year 1816-2025 and store it with its parameters
    (queries then read it and never refit); --method v2 precomputes the v2 table."""
    from amity.app.closeness import build, build_v2

    if method not in ("v3", "v2"):
        raise InputError(f"unknown method {method!r}; use v3 or v2", field="--method")
    start, end = year_range(start, end)
    con = _open(db)
    try:
        if method == "v3":
            if start is not None or end is not None:
                raise InputError("closeness v3 is fitted on every year 1816-2025 at once: "
                                 "--from/--to apply to --method v2 only", field="--from")
            info = build(con, mirror, progress=not as_json)
            emit(info, as_json, f"{info['table']}: {info['rows']} dyad-years "
                                f"({info['from']}..{info['to']}), model {info['model']}, "
                                f"fitted in {info['seconds']:.0f} s")
            return
        info = build_v2(con, start, end, mirror, progress=not as_json)
    finally:
        con.close()
    kept = (f"; {info['kept']} rows of other years kept" if info["kept"] else "")
    dropped = (f"; {info['dropped']} rows built from other inputs dropped"
               if info["dropped"] else "")
    emit(info, as_json, f"closeness_dyad_year: {info['rows']} dyad-years "
                        f"({info['from']}..{info['to']}) in {info['seconds']:.1f} s{kept}"
                        f"{dropped}; the table holds {info['table_rows']} rows "
                        f"({info['table_from']}..{info['table_to']})")

def register(app: typer.Typer) -> None:
    app.command("dyad")(dyad_cmd)
    app.command("compare")(compare_cmd)
    app.command("triangle")(triangle_cmd)
    app.command("balance")(balance_cmd)
    app.command("scenario")(scenario_cmd)
    app.command("validate")(validate_cmd)
    app.command("closeness-build")(closeness_build_cmd)
