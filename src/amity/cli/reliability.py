"""`amity db check|backup|restore`: integrity, backup and restore of the store.

The ``db`` group belongs to :mod:`amity.cli.knowledge`; these commands are added onto it when
it exists (it is registered first), or onto a ``db`` group of their own otherwise.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from amity.cli._common import DB_OPT, JSON_OPT, console, emit


def db_check(db: Optional[Path] = DB_OPT, events: Optional[Path] = typer.Option(
        None, "--events", help="Event store folder (default: <db>.events)."),
        as_json: bool = JSON_OPT) -> None:
    """Verify the store: unique keys, references that resolve, provenance, datasets, events.

    Exit code 0 when every error-level check passes (warnings allowed), 1 otherwise.

    Example: ``amity db check --json``
    """
    from amity.reliability import check_path

    rep = check_path(db, events_root=events)
    d = rep.to_dict()

    def human() -> None:
        t = Table("check", "result", "count", "detail", title=f"store {d['path']}")
        for f in rep.findings:
            mark = "[green]ok[/]" if f.ok else ("[red]FAIL[/]" if f.level == "error"
                                                else "[yellow]warn[/]")
            det = f.detail + (f" e.g. {f.examples}" if f.examples else "")
            t.add_row(f.name, mark, str(f.count), det)
        console.print(t)
        console.print("[green]store ok[/]" if rep.ok else
                      f"[red]{len(rep.errors)} check(s) failed[/]")

    emit(d, as_json, human)
    if not rep.ok:
        raise typer.Exit(1)


def db_backup(path: Path = typer.Argument(..., help="Backup file to write."),
              db: Optional[Path] = DB_OPT,
              overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing backup."),
              no_events: bool = typer.Option(False, "--no-events",
                                             help="Skip the event store folder."),
              as_json: bool = JSON_OPT) -> None:
    """Write a consistent, verified copy of the store (and its event folder) to PATH.

    Example: ``amity db backup ~/amity-2026-11-29.duckdb``
    """
    from amity.reliability import backup

    res = backup(path, db, overwrite=overwrite, events=not no_events)
    emit(res, as_json, f"backed up {res['store']} to {res['backup']} "
                       f"({res['bytes']:,} bytes, {sum(res['tables'].values()):,} rows, "
                       f"{res['event_files']} event file(s)) in {res['seconds']} s")


def db_restore(path: Path = typer.Argument(..., help="Backup file written by `amity db backup`."),
               db: Optional[Path] = DB_OPT,
               no_check: bool = typer.Option(False, "--no-check",
                                             help="Skip the backup's integrity check."),
               as_json: bool = JSON_OPT) -> None:
    """Replace the store with the backup at PATH (atomic; refuses while the store is in use).

    The replaced store is kept as ``<db>.pre-restore``.

    Example: ``amity db restore ~/amity-2026-11-29.duckdb``
    """
    from amity.reliability import restore

    res = restore(path, db, check=not no_check)
    emit(res, as_json, f"restored {res['store']} from {res['backup']} "
                       f"({sum(res['tables'].values()):,} rows); previous store kept at "
                       f"{res['previous']}" if res["previous"] else
                       f"restored {res['store']} from {res['backup']}")


def _db_group(app: typer.Typer) -> typer.Typer:
    for info in app.registered_groups:
        if info.name == "db" and info.typer_instance is not None:
            return info.typer_instance
    grp = typer.Typer(help="The knowledge store.", no_args_is_help=True)
    app.add_typer(grp, name="db")
    return grp


def register(app: typer.Typer) -> None:
    grp = _db_group(app)
    grp.command("check")(db_check)
    grp.command("backup")(db_backup)
    grp.command("restore")(db_restore)
