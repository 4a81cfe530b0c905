"""The CLI as a person meets it: each command as a fresh process (interpreter start and
imports included), side by side with `amity --help` as the floor, cold and warm.

    AMITY_MIRROR=../shared/data python benchmarks/bench_cli.py [--repeat 5] [--store demo|live|both]
        [--against REV]

Two stores (each a temporary file):

* ``demo``: what `make demo` leaves: `amity demo` loads the curated layer and the datasets
  from the mirror and builds the closeness table (``closeness_dyad_year``), which the
  commands then read;
* ``live``: the curated layer only (`amity curated load`), the datasets read from the mirror
  and every closeness value computed live, no table (``--curated-only`` also drops the
  mirror).

For each command: **cold** is its first run after the OS page cache was told to forget the
files it reads (``posix_fadvise(DONTNEED)`` on the store, Amity's sources and bytecode, and
the packages it imports: numpy, pandas, pyarrow, duckdb, scipy, networkx, typer, click,
rich, vl_convert; pages other processes have mapped stay, so this is a fair lower bound of a
first run after a reboot, not a drop of every cache), beside a cold floor run; **warm** is
the median of ``--repeat`` runs after one warm-up, each run right after a floor run
(`amity --help`), so that a change of the machine's load moves both. Each figure is printed
with its ratio to the floor runs beside it (median over median), the comparable figure on a
shared machine, and, with ``--floor S`` (`amity --help` measured on an idle machine), its time
scaled to that floor: ``est`` = ratio x S. The last lines list the slowest top-level imports
of `amity dyad` (``python -X importtime``). ``--against REV`` then times every command with the
sources of git revision REV and with these, alternated on the same store (a baseline run side by
side: the ratio is the figure to trust on a shared machine).

Amity's modules are compiled to bytecode first (``compileall``, as `pip install` does), so
that a run does not compile them again when the environment sets
``PYTHONDONTWRITEBYTECODE`` (the machine this was written on does: without bytecode every
command paid 0.2-0.3 s compiling Amity's own modules).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

COMMANDS = [
    ("help (floor)", ["--help"]),
    ("dyad CHN RUS", ["dyad", "CHN", "RUS", "--from", "1949", "--to", "2025"]),
    ("compare PRK-RUS CHN-RUS", ["compare", "PRK-RUS", "CHN-RUS"]),
    ("triangle CHN RUS USA", ["triangle", "CHN", "RUS", "USA", "--from", "1950", "--to", "2025"]),
    ("balance 2022, 5 states", ["balance", "--year", "2022", "--states", "USA,CHN,RUS,GBR,FRA"]),
    ("brief CHN RUS USA", ["brief", "CHN", "RUS", "USA", "--out", "{tmp}/b.html"]),
    ("dyad CHN RUS --chart png", ["dyad", "CHN", "RUS", "--chart", "{tmp}/d.png"]),
]
#: the packages an Amity command imports, whose files a cold run reads again
PACKAGES = ("numpy", "pandas", "pyarrow", "duckdb", "scipy", "networkx", "typer", "click",
            "rich", "vl_convert", "pydantic")


def run(args: list[str], env: dict, tmp: str) -> float:
    cmd = [sys.executable, "-m", "amity", *[a.format(tmp=tmp) for a in args]]
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({r.returncode}): {r.stderr[-500:]}")
    return dt


def _files(root: Path):
    if root.is_file():
        yield root
    elif root.is_dir():
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                yield Path(dirpath) / f


def cold_files(store: Path) -> list[Path]:
    """The store, Amity's sources and the imported packages' files."""
    roots = [store, Path(f"{store}.wal"), SRC / "amity"]
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        roots += [Path(p) for p in (spec.submodule_search_locations or [])]
        if spec.origin and not spec.submodule_search_locations:
            roots.append(Path(spec.origin))
    site = Path(importlib.util.find_spec("duckdb").origin).parents[1]
    roots += list(site.glob("_duckdb*.so")) + list(site.glob("*.libs"))
    return [f for r in roots for f in _files(r)]


def forget(files: list[Path]) -> None:
    """Ask the kernel to drop the files' cached pages (no root needed; mapped pages stay)."""
    for f in files:
        try:
            fd = os.open(f, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


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


def compile_sources() -> None:
    """Amity's modules as bytecode beside the sources, as an installed package has them."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC / "amity")], env=env,
                   check=True, stdout=subprocess.DEVNULL)


def bench_store(kind: str, env: dict, tmp: str, repeat: int, idle_floor: float | None) -> None:
    store = Path(env["AMITY_DB"])
    t = time.perf_counter()
    if kind == "demo":
        run(["demo", "--out", "{tmp}/demo.html"], env, tmp)
        what = "`amity demo` (curated layer + datasets from the mirror, closeness table built)"
    else:
        run(["curated", "load"], env, tmp)
        what = "curated layer only, datasets read from the mirror, no closeness table"
    print(f"\nstore {kind}: {what}, prepared in {time.perf_counter() - t:.0f} s; mirror: "
          f"{env.get('AMITY_MIRROR') or 'none'}")
    est = idle_floor is not None
    print(f"{'command':26s} {'cold':>7s} {'floor':>6s} {'ratio':>6s} {'est' if est else '':>6s}"
          f"   {'warm':>7s} {'floor':>6s} {'ratio':>6s} {'est' if est else '':>6s}   (warm: "
          f"median of {repeat} after one warm-up"
          + (f"; est: ratio x an idle floor of {idle_floor:.2f} s)" if est else ")"))
    files = cold_files(store)
    help_ = COMMANDS[0][1]
    for label, args in COMMANDS[1:]:
        forget(files)
        cold_floor = run(help_, env, tmp)
        forget(files)
        cold = run(args, env, tmp)
        run(args, env, tmp)
        pairs = [(run(help_, env, tmp), run(args, env, tmp)) for _ in range(repeat)]
        wf = statistics.median(p[0] for p in pairs)
        warm = statistics.median(p[1] for p in pairs)
        rc, rw = cold / cold_floor, warm / wf
        ec = f"{rc * idle_floor:5.2f}s" if est else ""
        ew = f"{rw * idle_floor:5.2f}s" if est else ""
        print(f"{label:26s} {cold:6.2f}s {cold_floor:5.2f}s {rc:5.1f}x {ec:>6s}   "
              f"{warm:6.2f}s {wf:5.2f}s {rw:5.1f}x {ew:>6s}  "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
    print(f"slowest top-level imports of `amity dyad` (cumulative s, store {kind}):")
    for cum, name in importtime(COMMANDS[1][1], env, tmp):
        print(f"  {name:28s} {cum:6.3f}")


def checkout(rev: str, dest: Path) -> Path:
    """Amity's sources at git revision ``rev`` (``git archive``), compiled, under ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    arch = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True,
                          stdout=subprocess.PIPE).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=arch, check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(dest / "src" / "amity")],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return dest / "src"


