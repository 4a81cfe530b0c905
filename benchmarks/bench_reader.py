"""Reader throughput: articles/second of amity.reader vs a bare spaCy nlp.pipe, same run.

The articles are the gold set's items joined ten at a time (about 10 sentences each) plus the
op-ed example, repeated to make ``--articles`` documents. The baseline parses the same texts with
the same pipeline (same components enabled, same batch size, one process); the reader parses
them and then runs its stages (dates, actors, treaties, events). Goal: reader / baseline >= 0.5.

Usage: python benchmarks/bench_reader.py [--articles N] [--repeat R]
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def articles(n: int) -> list[str]:
    from amity.reader.goldset import parse

    items = [it["text"] for it in parse()]
    base = [" ".join(items[i:i + 10]) for i in range(0, len(items), 10)]
    base.append((ROOT / "examples" / "oped.txt").read_text(encoding="utf-8"))
    return [base[i % len(base)] for i in range(n)]


def dictionary_cost() -> None:
    """Load time of the PETRARCH2 dictionaries (first compile, then from the pickle cache) and
    the memory they hold once loaded (tracemalloc peak of the cached load)."""
    import tempfile
    import tracemalloc

    from amity.reader import petrarch

    if not os.environ.get("AMITY_MIRROR"):
        print("dictionaries: AMITY_MIRROR not set, not measured")
        return
    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("AMITY_CACHE")
        os.environ["AMITY_CACHE"] = tmp
        try:
            petrarch.phoenix.cache_clear()
            t = time.perf_counter()
            petrarch.phoenix()
            cold = time.perf_counter() - t
            petrarch.phoenix.cache_clear()
            tracemalloc.start()
            t = time.perf_counter()
            d = petrarch.phoenix()
            warm = time.perf_counter() - t
            cur, _peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            if old is None:
                os.environ.pop("AMITY_CACHE", None)
            else:
                os.environ["AMITY_CACHE"] = old
    n_pat = sum(len(b[2]) for b in d.verbs.blocks)
    n_act = sum(len(v) for v in d.actors.index.values())
    print(f"dictionaries: {n_pat} verb patterns, {len(d.verbs.verbs)} verb forms, {n_act} actor "
          f"phrases; compile {cold:.2f} s, cached load {warm:.2f} s (under tracemalloc), "
          f"{cur / 1e6:.0f} MB held")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    dictionary_cost()
    from amity.reader import extract_many
    from amity.reader.nlp import load_nlp

    nlp = load_nlp()
    texts = articles(a.articles)
    chars = sum(len(t) for t in texts)
    list(nlp.pipe(texts[:8]))
    list(extract_many(texts[:8]))  # warm up: model, matcher, registry, cameo table
    base_t, read_t, base_c, read_c = [], [], [], []
    for _ in range(a.repeat):  # interleaved, so machine load hits both alike
        t, c = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
        base_t.append(time.perf_counter() - t)
        base_c.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        n_ev = 0
        for r in extract_many(texts, batch=32):
            n_ev += len(r["events"])
        read_t.append(time.perf_counter() - t)
        read_c.append(time.process_time() - c)
    b, r = min(base_t), min(read_t)
    bc, rc = min(base_c), min(read_c)
    print(f"{len(texts)} articles, {chars / len(texts):.0f} chars each, {os.cpu_count()} cores, "
          f"best of {a.repeat}")
    print(f"bare nlp.pipe : {len(texts) / b:8.1f} articles/s ({b:.2f} s)")
    print(f"amity.reader  : {len(texts) / r:8.1f} articles/s ({r:.2f} s), {n_ev} events")
    print(f"ratio reader/baseline = {b / r:.2f}  (goal >= 0.5)")
    print(f"CPU time (less sensitive to machine load): baseline {bc:.2f} s, reader {rc:.2f} s, "
          f"ratio {bc / rc:.2f}")


if __name__ == "__main__":
    main()
