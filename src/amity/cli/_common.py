"""Shared CLI plumbing: JSON output, error reporting, common options."""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import json
import math
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.console import Console

from amity.errors import AmityError, InputError

console = Console()
err_console = Console(stderr=True)

# Reusable option declarations (use as defaults in command signatures).
JSON_OPT = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")
DB_OPT = typer.Option(None, "--db", help="DuckDB store file (default: $AMITY_DB or the user data dir).")
MIRROR_OPT = typer.Option(None, "--mirror", help="Local mirror folder laid out like shared/data (or $AMITY_MIRROR).")
FROM_OPT = typer.Option(None, "--from", help="First year (inclusive).")
TO_OPT = typer.Option(None, "--to", help="Last year (inclusive).")


def _default(o: Any) -> Any:
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


def _clean(o: Any) -> Any:
    """NaN/inf -> null, recursively (JSON has no NaN)."""
    if isinstance(o, float) and (math.isnan(o) or math.isinf(o)):
        return None
    if isinstance(o, dict):
        return {k: _clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_clean(v) for v in o]
    if hasattr(o, "item") and not hasattr(o, "__len__"):
        try:
            return _clean(o.item())
        except (ValueError, AttributeError):
            return o
    return o


def to_json(obj: Any) -> str:
    return json.dumps(_clean(obj), default=_default, ensure_ascii=False, indent=2)


def emit(obj: Any, as_json: bool, human: Any = None) -> None:
    """Print ``obj`` as JSON when ``as_json``; otherwise call/print ``human`` (or ``obj``)."""
    if as_json:
        sys.stdout.write(to_json(obj) + "\n")
    elif callable(human):
        human()
    elif human is not None:
        console.print(human)
    else:
        console.print(obj)


def year_range(start: Optional[int], end: Optional[int], *, lo: int = 1600,
               hi: int = 2100) -> tuple[Optional[int], Optional[int]]:
    """Validate a ``--from/--to`` pair: within [lo, hi] and not reversed."""
    for name, y in (("--from", start), ("--to", end)):
        if y is not None and not (lo <= y <= hi):
            raise InputError(f"year {y} is outside {lo}..{hi}", field=name)
    if start is not None and end is not None and start > end:
        raise InputError(f"reversed year range: --from {start} is after --to {end}", field="--from")
    return start, end


@contextlib.contextmanager
def handle_errors() -> Iterator[None]:
    """Amity errors -> one clear line on stderr and the error's exit code; no traceback."""
    try:
        yield
    except AmityError as e:
        err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise SystemExit(e.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        raise SystemExit(130)
    except BrokenPipeError:
        raise SystemExit(0)
