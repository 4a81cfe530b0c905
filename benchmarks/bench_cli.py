"""The CLI as a person meets it: each command as a fresh process (interpreter start and
imports included), side by side with `amity --help` as the floor.

    AMITY_MIRROR=../shared/data python benchmarks/bench_cli.py [--repeat 3] [--curated-only]

A temporary store gets the curated layer (`amity curated load`); the datasets come from the
mirror when AMITY_MIRROR is set (as `make demo` sees them), live, without a precomputed
closeness table. Each command runs once to warm the OS file cache, then ``--repeat`` times;
the median wall time is printed with its ratio to the floor. The last lines list the
slowest imports of `amity dyad` (``python -X importtime``), where the start-up time goes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

COMMANDS = [
    ("help (floor)", ["--help"]),
    ("dyad CHN RUS", ["dyad", "CHN", "RUS", "--from", "1949", "--to", "2025"]),
    ("compare PRK-RUS CHN-RUS", ["compare", "PRK-RUS", "CHN-RUS"]),
    ("triangle CHN RUS USA", ["triangle", "CHN", "RUS", "USA", "--from", "1950", "--to", "2025"]),
    ("balance 2022, 5 states", ["balance", "--year", "2022", "--states", "USA,CHN,RUS,GBR,FRA"]),
    ("brief CHN RUS USA", ["brief", "CHN", "RUS", "USA", "--out", "{tmp}/b.html"]),
    ("dyad CHN RUS --chart png", ["dyad", "CHN", "RUS", "--chart", "{tmp}/d.png"]),
]


def run(args: list[str], env: dict, tmp: str) -> float:
    cmd = [sys.executable, "-m", "amity", *[a.format(tmp=tmp) for a in args]]
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({r.returncode}): {r.stderr[-500:]}")
    return dt


def importtime(args: list[str], env: dict, tmp: str, top: int = 8) -> list[tuple[float, str]]:
    cmd = [sys.executable, "-X", "importtime", "-m", "amity", *[a.format(tmp=tmp) for a in args]]
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    tops: dict[str, float] = {}
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cum, name = line[len("import time:"):].split("|")
        name = name.rstrip()
        if name.startswith(" ") and not name.startswith("  "):  # nesting 0: top level
            n = name.strip()
            tops[n] = max(tops.get(n, 0.0), int(cum) / 1e6)
    return sorted(((v, k) for k, v in tops.items()), reverse=True)[:top]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--curated-only", action="store_true",
                    help="ignore AMITY_MIRROR (only the curated layer)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(SRC), AMITY_DB=f"{tmp}/bench.duckdb",
                   AMITY_NO_PROGRESS="1", COLUMNS="120")
        if a.curated_only:
            env.pop("AMITY_MIRROR", None)
        run(["curated", "load"], env, tmp)
        print(f"mirror: {env.get('AMITY_MIRROR') or 'none'}; store: curated layer, "
              f"no closeness table; median of {a.repeat} runs after one warm-up")
        floor = None
        for label, args in COMMANDS:
            run(args, env, tmp)
            med = statistics.median(run(args, env, tmp) for _ in range(a.repeat))
            floor = floor or med
            print(f"{label:28s} {med:7.2f} s  {med / floor:5.1f}x the floor", flush=True)
        print("slowest top-level imports of `amity dyad` (cumulative s):")
        for cum, name in importtime(COMMANDS[1][1], env, tmp):
            print(f"  {name:28s} {cum:6.3f}")


if __name__ == "__main__":
    main()
