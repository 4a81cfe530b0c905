// Amity dashboard: four views over the HTTP API, drawn with the vendored vega-lite.
"use strict";

const EMBED = { actions: false, renderer: "svg" };
const SIGN_COLORS = { domain: ["positive", "neutral", "negative"], range: ["#1a7f37", "#9aa0a6", "#b42318"] };
const state = { health: null, tri: null, views: {} };

// ---------------------------------------------------------------- helpers
function $(sel) { return document.querySelector(sel); }
function esc(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function fmt(x) { return x == null ? "–" : (x >= 0 ? "+" : "") + Number(x).toFixed(2); }
function showError(text) { const m = $("#msg"); m.textContent = text; m.hidden = false; }
// an answer that failed must not leave the previous answer's charts and tables under the banner
function clearView(ids) {
  for (const id of ids) { const el = $("#" + id); if (el) el.innerHTML = ""; }
}
function clearError() { const m = $("#msg"); m.textContent = ""; m.hidden = true; }
function busy(on) { $("#status").textContent = on ? "working…" : (state.health ? `store: ${state.health.db || ""}` : ""); }

async function api(path, opts) {
  busy(true);
  try {
    const r = await fetch(path, opts);
    const body = await r.json().catch(() => ({ message: r.statusText }));
    if (!r.ok) {
      let m = body.message || r.statusText;
      throw new Error(m);
    }
    return body;
  } finally { busy(false); }
}
function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) u.append(k, v);
  return u.toString();
}
function formData(form) { return Object.fromEntries(new FormData(form).entries()); }
function signName(v, band) { band = band == null ? 0.1 : band; return v == null ? "neutral" : (v > band ? "positive" : (v < -band ? "negative" : "neutral")); }
function table(el, head, rows) {
  el.innerHTML = "<thead><tr>" + head.map(h => `<th>${esc(h)}</th>`).join("") + "</tr></thead><tbody>" +
    rows.map(r => "<tr>" + r.map(c => `<td>${c}</td>`).join("") + "</tr>").join("") + "</tbody>";
}
function refText(ref) {
  if (!ref) return "";
  return [ref.title, ref.publisher, ref.year].filter(x => x != null && x !== "").join(", ");
}

// ---------------------------------------------------------------- pair view
// phase labels ordered by their level, on one colour-blind-safe diverging scheme (ColorBrewer
// RdYlBu, 11 classes): blue is close, red hostile, pale the neutral middle
const PHASE_ORDER = ["close alignment", "alliance", "partnership", "cordial", "rapprochement", "cooling",
  "neutral", "détente", "estrangement", "rivalry", "hostility"];
const PHASE_COLORS = ["#313695", "#4575b4", "#74add1", "#abd9e9", "#e0f3f8", "#ffffbf",
  "#fee090", "#fdae61", "#f46d43", "#d73027", "#a50026"];
function words(s) { return String(s == null ? "" : s).replace(/_/g, " "); }
// fact kinds in six families, one marker shape each (the kind itself is in the tooltip): the
// 32 curated kinds on Vega-Lite's 8 shapes repeated shapes with no meaning
const FAMILY = {
  treaty: "treaty or agreement", agreement: "treaty or agreement", joint_statement: "treaty or agreement",
  border: "treaty or agreement", membership: "treaty or agreement", recognition: "diplomacy",
  diplomatic_relations: "diplomacy", statement: "diplomacy", summit: "diplomacy", visit: "diplomacy",
  talks: "diplomacy", expulsion: "diplomacy", vote: "UN vote", veto: "UN vote",
  war: "force", clash: "force", military_operation: "force", troop_deployment: "force",
  annexation: "force", crisis: "force", withdrawal: "force", dissolution: "force",
  arms_supply: "military aid", military_cooperation: "military aid", exercise: "military aid",
  aid: "military aid", sanction: "economic", sanctions_relief: "economic", export_control: "economic",
  tariff: "economic", trade: "economic", energy: "economic",
};
const FAMILIES = ["treaty or agreement", "diplomacy", "UN vote", "military aid", "economic", "force", "other"];
const FAMILY_SHAPES = ["square", "circle", "diamond", "triangle-up", "cross", "triangle-down", "stroke"];
const TONES = ["cooperative", "neutral", "conflictual", "unsigned"];
const TONE_COLORS = ["#1b7837", "#8c8c8c", "#b2182b", "#444444"];
function tone(sign) { return sign == null ? "unsigned" : (sign > 0 ? "cooperative" : sign < 0 ? "conflictual" : "neutral"); }

