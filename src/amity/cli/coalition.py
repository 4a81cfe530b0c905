"""`amity coalition`: a thin face over :func:`amity.app.service.coalition_view`."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from amity.cli._common import DB_OPT, JSON_OPT, MIRROR_OPT, console, emit, note_if_no_curated


def _open(db: Optional[Path]):
    from amity.store import connect

    con = connect(db)
    note_if_no_curated(con)   # a read: never loads the curated layer itself
    return con


def _print_coalition(rep: dict) -> None:
    t = rep["target"]
    console.print(f"[bold]Sanctions on {t['name']} ({t['id']}) in {rep['year']}[/]")
    tab = Table(title=f"senders ({len(rep['senders'])})")
    for col in ("actor", "how", "evidence"):
        tab.add_column(col)
    for s in rep["senders"]:
        how = ("direct" if s["direct"] else "") + (
            (" + " if s["direct"] and s["via"] else "") + "via " + ", ".join(s["via"])
            if s["via"] else "")
        short = [e[:13] if e.startswith("fact:") else e for e in s["evidence"]]
        ev = ", ".join(short[:4]) + (f" (+{len(short) - 4})" if len(short) > 4 else "")
        tab.add_row(f"{s['name'] or s['id']} ({s['id']})", how, ev)
    console.print(tab)
    ab = Table(title="notable non-senders")
    ab.add_column("actor")
    ab.add_column("why notable")
    for a in rep["abstainers_of_note"]:
        why = "; ".join(a["why"])
        if a.get("evidence"):
            why += " (evidence: " + ", ".join(e[:13] for e in a["evidence"]) + ")"
        ab.add_row(f"{a['name'] or a['id']} ({a['id']})", why)
    console.print(ab)
    un = rep["un_blocs"]
    console.print(f"UN voting blocs ({un['method']}): sizes "
                  f"{[len(b) for b in un['blocs']]}, target in bloc {un['target_bloc']}")
    al = rep["alliance_blocs"]
    if al.get("blocs") is None:
        console.print(f"alliance blocs: {al.get('note')}")
    else:
        console.print(f"alliance blocs (ATOP defense): components "
                      f"{[len(b) for b in al['blocs']]}, communities "
                      f"{[len(b) for b in al.get('communities') or []]}, target in "
                      f"community {al.get('target_community')}")
    fac = rep.get("signed_factions")
    if fac:
        if fac.get("factions") is None:
            console.print(f"signed factions: {fac.get('note')}")
        else:
            console.print(f"signed-graph factions: sizes "
                          f"{[len(f) for f in fac['factions']]}, target in faction "
                          f"{fac['target_faction']}, sender share "
                          f"{fac['sender_share_by_faction']}")
    if rep["unresolved_senders"]:
        console.print(f"unresolved sender names: {len(rep['unresolved_senders'])}")
    for n in rep["notes"]:
        console.print(f"[dim]note: {n}[/]")


def coalition_cmd(
    target: str = typer.Option(..., "--target", help="Target actor (name or code)."),
    year: int = typer.Option(..., "--year", help="Year (1949 to now; GSDB ends 2022)."),
    k: int = typer.Option(3, "--k", help="Number of UN voting blocs."),
    top: int = typer.Option(10, "--top", help="States by CINC share counted as notable."),
    factions: bool = typer.Option(False, "--factions",
                                  help="Also the two factions of the signed closeness graph (slower)."),
    db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Senders of sanctions on a target in a year, notable non-senders, UN voting and
    alliance blocs, with the evidence (GSDB case ids, curated fact ids)."""
    from amity.app.service import coalition_view

    con = _open(db)
    try:
        rep = coalition_view(target, year, k, top, con=con, mirror=mirror, factions=factions)
    finally:
        con.close()
    emit(rep, as_json, lambda: _print_coalition(rep))


def register(app: typer.Typer) -> None:
    app.command("coalition")(coalition_cmd)
