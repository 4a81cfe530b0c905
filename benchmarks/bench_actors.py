"""Actor registry lookups against a naive baseline run side by side.

The registry is on the hot path of every importer (one ``from_cow`` per code-year) and of the
reader (one ``resolve`` per entity). Baselines: a linear scan over every actor's names for
``resolve``, and a scan over every system span for ``from_cow``. Prints calls/s and the ratio.

    .venv/bin/python benchmarks/bench_actors.py
"""
from __future__ import annotations

import datetime as dt
import time

from amity import actors
from amity.actors.registry import _norm

QUERIES = ["Soviet Union", "Moscow", "Beijing", "the United States", "North Korean", "Qing China",
           "Brussels", "Kyiv", "Germany", "Pyongyang", "U.S.", "Tsarist Russia"]
CODES = [2, 20, 200, 220, 255, 260, 365, 710, 713, 731, 732, 740, 750, 770, 666, 630]


def naive_resolve(q: str, at: dt.date) -> str:
    """Same rules as the registry (tiers: id, name, alias/metonym, demonym, capital; within a
    tier the actor alive at ``at``), by scanning every actor's names."""
    k = _norm(q)
    tiers = (lambda a: [a.id], lambda a: [a.name], lambda a: list(a.aliases),
             lambda a: list(a.demonyms), lambda a: [a.capital or ""])
    fallback = None
    for tier in tiers:
        hits = [a for a in actors.all_actors() if any(_norm(x) == k for x in tier(a) if x)]
        alive = [a for a in hits if a.alive(at)]
        if alive:
            return alive[0].id
        if hits and fallback is None:
            fallback = hits[0].id
    if fallback is None:
        raise KeyError(q)
    return fallback


def naive_from_cow(code: int, year: int) -> str | None:
    d = dt.date(year, 7, 1)
    for s in actors.system_spans("cow"):
        if s.code == code and s.covers(d):
            return s.who
    return None


def timeit(fn, calls) -> float:
    t = time.perf_counter()
    for args in calls:
        fn(*args)
    return len(calls) / (time.perf_counter() - t)


def main() -> None:
    actors.get("USA")  # load the tables once
    at = dt.date(1960, 7, 1)
    calls = [(q, at) for q in QUERIES] * 50
    for q, d in calls[: len(QUERIES)]:
        assert actors.resolve(q, at=d).id == naive_resolve(q, d), q
    fast = timeit(lambda q, d: actors.resolve(q, at=d), calls)
    slow = timeit(naive_resolve, calls)
    print(f"resolve:  {fast:,.0f}/s registry vs {slow:,.0f}/s linear scan  (x{fast / slow:,.0f})")
    ccalls = [(c, y) for y in range(1816, 2025, 3) for c in CODES]
    for c, y in ccalls[:200]:
        a = actors.from_cow(c, y)
        assert (a.id if a else None) == naive_from_cow(c, y), (c, y)
    fast = timeit(actors.from_cow, ccalls)
    slow = timeit(naive_from_cow, ccalls)
    print(f"from_cow: {fast:,.0f}/s registry vs {slow:,.0f}/s span scan    (x{fast / slow:,.0f})")
    t = time.perf_counter()
    actors.reload()
    actors.get("USA")
    print(f"load and check the six tables: {1000 * (time.perf_counter() - t):.0f} ms")


if __name__ == "__main__":
    main()