async function drawPair() {
  const f = formData($("#pair-form"));
  clearError();
  let rep;
  try {
    rep = await api(`/dyad/${encodeURIComponent(f.a)}/${encodeURIComponent(f.b)}?` + qs({ from: f.from, to: f.to }));
  } catch (e) { showError(e.message); clearView(["pair-title", "pair-summary", "pair-chart", "pair-components", "pair-phases"]); return; }
  const [a, b] = rep.pair;
  const names = rep.names || {};
  $("#pair-title").textContent = `${names[a] || a} – ${names[b] || b}: closeness ${rep.span[0]}–${rep.span[1]}` +
    (rep.model ? ` (${rep.model}${rep.method === "v3" ? ", band: 90% interval" : ""})` : "");
  const obs = rep.series.filter(r => r.closeness != null);
  const last = obs[obs.length - 1];
  const ph = rep.phases[rep.phases.length - 1];
  const st = rep.steadiness || {};
  $("#pair-summary").textContent = last ? `In ${last.year} the closeness was ${fmt(last.closeness)} (−1 hostile … +1 allied).` +
    (ph ? ` The current phase, “${ph.label}”, began in ${ph.start} (mean ${fmt(ph.mean)}).` : "") +
    (st.mean != null ? ` Over the span: mean ${fmt(st.mean)}, volatility ${Number(st.volatility).toFixed(3)}, ${st.sign_changes} sign changes.` : "")
    : "No observed year in this span.";
  if (rep.notes && rep.notes.length) $("#pair-summary").textContent += " Note: " + rep.notes.join(" ");

  const lo = rep.span[0], hi = rep.span[1];
  const series = rep.series.map(r => ({ year: r.year, closeness: r.closeness, lo: r.closeness_lo, hi: r.closeness_hi,
    evidence: r.thin ? "one input (thin)" : "several inputs" }));
  // closeness v3: the 90% interval is drawn as a band behind the line
  const band = series.filter(r => r.lo != null && r.hi != null);
  const phases = rep.phases.map(p => ({ start: p.start, end: p.end + 1, label: p.label, mean: p.mean, span: `${p.start}–${p.end}` }));
  const markers = [];
  for (const t of rep.treaties || []) {
    const y = parseInt(String(t.date || "").slice(0, 4), 10);
    if (y >= lo && y <= hi) markers.push({ year: y, y: -0.95, what: "treaty", family: "treaty or agreement",
      tone: "cooperative", name: t.name, date: t.date,
      detail: (t.obligations || []).join(", ") + (t.alliance ? " (alliance)" : ""), reference: "" });
  }
  for (const x of rep.facts || []) {
    if (x.kind === "treaty") continue;
    markers.push({ year: x.year_start, y: -0.85, what: words(x.kind), family: FAMILY[x.kind] || "other",
      tone: tone(x.sign), name: (x.negated ? "NOT: " : "") + (x.name || x.kind), date: x.date,
      detail: tone(x.sign), reference: refText(x.reference) });
  }
  // references of the treaties from the facts (same name)
  const refByName = {};
  for (const x of rep.facts || []) if (x.name) refByName[x.name] = refText(x.reference);
  for (const m of markers) if (!m.reference && refByName[m.name]) m.reference = refByName[m.name];

  const x = { field: "year", type: "quantitative", axis: { format: "d" }, scale: { domain: [lo, hi + 1], nice: false } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: 860, height: 300,
    layer: [
      { data: { values: phases }, mark: { type: "rect", opacity: 0.45 },
        encoding: { x: { field: "start", type: "quantitative", scale: { domain: [lo, hi + 1], nice: false }, axis: { format: "d" }, title: "year" }, x2: { field: "end" },
          color: { field: "label", type: "nominal", title: "phase", scale: { domain: PHASE_ORDER, range: PHASE_COLORS } },
          tooltip: [{ field: "label", title: "phase" }, { field: "span" }, { field: "mean", format: "+.2f" }] } },
      ...(band.length ? [{ data: { values: band }, mark: { type: "area", opacity: 0.25, color: "#1f3b57" },
        encoding: { x, y: { field: "lo", type: "quantitative", scale: { domain: [-1, 1] }, title: "closeness" }, y2: { field: "hi" },
          tooltip: [{ field: "year" }, { field: "lo", title: "90% low", format: "+.2f" }, { field: "hi", title: "90% high", format: "+.2f" }] } }] : []),
      { data: { values: series }, mark: { type: "line", color: "#1f3b57" },
        encoding: { x, y: { field: "closeness", type: "quantitative", scale: { domain: [-1, 1] }, title: "closeness" } } },
      // each year's point: a dark dot where several inputs make the value, an orange diamond
      // where it rests on a single input (a thin year, as `amity dyad` flags it)
      { data: { values: series.filter(r => r.closeness != null) }, mark: { type: "point", filled: true, size: 40 },
        encoding: { x, y: { field: "closeness", type: "quantitative", scale: { domain: [-1, 1] }, title: "closeness" },
          color: { field: "evidence", type: "nominal", title: "year's value",
            scale: { domain: ["several inputs", "one input (thin)"], range: ["#1f3b57", "#e66101"] } },
          shape: { field: "evidence", type: "nominal", title: "year's value",
            scale: { domain: ["several inputs", "one input (thin)"], range: ["circle", "diamond"] } },
          tooltip: [{ field: "year" }, { field: "closeness", format: "+.2f" }, { field: "evidence" }] } },
      { data: { values: markers }, mark: { type: "point", filled: true, size: 70 },
        encoding: { x, y: { field: "y", type: "quantitative", title: "closeness" },
          shape: { field: "family", type: "nominal", title: "fact (shape)", scale: { domain: FAMILIES, range: FAMILY_SHAPES } },
          color: { field: "tone", type: "nominal", title: "fact (colour)", scale: { domain: TONES, range: TONE_COLORS } },
          tooltip: [{ field: "date" }, { field: "what", title: "kind" }, { field: "name" }, { field: "detail" }, { field: "reference" }] } },
    ],
    resolve: { scale: { color: "independent", shape: "independent" } },
  };
  await vegaEmbed("#pair-chart", spec, EMBED);

  const comp = [];
  for (const r of rep.series) for (const [k, v] of Object.entries(r.components || {})) if (v != null) comp.push({ year: r.year, component: k, value: v });
  const cspec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: 860, height: 200,
    data: { values: comp }, mark: "bar",
    encoding: { x: { field: "year", type: "ordinal", axis: { labelExpr: "datum.value % 10 == 0 ? datum.value : ''" } },
      y: { field: "value", type: "quantitative", stack: "zero", title: "component score (penalties negative)" },
      color: { field: "component", type: "nominal" },
      tooltip: [{ field: "year" }, { field: "component" }, { field: "value", format: "+.2f" }] },
  };
  await vegaEmbed("#pair-components", cspec, EMBED);
  table($("#pair-phases"), ["from", "to", "label", "mean", "trend", "facts at the break"],
    rep.phases.map(p => [p.start, p.end, esc(p.label), fmt(p.mean), Number(p.trend).toFixed(3),
      esc((p.facts || []).slice(0, 3).map(f => `${f.date} ${f.name || f.kind}`).join("; "))]));
}

