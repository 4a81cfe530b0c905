"""The CLI's reads open the store one way (amity.cli._common.open_existing_store)."""
from __future__ import annotations

import pytest

from amity.errors import StoreLockedError


def test_one_opener_for_the_cli_reads():
    from amity.cli import _common, data, measures

    assert data.open_existing_store is measures.open_existing_store is _common.open_existing_store
    assert not hasattr(data, "_open_store") and not hasattr(measures, "_open_store")


def test_open_existing_store(tmp_path, monkeypatch):
    from amity import store
    from amity.cli._common import open_existing_store

    monkeypatch.setenv("AMITY_DB", str(tmp_path / "default.duckdb"))
    assert open_existing_store(None) is None                 # no file: read the mirror
    assert open_existing_store(str(tmp_path / "none.duckdb")) is None
    store.connect(tmp_path / "default.duckdb").close()
    con = open_existing_store(None)
    assert con is not None and con.execute("SELECT count(*) FROM relations").fetchone() == (0,)
    con.close()

    def busy(*a, **k):
        raise StoreLockedError("the store is being written by another process")

    monkeypatch.setattr(store, "connect", busy)
    assert open_existing_store(None) is None                  # the default store busy: mirror
    with pytest.raises(StoreLockedError):                     # a named store busy: the error
        open_existing_store(str(tmp_path / "default.duckdb"))

    def broken(*a, **k):
        raise TypeError("a bug")

    monkeypatch.setattr(store, "connect", broken)             # was swallowed by amity data
    with pytest.raises(TypeError):
        open_existing_store(None)
