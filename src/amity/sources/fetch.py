"""Getting upstream files: from a local mirror folder or downloaded (pooch) into the cache.

Order of preference for one file of one source:

1. a mirror folder (``mirror=`` argument, ``--mirror DIR`` or ``$AMITY_MIRROR``, or a
   ``shared/data`` folder beside the checkout), at the path the registry names
   (``FileSpec.mirror_path``); its sha256 is verified like a download's;
2. the download cache (``amity.config.cache_dir()/<source>/``), verified by pooch;
3. a download from ``FileSpec.url`` (or from ``$AMITY_BASE_URL``/``base_url`` + the mirror
   path, which is how tests point the download path at a loopback server).

A download whose checksum does not match is deleted and fetched once more; a second mismatch
raises :class:`~amity.errors.DataUnavailableError`. A mirror file that does not match its
checksum raises at once (a mirror is read-only; nothing to re-fetch).
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from amity import caches, config
from amity.errors import DataUnavailableError
from amity.sources.base import FileSpec, Source

#: sha256 of a file by (path, size, mtime): a mirror is hashed once per process
_VERIFIED = caches.BoundedCache("sources.fetch.verified", maxsize=4096)


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file (read in 1 MiB blocks)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(path: Path, sha256: str, size: int | None = None) -> None:
    """Raise DataUnavailableError when ``path`` does not have checksum ``sha256`` (or, when
    the registry records one, its ``size`` in bytes: checked first, without reading).

    Results are memoized per (path, size, mtime), so a mirror is hashed once per process.
    """
    st = path.stat()
    if size is not None and st.st_size != size:
        raise DataUnavailableError(
            f"{path}: {st.st_size:,} bytes, the registry's file has {size:,}; the file is "
            "truncated, corrupt or a different version")
    key = (str(path), st.st_size, int(st.st_mtime_ns))
    got = _VERIFIED.get(key)
    if got is None:
        got = sha256_file(path)
        _VERIFIED[key] = got
    if sha256 and got != sha256:
        raise DataUnavailableError(
            f"{path}: sha256 {got} does not match the registry's {sha256}; the file is "
            "truncated, corrupt or a different version")


def _mirror(mirror: str | os.PathLike | None) -> Path | None:
    return config.mirror_dir(mirror)


def file_url(spec: FileSpec, base_url: str | None = None) -> str:
    """The URL to download ``spec`` from (``base_url``/``$AMITY_BASE_URL`` override the registry)."""
    base = base_url or os.environ.get("AMITY_BASE_URL")
    if base:
        return base.rstrip("/") + "/" + spec.mirror_path
    return spec.url


def _download(src: Source, spec: FileSpec, base_url: str | None, progress: bool) -> Path:
    import pooch

    url = file_url(spec, base_url)
    folder = config.cache_dir() / src.name
    folder.mkdir(parents=True, exist_ok=True)
    fname = spec.mirror_path.replace("/", "__")
    bar = bool(progress and sys.stderr.isatty())
    if not spec.sha256:        # never download what cannot be verified
        if (folder / fname).is_file():      # placed in the cache by hand: use it as it is
            return folder / fname
        raise DataUnavailableError(
            f"{src.name}: {spec.mirror_path} is not in the mirror or the cache, and the "
            f"registry records no checksum for it, so Amity does not download it; get it "
            f"from {url} and place it at <mirror>/{spec.mirror_path} (AMITY_MIRROR)")
    known = f"sha256:{spec.sha256}"
    last: Exception | None = None
    for _attempt in range(2):
        try:
            p = pooch.retrieve(url, known_hash=known, fname=fname, path=folder,
                               progressbar=bar,
                               downloader=pooch.HTTPDownloader(progressbar=bar, timeout=60))
            return Path(p)
        except ValueError as e:   # pooch: hash mismatch (the bad file is removed)
            last = e
            (folder / fname).unlink(missing_ok=True)
            continue
        except OSError as e:      # network, HTTP status (requests raises OSErrors), disk
            raise DataUnavailableError(
                f"cannot download {src.name}/{spec.key} from {url}: {e}. Set AMITY_MIRROR or "
                "--mirror to a folder laid out like shared/data") from None
    raise DataUnavailableError(
        f"download of {src.name}/{spec.key} from {url} failed its checksum twice: {last}")


def local_copy(spec: FileSpec, source: str, mirror: str | os.PathLike | None = None) -> Path | None:
    """Where ``spec`` of source ``source`` already is: the mirror's file, else the download
    cache's, else None. Never downloads and never hashes (a quick "is it at hand?")."""
    from amity.errors import AmityError

    try:
        m = _mirror(mirror)
    except AmityError:     # a configured mirror folder that does not exist: the cache only
        m = None
    if m is not None and (m / spec.mirror_path).is_file():
        return m / spec.mirror_path
    p = config.cache_dir() / source / spec.mirror_path.replace("/", "__")
    return p if p.is_file() else None


def fetch_file(src: Source, spec: FileSpec, *, mirror: str | os.PathLike | None = None,
               base_url: str | None = None, progress: bool = True,
               use_mirror: bool = True) -> Path:
    """Local path of one file of ``src`` (mirror, cache or fresh download), checksum verified."""
    if config.mirror_is_off():
        raise DataUnavailableError(f"{src.name}/{spec.key}: datasets are not read here (the "
                                   "curated layer only)")
    m = _mirror(mirror) if use_mirror and not base_url else None
    if m is not None:
        p = m / spec.mirror_path
        if p.is_file():
            verify(p, spec.sha256, spec.size)
            return p
        if mirror or os.environ.get("AMITY_MIRROR"):
            raise DataUnavailableError(f"mirror {m} has no {spec.mirror_path} (source {src.name})")
    return _download(src, spec, base_url, progress)


def fetch(name_or_source: str | Source, *, mirror: str | os.PathLike | None = None,
          base_url: str | None = None, progress: bool = True,
          use_mirror: bool = True) -> dict[str, Path]:
    """All files of a source as ``{key: local path}`` (see the module docstring for the order).

    Parameters
    ----------
    name_or_source : str or Source
        A registry name (``amity data list``) or a :class:`Source`.
    mirror : path, optional
        A folder laid out like ``shared/data``; default ``$AMITY_MIRROR`` or the checkout's sibling.
    base_url : str, optional
        Download from ``base_url + "/" + mirror_path`` instead of the upstream URL (tests).
    """
    from amity.sources import get

    src = get(name_or_source) if isinstance(name_or_source, str) else name_or_source
    return {f.key: fetch_file(src, f, mirror=mirror, base_url=base_url, progress=progress,
                              use_mirror=use_mirror)
            for f in src.files}
