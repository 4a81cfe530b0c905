"""Issue 19: the fault harness, bounded (``make faults`` runs the full campaign)."""
from __future__ import annotations

import os

import pytest


@pytest.mark.slow
def test_fault_harness_bounded(tmp_path):
    from amity.reliability.faults import run

    res = run(kills=4, seed=1, work=tmp_path)
    assert res["failures"] == []
    # the kills cycle over the four write paths, a dataset load and a reader store merge too
    load = ["load"] if os.environ.get("AMITY_MIRROR") else []
    assert res["kill_paths"] == ["ingest", "restore", *load, "extract"]
    # 12 ingest/restore and 2 curated loads under ulimit -f, an event folder that is a file, a
    # backup under ulimit -f, and an ingest into a read-only event folder and a read-only store
    from amity.reliability.faults import no_override_prefix

    assert no_override_prefix() is not None, "the read-only faults need setpriv when run as root"
    assert res["kills"] >= 1 and res["write_faults"] == 18 and res["inputs_tried"] >= 150
    assert res["write_faults_survived"] == 18
    assert res["tracebacks"] == 0 and res["hangs"] == 0 and res["lost_or_duplicated"] == 0
    assert res["api_5xx"] == 0 and res["api_tried"] >= 100
