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
