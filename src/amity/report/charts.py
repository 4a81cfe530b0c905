"""Charts of the pair and triangle reports as Vega-Lite specifications (plain dicts), saved
offline by vl-convert as PNG, SVG or self-contained HTML.

The specifications are written as dicts rather than through Altair: importing Altair costs a
command 0.4-1 s (jsonschema, narwhals...) before anything is drawn, and the charts use no
feature a dict cannot say.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from amity.errors import InputError

FORMATS = (".png", ".svg", ".html")
#: the Vega-Lite version the specifications are written for (vl-convert renders it)
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def check_path(path: str | Path) -> Path:
    """The chart file must end in .png, .svg or .html and its folder must exist."""
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        raise InputError(f"chart file must end in {', '.join(FORMATS)}", file=str(p),
                         field="--chart")
    if not p.parent.exists():
        raise InputError("the chart's folder does not exist", file=str(p), field="--chart")
    return p


def _plain(v: Any) -> Any:
    """A JSON value: NaN and pandas' missing values become null, numpy numbers Python ones."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (list, dict, str)):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    if type(v).__name__ in ("NAType", "NaTType"):
        return None
    return v


def _values(rows: list[dict]) -> dict:
    return {"values": [{k: _plain(v) for k, v in r.items()} for r in rows]}


def _q(field: str, **kw) -> dict:
    return {"field": field, "type": "quantitative", **kw}


def _n(field: str, **kw) -> dict:
    return {"field": field, "type": "nominal", **kw}


def _year(d: Any) -> int | None:
    s = str(d)[:4] if d else ""
    return int(s) if s.isdigit() else None


def dyad_chart(rep: dict) -> dict:
    """Closeness line with the phases shaded (by label) and the treaties marked."""
    s = [{"year": r["year"], "closeness": r["closeness"]} for r in rep["series"]]
    ph = [{"start": p["start"], "end": p["end"] + 0.99, "label": p["label"],
           "mean": p["mean"]} for p in rep["phases"]]
    years = [int(r["year"]) for r in s]
    lo, hi = (min(years), max(years)) if years else (0, 1)
    tr = [{"year": _year(t["date"]), "name": t["name"]} for t in rep.get("treaties", [])
          if _year(t.get("date")) is not None and lo <= _year(t["date"]) <= hi]
    dom = {"domain": [lo, hi + 1], "nice": False}    # the axis ends where the data end
    layers = []
    if ph:
        layers.append({"data": _values(ph), "mark": {"type": "rect", "opacity": 0.18},
                       "encoding": {"x": _q("start", scale=dom, title="year"),
                                    "x2": {"field": "end"},
                                    "color": _n("label", title="phase")}})
    layers.append({"data": _values(s), "mark": {"type": "line", "point": True},
                   "encoding": {"x": _q("year", axis={"format": "d"}, scale=dom, title="year"),
                                "y": _q("closeness", scale={"domain": [-1, 1]},
                                        title="closeness"),
                                "tooltip": [_q("year"), _q("closeness")]}})
    if tr:
        layers.append({"data": _values(tr),
                       "mark": {"type": "rule", "strokeDash": [3, 3], "color": "gray"},
                       "encoding": {"x": _q("year", title="year"),
                                    "tooltip": [_q("year"), _n("name")]}})
    fa = [{"year": _year(f["date"]), "name": f.get("name") or f.get("kind"), "y": 0.95}
          for p in rep["phases"] for f in p.get("facts", [])
          if _year(f.get("date")) is not None and lo <= _year(f["date"]) <= hi]
    if fa:
        layers.append({"data": _values(fa),
                       "mark": {"type": "point", "shape": "triangle-down", "color": "black",
                                "filled": True, "size": 40},
                       "encoding": {"x": _q("year", title="year"),
                                    "y": _q("y", title="closeness"),
                                    "tooltip": [_q("year"), _n("name")]}})
    title = "–".join(rep.get("pair", [])) + " closeness"
    return {"$schema": SCHEMA, "layer": layers, "width": 720, "height": 280, "title": title}


def triangle_chart(rep: dict) -> dict:
    """The three legs over time with the triangle's pattern as bands."""
    legs = [{"year": y["year"], "leg": k, "closeness": v}
            for y in rep["years"] for k, v in y["legs"].items()]
    per = [{"start": p["start"], "end": p["end"] + 0.99, "pattern": p["pattern"]}
           for p in rep["periods"]]
    years = [int(r["year"]) for r in legs]
    lo = min(years) if years else 0
    hi = max(years) + 1 if years else 1
    dom = {"domain": [lo, hi], "zero": False, "nice": False}
    layers = [{"data": _values(per), "mark": {"type": "rect", "opacity": 0.2},
               "encoding": {"x": _q("start", scale=dom, axis={"format": "d"}, title="year"),
                            "x2": {"field": "end"},
                            "color": _n("pattern", scale={"scheme": "pastel1"})}}] if per else []
    layers.append({"data": _values(legs), "mark": {"type": "line", "point": True},
                   "encoding": {"x": _q("year", scale=dom, title="year"),
                                "y": _q("closeness", scale={"domain": [-1, 1]},
                                        title="closeness"),
                                "color": _n("leg", scale={"scheme": "dark2"}),
                                "tooltip": [_q("year"), _n("leg"), _q("closeness")]}})
    return {"$schema": SCHEMA, "layer": layers, "resolve": {"scale": {"color": "independent"}},
            "width": 720, "height": 280, "title": " – ".join(rep.get("actors", []))}


def compare_chart(series: dict[str, list[tuple[int, float]]]) -> dict:
    """Closeness of the compared pairs on one axis."""
    rows = [{"pair": k, "year": y, "closeness": v} for k, s in series.items() for y, v in s]
    return {"$schema": SCHEMA, "data": _values(rows),
            "mark": {"type": "line", "point": {"size": 12}},
            "encoding": {"x": _q("year", axis={"format": "d"}),
                         "y": _q("closeness", scale={"domain": [-1, 1]}),
                         "color": _n("pair")},
            "width": 720, "height": 220, "title": "steadiness: closeness of the two pairs"}


def to_json(spec: dict) -> str:
    """The specification as JSON text (what vl-convert reads)."""
    return json.dumps(spec, allow_nan=False)


def svg(spec: dict) -> str:
    """The chart drawn as SVG text (vl-convert, offline)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(to_json(spec))


def save(kind: str, rep: dict, path: str | Path) -> Path:
    """Draw ``kind`` ("dyad" or "triangle") from a report and save it (format by suffix):
    PNG and SVG drawn by vl-convert, HTML one self-contained page (the Vega libraries
    bundled, no network)."""
    import vl_convert as vlc

    p = check_path(path)
    spec = to_json(dyad_chart(rep) if kind == "dyad" else triangle_chart(rep))
    suf = p.suffix.lower()
    if suf == ".html":
        p.write_text(vlc.vegalite_to_html(spec, bundle=True), encoding="utf-8")
    elif suf == ".svg":
        p.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    else:
        p.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    return p
