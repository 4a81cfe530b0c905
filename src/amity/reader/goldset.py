"""The reader's gold set: parse the authored file, split it once, write the JSONL halves.

The gold set is written by hand in ``gold/gold.txt`` (a compact notation documented at the top of
that file). ``python -m amity.reader.goldset`` turns it into ``gold/dev.jsonl`` and
``gold/test.jsonl``: each line is ``{"id", "text", "date", "events", "treaties"}`` in the reader's
output contract. The split is fixed by a hash of the text (sha1, even/odd of the first byte), so
it never changes when items are added elsewhere in the file.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from amity.errors import InputError

GOLD_DIR = Path(__file__).resolve().parent / "gold"
SOURCE = GOLD_DIR / "gold.txt"


def _actors(spec: str) -> list[tuple[str | None, str | None, list[str]]]:
    """``A>B`` / ``A,B>C`` / ``A+B`` -> list of (source, target, parties)."""
    if ">" in spec:
        src, tgt = spec.split(">", 1)
        srcs = [s for s in src.split(",") if s and s != "-"] or [None]
        tgts = [t for t in tgt.split(",") if t and t != "-"] or [None]
        return [(s, t, []) for s in srcs for t in tgts]
    parties = sorted(p for p in spec.split("+") if p)
    return [(None, None, parties)]


def parse(path: Path = SOURCE) -> list[dict[str, Any]]:
    """Parse the authored gold file into records (ids ``g0001``... in file order)."""
    items: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    paragraphs: list[list[str]] = []

    def close() -> None:
        nonlocal cur, paragraphs
        if cur is not None:
            cur["text"] = "\n\n".join(" ".join(p) for p in paragraphs if p)
            items.append(cur)
        cur, paragraphs = None, []

    for ln, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("#"):
            continue
        if not line.strip():
            close()
            continue
        if cur is None:
            cur = {"id": f"g{len(items) + 1:04d}", "date": None, "events": [], "treaties": []}
            paragraphs = [[]]
        tag, _, rest = line.partition(" ")
        rest = rest.strip()
        if tag == "D":
            cur["date"] = rest
        elif tag == "T":
            if rest == "¶":
                paragraphs.append([])
            else:
                paragraphs[-1].append(rest)
        elif tag == "E":
            parts = rest.split(" treaty=")
            treaty = parts[1].strip() if len(parts) > 1 else None
            toks = parts[0].split()
            if len(toks) < 3:
                raise InputError("event needs ACTORS PLOVER DATE", file=str(path), line=ln)
            flags = set(toks[3:])
            for s, t, p in _actors(toks[0]):
                cur["events"].append({
                    "source": s, "target": t, "parties": p,
                    "date": None if toks[2] == "-" else toks[2],
                    "plover": None if toks[1] == "-" else toks[1],
                    "treaty": treaty, "negated": "neg" in flags,
                    "hedged": "hedge" in flags, "reported": "rep" in flags,
                })
        elif tag == "R":
            f = [x.strip() for x in rest.split("|")]
            if len(f) != 4:
                raise InputError("treaty needs NAME | DATE | PARTIES | OBLIGATIONS",
                                 file=str(path), line=ln)
            obl = [o.strip() for o in f[3].split(",") if o.strip()]
            cur["treaties"].append({
                "name": f[0], "date": f[1] or None,
                "parties": sorted(p for p in f[2].split(",") if p),
                "obligations": sorted(o for o in obl if not o.startswith("!")),
                "negated_obligations": sorted(o[1:] for o in obl if o.startswith("!")),
            })
        else:
            raise InputError(f"unknown tag {tag!r}", file=str(path), line=ln)
    close()
    return items


def half(item: dict[str, Any]) -> str:
    """'dev' or 'test', fixed by the sha1 of the item's text."""
    return "test" if hashlib.sha1(item["text"].encode("utf-8")).digest()[0] % 2 else "dev"


def load(split: str) -> list[dict[str, Any]]:
    """Records of one half ('dev' or 'test') from the JSONL files."""
    path = GOLD_DIR / f"{split}.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def build() -> dict[str, int]:
    items = parse()
    out = {"dev": [], "test": []}
    for it in items:
        out[half(it)].append(it)
    for name, rows in out.items():
        with open(GOLD_DIR / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {k: len(v) for k, v in out.items()}


if __name__ == "__main__":
    print(build())
