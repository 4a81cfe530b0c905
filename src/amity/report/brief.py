"""The brief: a report a person reads about a strategic triangle (China–Russia–USA by default).

:func:`brief_data` (the use case, :mod:`amity.app.brief`) gathers the numbers from the
functions behind ``amity dyad``, ``compare``, ``triangle`` and ``coalition`` and the knowledge
layer (treaties, alliance status);
:func:`brief_summary` writes the summary from those numbers (no sentence is fixed in advance
except its frame); :func:`brief_html` renders a self-contained HTML page with the charts as
inline SVG (vl-convert, offline), the treaty tables with obligations, and the references;
:func:`write_brief` does all of it for ``amity brief`` and ``amity demo``.
"""
from __future__ import annotations

import html
import textwrap
from pathlib import Path
from typing import Any, Callable, Sequence

from amity.app.brief import (  # noqa: F401 (the use case: the brief's numbers)
    DEFAULT_ACTORS,
    DEFAULT_COMPARE,
    DEFAULT_START,
    brief_data,
    positive_since,
    series_points,
)
from amity.errors import InputError

PATTERN_WORDS = {
    "menage_a_trois": "ménage à trois (all three legs friendly)",
    "romantic_triangle": "romantic triangle",
    "stable_marriage": "stable marriage",
    "unit_veto": "unit veto (all three legs hostile)",
    "incomplete": "no clear pattern (a leg within the neutral band)",
}


def _words(pattern: str | None) -> str:
    return PATTERN_WORDS.get(pattern or "", (pattern or "no pattern").replace("_", " "))


def _level(v: float | None) -> str:
    """Plain words for a closeness value in [-1, 1]."""
    if v is None:
        return "unmeasured"
    if v >= 0.6:
        return "very close"
    if v >= 0.3:
        return "close"
    if v > 0.1:
        return "mildly positive"
    if v >= -0.1:
        return "neutral"
    if v > -0.3:
        return "cool"
    if v > -0.6:
        return "hostile"
    return "very hostile"


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:+.2f}"


# --------------------------------------------------------------------------- summary
def _phase_list(phases: list[dict], min_years: int = 1) -> str:
    parts = [f"{p['start']}–{p['end']} {p['label']} ({_fmt(p['mean'])})" for p in phases
             if p["end"] - p["start"] + 1 >= min_years]
    return "; ".join(parts)


def _merge_periods(periods: list[dict], min_years: int = 3) -> list[dict]:
    """Periods of at least ``min_years``; shorter ones are folded into their neighbours'
    span for the prose (the full list stays in the table)."""
    out: list[dict] = []
    for p in periods:
        if p["end"] - p["start"] + 1 < min_years:
            continue
        if out and out[-1]["pattern"] == p["pattern"] and out[-1].get("pivot") == p.get("pivot"):
            out[-1] = {**out[-1], "end": p["end"]}
        else:
            out.append(dict(p))
    return out


