"""`amity events ...`: ingest, stats, aggregate and synth over the event store."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from amity.cli._common import DB_OPT, FROM_OPT, JSON_OPT, TO_OPT, console, emit, err_console, year_range

events_app = typer.Typer(help="Event data (GDELT, ICEWS) at scale: ingest, stats, aggregate, synth.",
                         no_args_is_help=True)


@contextlib.contextmanager
def _progress(label: str, total: int, unit: str, enabled: bool = True) -> Iterator:
    """A rich progress bar on stderr; yields update(done, total, note)."""
    if not enabled:
        yield lambda *a, **k: None
        return
    from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress,
                               TextColumn, TimeElapsedColumn, TimeRemainingColumn)

    cols = [TextColumn("[bold]{task.description}"), BarColumn(),
            DownloadColumn() if unit == "bytes" else MofNCompleteColumn(),
            TimeElapsedColumn(), TimeRemainingColumn(), TextColumn("{task.fields[note]}")]
    with Progress(*cols, console=err_console, transient=True) as prog:
        task = prog.add_task(label, total=total or 1, note="")

        def update(done: int, tot: int | None = None, note: str = "") -> None:
            prog.update(task, completed=done, total=tot or total or 1, note=note)

        yield update


@events_app.command("ingest")
def ingest_cmd(
    paths: List[str] = typer.Argument(..., help="Files, folders or glob patterns (quote globs)."),
    fmt: str = typer.Option(..., "--format", "-f", help="gdelt1 | gdelt2 | icews | gdelt1csv"),
    since: Optional[str] = typer.Option(None, "--since", help="Skip events (and GDELT files) before this date."),
    batch_rows: int = typer.Option(2_000_000, "--batch-rows", help="Rows per commit (many small files are committed together)."),
    events_dir: Optional[Path] = typer.Option(None, "--events-dir", help="Event store folder (default <db>.events)."),
    db: Optional[Path] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Ingest event files into the store (idempotent: files already ingested are skipped).

    Example: amity events ingest 'gdelt/2024*.export.CSV.zip' --format gdelt2
    """
    from amity.events.ingest import expand_paths, ingest

    files = expand_paths(paths)
    total = sum(p.stat().st_size for p in files)
    with _progress("ingest", total, "bytes", enabled=True) as upd:
        res = ingest(files, fmt, db=db, root=events_dir, since=since, batch_rows=batch_rows,
                     progress=lambda d, t, name: upd(d, t, name))

    def human() -> None:
        f = res["files"]
        console.print(f"ingested {f['ingested']} file(s) ({f['already']} already in the store, "
                      f"{f['skipped_since']} before --since): {res['rows']:,} events, "
                      f"{res['rows_per_s'] or 0:,} rows/s")
        if res["rejected"]:
            console.print(f"[yellow]{res['rejected']:,} malformed row(s) quarantined[/] "
                          "(see the quarantine table: file, line, reason)")
        if res["skipped_since"]:
            console.print(f"{res['skipped_since']:,} event(s) before --since skipped")
        if res["unresolved_actors"]:
            top = ", ".join(f"{k} ({v})" for k, v in list(res["unresolved_actors"].items())[:8])
            console.print(f"actor codes not resolved to a state (kept, actor left empty): {top}")
        rec = res["recovered"]
        if rec["staging"] or rec["parts"]:
            console.print(f"recovered from an interrupted run: removed {rec['staging']} staging "
                          f"folder(s) and {rec['parts']} uncommitted part(s)")

    if not as_json and res["rejected"]:
        err_console.print(f"quarantined {res['rejected']:,} malformed row(s)")
    emit(res, as_json, human)


