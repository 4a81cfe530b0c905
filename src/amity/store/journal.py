"""The restore journal: a restore of a store swaps its event folder and its file in steps;
the journal written before the first step lets the next open of the store complete a restore
that was killed half-way (see :func:`amity.reliability.backup.restore`)."""
from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path
from typing import Any


def _events_of(db: Path) -> Path:
    return Path(str(db) + ".events")


def fsync_dir(p: Path) -> None:
    """fsync a directory so a rename in it is durable (a no-op where directories have no fd)."""
    try:
        fd = os.open(p, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def journal_path(target: Path) -> Path:
    return Path(str(target) + ".restore-journal.json")


def write_journal(target: Path, data: dict[str, Any]) -> None:
    j = journal_path(target)
    tmp = j.with_name(j.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, j)
    fsync_dir(j.parent)


def _crashpoint(name: str) -> None:
    """Test hook: ``AMITY_EVENTS_CRASH=restore-<name>`` kills the process at that step."""
    if os.environ.get("AMITY_EVENTS_CRASH") == "restore-" + name:
        os.kill(os.getpid(), signal.SIGKILL)


def finish_restore(target: str | os.PathLike) -> bool:
    """Complete a restore of ``target`` that was killed after its journal was written.

    Every step is idempotent and keyed on what still exists: the staged event folder replaces
    the store's (kept as ``<db>.pre-restore.events``), then the staged file replaces the store
    file, then the journal goes. Returns True when a journal was found (and completed).
    """
    target = Path(target)
    j = journal_path(target)
    if not j.is_file():
        return False
    try:
        data = json.loads(j.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or "db_tmp" not in data:
        j.unlink(missing_ok=True)   # torn journal write: the swap had not begun
        return False
    db_tmp = Path(data["db_tmp"])
    ev_tmp = Path(data["events_tmp"]) if data.get("events_tmp") else None
    ev_t = _events_of(target)
    prev_ev = Path(str(target) + ".pre-restore.events")
    if db_tmp.exists():   # the file swap (the last step) has not happened: events first
        if ev_t.exists() and (ev_tmp is None or ev_tmp.exists()):
            shutil.rmtree(prev_ev, ignore_errors=True)
            if data.get("keep_previous", True):
                os.replace(ev_t, prev_ev)
            else:
                shutil.rmtree(ev_t)
            _crashpoint("events-aside")
        if ev_tmp is not None and ev_tmp.exists():
            os.replace(ev_tmp, ev_t)
            _crashpoint("events-in")
        Path(str(target) + ".wal").unlink(missing_ok=True)
        os.replace(db_tmp, target)
        fsync_dir(target.parent)
        _crashpoint("file-in")
    j.unlink(missing_ok=True)
    fsync_dir(target.parent)
    return True