def brief_summary(data: dict[str, Any]) -> list[str]:
    """The summary paragraphs, written from the numbers of :func:`brief_data`."""
    n = data["names"]
    a, b, c = data["actors"]
    focus = data["focus"]
    ser = series_points(focus)
    paras = []
    if ser:
        ly, lv = ser[-1]
        peak = max(ser, key=lambda t: t[1])
        low = min(ser, key=lambda t: t[1])
        since = positive_since(ser)
        cur = focus["phases"][-1] if focus["phases"] else None
        s = (f"How close: in {ly}, {n[a]} and {n[b]} stood at {_fmt(lv)} on Amity's closeness "
             f"scale (−1 at war, +1 allied): {_level(lv)}.")
        last_rec = next((r for r in reversed(focus["series"]) if r.get("closeness") is not None
                         and r["year"] == ly), {})
        if last_rec.get("thin"):   # a value resting on one input says less: say so
            what = ", ".join(last_rec.get("components") or []) or "one term"
            s += (f" That figure rests on a single input ({what}): the other sources do not "
                  f"reach {ly}.")
        if since is not None and since > ser[0][0]:
            s += f" The tie has been positive every year since {since} ({ly - since + 1} years)."
        elif since is not None:
            s += f" It has been positive in every observed year since {since}."
        if cur:
            s += (f" The current phase, “{cur['label']}”, began in {cur['start']} "
                  f"(mean {_fmt(cur['mean'])}, trend {cur['trend']:+.3f} a year)")
            run = focus["phases"]
            k = len(run) - 1
            while k > 0 and run[k - 1]["label"] == cur["label"]:
                k -= 1
            if k < len(run) - 1:   # the same label before it: say since when it holds
                s += f"; “{cur['label']}” has held since {run[k]['start']}"
            s += "."
        s += (f" Its high point was {_fmt(peak[1])} in {peak[0]}, its low {_fmt(low[1])} in "
              f"{low[0]}.")
        paras.append(s)
        if len(focus["phases"]) > 1:
            # every phase of the table (and of `amity dyad`), none left out
            paras.append(f"The phases since {focus['phases'][0]['start']}: "
                         + _phase_list(focus["phases"]) + ".")
    cmp = data.get("compare")
    if cmp and cmp.get("ranking"):
        rk = {r["pair"]: r for r in cmp["ranking"]}
        fa = rk.get(f"{a}-{b}")
        x, y = data["compare_pair"]
        fb = rk.get(f"{x}-{y}")
        if fa and fb:
            steadier = fa["steadiness_rank"] < fb["steadiness_rank"]
            paras.append(
                f"Steadiness: over {cmp['span'][0]}–{cmp['span'][1]} the {n[a]}–{n[b]} tie was "
                f"{'steadier' if steadier else 'less steady'} than {n[x]}–{n[y]}: volatility "
                f"{fa['volatility']:.3f} against {fb['volatility']:.3f}, {fa['sign_changes']} "
                f"sign changes against {fb['sign_changes']}, positive in "
                f"{fa['share_positive']:.0%} of years against {fb['share_positive']:.0%}, mean "
                f"{_fmt(fa['mean'])} against {_fmt(fb['mean'])}. Its worst year was "
                f"{fa['worst_year']['year']} ({_fmt(fa['worst_year']['value'])}); "
                f"{n[x]}–{n[y]}'s was {fb['worst_year']['year']} "
                f"({_fmt(fb['worst_year']['value'])}).")
    tri = data["triangle"]
    per = _merge_periods(tri["periods"])
    if per:
        items = []
        for p in per:
            extra = f", {p['pivot']} the pivot" if p.get("pivot") else ""
            out = [k for k, v in p["roles"].items() if v == "outcast"]
            if not p.get("pivot") and out and p["pattern"] == "stable_marriage":
                extra = f", {out[0]} the outcast"
            items.append(f"{p['start']}–{p['end']} {_words(p['pattern'])}{extra}")
        last = tri["years"][-1]
        piv = last.get("pivot")
        s = (f"The {a}–{b}–{c} triangle by period (spells of three years or more): "
             + "; ".join(items) + f". In {last['year']} it is a {_words(last['pattern'])}")
        if piv:
            s += f" with {n.get(piv, piv)} as the pivot"
        elif last.get("outcast"):
            s += f" with {n.get(last['outcast'], last['outcast'])} as the outcast"
        s += (": legs " + ", ".join(f"{k} {_fmt(v)}" for k, v in last["legs"].items()) + ".")
        paras.append(s)
    for p in data["pairs"][:1]:
        s = f"Is it an alliance? {p['alliance']['answer']}"
        cur = focus["phases"][-1] if focus["phases"] else None
        if cur and cur["label"] == "alliance" and not p["alliance"]["allied_now"]:
            s += (" (The phase label “alliance” names the level of closeness, not a treaty "
                  "obligation.)")
        paras.append(s)
    coal = data.get("coalition")
    if coal:
        snd = coal["senders"]
        tname = coal["target"].get("name") or coal["target"]["id"]
        # notable senders: the coalition's own rule (major powers, G7/BRICS, top CINC)
        big = [s["id"] for s in snd if s.get("notable")]
        via = sorted({v for s in snd for v in s.get("via", [])})
        s = (f"Who sanctions {tname}: {len(snd)} states sanctioned it in {coal['year']}"
             + (f", among them {', '.join(big)}" if big else "")
             + (f" (some through {', '.join(via)})" if via else "") + ".")
        ab = coal.get("abstainers_of_note") or []
        if ab:
            s += (" Notable states that did not: "
                  + ", ".join(f"{x.get('name') or x['id']}"
                              + (" (declined openly)" if x.get("declined") else "")
                              for x in ab[:6]) + ".")
        paras.append(s)
    return paras


def brief_text(data: dict[str, Any], width: int = 88) -> str:
    """The summary as plain text for the terminal."""
    n = data["names"]
    a, b, c = data["actors"]
    head = f"Amity brief: {n[a]} – {n[b]} – {n[c]} ({data['span'][0]}–{data['span'][1]})"
    out = [head, "=" * min(len(head), width)]
    for p in brief_summary(data):
        out.append(textwrap.fill(p, width))
        out.append("")
    for note in data.get("notes", []):
        out.append(textwrap.fill("note: " + note, width))
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- charts
def _svg(spec: dict) -> str:
    from amity.report import charts

    svg = charts.svg(spec)
    i = svg.find("<svg")
    return svg[i:] if i >= 0 else svg