// ---------------------------------------------------------------- triangle view
const PATTERN_TEXT = {
  menage_a_trois: "ménage à trois (all three legs positive)",
  romantic_triangle: "romantic triangle (one pivot friendly with two wings at odds)",
  stable_marriage: "stable marriage (two partners against an outcast)",
  incomplete: "no clear pattern (a leg within the neutral band)",
  unit_veto: "unit veto (all three legs hostile)",
};
async function drawTriangle() {
  const f = formData($("#tri-form"));
  clearError();
  let rep;
  try {
    rep = await api(`/triangle/${encodeURIComponent(f.a)}/${encodeURIComponent(f.b)}/${encodeURIComponent(f.c)}?` + qs({ from: f.from, to: f.to }));
  } catch (e) { showError(e.message); state.tri = null; clearView(["tri-diagram", "tri-info", "tri-timeline"]); return; }
  state.tri = rep;
  const yrs = rep.years.map(y => y.year);
  const slider = $("#tri-year");
  slider.min = yrs[0]; slider.max = yrs[yrs.length - 1];
  if (+slider.value < yrs[0] || +slider.value > yrs[yrs.length - 1] || !state.triDrawn) slider.value = yrs[yrs.length - 1];
  state.triDrawn = true;
  await drawTriangleYear();
}

