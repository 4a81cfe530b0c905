"""One error boundary for the faces: any exception becomes one line and an exit code.

Known failures get a line naming the path, the cause and the fix; an unknown exception gets
one line and the path of a log file holding its traceback (``AMITY_DEBUG=1`` or ``--debug``
prints the traceback instead). Exit codes (see the README): 2 bad input, 3 store busy,
4 I/O (read, write, permission, disk full, file too large), 1 internal error, 130
interrupted.
"""
from __future__ import annotations

import datetime as _dt
import errno
import os
import re
import tempfile
import traceback
from pathlib import Path

EXIT_INPUT, EXIT_BUSY, EXIT_IO, EXIT_INTERNAL, EXIT_INTERRUPTED = 2, 3, 4, 1, 130

_ERRNO_FIX = {
    errno.EACCES: ("permission denied", "make it writable/readable, or choose another path"),
    errno.EPERM: ("operation not permitted", "make it writable, or choose another path"),
    errno.EROFS: ("read-only file system", "choose a path on a writable file system"),
    errno.ENOSPC: ("disk full", "free space, or choose another disk"),
    errno.EFBIG: ("file too large (file-size limit)", "raise the limit (ulimit -f) or write "
                  "less"),
    errno.ENOENT: ("no such file or directory", "check the path (its folder must exist)"),
    errno.EISDIR: ("is a directory", "give a file path"),
    errno.ENOTDIR: ("a part of the path is not a directory", "check the path"),
}


def _oserror_line(e: OSError) -> str:
    cause, fix = _ERRNO_FIX.get(e.errno or -1, (e.strerror or str(e), "check the path"))
    path = e.filename or _path_in(str(e))
    if path is None:   # an error that names no path (pyarrow's, say): its own words then
        first = (str(e).splitlines() or [""])[0][:300]
        return f"{cause}: {first}; {fix}" if first else f"{cause}; {fix}"
    return f"{path}: {cause}; {fix}"


def _path_in(msg: str) -> str | None:
    """The first quoted absolute path in an error message (pyarrow and DuckDB name the file
    in the text, not in ``filename``), or None."""
    m = re.search(r"['\"](/[^'\"]+)['\"]", msg)
    return m.group(1) if m else None


def _duckdb_line(e: Exception) -> tuple[str, int] | None:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    low = msg.lower()
    if "lock" in low and "conflict" in low:
        return f"the store is in use by another process ({msg}); stop it or retry", EXIT_BUSY
    for key, cause, fix in (
            ("file too large", "file too large (file-size limit)", "raise ulimit -f"),
            ("no space", "disk full", "free space"),
            ("permission denied", "permission denied", "make the store writable"),
            ("operation not permitted", "operation not permitted", "make the store writable"),
            ("cannot launch in-memory", "not a DuckDB store", "give a DuckDB file (--db)"),
            ("read-only", "the store is read-only", "make it writable or use a copy"),
            ("is a directory", "is a directory, not a store", "give a DuckDB file (--db)"),
            ("not a valid duckdb", "not a DuckDB store", "give a DuckDB file (--db)"),
            ("failed to commit", "a write could not be committed", "check free space and "
             "permissions, then re-run (nothing partial was kept)"),
            ("could not write", "a write failed", "check free space and permissions"),
            ("cannot launch in-memory", "not a DuckDB store", "give a DuckDB file (--db)"),
            ("could not read", "a read failed", "check the file")):
        if key in low:
            return f"{cause}: {msg}; {fix}", EXIT_IO
    if type(e).__name__ in ("IOException", "PermissionException"):
        return f"store I/O failed: {msg}; check the file, free space and permissions", EXIT_IO
    return None


def log_traceback(e: BaseException) -> Path:
    """Write ``e``'s traceback to a log file and return its path."""
    d = Path(os.environ.get("AMITY_LOG_DIR") or tempfile.gettempdir())
    try:
        d.mkdir(parents=True, exist_ok=True)
        p = d / f"amity-error-{_dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
        p.write_text("".join(traceback.format_exception(type(e), e, e.__traceback__)),
                     encoding="utf-8")
        return p
    except OSError:
        return Path("(no log: the log folder is not writable)")


#: what the running command is doing, named by the line a Ctrl-C prints (set by a face with
#: :func:`doing`, e.g. "reading un_votes in `amity load all`")
_DOING: dict[str, str] = {}


def doing(what: str | None) -> None:
    """Record what the command is doing now (``None`` forgets it)."""
    if what:
        _DOING["what"] = what
    else:
        _DOING.pop("what", None)


def describe(e: BaseException) -> tuple[str, int]:
    """The one line and the exit code for an exception that is not an AmityError."""
    if isinstance(e, KeyboardInterrupt):
        what = _DOING.get("what")
        return ("interrupted" + (f" while {what}" if what else "") + " (nothing partial is "
                "kept: committed steps stay, re-run to finish)"), EXIT_INTERRUPTED
    if isinstance(e, RecursionError):
        return "input nested too deeply to read (e.g. a JSON value nested hundreds of "\
               "levels); flatten it", EXIT_INPUT
    if isinstance(e, MemoryError):
        return "out of memory: the input is too large; split it", EXIT_IO
    if isinstance(e, UnicodeError):
        return f"text is not valid Unicode ({e}); re-encode it as UTF-8", EXIT_INPUT
    if isinstance(e, OSError):
        return _oserror_line(e), EXIT_IO
    if type(e).__module__.startswith(("duckdb", "_duckdb")):
        got = _duckdb_line(e)
        if got:
            return got
    debug = os.environ.get("AMITY_DEBUG", "").lower() not in ("", "0", "false", "no")
    if debug:
        traceback.print_exception(type(e), e, e.__traceback__)
        return f"internal error {type(e).__name__}: {e}", EXIT_INTERNAL
    log = log_traceback(e)
    first = (str(e).splitlines() or [""])[0][:200]
    return (f"internal error {type(e).__name__}: {first} (traceback in {log}; AMITY_DEBUG=1 "
            "prints it; please report it)"), EXIT_INTERNAL


def api_input_fault(e: BaseException) -> str | None:
    """The message for an exception that bad request input caused (the API answers 422), or
    None: a number beyond the 64-bit range, text that is not valid Unicode (a lone
    surrogate), input nested too deeply."""
    if isinstance(e, OverflowError):
        return "a number is out of range (beyond a 64-bit integer); give a smaller value"
    if isinstance(e, UnicodeError):
        return "text is not valid Unicode (e.g. a lone surrogate such as \\ud800); send UTF-8"
    if isinstance(e, RecursionError):
        return "input nested too deeply to read; flatten it"
    return None
