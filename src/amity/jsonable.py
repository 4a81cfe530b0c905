"""JSON for every face: NaN/inf become null, numpy values, dates, paths and sets are
converted. The CLI (``--json``), the API and the report share these two functions."""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
from pathlib import Path
from typing import Any


def default(o: Any) -> Any:
    """``json.dumps`` fallback: dataclasses, dates, paths, numpy values, sets, pandas NA."""
    if type(o).__name__ in ("NAType", "NaTType"):   # pandas' missing values (no import)
        return None
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return dataclasses.asdict(o)
    if isinstance(o, (_dt.date, _dt.datetime)):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    if hasattr(o, "tolist"):  # numpy arrays and scalars
        return o.tolist()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    raise TypeError(f"not JSON serializable: {type(o).__name__}")


def clean(o: Any) -> Any:
    """NaN/inf -> null, recursively (JSON has no NaN)."""
    if isinstance(o, float) and (math.isnan(o) or math.isinf(o)):
        return None
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if hasattr(o, "item") and not hasattr(o, "__len__"):
        try:
            return clean(o.item())
        except (ValueError, AttributeError):
            return o
    return o


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """``obj`` as JSON text (compact separators when ``indent`` is None)."""
    seps = (",", ":") if indent is None else None
    return json.dumps(clean(obj), default=default, ensure_ascii=False, indent=indent,
                      separators=seps)
