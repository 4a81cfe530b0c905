"""Build Amity's own CAMEO fact table from the data mirror (run once; the CSV is committed).

    .venv/bin/python tools/build_cameo.py [--mirror DIR]

Inputs (read from the mirror, laid out as shared/data):

* ``cameo/cameo-codes-icews.csv`` -- the ICEWS CAMEO table (cp1252, unnamed first column):
  code, name and Goldstein value. This is the reference for Goldstein values.
* ``cameo/CAMEO2PLOVER-2021.txt`` -- Schrodt's CAMEO -> PLOVER conversion table (draft 0.8,
  Sept 2021): ``CODE: CATEGORY, mode, context # description``; root headers ``NN: CATEGORY``.

Output: ``src/amity/data/cameo/cameo.csv`` with columns
``code,name,goldstein,quad,root,plover,plover_mode,plover_context`` (codes as strings with their
leading zeros; empty PLOVER fields stay empty).
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from amity.cameo import quad_of  # the package's rule, so the table and lookups agree

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "amity" / "data" / "cameo" / "cameo.csv"

_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([^#]*?)\s*(?:#.*)?$")


def read_icews(path: Path) -> list[dict]:
    text = path.read_bytes().decode("cp1252")
    rows = []
    for rec in csv.DictReader(io.StringIO(text)):
        code = rec["code"].strip()
        if not re.fullmatch(r"\d{2,4}", code):
            raise SystemExit(f"{path}: bad CAMEO code {code!r}")
        rows.append({"code": code, "name": rec["name"].strip(),
                     "goldstein": float(rec["goldstein"])})
    return rows


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """code -> (category, mode, context); the first entry wins for a repeated code."""
    out: dict[str, tuple[str, str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(raw)
        if not m:  # comments, blank lines, the stray '~~~~~' line
            continue
        code, body = m.group(1), m.group(2)
        parts = [p.strip() for p in body.split(",")]
        if not parts or not re.fullmatch(r"[A-Z]+", parts[0]):
            continue
        cat = parts[0]
        mode = parts[1] if len(parts) > 1 else ""
        context = ",".join(parts[2:]).strip() if len(parts) > 2 else ""
        out.setdefault(code, (cat, mode, context))
    return out


def build(mirror: Path) -> list[dict]:
    icews = read_icews(mirror / "cameo" / "cameo-codes-icews.csv")
    plover = read_plover(mirror / "cameo" / "CAMEO2PLOVER-2021.txt")
    rows = []
    for r in icews:
        code = r["code"]
        cat, mode, ctx = plover.get(code, ("", "", ""))
        if code[:2] in ("01", "02"):  # statements and appeals: PLOVER has no category
            cat, mode, ctx = "", "", ""
        rows.append({**r, "quad": quad_of(code), "root": code[:2], "plover": cat,
                     "plover_mode": mode, "plover_context": ctx})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", default=None)
    ap.add_argument("--out", default=str(OUT))
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from amity.config import mirror_dir

    mirror = mirror_dir(a.mirror)
    if mirror is None:
        raise SystemExit("no data mirror (set AMITY_MIRROR or pass --mirror)")
    rows = build(mirror)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    cols = ["code", "name", "goldstein", "quad", "root", "plover", "plover_mode", "plover_context"]
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in cols})
    print(f"wrote {len(rows)} codes to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