async function drawTriangleYear() {
  const rep = state.tri;
  if (!rep) return;
  const year = +$("#tri-year").value;
  $("#tri-year-out").textContent = year;
  const y = rep.years.find(r => r.year === year) || rep.years[rep.years.length - 1];
  const [A, B, C] = rep.actors;
  const pos = { [A]: [0.5, 0.92], [B]: [0.08, 0.1], [C]: [0.92, 0.1] };
  const legs = Object.entries(y.legs).map(([k, v]) => {
    const p = rep.actors.find(id => k.startsWith(id + "-") && rep.actors.includes(k.slice(id.length + 1)));
    const q = p ? k.slice(p.length + 1) : null;
    const pp = pos[p] || [0, 0], qq = pos[q] || [1, 1];
    return { leg: k, x: pp[0], y: pp[1], x2: qq[0], y2: qq[1], mx: (pp[0] + qq[0]) / 2, my: (pp[1] + qq[1]) / 2,
      closeness: v, label: fmt(v), sign: signName(v, rep.band), width: v == null ? 1 : 1.5 + 9 * Math.abs(v) };
  });
  const nodes = rep.actors.map(id => ({ id, x: pos[id][0], y: pos[id][1], role: (y.roles || {})[id] || "", label: `${id} (${(y.roles || {})[id] || "?"})` }));
  const sx = { type: "quantitative", scale: { domain: [-0.05, 1.05] }, axis: null };
  const sy = { type: "quantitative", scale: { domain: [-0.05, 1.05] }, axis: null };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: 420, height: 340, title: `${rep.actors.join(" – ")} in ${y.year}`,
    layer: [
      { data: { values: legs }, mark: { type: "rule" },
        encoding: { x: { field: "x", ...sx }, y: { field: "y", ...sy }, x2: { field: "x2" }, y2: { field: "y2" },
          color: { field: "sign", type: "nominal", scale: SIGN_COLORS, title: "leg" },
          strokeWidth: { field: "width", type: "quantitative", scale: null, legend: null },
          tooltip: [{ field: "leg" }, { field: "label", title: "closeness" }] } },
      { data: { values: legs }, mark: { type: "text", fontSize: 13, fontWeight: "bold", dy: -8 },
        encoding: { x: { field: "mx", ...sx }, y: { field: "my", ...sy }, text: { field: "label" } } },
      { data: { values: nodes }, mark: { type: "circle", size: 900, color: "#1f3b57" },
        encoding: { x: { field: "x", ...sx }, y: { field: "y", ...sy }, tooltip: [{ field: "id" }, { field: "role" }] } },
      { data: { values: nodes }, mark: { type: "text", dy: 28, fontSize: 13 },
        encoding: { x: { field: "x", ...sx }, y: { field: "y", ...sy }, text: { field: "label" } } },
    ],
    config: { view: { stroke: null } },
  };
  await vegaEmbed("#tri-diagram", spec, EMBED);
  const per = rep.periods.find(p => p.start <= year && year <= p.end);
  const roles = Object.entries(y.roles || {}).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(", ");
  $("#tri-info").innerHTML = `<h4 id="tri-pattern">${esc(PATTERN_TEXT[y.pattern] || y.pattern || "no pattern (a leg unobserved)")}</h4>` +
    `<p>Roles in ${y.year}: ${roles || "–"}.` + (y.pivot ? ` Pivot: <b>${esc(y.pivot)}</b>.` : "") + `</p>` +
    (per ? `<p>Period ${per.start}–${per.end}: ${esc(patternName(per.pattern))}` + (per.pivot ? `, pivot ${esc(per.pivot)}` : "") + ".</p>" : "") +
    `<p>Legs: ${legs.map(l => `${esc(l.leg)} ${l.label}`).join("; ")} (neutral band ±${rep.band}).</p>`;
  await drawTriangleTimeline(year);
}

