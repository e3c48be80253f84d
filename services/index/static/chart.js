// One inline SVG chart per compared measure: a row per source (outlet · speaker), its value as a marker
// (exact: dot; about/some: diamond with a ±10% interval; at least/more than: triangle with an open interval to
// the right; at most/up to: to the left), coloured by outlet, over the band between the lowest and highest value.
import { s } from "./dom.js";
import { approxKind, approxSymbol, formatNumber, outletColor } from "./format.js";

const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });

const W = 960; // drawn at this size (CSS shrinks it on narrow screens, never enlarges it)
const LABEL = 320; // left column: outlet and speaker
const VALUE = 120; // right column: the value as written
const ROW = 30;
const TOP = 34;
const AXIS = 34;
const APPROX = 0.1; // "about 18,000" is drawn as 18,000 ± 10%

export function interval(reading) {
  const v = reading.value;
  switch (approxKind(reading.approx)) {
    case "approx": return [v * (1 - APPROX), v * (1 + APPROX)];
    case "below": return [v * (1 - APPROX), v];
    case "lower": return [v, Infinity];
    case "upper": return [-Infinity, v];
    default: return [v, v];
  }
}

function niceStep(span) {
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/** [lo, hi] of the axis: every value and finite interval end, padded, on round ticks. */
export function domain(readings) {
  const ends = readings.flatMap((r) => [r.value, ...interval(r).filter(Number.isFinite)]);
  let lo = Math.min(...ends);
  let hi = Math.max(...ends);
  const pad = hi > lo ? (hi - lo) * 0.12 : Math.abs(hi) * 0.1 || 1;
  lo -= pad;
  hi += pad;
  if (lo < 0 && Math.min(...readings.map((r) => r.value)) >= 0) lo = 0;
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

function speakerLabel(r) {
  return r.speaker_kind === "outlet" ? "· unattributed" : `· ${r.speaker || "unknown speaker"}`;
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The SVG for one comparison group; ``onPick(reading)`` is called when a reading is clicked. */
export function groupChart(group, onPick) {
  const readings = group.readings;
  const [lo, hi, step] = domain(readings);
  const plotW = W - LABEL - VALUE;
  const H = TOP + readings.length * ROW + AXIS;
  const x = (v) => LABEL + ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo || 1)) * plotW;
  const tick = (t) => (hi >= 10000 ? COMPACT.format(t) : formatNumber(t));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", class: "chart",
    "aria-label": `${group.measure}: ${readings.map((r) => `${r.outlet || "unknown outlet"} ${r.speaker} ${approxSymbol(r.approx)}${formatNumber(r.value)}`).join(", ")}` });
  const plotBottom = TOP + readings.length * ROW;
  // the spread: from the lowest to the highest value
  svg.append(s("rect", { x: x(group.min), y: TOP - 6, width: Math.max(2, x(group.max) - x(group.min)), height: plotBottom - TOP + 12,
    class: group.discrepancy ? "band disagree" : "band" }));
  svg.append(s("text", { x: (x(group.min) + x(group.max)) / 2, y: TOP - 12, "text-anchor": "middle", class: `band-label${group.discrepancy ? " disagree" : ""}` },
    group.max > group.min ? `spread ${formatNumber(group.spread)} (${Math.round(group.relative_spread * 100)}%)` : "all sources agree"));
  for (let t = lo; t <= hi + step / 2; t += step) {
    svg.append(s("line", { x1: x(t), x2: x(t), y1: TOP - 6, y2: plotBottom + 6, class: "grid" }),
      s("text", { x: x(t), y: plotBottom + 22, "text-anchor": "middle", class: "tick" }, tick(Number(t.toPrecision(12)))));
  }
  readings.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const colour = outletColor(r.outlet);
    const kind = approxKind(r.approx);
    const [a, b] = interval(r);
    const row = s("g", { class: "reading", tabindex: "0", dataset: { claimId: r.claim_id, value: r.value, approx: r.approx || "", outlet: r.outlet || "" } });
    row.addEventListener("click", () => onPick(r));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") onPick(r); });
    row.append(s("title", {}, `${r.outlet || "unknown outlet"} · ${r.speaker}: “${r.text}”${r.approx ? ` (${r.approx})` : ""}\n${r.claim}`));
    row.append(s("rect", { x: 0, y: y - ROW / 2, width: W, height: ROW, class: "row-bg" }));
    row.append(s("circle", { cx: 10, cy: y, r: 5, fill: colour }),
      s("text", { x: 22, y: y + 4 }, s("tspan", { class: "row-outlet" }, clip(r.outlet || "unknown outlet", 20)),
        s("tspan", { class: "row-speaker", dx: 6 }, clip(speakerLabel(r), 38 - Math.min(20, (r.outlet || "unknown outlet").length)))));
    if (a !== b) {
      const dash = kind === "lower" || kind === "upper" ? "5 4" : null;
      row.append(s("line", { x1: x(a), x2: x(b), y1: y, y2: y, stroke: colour, "stroke-width": 3, "stroke-dasharray": dash, "stroke-linecap": "round", class: "interval" }));
      if (kind === "lower") row.append(s("path", { d: `M${x(hi) - 8} ${y - 5}L${x(hi)} ${y}L${x(hi) - 8} ${y + 5}`, fill: "none", stroke: colour, "stroke-width": 2 }));
      if (kind === "upper") row.append(s("path", { d: `M${x(lo) + 8} ${y - 5}L${x(lo)} ${y}L${x(lo) + 8} ${y + 5}`, fill: "none", stroke: colour, "stroke-width": 2 }));
    }
    row.append(marker(kind, x(r.value), y, colour));
    row.append(s("text", { x: W - VALUE + 14, y: y + 4, class: "row-value" }, `${approxSymbol(r.approx) ? approxSymbol(r.approx) + " " : ""}${formatNumber(r.value)}`));
    svg.append(row);
  });
  svg.append(s("line", { x1: LABEL, x2: LABEL + plotW, y1: plotBottom + 6, y2: plotBottom + 6, class: "axis" }));
  return svg;
}

/** A small legend of the marker shapes. */
export function shapeLegend() {
  const item = (kind, label) => {
    const icon = s("svg", { viewBox: "-12 -9 24 18", width: 24, height: 18, "aria-hidden": "true" }, marker(kind, 0, 0, "#555"));
    return [icon, label];
  };
  return [item("exact", "exact figure"), item("approx", "about / some (±10%)"), item("lower", "at least / more than"), item("upper", "at most / up to")];
}
