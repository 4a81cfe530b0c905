"""Issue 19/16: Ctrl-C during `amity load` leaves the store intact and says so in one line
(exit 130); it printed a traceback and then blamed a data file ("missing column(s)")."""
from __future__ import annotations

import os
import signal
import time

import pandas as pd
import pytest


def test_ctrl_c_inside_the_r_reader_is_an_interrupt_not_a_bad_file(tmp_path, monkeypatch):
    """pyreadr's C code swallows a KeyboardInterrupt and returns a partial frame; the reader
    holds the signal until it returns and then raises it."""
    import pyreadr

    from amity.sources.base import read_rda

    def swallowing_read_r(path):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
        except KeyboardInterrupt:     # what the C callbacks do with it
            pass
        return {"x": pd.DataFrame({"partial": [1]})}

    monkeypatch.setattr(pyreadr, "read_r", swallowing_read_r)
    f = tmp_path / "x.rda"
    f.write_bytes(b"")
    with pytest.raises(KeyboardInterrupt):
        read_rda(f)


@pytest.mark.parametrize("argv, target", [
    (["load", "nmc6"], "amity.sources.load.load"),
    (["events", "stats"], "amity.events.query.stats"),
])
def test_ctrl_c_inside_a_command_prints_one_line_and_exits_130(tmp_path, monkeypatch, capsys,
                                                              argv, target):
    """typer turned a KeyboardInterrupt inside a command into a bare exit code 130 (returned,
    not raised, when not standalone): `amity load all` stopped by Ctrl-C printed nothing."""
    import importlib

    from amity.cli import main

    mod, name = target.rsplit(".", 1)

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module(mod), name, interrupted)
    monkeypatch.setenv("AMITY_DB", str(tmp_path / "s.duckdb"))
    with pytest.raises(SystemExit) as ex:
        main(argv)
    assert ex.value.code == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: interrupted"), err


def test_ctrl_c_names_what_was_interrupted(tmp_path, monkeypatch, capsys):
    """Issue 19: Ctrl-C a few seconds into `amity load all` printed a bare line; it names the
    command and the dataset being read."""
    import importlib

    from amity.cli import main

    load_mod = importlib.import_module("amity.sources.load")

    def interrupted(con, names, on_progress=None, **k):
        on_progress("cow_states", "read")
        raise KeyboardInterrupt

    monkeypatch.setattr(load_mod, "load", interrupted)
    monkeypatch.setenv("AMITY_DB", str(tmp_path / "s.duckdb"))
    with pytest.raises(SystemExit) as ex:
        main(["load", "all"])
    assert ex.value.code == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "while reading cow_states in `amity load all`" in err[0], err
    # another command is named by its words
    monkeypatch.setattr("amity.events.query.stats", lambda *a, **k: (_ for _ in ()).throw(
        KeyboardInterrupt()))
    with pytest.raises(SystemExit):
        main(["events", "stats", "--json"])
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "while running `amity events stats`" in err[0], err


def test_ctrl_c_inside_the_un_votes_reader_is_an_interrupt_not_a_bad_file(tmp_path, monkeypatch):
    """The UN votes importer read its R files with a pyreadr call of its own, so a Ctrl-C there
    still printed a traceback and blamed un_votes.rda ("cannot read R data file: All arrays
    must be of the same length"); it now goes through the one R reader."""
    import pyreadr

    from amity.sources import unvotes

    def swallowing_read_r(path):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)
        except KeyboardInterrupt:     # what pyreadr's C callbacks do with it
            pass
        raise ValueError("All arrays must be of the same length")   # the partial read

    monkeypatch.setattr(pyreadr, "read_r", swallowing_read_r)
    f = tmp_path / "un_votes.rda"
    f.write_bytes(b"")
    with pytest.raises(KeyboardInterrupt):
        unvotes._read_rda(f)
