"""Altair charts of the pair and triangle reports, saved offline (vl-convert) as PNG/SVG/HTML."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from amity.errors import InputError

FORMATS = (".png", ".svg", ".html")


def check_path(path: str | Path) -> Path:
    """The chart file must end in .png, .svg or .html and its folder must exist."""
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        raise InputError(f"chart file must end in {', '.join(FORMATS)}", file=str(p),
                         field="--chart")
    if not p.parent.exists():
        raise InputError("the chart's folder does not exist", file=str(p), field="--chart")
    return p


def dyad_chart(rep: dict):
    """Closeness line with the phases shaded (by label) and the treaties marked."""
    import altair as alt

    s = pd.DataFrame([{"year": r["year"], "closeness": r["closeness"]} for r in rep["series"]])
    ph = pd.DataFrame([{"start": p["start"], "end": p["end"] + 0.99, "label": p["label"],
                        "mean": p["mean"]} for p in rep["phases"]])
    lo, hi = (s["year"].min(), s["year"].max()) if len(s) else (0, 1)
    tr = pd.DataFrame([{"year": int(str(t["date"])[:4]), "name": t["name"]}
                       for t in rep.get("treaties", []) if t.get("date")
                       and str(t["date"])[:4].isdigit() and lo <= int(str(t["date"])[:4]) <= hi])
    x = alt.X("year:Q", axis=alt.Axis(format="d"), scale=alt.Scale(domain=[lo, hi + 1]),
              title="year")
    layers = []
    if len(ph):
        layers.append(alt.Chart(ph).mark_rect(opacity=0.18).encode(
            x=alt.X("start:Q", scale=alt.Scale(domain=[lo, hi + 1]), title="year"), x2="end:Q",
            color=alt.Color("label:N", title="phase")))
    layers.append(alt.Chart(s).mark_line(point=True).encode(
        x=x, y=alt.Y("closeness:Q", scale=alt.Scale(domain=[-1, 1]), title="closeness"),
        tooltip=["year", "closeness"]))
    if len(tr):
        layers.append(alt.Chart(tr).mark_rule(strokeDash=[3, 3], color="gray").encode(
            x=alt.X("year:Q", title="year"), tooltip=["year", "name"]))
    fa = pd.DataFrame([{"year": int(str(f["date"])[:4]), "name": f.get("name") or f.get("kind"),
                        "y": 0.95} for p in rep["phases"] for f in p.get("facts", [])
                       if f.get("date") and str(f["date"])[:4].isdigit()
                       and lo <= int(str(f["date"])[:4]) <= hi])
    if len(fa):
        layers.append(alt.Chart(fa).mark_point(shape="triangle-down", color="black",
                                               filled=True, size=40).encode(
            x=alt.X("year:Q", title="year"), y=alt.Y("y:Q", title="closeness"),
            tooltip=["year", "name"]))
    title = "–".join(rep.get("pair", [])) + " closeness"
    return alt.layer(*layers).properties(width=720, height=280, title=title)


def triangle_chart(rep: dict):
    """The three legs over time with the triangle's pattern as bands."""
    import altair as alt

    rows = [{"year": y["year"], "leg": k, "closeness": v}
            for y in rep["years"] for k, v in y["legs"].items()]
    legs = pd.DataFrame(rows)
    per = pd.DataFrame([{"start": p["start"], "end": p["end"] + 0.99, "pattern": p["pattern"]}
                        for p in rep["periods"]])
    lo = int(legs["year"].min()) if len(legs) else 0
    hi = int(legs["year"].max()) + 1 if len(legs) else 1
    dom = alt.Scale(domain=[lo, hi], zero=False)
    layers = [alt.Chart(per).mark_rect(opacity=0.2).encode(
        x=alt.X("start:Q", scale=dom, axis=alt.Axis(format="d"), title="year"), x2="end:Q",
        color=alt.Color("pattern:N", scale=alt.Scale(scheme="pastel1")))] if len(per) else []
    layers.append(alt.Chart(legs).mark_line(point=True).encode(
        x=alt.X("year:Q", scale=dom, title="year"),
        y=alt.Y("closeness:Q", scale=alt.Scale(domain=[-1, 1]), title="closeness"),
        color=alt.Color("leg:N", scale=alt.Scale(scheme="dark2")),
        tooltip=["year", "leg", "closeness"]))
    return alt.layer(*layers).resolve_scale(color="independent").properties(
        width=720, height=280, title=" – ".join(rep.get("actors", [])))


def save(kind: str, rep: dict, path: str | Path) -> Path:
    """Draw ``kind`` ("dyad" or "triangle") from a report and save it (format by suffix)."""
    import vl_convert as vlc

    p = check_path(path)
    ch = dyad_chart(rep) if kind == "dyad" else triangle_chart(rep)
    spec = ch.to_json()
    suf = p.suffix.lower()
    if suf == ".html":
        p.write_text(ch.to_html(inline=True) if _inline_ok() else ch.to_html(), encoding="utf-8")
    elif suf == ".svg":
        p.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    else:
        p.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    return p


def _inline_ok() -> bool:
    try:
        import altair as alt  # noqa: F401
        import vl_convert  # noqa: F401

        return True
    except ImportError:
        return False
