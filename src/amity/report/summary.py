"""A first China-Russia-USA summary from the store: treaties, alliances, facts, sanctions.

The data comes from :mod:`amity.app.relations` (the use case); :func:`summary_text` turns
it into the text the demo prints; :func:`run_demo` has the store loaded by the use case
:func:`amity.app.demo.prepare_demo` and writes the text.
"""
from __future__ import annotations

from typing import Any, Callable

from amity.app.demo import prepare_demo
from amity.app.relations import (  # noqa: F401 (the data the summary is written from)
    DEFAULT_TRIANGLE,
    EXTRA_PAIRS,
    SANCTION_KINDS,
    alliance_status,
    decade_digest,
    most_sanctioned,
    sanctions_coalition,
    triangle_summary,
    votes_on,
)

def summary_text(data: dict[str, Any], *, width: int = 88) -> str:
    """Render :func:`triangle_summary` data as plain text."""
    import textwrap

    L: list[str] = []

    def wrap(s: str, indent: str = "  ") -> None:
        L.extend(textwrap.wrap(s, width, initial_indent=indent, subsequent_indent=indent + "  "))

    L.append(f"Amity - first {'-'.join(data['triangle'])} summary "
             f"({data['store']['relations']} facts in the store)")
    for p in data["pairs"]:
        a, b = p["pair"]
        L.append("")
        L.append(f"== {a} - {b} ==")
        wrap(f"Is it an alliance? {p['alliance']['answer']}", indent="")
        if p["treaties"]:
            L.append(f"Treaties and agreements ({len(p['treaties'])}):")
            for t in p["treaties"]:
                obs = ", ".join(f"{o} ({t['articles'][o]})" if o in t["articles"] else o
                                for o in t["obligations"]) or "-"
                flag = " [ALLIANCE]" if t["alliance"] else ""
                end = f"-{t['date_end'][:4]}" if t["date_end"] and t["date_end"] != ".." else ""
                wrap(f"{t['year']}{end} {t['name']}: {obs}{flag}")
        L.append("Key facts by decade (cooperative/conflictual):")
        for d in p["decades"]:
            heads = "; ".join(("NOT " if h["negated"] else "") + f"{h['name']} ({h['date']})"
                              for h in d["headlines"])
            wrap(f"{d['decade']}: {d['facts']} facts, +{d['cooperative']}/-{d['conflictual']}. "
                 f"{heads}")
    s = data["sanctions"]
    if s is None:
        return "\n".join(L)
    L.append("")
    L.append(f"== Sanctions on {s['target']} in {s['year']} ==")
    own = [m["id"] for m in s["members"] if "own" in m["via"]]
    via: dict[str, list[str]] = {}
    for m in s["members"]:
        for v in m["via"]:
            if v != "own":
                via.setdefault(v, []).append(m["id"])
    L.append(f"{len(s['members'])} states sanctioned {s['target']}:")
    wrap("on their own: " + ", ".join(own))
    for bloc, ids in sorted(via.items()):
        wrap(f"via {bloc} ({len(ids)}): " + ", ".join(ids))
    if s["declined"]:
        wrap("declined to join: " + "; ".join(f"{d['id']} ({d['date']}: {d['name']})"
                                              for d in s["declined"]), indent="")
    for title, vs in data["votes"].items():
        if vs:
            wrap(f"{title}: " + ", ".join(f"{v['actor']} {v['vote']}" for v in vs), indent="")
    return "\n".join(L)


def run_demo(db: str | None = None, *, mirror: str | None = None, datasets: bool = True,
             on_progress: Callable[[str, str], None] | None = None) -> dict[str, Any]:
    """Open the store, load the curated layer (and the datasets when a mirror exists),
    and build the first China-Russia-USA summary (the loading is the use case
    :func:`amity.app.demo.prepare_demo`; this face writes its text).

    Parameters
    ----------
    db : str, optional
        Store file (default ``$AMITY_DB`` or the user data directory).
    mirror : str, optional
        Data mirror folder (default ``$AMITY_MIRROR`` or a ``shared/data`` beside the checkout).
    datasets : bool
        Set False to use only the embedded curated layer.
    on_progress : callable, optional
        ``on_progress(source, stage)`` while datasets load (for progress bars).

    Returns
    -------
    dict
        ``{"store", "used", "curated", "datasets", "summary", "text"}``; ``used`` says which
        inputs the summary was built from.
    """
    res = prepare_demo(db, mirror=mirror, datasets=datasets, on_progress=on_progress)
    head = res.pop("head")
    res["text"] = head + "\n" + summary_text(res["summary"])
    return res
