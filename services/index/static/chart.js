// One inline SVG chart per compared measure, every figure on one absolute axis: a row per reading (outlet ·
// speaker · its own event and period when they differ), its absolute figure as a marker (exact: dot; hedged: diamond; at least/more than:
// triangle; at most/up to: triangle pointing left) or as a bar when it is a range ("a third to half of 11,000"),
// the interval its hedge allows as a line (dashed and open when unbounded), coloured by outlet; red dashed
// connectors with "≠" join the readings that disagree. The band runs from the lowest to the highest figure.
import { s } from "./dom.js";
import { approxKind, formatNumber, outletColor } from "./format.js";
import { figureLabel, midpoint, readingTitle } from "./figures.js";

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });

const W = 1000; // drawn at this size (CSS shrinks it on narrow screens, never enlarges it)
const LABEL = 300; // left column: outlet, speaker (and the reading's event for nested measures)
const VALUE = 320; // right column: the figure as written, and the absolute figure it implies
const ROW = 30;
const TOP = 34;
const AXIS = 34;
export const DRAWN = 3; // disagreeing pairs joined on the chart (the largest gaps; the API lists them first)

/** [low, high] the reading's hedge allows, absolute scale (the API's ``interval``; high Infinity: unbounded). */
export function interval(r) {
  const [lo, hi] = r.interval || r.absolute || [r.value, r.value];
  return [lo, hi === null || hi === undefined ? Infinity : hi];
}

function niceStep(span) {
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/** [lo, hi, step] of the axis: every absolute figure and finite interval end, padded, on round ticks. */
export function domain(readings) {
  const ends = readings.flatMap((r) => [...(r.absolute || [r.value]), ...interval(r).filter(Number.isFinite)]);
  let lo = Math.min(...ends);
  let hi = Math.max(...ends);
  const pad = hi > lo ? (hi - lo) * 0.12 : Math.abs(hi) * 0.1 || 1;
  lo -= pad;
  hi += pad;
  if (lo < 0 && Math.min(...ends) >= 0) lo = 0;
  const step = niceStep(hi - lo);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step];
}

