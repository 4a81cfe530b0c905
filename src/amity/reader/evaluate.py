"""Evaluate the reader on the held-back half of its gold set and on outside text (``make eval``).

``python -m amity.reader.evaluate [--split test|dev] [--json] [--show N] [--own-only]
[--show-outside N]``

The outside yardsticks (PETRARCH unit-test records, CAMEO manual examples) are described in
:mod:`amity.reader.outside`; they need ``AMITY_MIRROR``.

Fields, each scored as precision / recall / F1 over (item, value) pairs, counted as multisets:

- actors: every actor an item's events name (source, target, parties);
- plover: the PLOVER category of each event ("-" for CAMEO roots 01/02);
- date: the EDTF date of each event;
- event: a whole event (same source, target, parties and PLOVER category);
- treaty: a treaty mention, matched by name (fuzzy, token-set ratio >= 85);
- treaty date / treaty parties: a matched treaty with the same date / the same parties.

Then the PLOVER confusion: gold and predicted events are paired by their actors; an unpaired
gold event counts against "(none)" predicted and vice versa.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from amity.reader.goldset import load

FIELDS = ["actors", "plover", "date", "event", "negated", "treaty", "treaty date",
          "treaty parties"]


def _prf(tp: int, np_: int, ng: int) -> dict[str, float]:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "tp": tp, "predicted": np_, "gold": ng}


def _actors(e: dict) -> tuple:
    return (e.get("source"), e.get("target"), tuple(sorted(e.get("parties") or [])))


def _norm(name: str) -> str:
    n = name.lower().strip()
    return n[4:] if n.startswith("the ") else n


def _name_match(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(_norm(a), _norm(b)) >= 85


def score(gold: list[dict], pred: dict[Any, dict]) -> dict[str, Any]:
    """Scores of predictions ``pred`` (id -> reader output) against ``gold`` records."""
    counts = {f: [0, 0, 0] for f in FIELDS}  # tp, predicted, gold
    confusion: Counter = Counter()

    def add(field: str, g: Counter, p: Counter) -> None:
        counts[field][0] += sum((g & p).values())
        counts[field][1] += sum(p.values())
        counts[field][2] += sum(g.values())

    for item in gold:
        out = pred.get(item["id"], {"events": [], "treaties": []})
        ge, pe = item["events"], out["events"]
        add("actors", Counter(a for e in ge for a in _actor_set(e)),
            Counter(a for e in pe for a in _actor_set(e)))
        add("plover", Counter(e.get("plover") or "-" for e in ge),
            Counter(e.get("plover") or "-" for e in pe))
        add("date", Counter(e["date"] for e in ge if e.get("date")),
            Counter(e["date"] for e in pe if e.get("date")))
        add("event", Counter((_actors(e), e.get("plover") or "-") for e in ge),
            Counter((_actors(e), e.get("plover") or "-") for e in pe))
        add("negated", Counter((_actors(e), e.get("plover") or "-") for e in ge if e.get("negated")),
            Counter((_actors(e), e.get("plover") or "-") for e in pe if e.get("negated")))
        # PLOVER confusion, pairing events by actors
        left = list(pe)
        for g in ge:
            j = next((k for k, p in enumerate(left) if _actors(p) == _actors(g)), None)
            if j is None:
                j = next((k for k, p in enumerate(left) if set(_actor_set(p)) & set(_actor_set(g))), None)
            if j is None:
                confusion[(g.get("plover") or "-", "(none)")] += 1
            else:
                confusion[(g.get("plover") or "-", left[j].get("plover") or "-")] += 1
                left.pop(j)
        for p in left:
            confusion[("(none)", p.get("plover") or "-")] += 1
        # treaties
        gt, pt = item["treaties"], list(out["treaties"])
        for f in ("treaty", "treaty date", "treaty parties"):
            counts[f][1] += len(pt)
            counts[f][2] += len(gt)
        used: set[int] = set()
        for g in gt:
            j = next((k for k, p in enumerate(pt) if k not in used
                      and _name_match(g["name"], p["name"])), None)
            if j is None:
                continue
            used.add(j)
            counts["treaty"][0] += 1
            if (g.get("date") or None) == (pt[j].get("date") or None):
                counts["treaty date"][0] += 1
            if sorted(g.get("parties") or []) == sorted(pt[j].get("parties") or []):
                counts["treaty parties"][0] += 1
    return {"fields": {f: _prf(*counts[f]) for f in FIELDS},
            "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(confusion.items())},
            "items": len(gold), "gold_events": sum(len(i["events"]) for i in gold),
            "gold_treaties": sum(len(i["treaties"]) for i in gold)}


def _actor_set(e: dict) -> list[str]:
    out = [a for a in (e.get("source"), e.get("target")) if a]
    return out + list(e.get("parties") or [])


def run(split: str = "test") -> tuple[dict[str, Any], list[dict], dict]:
    from amity.reader import extract_many

    gold = load(split)
    pred = {r["id"]: r for r in extract_many(gold)}
    return score(gold, pred), gold, pred


def _print(res: dict[str, Any], split: str) -> None:
    print(f"Amity reader on the {split} half of the gold set: {res['items']} items, "
          f"{res['gold_events']} events, {res['gold_treaties']} treaties")
    print(f"{'field':16}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}")
    for f, v in res["fields"].items():
        print(f"{f:16}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}"
              f"{v['tp']:>6}{v['predicted']:>6}{v['gold']:>6}")
    cats = sorted({k.split(" -> ")[0] for k in res["confusion"]} |
                  {k.split(" -> ")[1] for k in res["confusion"]})
    print("\nPLOVER confusion (rows gold, columns predicted):")
    short = {c: c[:5] for c in cats}
    print(f"{'':10}" + "".join(f"{short[c]:>6}" for c in cats))
    for g in cats:
        row = [res["confusion"].get(f"{g} -> {p}", 0) for p in cats]
        if any(row):
            print(f"{g[:10]:10}" + "".join(f"{n if n else '.':>6}" for n in row))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m amity.reader.evaluate", description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["test", "dev"], default="test",
                    help="gold half to score (figures are reported on 'test' only)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print N items with their errors")
    ap.add_argument("--own-only", action="store_true",
                    help="skip the outside yardsticks (PETRARCH unit tests, CAMEO manual examples)")
    ap.add_argument("--show-outside", type=int, default=0, metavar="N",
                    help="print N errors of each outside yardstick, from its dev half only")
    a = ap.parse_args(argv)
    res, gold, pred = run(a.split)
    outside = None
    if not a.own_only:
        from amity.reader import outside as O

        try:
            outside = {"petrarch_unit_tests": O.score_unit_tests(show=a.show_outside),
                       "cameo_examples": O.score_cameo_examples(show=a.show_outside),
                       "cameo_examples_reader": O.score_cameo_examples_reader()}
        except FileNotFoundError as e:
            print(f"outside yardsticks skipped: {e}", file=sys.stderr)
    if a.json:
        print(json.dumps({**res, "outside": outside}, indent=2))
    else:
        _print(res, a.split)
        if outside:
            O.print_report(outside["petrarch_unit_tests"], outside["cameo_examples"],
                           outside["cameo_examples_reader"])
    if outside and a.show_outside and not a.json:
        for name in ("petrarch_unit_tests", "cameo_examples"):
            print(f"\n{name}: errors on the dev half")
            for e in outside[name]["errors"]:
                print("  ", json.dumps(e))
    if a.show:
        shown = 0
        for item in gold:
            out = pred[item["id"]]
            g = sorted((str(_actors(e)), str(e.get("plover")), str(e.get("date")), e.get("negated")) for e in item["events"])
            p = sorted((str(_actors(e)), str(e.get("plover")), str(e.get("date")), e.get("negated")) for e in out["events"])
            gt = sorted((t["name"], str(t["date"]), tuple(t["parties"])) for t in item["treaties"])
            pt = sorted((t["name"], str(t["date"]), tuple(t["parties"])) for t in out["treaties"])
            if g != p or gt != pt:
                print(f"\n[{item['id']}] {item['text']}  (date {item['date']})")
                print("  gold:", g, gt)
                print("  pred:", p, pt)
                shown += 1
                if shown >= a.show:
                    break
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into head
        sys.exit(0)
