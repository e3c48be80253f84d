// Words for a compared reading: its figure as written, the absolute figure a share implies
// ("≈ ½ of 12,000 ≈ 6,000"), its hedge interval, and a disagreeing pair.
import { approxSymbol, formatNumber, shareLabel, span } from "./format.js";

/** The absolute figure of a reading: the middle of its range. */
export function midpoint(r) {
  const [lo, hi] = r.absolute || [r.value, r.value];
  return (lo + hi) / 2;
}

/** The reading's figure as the chart labels it: "≈ ½ of 12,000 ≈ 6,000", "⅓–½ of 11,000 ≈ 3,663–5,500",
 *  "≈ 3,000 (sum)", "≥ 140". */
export function figureLabel(r) {
  const symbol = approxSymbol(r.approx);
  const hedge = symbol ? `${symbol} ` : "";
  if (r.relative && r.of) return shareLabel(r);
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
