"""Hostile requests against the API, in process (``python -m amity.api.hostile WORK DB``
prints the counts as JSON; :mod:`amity.reliability.faults` runs it as a child process).

Each request must get a 4xx (or a 2xx where the input is merely odd), never a 5xx, an
exception or a timeout.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any


def run(work: Path, db: Path) -> dict[str, Any]:
    """Hostile requests against the API in process (a copy of the store, writes on, an
    ingest folder): each must get a 4xx (or a 2xx where the input is merely odd), never a
    5xx, an exception or a timeout."""
    import warnings

    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    from amity.api import create_app

    adb = work / "api.duckdb"
    shutil.copy(db, adb)
    if Path(str(db) + ".events").is_dir():
        shutil.copytree(Path(str(db) + ".events"), Path(str(adb) + ".events"),
                        dirs_exist_ok=True)
    inbox = work / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / "ok.CSV").write_text("")
    secret = work / "secret.txt"
    secret.write_text("secret")
    if not (inbox / "link.CSV").exists():
        (inbox / "link.CSV").symlink_to(secret)
    tok = "harness-token"
    auth = {"Authorization": f"Bearer {tok}"}
    mirror = os.environ.get("AMITY_MIRROR") or None
    app = create_app(adb, token=tok, timeout=30, ingest_dirs=[str(inbox)], mirror=mirror,
                     allowed_hosts=["127.0.0.1", "localhost", "testserver"])
    big = "9223372036854775808"
    L = "A" * 5000
    gets = [
        f"/panel?states={big}&from=2000&to=2001", f"/dyad/CHN/RUS?from={big}",
        f"/dyad/CHN/RUS?to=-{big}", "/dyad/CHN/RUS?from=abc", "/dyad/CHN/RUS?from=1.5",
        f"/dyad/{L}/RUS", "/dyad/%00/RUS", "/dyad/%F0%9F%92%A9/RUS", "/dyad/CHN/RUS/zzz",
        "/dyad/RUS/RUS", "/dyad/CHN/RUS?from=2020&to=1990", "/triangle/CHN/RUS/USA?band=NaN",
        "/triangle/CHN/RUS/USA?band=-1", "/triangle/CHN/RUS/USA?band=inf",
        "/triangle/CHN/CHN/USA", f"/triangle/CHN/RUS/{L}",
        "/compare?pairs=CHNRUS", "/compare?pairs=CHN-RUS,CHN-RUS", "/compare?pairs=",
        "/compare?pairs=" + ",".join(f"USA-S{i}" for i in range(50)),
        "/balance?year=1500", f"/balance?year={big}", "/balance?year=2000&threshold=NaN",
        "/balance?year=2000&threshold=5", "/balance?year=2000&states=",
        "/balance?year=2000&states=" + ",".join(f"S{i}" for i in range(400)),
        "/balance?year=2000&states=USA,NOSUCH", "/coalition?target=RUS&year=2022&k=0",
        f"/coalition?target=RUS&year=2022&k={big}", "/coalition?target=RUS&year=2022&top=-1",
        "/coalition?target=&year=2022", f"/coalition?target={L}&year=2022",
        "/coalition?target=RUS&year=3000", "/treaties?a=", f"/treaties?a={L}",
        "/treaties?a=NOSUCH", "/facts?a=RUS&kind=zzz",
        "/facts?a=RUS&" + "&".join("kind=war" for _ in range(100)), "/facts?limit=0",
        f"/facts?limit={big}", "/facts?from=2020&to=1990", f"/facts?a={L}",
        "/actors?at=99999", "/actors?at=1960-13-45", "/actors?at=%00", "/actors?kind=zzz",
        "/actors?system=zzz", "/actors/resolve?name=", f"/actors/resolve?name={L}",
        "/actors/resolve?name=Russia&at=abc", "/actors/resolve?name=%ED%A0%80",
        "/panel?from=1&to=2", "/panel?from=2000&to=2001&kind=zzz",
        "/panel?from=2000&to=2001&add=zzz", "/panel?from=2000&to=2001&system=zzz",
        "/static/../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd", "/nosuch", "/" + "x" * 10000,
    ]
    if mirror:    # panels read the datasets: without them the answer is 503 (unavailable)
        gets += ["/panel?from=1816&to=2024&kind=dyad_year",
                 "/panel?from=2000&to=2001&states=USA,NOSUCH"]
    else:
        gets.remove(f"/panel?states={big}&from=2000&to=2001")
    posts: list[tuple[str, Any, dict]] = [
        ("/extract", '{"text": "\\ud800 Russia"}', {}),      # a lone surrogate, as JSON
        ("/extract", '{"text": "\\udfff\\ud800"}', {}),
        ("/extract", {"text": ""}, {}),
        ("/extract", {"text": 5}, {}),
        ("/extract", {"text": "Russia met China.", "date": "2022-13-40"}, {}),
        ("/extract", {"text": "Russia met China.", "date": big}, {}),
        ("/extract", {}, {}),
        ("/extract", [1, 2], {}),
        ("/extract", "[" * 5000 + "]" * 5000, {}),
        ("/extract", {"text": "x" * 2_000_000}, {}),
        ("/extract?store=true", {"text": "Russia met China."}, {}),
        ("/extract?store=true", {"text": "Russia met China."}, {"Authorization": "Bearer x"}),
        ("/events/ingest", {"paths": ["/etc/passwd"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["/etc/shadow"], "format": "icews"}, auth),
        ("/events/ingest", {"paths": ["/**/*.x"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [str(inbox / "**" / "*.CSV")], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [str(inbox / "link.CSV")], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [str(inbox / ".." / "secret.txt")], "format": "gdelt2"},
         auth),
        ("/events/ingest", {"paths": ["../secret.txt"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["\x00"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"] * 2000, "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"], "format": "nope"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"], "format": "gdelt2", "since": "zz"}, auth),
        ("/events/ingest", {"paths": "ok.CSV", "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"], "format": "gdelt2"}, {}),
        ("/ingest/curated", {"files": ["/etc/passwd"]}, auth),
        ("/ingest/curated", {"files": [str(inbox / "link.CSV")]}, auth),
        ("/ingest/curated", {"files": "x"}, auth),
        ("/ingest/curated", None, {"Authorization": "Basic abc"}),
        ("/ingest/curated", None, {"Authorization": "Bearer " + "x" * 10000}),
    ]
    hosts = ["evil.example", "127.0.0.1.evil.example", "", "[::1", "a" * 300]
    out = {"tried": 0, "refused": 0, "5xx": 0, "hangs": 0, "failures": []}
    with TestClient(app, raise_server_exceptions=False) as c:
        def one(what: str, call) -> None:
            out["tried"] += 1
            try:
                r = call()
            except Exception as e:  # noqa: BLE001 - an exception out of the app is a crash
                out["failures"].append(f"api exception on {what[:120]}: {type(e).__name__}")
                return
            if r.status_code == 504:
                out["hangs"] += 1
                out["5xx"] += 1
                out["failures"].append(f"api timeout on {what[:120]}")
            elif r.status_code >= 500:
                out["5xx"] += 1
                out["failures"].append(f"api {r.status_code} on {what[:120]}: {r.text[:200]}")
            elif r.status_code >= 400:
                out["refused"] += 1

        for u in gets:
            one("GET " + u, lambda u=u: c.get(u))
        for u, body, hd in posts:
            if isinstance(body, str):
                one("POST " + u, lambda u=u, body=body, hd=hd: c.post(
                    u, content=body, headers={**hd, "Content-Type": "application/json"}))
            else:
                one("POST " + u, lambda u=u, body=body, hd=hd: c.post(u, json=body, headers=hd))
        for hv in hosts:
            one("Host " + hv, lambda hv=hv: c.get("/health", headers={"Host": hv}))
        for ct in ("text/plain", "application/xml", "multipart/form-data; boundary=x"):
            one("POST /extract as " + ct, lambda ct=ct: c.post(
                "/extract", content=b"text=Russia", headers={"Content-Type": ct}))
        one("POST /extract not UTF-8", lambda: c.post(
            "/extract", content=b'{"text": "\xff\xfe Russia"}',
            headers={"Content-Type": "application/json"}))
        one("GET with a body over the limit", lambda: c.post(
            "/extract", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"}))
    return out


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(Path(sys.argv[1]), Path(sys.argv[2]))))