def bench_against(rev: str, env: dict, tmp: str, repeat: int) -> None:
    """Each command with the sources of ``rev`` and with these, alternated on the same store:
    the median of ``repeat`` runs each (after one warm-up) and their ratio."""
    base = checkout(rev, Path(tmp) / "baseline")
    print(f"\nagainst {rev}: the same commands alternated, median of {repeat} warm runs each")
    print(f"{'command':26s} {rev[:12]:>12s} {'this':>7s} {'ratio':>6s}")
    for label, args in COMMANDS:
        times: dict[str, list[float]] = {"base": [], "this": []}
        for i in range(repeat + 1):
            for key, src in (("base", base), ("this", SRC)):
                dt = run(args, dict(env, PYTHONPATH=str(src)), tmp)
                if i:
                    times[key].append(dt)
        b, t = statistics.median(times["base"]), statistics.median(times["this"])
        print(f"{label:26s} {b:11.2f}s {t:6.2f}s {t / b:5.2f}x  (load {os.getloadavg()[0]:.1f})",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--store", choices=("demo", "live", "both"), default="both")
    ap.add_argument("--floor", type=float, default=None,
                    help="`amity --help` on an idle machine, seconds (scales the ratios)")
    ap.add_argument("--against", metavar="REV",
                    help="also time every command with the sources of git revision REV, "
                         "alternated with these on the same store (store demo)")
    ap.add_argument("--curated-only", action="store_true",
                    help="ignore AMITY_MIRROR (only the curated layer; implies --store live)")
    a = ap.parse_args()
    kinds = ["live"] if a.curated_only else (["demo", "live"] if a.store == "both"
                                             else [a.store])
    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}")
    compile_sources()
    for kind in kinds:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, PYTHONPATH=str(SRC), AMITY_DB=f"{tmp}/bench.duckdb",
                       AMITY_NO_PROGRESS="1", COLUMNS="120")
            if a.curated_only:
                env.pop("AMITY_MIRROR", None)
            bench_store(kind, env, tmp, a.repeat, a.floor)
            if a.against and kind == "demo":
                bench_against(a.against, env, tmp, a.repeat)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
