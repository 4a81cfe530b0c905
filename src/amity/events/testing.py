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
