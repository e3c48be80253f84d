// Words for a compared reading: its figure as written, the absolute figure a share implies
// ("≈ half of 12,000 ≈ 6,000"), its hedge interval, and a disagreeing pair.
import { approxSymbol, formatNumber } from "./format.js";

const SHARES = [[0.5, "half"], [1 / 3, "a third"], [0.333, "a third"], [0.25, "a quarter"], [2 / 3, "two thirds"],
  [0.75, "three quarters"], [0.1, "a tenth"], [2, "twice"]];

/** "half", "a third", or "40%" for a share. */
export function shareWords(x) {
  const known = SHARES.find(([v]) => Math.abs(v - x) < 0.002);
  return known ? known[1] : `${formatNumber(Math.round(x * 1000) / 10)}%`;
}

/** "6,000" or "3,663–5,500" for a [low, high] pair. */
export function span([lo, hi]) {
  if (hi === null || hi === undefined) return `≥ ${formatNumber(lo)}`;
  return lo === hi ? formatNumber(lo) : `${formatNumber(lo)}–${formatNumber(hi)}`;
}

/** The absolute figure of a reading: the middle of its range. */
export function midpoint(r) {
  const [lo, hi] = r.absolute || [r.value, r.value];
  return (lo + hi) / 2;
}

/** The reading's figure as the chart labels it: "≈ half of 12,000 ≈ 6,000", "a third–half of 11,000 ≈ 3,663–5,500",
 *  "≈ 3,000 (sum)", "≥ 140". */
export function figureLabel(r) {
  const symbol = approxSymbol(r.approx);
  const hedge = symbol ? `${symbol} ` : "";
  if (r.relative && r.of) {
    const [a, b] = r.relative;
    const share = a === b ? shareWords(a) : `${shareWords(a)}–${shareWords(b)}`;
    return `${hedge}${share} of ${formatNumber(r.of)} ≈ ${span(r.absolute)}`;
  }
  const value = r.absolute ? span(r.absolute) : formatNumber(r.value);
  return `${hedge}${value}${r.derived ? " (sum)" : ""}`;
}

/** "Oleksandr Syrskyi, ≈ 6,000 lost" for a pair's side. */
export function who(r) {
  return `${r.speaker_kind === "outlet" ? r.outlet || "the outlet" : r.speaker}, ${figureLabel(r)}${r.event ? " " + r.event : ""}`;
}

/** Plain words for a reading's full story, for tooltips. */
export function readingTitle(r) {
  const parts = [`${r.outlet || "unknown outlet"} · ${r.speaker}: “${r.reported || r.text}”`];
  if (r.event) parts.push(`event: ${r.event}`);
  if (r.interval) parts.push(`allowed by its hedge: ${span(r.interval)}`);
  if (r.derived) parts.push(r.derived);
  parts.push(r.claim);
  return parts.join("\n");
}
