"""Where things live: the database file, the download cache and the data mirror."""
from __future__ import annotations

import contextlib
import contextvars
import os
from pathlib import Path

import platformdirs

APP = "amity"


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The DuckDB file: explicit ``path`` > ``$AMITY_DB`` > the user's data directory."""
    if path:
        return Path(path)
    env = os.environ.get("AMITY_DB")
    if env:
        return Path(env)
    d = Path(platformdirs.user_data_dir(APP))
    d.mkdir(parents=True, exist_ok=True)
    return d / "amity.duckdb"


def cache_dir() -> Path:
    """Download cache (pooch): ``$AMITY_CACHE`` or the user's cache directory."""
    env = os.environ.get("AMITY_CACHE")
    return Path(env) if env else Path(platformdirs.user_cache_dir(APP))


def _default_mirror_candidates() -> list[Path]:
    here = Path(__file__).resolve()
    # a checkout at WORK/main/src/amity -> WORK/shared/data; also relative to the cwd
    return [here.parents[3] / "shared" / "data", Path.cwd().parent / "shared" / "data"]


_MIRROR_OFF = contextvars.ContextVar("amity_mirror_off", default=False)


@contextlib.contextmanager
def mirror_off():
    """Within this block no dataset file is read: :func:`mirror_dir` returns None whatever is
    configured and nothing is downloaded (``amity demo --curated-only`` computes from the
    curated layer alone)."""
    tok = _MIRROR_OFF.set(True)
    try:
        yield
    finally:
        _MIRROR_OFF.reset(tok)


def mirror_is_off() -> bool:
    """True inside :func:`mirror_off` (no mirror file is read and nothing is downloaded)."""
    return _MIRROR_OFF.get()


def mirror_dir(explicit: str | os.PathLike | None = None, *, auto: bool = True) -> Path | None:
    """The local mirror folder holding upstream files, laid out as ``../shared/data``.

    ``explicit`` (``--mirror``) > ``$AMITY_MIRROR`` > (when ``auto``) a ``shared/data`` folder
    beside the checkout. Returns None when there is none, and inside :func:`mirror_off`.
    """
    if _MIRROR_OFF.get():
        return None
    for cand in ([Path(explicit)] if explicit else []) + (
        [Path(os.environ["AMITY_MIRROR"])] if os.environ.get("AMITY_MIRROR") else []
    ):
        if not cand.is_dir():
            from amity.errors import DataUnavailableError

            raise DataUnavailableError(f"mirror folder {cand} does not exist")
        return cand
    if auto:
        for cand in _default_mirror_candidates():
            if (cand / "MANIFEST.md").is_file():
                return cand
    return None