@events_app.command("stats")
def stats_cmd(
    events_dir: Optional[Path] = typer.Option(None, "--events-dir", help="Event store folder."),
    db: Optional[Path] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Files, rows, coverage and disk use of the event store."""
    from amity.events.query import stats

    res = stats(db, root=events_dir)

    def human() -> None:
        console.print(f"event store {res['root']}")
        console.print(f"  {res['rows']:,} events in {res['parts']} Parquet part(s), "
                      f"{res['partitions']} month partition(s), {res['parquet_bytes']:,} bytes")
        console.print(f"  {res['files_ingested']} file(s) ingested, "
                      f"{res['rows_quarantined']:,} row(s) quarantined")
        if res["rows"]:
            console.print(f"  dates {res['first_date']} .. {res['last_date']}; by quad "
                          + ", ".join(f"{k}: {v:,}" for k, v in res["by_quad"].items()))

    emit(res, as_json, human)


@events_app.command("aggregate")
def aggregate_cmd(
    by: str = typer.Option("dyad-month", "--by", help="dyad-month | dyad-year"),
    out: Path = typer.Option(..., "--out", help="Output Parquet file."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) | spark"),
    spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL (default local[2])."),
    directed: bool = typer.Option(False, "--directed", help="Keep actor1 -> actor2 order."),
    normalized: bool = typer.Option(False, "--normalized", help="Volume-normalized: the four quad classes' shares, mean Goldstein, the count (the weight) and the period's coverage and partial flag (DuckDB)."),
    year_from: Optional[int] = FROM_OPT,
    year_to: Optional[int] = TO_OPT,
    events_dir: Optional[str] = typer.Option(None, "--events-dir", help="Event folder (default the store's); with --engine spark also hdfs://, s3a://, gs:// URLs."),
    db: Optional[Path] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Dyad-period counts per quad class, Goldstein sum/mean, mentions-weighted tone; one
    event per GLOBALEVENTID. With --normalized: shares of the quad classes, mean Goldstein,
    the count, and each period's coverage (share of it the ingested files span) and partial.

    Example: amity events aggregate --by dyad-month --normalized --out dm.parquet
    """
    import time

    from amity.events.query import aggregate

    y0, y1 = year_range(year_from, year_to, lo=1800, hi=2100)
    t0 = time.perf_counter()
    if normalized:
        res = _normalized(events_dir, by, engine, directed, (y0, y1), out, db)
    else:
        with err_console.status(f"aggregating ({engine})", spinner="dots"):
            res = aggregate(events_dir, by=by, engine=engine, out=out, directed=directed,
                            years=(y0, y1), spark_master=spark_master, db=db)
    res["seconds"] = round(time.perf_counter() - t0, 3)
    extra = (f"; {res['partial_periods']:,} partial period(s) (coverage below "
             f"{res['partial_below']:g})" if normalized else "")
    emit(res, as_json, f"wrote {res['rows']:,} {by} rows to {res['out']} "
                       f"({engine}, {res['seconds']} s){extra}")


def _normalized(events_dir, by: str, engine: str, directed: bool, years, out: Path, db) -> dict:
    """`aggregate --normalized`: :func:`amity.events.query.dyad_period_shares` to Parquet."""
    import os

    from amity.errors import InputError
    from amity.events.coverage import PARTIAL_BELOW
    from amity.events.query import dyad_period_shares

    if engine != "duckdb":
        raise InputError("--normalized runs on DuckDB only (the shares and coverage need the "
                         "store's manifest); drop --engine or --normalized", field="--engine")
    if directed:
        raise InputError("--normalized is non-directed; drop --directed", field="--directed")
    if events_dir is not None and not Path(events_dir).is_dir():
        raise InputError("no such event folder", file=str(events_dir))
    with err_console.status("aggregating (duckdb, normalized)", spinner="dots"):
        df = dyad_period_shares(events_dir, by=by, years=years, db=db)
    outp = Path(out)
    outp.parent.mkdir(parents=True, exist_ok=True)
    tmp = outp.with_name(outp.name + ".tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, outp)
    periods = df[["year", "month"] if by == "dyad-month" else ["year"]].drop_duplicates()
    part = df.loc[df["partial"].astype(bool)]
    n_part = len(part[periods.columns].drop_duplicates()) if len(part) else 0
    return {"rows": int(len(df)), "out": str(outp), "engine": "duckdb", "by": by,
            "normalized": True, "periods": int(len(periods)), "partial_periods": int(n_part),
            "partial_below": PARTIAL_BELOW}


@events_app.command("synth")
def synth_cmd(
    rows: int = typer.Option(..., "--rows", help="Number of events."),
    out: Path = typer.Option(..., "--out", help="Output folder."),
    fmt: str = typer.Option("gdelt2", "--format", help="gdelt2 (export files) | parquet (store layout)"),
    seed: int = typer.Option(0, "--seed"),
    rows_per_file: int = typer.Option(250_000, "--rows-per-file", help="Rows per GDELT 2.0 file."),
    year_from: Optional[int] = FROM_OPT,
    year_to: Optional[int] = TO_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Write synthetic events (Zipf-skewed dyads, CAMEO mix, decades of dates).

    Example: amity events synth --rows 1000000 --out /tmp/ev --format parquet
    """
    from amity.events.synth import synth

    y0, y1 = year_range(year_from, year_to, lo=1800, hi=2100)
    years = (y0 or 1979, y1 or 2024)
    with _progress("synth", rows, "rows") as upd:
        res = synth(rows, out, fmt=fmt, seed=seed, years=years, rows_per_file=rows_per_file,
                    progress=lambda d, t: upd(d, t))
    emit(res, as_json, f"wrote {res['rows']:,} events in {res['files']} file(s) "
                       f"({res['bytes']:,} bytes) to {res['out']} in {res['seconds']} s")


def _fetch_progress(enabled: bool):
    """A rich bar on stderr for fetch: files, bytes, rate, ETA; yields the callback."""
    import contextlib as _cl

    @_cl.contextmanager
    def cm():
        if not enabled:
            yield None
            return
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                   TimeRemainingColumn, TransferSpeedColumn)

        cols = [TextColumn("[bold]fetch"), BarColumn(), TextColumn("{task.fields[files]}"),
                DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                TextColumn("{task.fields[note]}")]
        with Progress(*cols, console=err_console, transient=True) as prog:
            task = prog.add_task("fetch", total=1, files="0/0 files", note="")

            def cb(d: dict) -> None:
                prog.update(task, completed=d["bytes"], total=d["bytes_total"] or 1,
                            files=f"{d['files']}/{d['files_total']} files", note=d["note"])

            yield cb

    return cm()


def _fetch_report(res: dict, as_json: bool) -> None:
    def human() -> None:
        ing = res["ingest"]
        console.print(f"{res['kind']}: {res['planned']} file(s) to fetch of {res['listed']} listed "
                      f"({res['already']} already in the store, {res['resumed']} resumed from disk); "
                      f"downloaded {res['downloaded']} ({res['bytes']:,} bytes, "
                      f"{res['mb_per_s'] or 0} MB/s); ingested {ing['rows']:,} events "
                      f"in {res['seconds']} s")
        if ing["rejected"]:
            console.print(f"[yellow]{ing['rejected']:,} malformed row(s) quarantined[/]")

    emit(res, as_json, human)
    if res["failed"]:
        for f in res["failed"]:
            err_console.print(f"error: {f['name']}: {f['reason']} (after {f['attempts']} attempt(s))")
        err_console.print(f"{len(res['failed'])} file(s) not fetched; run the same command again "
                          "to retry them (verified files are not downloaded again)")
        raise typer.Exit(4)


@events_app.command("fetch")
def fetch_cmd(
    kind: str = typer.Argument(..., help="gdelt2 (15-minute files, 2015-02-18 on) | gdelt1 (daily 2013-2015, monthly/yearly back files 1979-2013)"),
    date_from: Optional[str] = typer.Option(None, "--from", help="First day (YYYY, YYYY-MM or YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last day (inclusive)."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Server or mirror (default $AMITY_GDELT_URL, else http://data.gdeltproject.org)."),
    workers: int = typer.Option(4, "--workers", help="Concurrent downloads."),
    retries: int = typer.Option(3, "--retries", help="Retries per file (exponential backoff)."),
    backoff: float = typer.Option(1.0, "--backoff", help="First retry wait in seconds (doubled each retry)."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds without data before a request fails."),
    keep: bool = typer.Option(False, "--keep", help="Keep the downloaded files after ingest."),
    download_dir: Optional[Path] = typer.Option(None, "--download-dir", help="Download folder (default <events folder>.fetch)."),
    events_dir: Optional[Path] = typer.Option(None, "--events-dir", help="Event store folder (default <db>.events)."),
    db: Optional[Path] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Download GDELT event files the store lacks (MD5 and size verified) and ingest them.

    Example: amity events fetch gdelt2 --from 2024-01-01 --to 2024-12-31
    """
    from amity.events.fetch import fetch

    with _fetch_progress(not as_json) as cb:
        res = fetch(kind, start=date_from, end=date_to, db=db, root=events_dir, base=base_url,
                    workers=workers, retries=retries, backoff=backoff, timeout=timeout,
                    keep=keep, dest=download_dir, progress=cb)
    _fetch_report(res, as_json)


@events_app.command("update")
def update_cmd(
    kind: str = typer.Option("gdelt2", "--kind", help="gdelt2 | gdelt1"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Server or mirror (default $AMITY_GDELT_URL)."),
    workers: int = typer.Option(4, "--workers", help="Concurrent downloads."),
    retries: int = typer.Option(3, "--retries"),
    backoff: float = typer.Option(1.0, "--backoff"),
    events_dir: Optional[Path] = typer.Option(None, "--events-dir", help="Event store folder."),
    db: Optional[Path] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Fetch what GDELT published since the last file ingested.

    Example: amity events update
    """
    from amity.events.fetch import update

    with _fetch_progress(not as_json) as cb:
        res = update(kind, db=db, root=events_dir, base=base_url, workers=workers,
                     retries=retries, backoff=backoff, progress=cb)
    _fetch_report(res, as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(events_app, name="events")
