"""Shared fixtures: the data mirror (absent: skips saying why, but FAILS under CI=true) and
throwaway stores."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _find_mirror() -> Path | None:
    env = os.environ.get("AMITY_MIRROR")
    if env and Path(env).is_dir():
        return Path(env)
    cand = ROOT.parent / "shared" / "data"
    return cand if (cand / "MANIFEST.md").is_file() else None


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The shared data mirror. Where it is absent, tests that need it skip with the reason;
    under ``CI=true`` they fail instead, so a green CI run has tested the measures on data."""
    m = _find_mirror()
    if m is None:
        why = "no data mirror: set AMITY_MIRROR or place shared/data beside the checkout"
        if _in_ci():
            pytest.fail(f"{why} (CI=true: mirror-dependent tests must run)", pytrace=False)
        pytest.skip(why)
    return m


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture()
def tmp_db(tmp_path, monkeypatch) -> Path:
    """A fresh store file, also exported as AMITY_DB for CLI calls in the test."""
    p = tmp_path / "amity.duckdb"
    monkeypatch.setenv("AMITY_DB", str(p))
    return p


@pytest.fixture(autouse=True)
def _isolate_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the user's real store or cache from a test."""
    if "AMITY_DB" not in os.environ:
        monkeypatch.setenv("AMITY_DB", str(tmp_path_factory.mktemp("db") / "default.duckdb"))
    if "AMITY_CACHE" not in os.environ:
        monkeypatch.setenv("AMITY_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def env_mirror(mirror):
    """The mirror, also exported as ``AMITY_MIRROR`` for the module's tests (panel verbs read
    it from the environment); restored afterwards."""
    old = os.environ.get("AMITY_MIRROR")
    os.environ["AMITY_MIRROR"] = str(mirror)
    yield mirror
    if old is None:
        os.environ.pop("AMITY_MIRROR", None)
    else:
        os.environ["AMITY_MIRROR"] = old