function marker(kind, x, y, colour) {
  switch (kind) {
    case "approx":
    case "below":
      return s("path", { d: `M${x} ${y - 7}L${x + 7} ${y}L${x} ${y + 7}L${x - 7} ${y}Z`, fill: "#fff", stroke: colour, "stroke-width": 2.5, class: "marker" });
    case "lower":
      return s("path", { d: `M${x} ${y - 7}L${x + 10} ${y}L${x} ${y + 7}Z`, fill: colour, class: "marker" });
    case "upper":
      return s("path", { d: `M${x} ${y - 7}L${x - 10} ${y}L${x} ${y + 7}Z`, fill: colour, class: "marker" });
    default:
      return s("circle", { cx: x, cy: y, r: 6.5, fill: colour, class: "marker" });
  }
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function rowLabel(r, y, showEvent) {
  const outlet = r.outlet || "unknown outlet";
  const speaker = r.speaker_kind === "outlet" ? "unattributed" : r.speaker || "unknown speaker";
  const line = s("text", { x: 22, y: showEvent ? y : y + 4, class: "row-label" }, s("tspan", { class: "row-outlet" }, clip(outlet, 18)),
    s("tspan", { class: "row-speaker", dx: 6 }, `· ${clip(speaker, Math.max(14, 38 - Math.min(18, outlet.length)))}`));
  // nested measures: each reading's own event on a second line
  const second = [r.event || "count", r.period].filter(Boolean).join(" · ");
  return showEvent ? [line, s("text", { x: 22, y: y + 14, class: "row-event" }, second)] : [line];
}

/** The SVG for one comparison group; ``onPick(reading)`` is called when a reading is clicked. */
export function groupChart(group, onPick) {
  const readings = group.readings;
  const [lo, hi, step] = domain(readings);
  const plotW = W - LABEL - VALUE;
  const showEvent = (group.events || []).length > 1 || (group.periods || []).length > 1;
  const rowH = showEvent ? ROW + 10 : ROW;
  const H = TOP + readings.length * rowH + AXIS;
  const x = (v) => LABEL + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo || 1)) * plotW;
  const rowY = (i) => TOP + i * rowH + rowH / 2 - (showEvent ? 4 : 0);
  const tick = (t) => (hi >= 10000 ? COMPACT.format(t) : formatNumber(t));
  const disagreeing = new Set((group.disagreements || []).flatMap((d) => [d.a, d.b]));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", class: "chart",
    "aria-label": `${group.measure}: ${readings.map((r) => `${r.outlet || "unknown outlet"} ${r.speaker} ${figureLabel(r)}`).join(", ")}` });
  const plotBottom = TOP + readings.length * rowH;
  svg.append(s("rect", { x: x(group.min), y: TOP - 6, width: Math.max(2, x(group.max) - x(group.min)), height: plotBottom - TOP + 12,
    class: group.discrepancy ? "band disagree" : "band" }));
  svg.append(s("text", { x: (x(group.min) + x(group.max)) / 2, y: TOP - 12, "text-anchor": "middle", class: `band-label${group.discrepancy ? " disagree" : ""}` },
    group.max > group.min ? `spread ${formatNumber(group.spread)} (${Math.round(group.relative_spread * 100)}%)` : "all sources agree"));
  for (let t = lo; t <= hi + step / 2; t += step) {
    svg.append(s("line", { x1: x(t), x2: x(t), y1: TOP - 6, y2: plotBottom + 6, class: "grid" }),
      s("text", { x: x(t), y: plotBottom + 22, "text-anchor": "middle", class: "tick" }, tick(Number(t.toPrecision(12)))));
  }
  readings.forEach((r, i) => {
    const y = rowY(i);
    const colour = outletColor(r.outlet);
    const kind = approxKind(r.approx);
    const [a, b] = interval(r);
    const [alo, ahi] = r.absolute || [r.value, r.value];
    const row = s("g", { class: `reading${disagreeing.has(i) ? " disagrees" : ""}`, tabindex: "0",
      dataset: { claimId: r.claim_id, value: midpoint(r), approx: r.approx || "", outlet: r.outlet || "", event: r.event || "", disagrees: disagreeing.has(i) ? "true" : "" } });
    row.addEventListener("click", () => onPick(r));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") onPick(r); });
    row.append(s("title", {}, readingTitle(r)), s("rect", { x: 0, y: rowY(i) - rowH / 2 + (showEvent ? 4 : 0), width: W, height: rowH, class: "row-bg" }),
      s("circle", { cx: 10, cy: y, r: 5, fill: colour }), ...rowLabel(r, y, showEvent));
    if (a !== b) {
      row.append(s("line", { x1: x(a), x2: x(b), y1: y, y2: y, stroke: colour, "stroke-width": 3, "stroke-dasharray": Number.isFinite(b) ? null : "5 4", "stroke-linecap": "round", class: "interval" }));
      if (!Number.isFinite(b)) row.append(s("path", { d: `M${x(hi) - 8} ${y - 5}L${x(hi)} ${y}L${x(hi) - 8} ${y + 5}`, fill: "none", stroke: colour, "stroke-width": 2 }));
    }
    if (ahi > alo) row.append(s("rect", { x: x(alo), y: y - 6, width: Math.max(2, x(ahi) - x(alo)), height: 12, rx: 3, fill: colour, "fill-opacity": 0.55, class: "range" }));
    else row.append(marker(kind, x(alo), y, colour));
    row.append(s("text", { x: W - VALUE + 12, y: y + 4, class: "row-value" }, disagreeing.has(i) ? s("tspan", { class: "conflict-mark" }, "✕ ") : null, figureLabel(r)));
    svg.append(row);
  });
  for (const d of (group.disagreements || []).slice(0, DRAWN)) {
    const [ra, rb] = [readings[d.a], readings[d.b]];
    const [upper, lower] = midpoint(ra) >= midpoint(rb) ? [[ra, d.a], [rb, d.b]] : [[rb, d.b], [ra, d.a]];
    const x1 = x(interval(lower[0])[1]);
    const x2 = x(interval(upper[0])[0]);
    const y1 = rowY(lower[1]);
    const y2 = rowY(upper[1]);
    svg.append(s("path", { d: `M${x1} ${y1}L${x2} ${y2}`, class: "conflict" }, s("title", {}, d.reason)),
      s("text", { x: (x1 + x2) / 2 + 6, y: (y1 + y2) / 2 + 4, class: "conflict-label" }, "≠"));
  }
  svg.append(s("line", { x1: LABEL, x2: LABEL + plotW, y1: plotBottom + 6, y2: plotBottom + 6, class: "axis" }));
  return svg;
}

/** A small legend of the marker shapes. */
export function shapeLegend() {
  const item = (kind, label) => {
    const icon = s("svg", { viewBox: "-12 -9 24 18", width: 24, height: 18, "aria-hidden": "true" }, marker(kind, 0, 0, "#555"));
    return [icon, label];
  };
  const range = s("svg", { viewBox: "-12 -9 24 18", width: 24, height: 18, "aria-hidden": "true" },
    s("rect", { x: -10, y: -5, width: 20, height: 10, rx: 3, fill: "#555", "fill-opacity": 0.55 }));
  return [item("exact", "exact figure"), item("approx", "about / some (line: ±10%)"), item("lower", "at least / more than"),
    item("upper", "at most / up to"), [range, "a range (a third to half of …)"], [s("svg", { viewBox: "-12 -9 24 18", width: 24, height: 18, "aria-hidden": "true" },
      s("text", { x: -5, y: 5, fill: "#b42318", "font-weight": 700 }, "≠")), "readings that disagree"]];
}
