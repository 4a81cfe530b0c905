"""amity panel ... --cite: the BibTeX of the state list and of every dataset added."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def test_panel_cite_lists_each_dataset(mirror, tmp_path):
    env = dict(os.environ, AMITY_MIRROR=str(mirror), PYTHONPATH=SRC)
    r = subprocess.run([sys.executable, "-m", "amity", "panel", "dyad-years", "--add",
                        "democracy,rivalries", "--states", "USA,CAN", "--from", "2010",
                        "--to", "2010", "--out", str(tmp_path / "p.csv"), "--cite", "--json"],
                       capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    bib = json.loads(r.stdout)["bibtex"]
    assert list(bib) == ["cow_states", "ccode_democracy", "tss_rivalries"]
    assert "thompson2022tss" in bib["tss_rivalries"]
    assert "coppedge2020vdem" in bib["ccode_democracy"]
    assert all(b.lstrip().startswith("@") for b in bib.values())


def test_panel_citations_function():
    from amity.cli.data import panel_citations

    got = panel_citations("gw", {"cow_mindist": [1886, 2019], "not_a_source": [1, 2]})
    assert list(got) == ["gw_states", "cow_mindist"]
    assert "schvitz2022cshapes" in got["cow_mindist"]