// short readable names for the timeline legend, in order from friendliest to most hostile
const PATTERN_SHORT = {
  menage_a_trois: "ménage à trois", romantic_triangle: "romantic triangle",
  stable_marriage: "stable marriage", incomplete: "no clear pattern", unit_veto: "unit veto",
};
const PATTERN_ORDER = ["ménage à trois", "romantic triangle", "stable marriage", "no clear pattern", "unit veto", "unobserved"];
const PATTERN_COLORS = ["#1a9850", "#91cf60", "#fee08b", "#d9d9d9", "#d73027", "#ffffff"];
const LEG_COLORS = ["#0072b2", "#e69f00", "#cc79a7"];  // Okabe–Ito: distinct for colour-blind readers
function patternName(p) { return p ? (PATTERN_SHORT[p] || String(p).replace(/_/g, " ")) : "unobserved"; }

async function drawTriangleTimeline(year) {
  const rep = state.tri;
  const per = rep.periods.map(p => ({ start: p.start, end: p.end + 1, pattern: patternName(p.pattern), span: `${p.start}–${p.end}`, pivot: p.pivot || "" }));
  const legs = [];
  // a leg with no evidence in a year stays null: the line breaks there (a gap, not a 0)
  for (const y of rep.years) for (const [k, v] of Object.entries(y.legs)) legs.push({ year: y.year, leg: k, closeness: v == null ? null : v });
  const lo = rep.years[0].year, hi = rep.years[rep.years.length - 1].year + 1;
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: 860, height: 230,
    layer: [
      { data: { values: per }, mark: { type: "rect", opacity: 0.25 },
        encoding: { x: { field: "start", type: "quantitative", scale: { domain: [lo, hi], nice: false }, axis: { format: "d" }, title: "year" }, x2: { field: "end" },
          color: { field: "pattern", type: "nominal", title: "pattern", scale: { domain: PATTERN_ORDER, range: PATTERN_COLORS } },
          tooltip: [{ field: "pattern" }, { field: "span" }, { field: "pivot" }] } },
      { data: { values: legs }, mark: { type: "line", strokeWidth: 2, point: { size: 14 } },
        encoding: { x: { field: "year", type: "quantitative" }, y: { field: "closeness", type: "quantitative", scale: { domain: [-1, 1] } },
          color: { field: "leg", type: "nominal", title: "leg", scale: { range: LEG_COLORS } }, tooltip: [{ field: "year" }, { field: "leg" }, { field: "closeness", format: "+.2f" }] } },
      { data: { values: [{ year }] }, mark: { type: "rule", color: "#ffb000", strokeWidth: 2 }, encoding: { x: { field: "year", type: "quantitative" } } },
    ],
    resolve: { scale: { color: "independent" } },
  };
  await vegaEmbed("#tri-timeline", spec, EMBED);
}

