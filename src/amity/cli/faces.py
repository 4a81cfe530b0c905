"""`amity demo` (and, later, `amity serve` / `amity brief`): the faces that present results."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from amity.cli._common import DB_OPT, JSON_OPT, MIRROR_OPT, console, emit


def demo(db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
         curated_only: bool = typer.Option(False, "--curated-only",
                                           help="Use only the embedded curated layer."),
         as_json: bool = JSON_OPT) -> None:
    """Load the curated layer (and the datasets when a mirror exists) and print a first
    China-Russia-USA summary from the store."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from amity.report import run_demo

    if as_json:
        res = run_demo(db, mirror=mirror, datasets=not curated_only)
    else:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as prog:
            task = prog.add_task("loading the curated layer and datasets...", total=None)

            def on_progress(name: str, stage: str) -> None:
                prog.update(task, description=f"datasets: {stage} {name}")

            res = run_demo(db, mirror=mirror, datasets=not curated_only,
                           on_progress=on_progress)
    out = {k: res[k] for k in ("store", "used", "curated", "summary")}
    ds = res["datasets"]
    out["datasets"] = {"loaded": ds.get("loaded", False), "mirror": ds.get("mirror"),
                       "reason": ds.get("reason"),
                       "sources": [{"name": s["name"], "loaded": s["loaded"],
                                    "tables": s["tables"]}
                                   for s in (ds.get("result") or {}).get("sources", [])]}
    emit(out, as_json, lambda: sys.stdout.write(res["text"] + "\n"))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
