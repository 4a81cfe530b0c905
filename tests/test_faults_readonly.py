"""The fault harness's read-only write faults hold for root too: under
:func:`amity.reliability.faults.no_override_prefix` a write into a folder whose write bits
:func:`~amity.reliability.faults._writable` removed is refused, and it succeeds again once
they are back (the harness then checks that the CLI says so in one line and converges)."""
from __future__ import annotations

import subprocess
import sys

from amity.reliability.faults import _writable, no_override_prefix


def test_read_only_folder_refuses_writes_even_as_root(tmp_path):
    pre = no_override_prefix()
    assert pre is not None, "running as root needs setpriv (util-linux) for the read-only faults"
    home = tmp_path / "ro"
    home.mkdir()
    (home / "f").write_text("x")
    write = [*pre, sys.executable, "-c", f"open({str(home / 'f')!r}, 'a').write('y')"]
    _writable([home], False)
    try:
        r = subprocess.run(write, capture_output=True, text=True, timeout=60)
    finally:
        _writable([home], True)
    assert r.returncode != 0 and "Permission denied" in r.stderr
    r = subprocess.run(write, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and (home / "f").read_text() == "xy"
