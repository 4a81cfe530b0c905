"""Helpers to write small event files in the official layouts (for tests and examples)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from amity.events.parse import GDELT1_COLUMNS, GDELT1_HISTORICAL_COLUMNS, GDELT2_COLUMNS


def gdelt_row(version: int = 2, **fields: Any) -> list[str]:
    """One GDELT export row (list of strings) with the given fields set, the rest empty.

    Field names are the official column names (``GLOBALEVENTID``, ``SQLDATE``,
    ``Actor1CountryCode``, ``EventCode``...). Sensible defaults fill the identifying ones.
    """
    cols = {2: GDELT2_COLUMNS, 1: GDELT1_COLUMNS, 0: GDELT1_HISTORICAL_COLUMNS}[version]
    row = {c: "" for c in cols}
    code = str(fields.get("EventCode", "010"))
    date = str(fields.get("SQLDATE", "20200115"))
    row.update({
        "GLOBALEVENTID": "1", "SQLDATE": date, "MonthYear": date[:6], "Year": date[:4],
        "FractionDate": date[:4] + ".0411", "IsRootEvent": "1", "EventCode": code,
        "EventBaseCode": code[:3], "EventRootCode": code[:2], "QuadClass": "1",
        "GoldsteinScale": "0.0", "NumMentions": "1", "NumSources": "1", "NumArticles": "1",
        "AvgTone": "0.0", "DATEADDED": date + ("000000" if version == 2 else ""),
    })
    for k, v in fields.items():
        if k not in row:
            raise KeyError(f"not a GDELT {version} column: {k}")
        row[k] = "" if v is None else str(v)
    return [row[c] for c in cols]


def write_gdelt(path: str | Path, rows: Iterable[list[str] | str], *, newline: str = "\n") -> Path:
    """Write rows (lists of fields, or raw strings for malformed lines) tab-separated, no header."""
    p = Path(path)
    lines = [r if isinstance(r, str) else "\t".join(r) for r in rows]
    p.write_text(newline.join(lines) + newline, encoding="utf-8")
    return p


#: the columns of an ICEWS Dataverse ``.tab`` file, in order
ICEWS_HEADER = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
                "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
                "Target Country", "Story ID", "Sentence Number", "Publisher", "City",
                "District", "Province", "Country", "Latitude", "Longitude"]


def write_icews(path: str | Path, rows: Iterable[tuple[Any, str, str, str, str]]) -> Path:
    """An ICEWS ``.tab`` file (header + one line per ``(event id, YYYY-MM-DD, source country,
    CAMEO code, target country)``; the other fields "NA")."""
    lines = ["\t".join(ICEWS_HEADER)]
    for eid, date, src, code, tgt in rows:
        r = dict.fromkeys(ICEWS_HEADER, "NA")
        r.update({"Event ID": str(eid), "Event Date": date, "Source Name": f"Government ({src})",
                  "Source Country": src, "CAMEO Code": code, "Intensity": "0",
                  "Target Name": f"Government ({tgt})", "Target Country": tgt})
        lines.append("\t".join(r[c] for c in ICEWS_HEADER))
    p = Path(path)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def gdelt2_mirror(folder: str | Path, rows: int, *, rows_per_file: int = 2_000, seed: int = 0,
                  years: tuple[int, int] = (2015, 2015), empty: int = 0) -> list[dict[str, Any]]:
    """A GDELT 2.0 server folder: zipped synthetic exports and ``gdeltv2/masterfilelist.txt``.

    The exports are written by :func:`amity.events.synth.synth` (official 61-column layout,
    15-minute names from 2015-02-19 00:00), each zipped as ``<name>.zip`` under ``gdeltv2/``
    and listed with its size and MD5, one ``<bytes> <md5> <url>`` line each, in GDELT's order.
    ``empty`` adds that many empty 15-minute slices (a zip holding an empty CSV) after them.
    The URLs in the list point at ``http://data.gdeltproject.org``, as GDELT's own do; a fetch
    with another base URL rewrites that prefix (see :func:`amity.events.fetch.parse_master`).
    Returns the listed entries.
    """
    import datetime as dt
    import hashlib
    import tempfile
    import zipfile

    from amity.events.synth import synth

    folder = Path(folder)
    v2 = folder / "gdeltv2"
    v2.mkdir(parents=True, exist_ok=True)
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        synth(rows, tmp, fmt="gdelt2", seed=seed, years=years, rows_per_file=rows_per_file)
        csvs = sorted(Path(tmp).glob("*.export.CSV"))
        stamp = (dt.datetime.strptime(csvs[-1].name[:14], "%Y%m%d%H%M%S") if csvs
                 else dt.datetime(2015, 2, 18, 23, 45))
        for _ in range(empty):
            stamp += dt.timedelta(minutes=15)
            p = Path(tmp) / (stamp.strftime("%Y%m%d%H%M%S") + ".export.CSV")
            p.write_bytes(b"")
            csvs.append(p)
        for c in csvs:
            z = v2 / (c.name + ".zip")
            with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.write(c, c.name)
            data = z.read_bytes()
            out.append({"name": z.name, "size": len(data), "md5": hashlib.md5(data).hexdigest(),
                        "url": f"http://data.gdeltproject.org/gdeltv2/{z.name}"})
    lines = []
    for e in out:   # GDELT lists mentions and GKG files beside each export: they are skipped
        lines.append(f"{e['size']} {e['md5']} {e['url']}")
        lines.append(f"{e['size']} {e['md5']} {e['url'].replace('.export.', '.mentions.')}")
    (v2 / "masterfilelist.txt").write_text("\n".join(lines) + "\n")
    return out


class GdeltServer:
    """A real HTTP server on 127.0.0.1 serving ``folder``, with faults on demand.

    ``faults`` maps a file name to one of ``"404"`` (always not found), ``"drop"`` (send half
    the bytes under a full Content-Length, then close), ``"drop-once"`` (drop the first
    request only), ``"corrupt"`` (right size, one byte flipped: an MD5 mismatch);
    ``delay`` sleeps that many seconds per 64 KiB sent (a slow server). ``hits`` counts
    requests per path. Use as a context manager; ``url`` is the base URL.
    """

    def __init__(self, folder: str | Path, *, faults: dict[str, str] | None = None,
                 delay: float = 0.0):
        import http.server
        import threading
        import time

        self.folder, self.faults, self.delay = Path(folder), dict(faults or {}), delay
        self.hits: dict[str, int] = {}
        srv = self
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                rel = self.path.split("?", 1)[0].lstrip("/")
                with lock:
                    srv.hits[rel] = srv.hits.get(rel, 0) + 1
                    n = srv.hits[rel]
                name = rel.rsplit("/", 1)[-1]
                fault = srv.faults.get(name)
                p = (srv.folder / rel).resolve()
                if fault == "404" or not p.is_file() or srv.folder.resolve() not in p.parents:
                    self.send_error(404, "Not Found")
                    return
                data = p.read_bytes()
                if fault == "corrupt":
                    data = data[:-1] + bytes([data[-1] ^ 0xFF])
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if fault == "drop" or (fault == "drop-once" and n == 1):
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                for i in range(0, len(data), 1 << 16):
                    if srv.delay:
                        time.sleep(srv.delay)
                    self.wfile.write(data[i:i + (1 << 16)])

        self._srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._srv.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._srv.server_address[1]}"
        self._thread = threading.Thread(target=self._srv.serve_forever, daemon=True)

    def __enter__(self) -> "GdeltServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._srv.shutdown()
        self._srv.server_close()
