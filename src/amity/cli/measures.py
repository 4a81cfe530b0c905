"""``amity similarity``: a thin face over :func:`amity.app.similarity.similarity_series`."""
from __future__ import annotations

from typing import Optional

import typer

from amity.app.similarity import similarity_series  # noqa: F401 (the use case)
from amity.cli._common import (DB_OPT, FROM_OPT, JSON_OPT, MIRROR_OPT, console, emit,
                               open_existing_store)


def _print_similarity(out: dict) -> None:
    from rich.table import Table

    t = Table(title=f"{out['pair'][0]}–{out['pair'][1]}: {out['measure']} on {out['on']}")
    for c in ("year", "pair", "value", "items"):
        t.add_column(c, justify="right" if c != "pair" else "left")
    for s in out["series"]:
        v = s["value"]
        t.add_row(str(s["year"]), f"{s['id_a']}({s['ccode_a']})–{s['id_b']}({s['ccode_b']})",
                  "—" if v != v else f"{v:.3f}", str(s["n_items"]))
    console.print(t)
    sm = out["summary"]
    if sm["n_years"]:
        console.print(f"mean {sm['mean']:.3f}, min {sm['min']:.3f}, max {sm['max']:.3f} "
                      f"over {sm['n_years']} years")


def similarity_cmd(
    a: str = typer.Argument(..., help="First actor (name, ISO3 or COW code)."),
    b: str = typer.Argument(..., help="Second actor."),
    on: str = typer.Option("alliances", "--on", help="alliances | votes"),
    measure: str = typer.Option("s", "--measure", help="s | kappa | pi | taub"),
    squared: bool = typer.Option(False, "--squared", help="S with squared distance."),
    weighted: bool = typer.Option(False, "--weighted", help="S weighted by CINC (NMC)."),
    start: Optional[int] = FROM_OPT,
    end: Optional[int] = typer.Option(None, "--to", help="Last year (inclusive)."),
    mirror: Optional[str] = MIRROR_OPT,
    db: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Foreign-policy similarity of two actors per year (S, kappa, pi or tau-b).

    Example: amity similarity CHN RUS --on alliances --measure kappa --from 1950 --to 2018
    """
    con = open_existing_store(db)
    try:
        out = similarity_series(a, b, on=on, measure=measure, squared=squared,
                                weighted=weighted, start=start, end=end, con=con,
                                mirror=mirror)
    finally:
        if con is not None:
            con.close()
    emit(out, as_json, lambda: _print_similarity(out))


def register(app: typer.Typer) -> None:
    app.command("similarity")(similarity_cmd)