def brief_charts(data: dict[str, Any]) -> dict[str, str]:
    """Inline SVG of the focus pair, the comparison and the triangle."""
    from amity.report import charts

    out = {"focus": _svg(charts.dyad_chart(data["focus"])),
           "triangle": _svg(charts.triangle_chart(data["triangle"]))}
    if data.get("compare") and data["compare"].get("series"):
        out["compare"] = _svg(charts.compare_chart(data["compare"]["series"]))
    return out


# --------------------------------------------------------------------------- html
_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:960px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.5}
h1{font-size:1.8em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}
.meta{color:#666;font-size:.9em}.summary p{font-size:1.05em}
table{border-collapse:collapse;font-family:system-ui,sans-serif;font-size:.85em;margin:.6em 0}
th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f0f3f6}.yes{color:#1a7f37;font-weight:bold}.no{color:#666}
.answer{background:#f6f8fa;padding:.5em .8em;border-left:3px solid #1f3b57}
figure{margin:1em 0}svg{max-width:100%;height:auto}.note{color:#7a4b00;font-size:.9em}
ol.refs{font-size:.9em}
"""


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def brief_html(data: dict[str, Any], charts: dict[str, str] | None = None) -> str:
    """A self-contained HTML page (inline CSS and SVG; no network)."""
    n = data["names"]
    a, b, c = data["actors"]
    focus, tri = data["focus"], data["triangle"]
    L: list[str] = []
    L.append("<!doctype html><html lang='en'><head><meta charset='utf-8'>")
    L.append(f"<title>Amity brief: {_e(n[a])} – {_e(n[b])} – {_e(n[c])}</title>")
    L.append(f"<style>{_CSS}</style></head><body>")
    L.append(f"<h1>{_e(n[a])}, {_e(n[b])} and {_e(n[c])}</h1>")
    L.append(f"<p class='meta'>Amity brief, {data['span'][0]}–{data['span'][1]}; generated "
             f"{_e(data['generated'])}. Closeness runs from −1 (at war) to +1 (allied); see "
             "docs/MEASURES.md for its parts.</p>")
    L.append("<h2>Summary</h2><div class='summary'>")
    for p in brief_summary(data):
        L.append(f"<p>{_e(p)}</p>")
    L.append("</div>")
    for note in data.get("notes", []):
        L.append(f"<p class='note'>Note: {_e(note)}</p>")
    charts = charts or {}
    L.append(f"<h2>How close: {_e(n[a])} – {_e(n[b])}</h2>")
    if charts.get("focus"):
        L.append(f"<figure>{charts['focus']}<figcaption>Closeness year by year, phases "
                 "shaded, treaties as dashed rules.</figcaption></figure>")
    L.append("<table><tr><th>from</th><th>to</th><th>phase</th><th>mean</th><th>trend</th>"
             "<th>what happened at the break</th></tr>")
    for p in focus["phases"]:
        fx = "; ".join(f"{f.get('date')} {f.get('name') or f.get('kind')}"
                       for f in p.get("facts", [])[:3])
        L.append(f"<tr><td>{p['start']}</td><td>{p['end']}</td><td>{_e(p['label'])}</td>"
                 f"<td>{_fmt(p['mean'])}</td><td>{p['trend']:+.3f}</td><td>{_e(fx)}</td></tr>")
    L.append("</table>")
    cmp = data.get("compare")
    if cmp:
        x, y = data["compare_pair"]
        L.append(f"<h2>Steadiness compared with {_e(n[x])} – {_e(n[y])}</h2>")
        if charts.get("compare"):
            L.append(f"<figure>{charts['compare']}</figure>")
        L.append("<table><tr><th>rank</th><th>pair</th><th>mean</th><th>volatility</th>"
                 "<th>share positive</th><th>sign changes</th><th>longest positive spell</th>"
                 "<th>worst year</th></tr>")
        for r in cmp["ranking"]:
            sp = r.get("longest_positive_spell") or {}
            w = r.get("worst_year") or {}
            L.append(f"<tr><td>{r['rank']}</td><td>{_e(r['pair'])}</td><td>{_fmt(r['mean'])}"
                     f"</td><td>{r['volatility']:.3f}</td><td>{r['share_positive']:.0%}</td>"
                     f"<td>{r['sign_changes']}</td><td>{sp.get('start', '')}–{sp.get('end', '')}"
                     f"</td><td>{w.get('year', '')} ({_fmt(w.get('value'))})</td></tr>")
        L.append("</table>")
    L.append(f"<h2>The triangle {_e(a)} – {_e(b)} – {_e(c)}</h2>")
    if charts.get("triangle"):
        L.append(f"<figure>{charts['triangle']}<figcaption>The three legs; bands show the "
                 "triangle's pattern.</figcaption></figure>")
    def period_table(periods: list[dict]) -> None:
        L.append("<table><tr><th>from</th><th>to</th><th>pattern</th><th>roles</th>"
                 "<th>pivot</th></tr>")
        for p in periods:
            roles = ", ".join(f"{k} {v}" for k, v in p["roles"].items())
            L.append(f"<tr><td>{p['start']}</td><td>{p['end']}</td>"
                     f"<td>{_e(_words(p['pattern']))}</td><td>{_e(roles)}</td>"
                     f"<td>{_e(p.get('pivot') or '')}</td></tr>")
        L.append("</table>")

    L.append("<p>Spells of three years or more:</p>")
    period_table(_merge_periods(tri["periods"]))
    L.append(f"<details><summary>Every period ({len(tri['periods'])})</summary>")
    period_table(tri["periods"])
    L.append("</details>")
    L.append("<h2>Is it an alliance? Treaties and obligations</h2>")
    for p in data["pairs"]:
        x, y = p["pair"]
        L.append(f"<h3>{_e(n.get(x, x))} – {_e(n.get(y, y))}</h3>")
        L.append(f"<p class='answer'>{_e(p['alliance']['answer'])}</p>")
        if not p["treaties"]:
            L.append("<p>No treaty in the record.</p>")
            continue
        L.append("<table><tr><th>years</th><th>treaty</th><th>parties</th><th>obligations</th>"
                 "<th>alliance?</th></tr>")
        for t in p["treaties"]:
            obs = ", ".join(f"{o} ({t['articles'][o]})" if o in (t["articles"] or {}) else o
                            for o in t["obligations"] or [])
            end_ = t["date_end"]
            yrs = (f"{t['year']}, in force" if end_ == ".." else
                   str(t["year"]) if not end_ or str(end_)[:4] == str(t["year"]) else
                   f"{t['year']}–{str(end_)[:4]}")
            yes = "<span class='yes'>yes</span>" if t["alliance"] else "<span class='no'>no</span>"
            L.append(f"<tr><td>{_e(yrs)}</td><td>{_e(t['name'])}</td>"
                     f"<td>{_e(', '.join(t['parties'] or []))}</td><td>{_e(obs or '–')}</td>"
                     f"<td>{yes}</td></tr>")
        L.append("</table>")
    coal = data.get("coalition")
    if coal:
        tname = coal["target"].get("name") or coal["target"]["id"]
        L.append(f"<h2>Who sanctions {_e(tname)} ({coal['year']})</h2>")
        L.append("<table><tr><th>state</th><th>how</th></tr>")
        for s in coal["senders"]:
            how = ("direct" if s.get("direct") else "") + (
                (" and " if s.get("direct") and s.get("via") else "")
                + "via " + ", ".join(s["via"]) if s.get("via") else "")
            L.append(f"<tr><td>{_e(s.get('name') or s['id'])} ({_e(s['id'])})</td>"
                     f"<td>{_e(how)}</td></tr>")
        L.append("</table>")
        ab = coal.get("abstainers_of_note") or []
        if ab:
            L.append("<p>Notable states that did not: "
                     + "; ".join(f"{_e(x.get('name') or x['id'])} ({_e(', '.join(x.get('why', [])))})"
                                 for x in ab) + ".</p>")
    L.append("<h2>References</h2><ol class='refs'>")
    for r in data["references"]:
        bits = [r.get("title"), r.get("publisher"), r.get("year")]
        txt = ", ".join(str(x) for x in bits if x not in (None, ""))
        url = r.get("url")
        L.append(f"<li>{_e(txt)}" + (f" <a href='{_e(url)}'>{_e(url)}</a>" if url else "")
                 + "</li>")
    L.append("</ol></body></html>")
    return "\n".join(L)


def write_brief(out: str | Path | None, *, con, actors: Sequence[str] = DEFAULT_ACTORS,
                compare: str | None = DEFAULT_COMPARE, start: int | None = DEFAULT_START,
                end: int | None = None, mirror=None, charts: bool = True,
                on_step: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Compute the brief and write it as HTML to ``out`` (``None``: compute it, write nothing).

    Returns ``{"out", "summary": [paragraphs], "text", "data"}`` (``out`` is None when no
    file was written).
    """
    if out is None:
        data = brief_data(con, actors, compare, start, end, mirror=mirror, on_step=on_step)
        return {"out": None, "summary": brief_summary(data), "text": brief_text(data),
                "data": data}
    p = Path(out)
    if p.suffix.lower() not in (".html", ".htm"):
        raise InputError("the brief is written as HTML: give a file ending in .html",
                         file=str(p), field="--out")
    if not p.parent.exists():
        raise InputError("the brief's folder does not exist", file=str(p), field="--out")
    data = brief_data(con, actors, compare, start, end, mirror=mirror, on_step=on_step)
    ch = {}
    if charts:
        if on_step:
            on_step("drawing the charts")
        ch = brief_charts(data)
    p.write_text(brief_html(data, ch), encoding="utf-8")
    return {"out": str(p), "summary": brief_summary(data), "text": brief_text(data),
            "data": data}
