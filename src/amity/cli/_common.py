"""Shared CLI plumbing: JSON output, error reporting, common options."""
from __future__ import annotations

import contextlib
import sys
from typing import Any, Iterator, Optional

import typer
from rich.console import Console

from amity import concepts, jsonable
from amity.errors import AmityError

console = Console()
err_console = Console(stderr=True)

# Reusable option declarations (use as defaults in command signatures).
JSON_OPT = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")
DB_OPT = typer.Option(None, "--db", help="DuckDB store file (default: $AMITY_DB or the user data dir).")
MIRROR_OPT = typer.Option(None, "--mirror", help="Local mirror folder laid out like shared/data (or $AMITY_MIRROR).")
FROM_OPT = typer.Option(None, "--from", help="First year (inclusive).")
TO_OPT = typer.Option(None, "--to", help="Last year (inclusive).")


def open_existing_store(db: Optional[str]):
    """The one way a CLI read opens the store: read-only when its file exists, None when it
    does not (the datasets are then read from the mirror). The default store busy with a
    writer is None as well; a busy store named with ``--db`` is the error it is."""
    from amity import config
    from amity.errors import StoreLockedError
    from amity.store import connect

    p = config.db_path(db)
    if not p.exists():
        return None
    try:
        return connect(p, read_only=True)
    except StoreLockedError:
        if db:
            raise
        return None


def forward_read(db, path: str, query: dict) -> Optional[tuple[Any, str]]:
    """Send a read to the ``amity serve`` that holds the store ``db`` for writing (its
    ``<db>.serve.json``) and return ``(answer, note)``, the note naming the server; None when
    no writing server names itself there or none answers (the caller's lock error stands).
    A 4xx/5xx of the server is one line: :class:`InputError` with its status and message."""
    import json as _json
    import os
    import urllib.error
    import urllib.parse
    import urllib.request

    from amity.errors import InputError
    from amity.store.core import serving

    info = serving(db)
    if not info or not info.get("url") or not info.get("writes"):
        return None
    path = "/".join(urllib.parse.quote(x, safe="") for x in path.split("/"))
    url = f"{info['url']}{path}?{urllib.parse.urlencode(query, doseq=True)}"
    timeout = float(os.environ.get("AMITY_FORWARD_TIMEOUT", "300"))
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            rep = _json.loads(r.read().decode("utf-8"))
    except urllib.error.HTTPError as e:          # the server refused the read: say why
        try:
            body = _json.loads(e.read().decode("utf-8"))
            msg = body.get("message") or body.get("detail") or str(body)
        except ValueError:
            msg = e.reason
        raise InputError(f"amity serve at {info['url']} answered {e.code}: {msg}") from None
    except (urllib.error.URLError, OSError, ValueError):
        return None                              # no server answers: the lock error stands
    return rep, (f"answered by amity serve (pid {info.get('pid')}) at {info['url']}, which "
                 "holds the store for writing")


# one JSON conversion for every face (amity.jsonable); the old names stay for callers
_default = jsonable.default
_clean = jsonable.clean


def to_json(obj: Any) -> str:
    return jsonable.dumps(obj, indent=2)


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
    """Validate a ``--from/--to`` pair (see :func:`amity.concepts.year_range`)."""
    return concepts.year_range(start, end, lo=lo, hi=hi, names=("--from", "--to"))


NO_CURATED = ("the store holds no curated facts: answers use the datasets only "
              "(load them with `amity curated load`, or `amity demo`)")


def note_if_no_curated(con) -> bool:
    """Reads never write: when the curated layer was never loaded, say so on stderr.
    Returns whether the store holds curated facts."""
    from amity.knowledge import curated_count

    if con is not None and curated_count(con) == 0:
        err_console.print(f"note: {NO_CURATED}", highlight=False, soft_wrap=True)
        return False
    return True


@contextlib.contextmanager
def handle_errors() -> Iterator[None]:
    """Amity errors -> one clear line on stderr and the error's exit code; no traceback."""
    try:
        yield
    except AmityError as e:
        err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        raise SystemExit(e.exit_code)
    except BrokenPipeError:
        raise SystemExit(0)
    except (KeyboardInterrupt, Exception) as e:   # one line for any other fault
        from amity.reliability.boundary import describe

        line, code = describe(e)
        err_console.print(f"[bold red]error:[/] {line}", highlight=False, soft_wrap=True)
        raise SystemExit(code)
