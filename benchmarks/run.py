"""`make bench`: run every benchmarks/bench_*.py in turn (each prints its own ratios)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
failed = []
for script in sorted(here.glob("bench_*.py")):
    if len(sys.argv) > 1 and not any(a in script.name for a in sys.argv[1:]):
        continue
    print(f"== {script.name}", flush=True)
    rc = subprocess.call([sys.executable, str(script)])
    if rc:
        failed.append(script.name)
if failed:
    print("failed:", ", ".join(failed), file=sys.stderr)
    sys.exit(1)
