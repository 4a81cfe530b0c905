"""The download path (pooch) against a loopback HTTP server serving a mirror-shaped folder."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

import amity.sources as S
from amity import config
from amity.errors import DataUnavailableError
from amity.sources.fetch import fetch, sha256_file


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):  # keep test output clean
        pass


@pytest.fixture()
def served(tmp_path, mirror):
    """A folder laid out like the mirror (cow_states files only), served on 127.0.0.1."""
    root = tmp_path / "www"
    for f in S.get("cow_states").files:
        (root / f.mirror_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(mirror / f.mirror_path, root / f.mirror_path)
    handler = functools.partial(_Quiet, directory=str(root))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield root, f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


def test_download_into_cache_and_verify(served, monkeypatch):
    root, base = served
    src = S.get("cow_states")
    paths = fetch(src, base_url=base, progress=False)
    cache = config.cache_dir()
    for f in src.files:
        p = paths[f.key]
        assert Path(p).is_relative_to(cache)
        assert sha256_file(p) == f.sha256
    # the env override works the same way (and a reader reads the downloaded files)
    monkeypatch.setenv("AMITY_BASE_URL", base)
    tables = src.read(fetch("cow_states", use_mirror=False, progress=False))
    assert len(tables["cow_states"]) == 243


def test_corrupt_cached_file_is_fetched_again(served):
    _, base = served
    src = S.get("cow_states")
    p = fetch(src, base_url=base, progress=False)["states"]
    Path(p).write_bytes(Path(p).read_bytes()[:500])         # truncated in the cache
    p2 = fetch(src, base_url=base, progress=False)["states"]
    assert sha256_file(p2) == src.files[0].sha256


def test_corrupt_download_is_reported(served):
    root, base = served
    src = S.get("cow_states")
    f = root / src.files[0].mirror_path
    f.write_bytes(f.read_bytes()[:700])                     # the server sends a truncated file
    with pytest.raises(DataUnavailableError, match="checksum"):
        fetch(src, base_url=base, progress=False)
    # nothing half-downloaded is left in the cache under the file's name
    assert not any(p.name.endswith("cow_states.rda") for p in config.cache_dir().rglob("*"))


def test_missing_upstream_file_is_reported(served):
    root, base = served
    (root / S.get("cow_states").files[1].mirror_path).unlink()
    with pytest.raises(DataUnavailableError, match="cannot download"):
        fetch("cow_states", base_url=base, progress=False)


def test_mirror_checksums_are_verified(tmp_path, mirror):
    bad = tmp_path / "mirror"
    src = S.get("cow_states")
    for f in src.files:
        (bad / f.mirror_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(mirror / f.mirror_path, bad / f.mirror_path)
    assert fetch(src, mirror=bad)["states"] == bad / src.files[0].mirror_path
    p = bad / src.files[0].mirror_path
    p.write_bytes(p.read_bytes() + b"\0")
    with pytest.raises(DataUnavailableError, match="sha256"):
        fetch(src, mirror=bad)
    with pytest.raises(DataUnavailableError, match="does not exist"):
        fetch(src, mirror=tmp_path / "nowhere")


def test_cli_fetch_from_loopback(served):
    import json

    from typer.testing import CliRunner

    from amity.cli import app

    _, base = served
    r = CliRunner().invoke(app, ["data", "fetch", "cow_states", "--base-url", base, "--json"])
    assert r.exit_code == 0, r.output
    files = json.loads(r.stdout)[0]["files"]
    assert set(files) == {"states", "majors"}