// ---------------------------------------------------------------- system view
async function drawSystem() {
  const f = formData($("#sys-form"));
  clearError();
  let rep;
  try {
    rep = await api(`/balance?` + qs({ year: f.year, states: f.states, threshold: f.threshold, min_tie: f.min_tie || 0 }));
  } catch (e) { showError(e.message); clearView(["sys-network", "sys-info", "sys-table"]); return; }
  const side = rep.faction_of || {};
  const minTie = Number(f.min_tie || 0);
  const shown = (rep.edges || []).filter(e => rep.states.includes(e.a) && rep.states.includes(e.b));
  const nAll = rep.n_edges;
  // a signed spring layout: each faction starts in its own half; positive ties pull, negative
  // ties push, every pair repels a little; a faction stays in its half, so the two blocks
  // show (deterministic: no random start)
  const ids = rep.states.slice();
  const k = {};
  ids.forEach(s => { k[s] = side[s] === 1 ? 1 : 0; });
  const pos = {};
  [0, 1].forEach(g => {
    const grp = ids.filter(s => k[s] === g);
    grp.forEach((s, i) => {
      const t = (i + 0.5) / grp.length;
      pos[s] = [g === 0 ? 0.25 + 0.12 * Math.cos(7 * t) : 0.75 + 0.12 * Math.cos(7 * t), 0.08 + 0.84 * t];
    });
  });
  for (let it = 0; it < 300; it++) {
    const d = {};
    ids.forEach(s => { d[s] = [0, 0]; });
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i], b = ids[j];
      const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
      const r2 = Math.max(dx * dx + dy * dy, 4e-4), f0 = 0.0004 / ids.length / r2;
      d[a][0] += f0 * dx; d[a][1] += f0 * dy; d[b][0] -= f0 * dx; d[b][1] -= f0 * dy;
    }
    for (const e of shown) {
      const a = e.a, b = e.b, dx = pos[b][0] - pos[a][0], dy = pos[b][1] - pos[a][1];
      const r = Math.sqrt(dx * dx + dy * dy) + 1e-6;
      const w = Math.abs(e.closeness), f1 = e.closeness > 0 ? 0.02 * w * (r - 0.1) : -0.0005 * w / r;
      d[a][0] += f1 * dx / r; d[a][1] += f1 * dy / r; d[b][0] -= f1 * dx / r; d[b][1] -= f1 * dy / r;
    }
    ids.forEach(s => {   // a pull to the faction's centre keeps the blocks compact
      d[s][0] += 0.004 * ((k[s] === 0 ? 0.25 : 0.75) - pos[s][0]);
      d[s][1] += 0.004 * (0.5 - pos[s][1]);
      const lo = k[s] === 0 ? 0.04 : 0.56, hi = k[s] === 0 ? 0.44 : 0.96;
      pos[s][0] = Math.min(hi, Math.max(lo, pos[s][0] + Math.max(-0.01, Math.min(0.01, d[s][0]))));
      pos[s][1] = Math.min(0.96, Math.max(0.04, pos[s][1] + Math.max(-0.01, Math.min(0.01, d[s][1]))));
    });
  }
  // each faction's block stretched to fill its half of the plot: the forces settle the
  // shape, not the size (a faction of five states had crowded into a band of the height)
  [0, 1].forEach(g => {
    const grp = ids.filter(s => k[s] === g);
    if (!grp.length) return;
    for (const [ax, lo, hi] of [[0, g === 0 ? 0.04 : 0.56, g === 0 ? 0.44 : 0.96], [1, 0.05, 0.95]]) {
      const v = grp.map(s => pos[s][ax]), mn = Math.min(...v), mx = Math.max(...v);
      grp.forEach(s => { pos[s][ax] = mx - mn < 1e-9 ? (lo + hi) / 2 : lo + (hi - lo) * (pos[s][ax] - mn) / (mx - mn); });
    }
  });
  // strength: the sum of |closeness| over a state's shown ties; labels for the larger nodes
  const strength = {}, npos = {}, nneg = {};
  ids.forEach(s => { strength[s] = 0; npos[s] = 0; nneg[s] = 0; });
  for (const e of shown) {
    for (const s of [e.a, e.b]) { strength[s] += Math.abs(e.closeness); if (e.closeness > 0) npos[s]++; else nneg[s]++; }
  }
  const ranked = ids.slice().sort((a, b) => strength[b] - strength[a] || a.localeCompare(b));
  // labels for the strongest nodes (all of twenty or fewer, else fifteen), strongest first,
  // each left out when it would overlap a label already placed (the plot is 560 x 520 px; a
  // bold 12 px code is 7-9 px a letter wide and 14 px high: a margin of 2 px each way)
  const nLabels = ids.length <= 20 ? ids.length : 15;
  const labelled = new Set(), boxes = [];
  for (const s of ranked.slice(0, nLabels)) {
    const w = (8 * s.length + 6) / 560, h = 18 / 520, x = pos[s][0], y = pos[s][1];
    if (boxes.some(b => Math.abs(b[0] - x) < (b[2] + w) / 2 && Math.abs(b[1] - y) < h)) continue;
    boxes.push([x, y, w]);
    labelled.add(s);
  }
  const nodes = ids.map(s => ({ id: s, x: pos[s][0], y: pos[s][1], faction: `faction ${k[s] + 1}`,
    strength: Math.round(strength[s] * 100) / 100, label: labelled.has(s) ? s : "" }));
  const edges = shown.map(e => ({ leg: `${e.a}-${e.b}`, x: pos[e.a][0], y: pos[e.a][1], x2: pos[e.b][0], y2: pos[e.b][1],
    strength: Math.abs(e.closeness), label: fmt(e.closeness), sign: e.closeness > 0 ? "positive (friendly)" : "negative (hostile)" }));
  const sx = { type: "quantitative", scale: { domain: [0, 1] }, axis: null };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: 560, height: 520,
    title: { text: `Signed closeness graph, ${rep.year}`, subtitle: `${shown.length} of ${nAll} ties drawn (|closeness| ≥ ${minTie}); faction 1 left, faction 2 right; labels on ${labelled.size} of the ${nLabels} strongest nodes (none overlapping)` },
    layer: [
      { data: { values: edges }, mark: { type: "rule" },
        encoding: { x: { field: "x", ...sx }, y: { field: "y", ...sx }, x2: { field: "x2" }, y2: { field: "y2" },
          color: { field: "sign", type: "nominal", scale: { domain: ["positive (friendly)", "negative (hostile)"], range: ["#2166ac", "#b2182b"] }, title: "tie" },
          strokeDash: { field: "sign", type: "nominal", scale: { domain: ["positive (friendly)", "negative (hostile)"], range: [[1, 0], [4, 3]] }, legend: null },
          opacity: { field: "strength", type: "quantitative", scale: { domain: [0, 1], range: [0.2, 0.9] }, legend: null },
          tooltip: [{ field: "leg" }, { field: "label", title: "closeness" }] } },
      { data: { values: nodes }, mark: { type: "circle", stroke: "#fff" },
        encoding: { x: { field: "x", ...sx }, y: { field: "y", ...sx },
          size: { field: "strength", type: "quantitative", scale: { range: [60, 700] }, title: "strength" },
          fill: { field: "faction", type: "nominal", scale: { domain: ["faction 1", "faction 2"], range: ["#4d9221", "#c51b7d"] }, title: "faction" },
          tooltip: [{ field: "id" }, { field: "faction" }, { field: "strength" }] } },
      { data: { values: nodes }, mark: { type: "text", dy: -13, fontSize: 12, fontWeight: "bold" },
        encoding: { x: { field: "x", ...sx }, y: { field: "y", ...sx }, text: { field: "label" } } },
    ],
    resolve: { scale: { color: "independent", size: "independent" } },
    config: { view: { stroke: null } },
  };
  await vegaEmbed("#sys-network", spec, EMBED);
  table($("#sys-table"), ["state", "faction", "strength", "friendly ties", "hostile ties"],
    ranked.map(s => [esc(s), `faction ${k[s] + 1}`, strength[s].toFixed(2), String(npos[s]), String(nneg[s])]));
  const fr = rep.frustration || {};
  const census = Object.entries(rep.census || {}).map(([k, v]) => `${esc(k)} ${v}`).join(", ");
  $("#sys-info").innerHTML = `<h4 id="sys-head">${rep.year}: ${rep.n_nodes} actors, ${rep.n_edges} ties (+${rep.n_positive} / −${rep.n_negative})</h4>` +
    `<p>Balanced: <b>${rep.balanced ? "yes" : "no"}</b>. Triangle index ${Number(rep.triangle_index).toFixed(3)}; walk index ${Number(rep.walk_index).toFixed(3)}.</p>` +
    `<p>Frustration index: <b>${fr.value}</b> ${fr.exact ? "(exact)" : `(heuristic; lower bound ${fr.lower_bound})`} — the fewest ties whose sign must flip for two factions to explain every tie.</p>` +
    `<p>Triangle census: ${census}.</p>` +
    (rep.factions ? `<p><span style="color:#4d9221">Faction 1</span>: ${esc(rep.factions[0].join(", "))}<br><span style="color:#c51b7d">Faction 2</span>: ${esc((rep.factions[1] || []).join(", "))}</p>` : "") +
    (rep.frustrating_legs && rep.frustrating_legs.length ? `<p>Frustrating ties: ${rep.frustrating_legs.slice(0, 15).map(l => `${esc(l.leg)} ${fmt(l.closeness)}`).join("; ")}</p>` : "") +
    (rep.edges_note ? `<p>${esc(rep.edges_note)}</p>` : "");
}

