"""`amity extract`: read text (or HTML, or JSONL of many texts) into coded events and treaties."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from amity.cli._common import DB_OPT, JSON_OPT, emit, err_console
from amity.errors import InputError


def _human(out: dict) -> None:
    from rich.table import Table

    from amity.cli._common import console

    if not out["treaties"] and not out["events"]:
        console.print("no events or treaties found in the text")
        return
    t = Table(title=f"{len(out['treaties'])} treaties", show_lines=False)
    for c in ("name", "date", "parties", "obligations"):
        t.add_column(c)
    for tr in out["treaties"]:
        obl = ", ".join(tr["obligations"] + [f"not {o}" for o in tr["negated_obligations"]])
        t.add_row(tr["name"], tr["date"] or "?", ", ".join(tr["parties"]), obl)
    if out["treaties"]:
        console.print(t)
    e = Table(title=f"{len(out['events'])} events")
    for c in ("date", "source", "target / parties", "PLOVER", "CAMEO", "Goldstein", "flags", "text"):
        e.add_column(c, overflow="ellipsis", no_wrap=(c == "text"), max_width=48 if c == "text" else None)
    for ev in out["events"]:
        who = (ev["target"] or "") if ev["source"] else "+".join(ev["parties"])
        flags = " ".join(f for f in ("negated", "hedged", "reported", "agentless") if ev.get(f))
        e.add_row(ev["date"] or "?", ev["source"] or "", who, ev["plover"] or "-", ev["cameo"],
                  f"{ev['goldstein']:+.1f}", flags, ev["text"][:90])
    console.print(e)
    if "store" in out:
        s = out["store"]
        console.print(f"store: {s['inserted']} new facts, {s['merged']} merged into known facts, "
                      f"{s['evidence']} evidence rows; not stored: {s['skipped']}")


def extract_cmd(
    file: Optional[Path] = typer.Argument(None, help="Text or HTML file to read ('-' reads standard input). Limits: 5,000,000 bytes a document (AMITY_READER_MAX_BYTES), 1,000,000 characters a text, 10,000 characters a sentence (AMITY_READER_MAX_SENTENCE), 120 s of reading a document (--time-budget); English only ('language 'de' is not supported')."),
    date: Optional[str] = typer.Option(None, "--date", help="Document date YYYY-MM-DD (for 'at present', 'last year', undated events)."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Read many texts: lines {\"id\", \"text\", \"date\"?}; writes one line {\"id\", \"events\", \"treaties\"} per input."),
    out: Optional[Path] = typer.Option(None, "--out", help="With --jsonl: write the lines to this file instead of stdout."),
    store: bool = typer.Option(False, "--store", help="Store what was read (provenance: document sha256 + span), merging with known facts."),
    tolerance: int = typer.Option(31, "--tolerance-days", min=0, max=3660, help="With --store: dates this close (in days) count as the same fact."),
    time_budget: float = typer.Option(
        None, "--time-budget", min=0,
        help="Seconds of reading one document before it is given up, nothing of it kept "
             "(default 120, AMITY_READER_TIME_BUDGET; 0: no limit). With --jsonl the next "
             "line is read."),
    db: Optional[Path] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Read English text into dated, coded (CAMEO/PLOVER/Goldstein), cited events and treaties.

    Examples: amity extract examples/oped.txt --json;
    amity extract article.html --date 2024-06-20 --store;
    amity extract --jsonl news.jsonl --out coded.jsonl;
    cat article.txt | amity extract - --json
    """
    from amity.app.reading import read_bounded
    from amity.reader.inputs import check_date, read_document

    if (file is None) == (jsonl is None):
        raise InputError("give either FILE or --jsonl IN.jsonl", field="FILE")
    date = check_date(date, where="--date")
    con = None
    if store:
        from amity.store import connect

        con = connect(db)
    try:
        if jsonl is not None:
            _extract_jsonl(jsonl, out, con, tolerance, time_budget)
            return
        text = read_document(file)
        res = read_bounded(text, date, where=str(file), budget=time_budget)
        if con is not None:
            from amity.reader.merge import store_result

            res["store"] = store_result(con, res, text=text, source=str(file),
                                        tolerance_days=tolerance)
        emit(res, as_json, lambda: _human(res))
    finally:
        if con is not None:
            con.close()


def _extract_jsonl(path: Path, out: Optional[Path], con, tolerance: int = 31,
                   budget: Optional[float] = None) -> None:
    """Stream a JSONL file: malformed lines, and lines over the sentence limit or the time
    budget, are reported (with line numbers) and skipped."""
    from rich.progress import Progress

    from amity.app.reading import read_many_bounded
    from amity.reader.inputs import iter_jsonl

    errors: list[InputError] = []
    texts: dict[int, str] = {}
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "not a file", file=str(path))
    with open(path, "rb") as fh:
        total = sum(1 for _ in fh)

    def items():
        for n, item, err in iter_jsonl(path):
            if err is not None:
                errors.append(err)
                err_console.print(f"[yellow]skipped:[/] {err}", highlight=False, soft_wrap=True)
                continue
            texts[n] = item["text"]
            yield {**item, "_line": n}

    sink = open(out, "w", encoding="utf-8") if out else sys.stdout
    stored = {"inserted": 0, "merged": 0, "evidence": 0}
    done = 0
    try:
        with Progress(console=err_console, transient=True,
                      disable=not err_console.is_terminal) as bar:
            task = bar.add_task("reading", total=total)
            for res in read_many_bounded(_with_ids(items()), budget=budget):
                line, rid = res["id"]
                res["id"] = rid
                if res.get("error"):
                    err = InputError(res["error"], file=str(path), line=line)
                    errors.append(err)
                    texts.pop(line, None)
                    err_console.print(f"[yellow]skipped:[/] {err}", highlight=False,
                                      soft_wrap=True)
                    bar.update(task, completed=line)
                    continue
                if con is not None:
                    from amity.reader.merge import store_result

                    s = store_result(con, res, text=texts.pop(line), source=f"{path}:{line}",
                                     tolerance_days=tolerance)
                    for k in stored:
                        stored[k] += s[k]
                else:
                    texts.pop(line, None)
                sink.write(json.dumps({"id": rid, "events": res["events"],
                                       "treaties": res["treaties"]}, ensure_ascii=False) + "\n")
                done += 1
                bar.update(task, completed=line)
    finally:
        if out:
            sink.close()
    if not done:
        raise InputError(f"no readable lines ({len(errors)} malformed)", file=str(path))
    msg = f"read {done} documents; {len(errors)} lines skipped (malformed or over a limit)"
    if con is not None:
        msg += (f"; store: {stored['inserted']} new facts, {stored['merged']} merged, "
                f"{stored['evidence']} evidence rows")
    err_console.print(msg, highlight=False)


def _with_ids(items):
    """Carry the line number with the id through extract_many."""
    for it in items:
        yield {"id": (it.pop("_line"), it.get("id")), "text": it["text"], "date": it.get("date")}


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)
