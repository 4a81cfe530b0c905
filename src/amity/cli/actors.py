"""`amity actor NAME` and `amity actors`: the actor registry on the command line."""
from __future__ import annotations

from typing import Optional

import typer

from amity.cli._common import JSON_OPT, console, emit


def _actor_json(a, at: Optional[str]) -> dict:
    from amity import actors

    d = a.to_dict()
    if at is not None:
        la = actors.lineage_at(a.id, at)
        d["at"] = at
        d["lineage_at"] = la.id if la else None
        d["blocs_at"] = actors.memberships(a.id, at)
        if a.kind == "organization" and a.id in actors.blocs():
            d["members_at"] = actors.bloc_members(a.id, at)
    d["lineage"] = [x.id for x in actors.lineage(a.id)]
    d["links"] = [ln.__dict__ for ln in actors.links(a.id)]
    return d


def actor_cmd(
    name: str = typer.Argument(..., help="Name, alias, demonym, capital, ISO/CAMEO code, COW code or id."),
    at: Optional[str] = typer.Option(None, "--at", help="Date (YYYY, YYYY-MM, YYYY-MM-DD): picks among lineage members."),
    as_json: bool = JSON_OPT,
) -> None:
    """Resolve a name or code to the canonical actor (e.g. amity actor "Soviet Union")."""
    from amity import actors

    a = actors.resolve(name, at=at)
    d = _actor_json(a, at)

    def human() -> None:
        from rich.table import Table

        t = Table(title=f"{a.name} ({a.id})", show_header=False)
        t.add_column("field", style="bold")
        t.add_column("value")
        for k in ("id", "name", "kind", "iso3", "iso2", "cow", "gw", "cameo", "capital", "from",
                  "to"):
            v = d.get(k)
            t.add_row(k, "" if v is None else str(v))
        t.add_row("lineage", " → ".join(d["lineage"]))
        t.add_row("predecessors", ", ".join(d["predecessors"]))
        t.add_row("successors", ", ".join(d["successors"]))
        if d["aliases"]:
            t.add_row("aliases", ", ".join(d["aliases"]))
        if d["demonyms"]:
            t.add_row("demonyms", ", ".join(d["demonyms"]))
        if at is not None:
            t.add_row(f"lineage at {at}", str(d.get("lineage_at")))
            if d.get("members_at") is not None:
                t.add_row(f"members at {at}", ", ".join(d["members_at"]))
        console.print(t)

    emit(d, as_json, human)


def actors_cmd(
    at: Optional[str] = typer.Option(None, "--at", help="Year or date; default: today."),
    kind: Optional[str] = typer.Option(None, "--kind", help="state | polity | organization"),
    system: str = typer.Option("cow", "--system", help="State system for states: cow | gw."),
    as_json: bool = JSON_OPT,
) -> None:
    """List the actors at a date: the members of the state system, plus blocs (amity actors --at 1960)."""
    import datetime as _dt

    from amity import actors
    from amity.errors import InputError

    if kind is not None and kind not in actors.KINDS:
        raise InputError(f"unknown kind {kind!r}; use state, polity or organization", field="--kind")
    if system not in actors.SYSTEMS:
        raise InputError(f"unknown system {system!r}; use cow or gw", field="--system")
    when: object
    if at is None:
        when = _dt.date.today()
    elif at.strip().isdigit():
        when = int(at)
    else:
        when = at
    actors.as_date(when, field_name="--at")
    rows: list = []
    if kind in (None, "state", "polity"):
        for a in actors.members(when, system=system):
            if kind is None or a.kind == kind:
                rows.append(a)
    if kind in (None, "organization"):
        for a in actors.all_actors("organization"):
            if actors.exists_in(a.id, when):
                rows.append(a)
    out = [{"id": a.id, "name": a.name, "kind": a.kind, "iso3": a.iso3,
            "cow": actors.cow_code(a.id, when if not isinstance(when, int) else f"{when}-07-01") or a.cow
            if a.kind != "organization" else None,
            "gw": a.gw, "cameo": a.cameo, "capital": a.capital, "from": a.start, "to": a.end}
           for a in rows]

    def human() -> None:
        from rich.table import Table

        t = Table(title=f"{len(out)} actors at {at or 'today'} ({system.upper()} system)")
        for c in ("id", "name", "kind", "cow", "gw", "iso3", "capital", "from", "to"):
            t.add_column(c)
        for r in out:
            t.add_row(*("" if r[c] is None else str(r[c]) for c in
                        ("id", "name", "kind", "cow", "gw", "iso3", "capital", "from", "to")))
        console.print(t)

    emit(out, as_json, human)


def register(app: typer.Typer) -> None:
    app.command("actor")(actor_cmd)
    app.command("actors")(actors_cmd)