// ---------------------------------------------------------------- reader view
let lastRead = null;
async function drawReader(store) {
  const f = formData($("#reader-form"));
  clearError();
  const headers = { "Content-Type": "application/json" };
  const tok = $("#token").value;
  if (store && tok) headers["Authorization"] = "Bearer " + tok;
  let res;
  try {
    res = await api(`/extract${store ? "?store=true" : ""}`, { method: "POST", headers, body: JSON.stringify({ text: f.text, date: f.date || null }) });
  } catch (e) { showError(e.message); return; }
  lastRead = res;
  const text = f.text;
  // each character gets the classes of every span over it (a treaty name inside an event's
  // sentence shows both); runs of equal classes become one <mark>
  const spans = [];
  for (const ev of res.events) if (ev.span) spans.push({ s: ev.span[0], e: ev.span[1],
    cls: ev.negated ? "ev neg" : (ev.goldstein < 0 ? "ev conflict" : "ev"),
    title: `${ev.source || (ev.parties || []).join("+")}${ev.target ? " → " + ev.target : ""}: CAMEO ${ev.cameo} ${ev.plover || ""} (Goldstein ${fmt(ev.goldstein)}) ${ev.date || ""}${ev.negated ? " [negated]" : ""}` });
  // the event's own word (the verb, or the noun of a nominal event) inside its sentence
  for (const ev of res.events) if (ev.event_span && !(ev.span && ev.event_span[0] === ev.span[0] && ev.event_span[1] === ev.span[1]))
    spans.push({ s: ev.event_span[0], e: ev.event_span[1], cls: "word", title: "" });
  for (const t of res.treaties) if (t.span) spans.push({ s: t.span[0], e: t.span[1], cls: "tr",
    title: `treaty: ${t.name} (${(t.parties || []).join(", ")}): ${(t.obligations || []).join(", ")}` });
  const n = text.length, key = new Array(n).fill(""), tip = new Array(n).fill("");
  for (const sp of spans) for (let i = Math.max(0, sp.s); i < Math.min(n, sp.e); i++) {
    if (!(" " + key[i] + " ").includes(" " + sp.cls + " ")) key[i] = (key[i] ? key[i] + " " : "") + sp.cls;
    if (sp.title) tip[i] = (tip[i] ? tip[i] + " | " : "") + sp.title;
  }
  let html = "", i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && key[j] === key[i] && tip[j] === tip[i]) j++;
    const chunk = esc(text.slice(i, j));
    html += key[i] ? `<mark class="${key[i]}" title="${esc(tip[i])}">${chunk}</mark>` : chunk;
    i = j;
  }
  $("#reader-text").innerHTML = html;
  $("#reader-legend").hidden = false;
  $("#reader-events-title").hidden = false;
  $("#reader-treaties-title").hidden = false;
  table($("#reader-events"), ["date", "source", "target / parties", "CAMEO", "PLOVER", "Goldstein", "flags", "text"],
    res.events.map(ev => [esc(ev.date || "?"), esc(ev.source || ""), esc(ev.target || (ev.parties || []).join("+")), esc(ev.cameo), esc(ev.plover || ""),
      fmt(ev.goldstein), esc(["negated", "hedged", "reported"].filter(k => ev[k]).join(" ")), esc(ev.text)]));
  table($("#reader-treaties"), ["name", "date", "parties", "obligations"],
    res.treaties.map(t => [esc(t.name), esc(t.date || "?"), esc((t.parties || []).join(", ")),
      esc((t.obligations || []).concat((t.negated_obligations || []).map(o => "not " + o)).join(", "))]));
  $("#reader-store").textContent = res.store ? `Stored: ${res.store.inserted} new facts, ${res.store.merged} merged into known facts, ${res.store.evidence} evidence rows.` : "";
}

// ---------------------------------------------------------------- routing
const DRAW = { pair: drawPair, triangle: drawTriangle, system: drawSystem, reader: null };
function route() {
  const v = (location.hash || "#pair").slice(1);
  const view = DRAW.hasOwnProperty(v) ? v : "pair";
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== "view-" + view;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === view);
  if (!state.views[view] && DRAW[view]) { state.views[view] = true; DRAW[view](); }
}

async function init() {
  try { state.health = await api("/health"); } catch (e) { showError("the API does not answer: " + e.message); }
  busy(false);
  if (state.health && state.health.writes) {
    $("#store-btn").disabled = false;
    $("#store-btn").title = "write the events and treaties read into the store";
    $("#token-label").hidden = false;
  }
  $("#pair-form").addEventListener("submit", ev => { ev.preventDefault(); drawPair(); });
  $("#tri-form").addEventListener("submit", ev => { ev.preventDefault(); state.triDrawn = false; drawTriangle(); });
  $("#tri-year").addEventListener("input", () => drawTriangleYear());
  $("#sys-form").addEventListener("submit", ev => { ev.preventDefault(); drawSystem(); });
  $("#reader-form").addEventListener("submit", ev => { ev.preventDefault(); drawReader(false); });
  $("#store-btn").addEventListener("click", () => drawReader(true));
  window.addEventListener("hashchange", route);
  route();
}
init();
