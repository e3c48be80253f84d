// Formatting and highlighting: numbers, dates, approximators, outlet colours, search highlights.
import { h, reEscape } from "./dom.js";

const NUMBER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function formatNumber(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return String(value ?? "");
  const abs = Math.abs(value);
  if (abs >= 1e9 && value % 1e7 === 0) return `${NUMBER.format(value / 1e9)} billion`;
  if (abs >= 1e6 && value % 1e4 === 0) return `${NUMBER.format(value / 1e6)} million`;
  return NUMBER.format(value);
}

export function formatDay(iso) {
  const d = iso ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? DAY.format(d) : "undated";
}

export function formatDate(iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return "undated";
  const time = TIME.format(d);
  return time === "00:00" ? DAY.format(d) : `${DAY.format(d)}, ${time} UTC`;
}

// Approximators the extractor emits, by how they bound the value.
const KINDS = {
  about: "approx", approximately: "approx", around: "approx", roughly: "approx", some: "approx",
  estimated: "approx", "an estimated": "approx", "close to": "approx",
  nearly: "below", almost: "below", "just under": "below",
  over: "lower", "more than": "lower", "at least": "lower", "upwards of": "lower", "in excess of": "lower",
  above: "lower", "just over": "lower", "no fewer than": "lower", "no less than": "lower", "as few as": "lower", "+": "lower",
  "less than": "upper", "fewer than": "upper", "at most": "upper", "up to": "upper", "as many as": "upper",
  "as much as": "upper", under: "upper", below: "upper", "no more than": "upper",
};
const SYMBOLS = { approx: "≈", below: "≲", lower: "≥", upper: "≤" };
const STRICT = new Set(["over", "more than", "above", "just over", "in excess of", "less than", "fewer than", "under", "below"]);

/** How an approximator bounds its value: exact, approx (±), below (just under), lower (at least), upper (at most). */
export function approxKind(approx) {
  if (!approx) return "exact";
  return KINDS[String(approx).toLowerCase()] || "approx";
}

export function approxSymbol(approx) {
  const kind = approxKind(approx);
  if (kind === "exact") return "";
  if (STRICT.has(String(approx).toLowerCase())) return kind === "lower" ? ">" : "<";
  return SYMBOLS[kind];
}

// Shares written as fractions, by exact value: "a third" extracted as 0.333 is ⅓, and ⅓ of 12,000 is 4,000.
const SHARES = [[1 / 2, "½"], [1 / 3, "⅓"], [2 / 3, "⅔"], [1 / 4, "¼"], [3 / 4, "¾"], [1 / 5, "⅕"], [1 / 10, "⅒"], [2, "twice"]];

function knownShare(x) {
  return SHARES.find(([v]) => Math.abs(v - x) < 0.002);
}

/** "½", "⅓", or "40%" for a share. */
export function shareWords(x) {
  const known = knownShare(x);
  return known ? known[1] : `${formatNumber(Math.round(x * 1000) / 10)}%`;
}

/** "6,000" or "3,663–5,500" for a [low, high] pair. */
export function span([lo, hi]) {
  if (hi === null || hi === undefined) return `≥ ${formatNumber(lo)}`;
  return lo === hi ? formatNumber(lo) : `${formatNumber(lo)}–${formatNumber(hi)}`;
}

/** A share with its hedge, and its base and the count it implies when known: "≈ ⅓ of 12,000 ≈ 4,000",
 *  "⅓–½ of 11,000 ≈ 3,663–5,500", "≈ ⅓". */
export function shareLabel(q) {
  const symbol = approxSymbol(q.approx);
  const [a, b] = q.relative || [q.value, q.value];
  const share = `${symbol ? symbol + " " : ""}${a === b ? shareWords(a) : `${shareWords(a)}–${shareWords(b)}`}`;
  if (!q.of) return share;
  const exact = (x) => Math.round((knownShare(x)?.[0] ?? x) * q.of);
  return `${share} of ${formatNumber(q.of)} ≈ ${span([exact(a), exact(b)])}`;
}

/** "≈ 18,000 people displaced" for a quantity of a claim; a share "≈ ⅓ of 12,000 ≈ 4,000 killed". */
export function quantityLabel(q) {
  if (q.relative) {
    const what = q.event || q.measure || q.counts || "";
    return `${shareLabel(q)}${what ? " " + what : ""}`;
  }
  const symbol = approxSymbol(q.approx);
  const what = q.measure || q.counts || q.unit || "";
  return `${symbol ? symbol + " " : ""}${formatNumber(q.value)}${what ? " " + what : ""}`;
}

// Colour per outlet: assigned in order of first sight, so one outlet keeps one colour across views.
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e67e00", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#a0a000"];
const colours = new Map();

export function registerOutlets(names) {
  for (const name of [...names].filter(Boolean).sort()) outletColor(name);
}

export function outletColor(name) {
  const key = name || "(unknown outlet)";
  if (!colours.has(key)) colours.set(key, PALETTE[colours.size % PALETTE.length]);
  return colours.get(key);
}

const OPEN = "<mark>";
const CLOSE = "</mark>";

/** The terms the search engine marked in highlight fragments (text between the exact <mark> markers). */
export function markedTerms(fragments) {
  const terms = new Set();
  for (const fragment of fragments || []) {
    if (typeof fragment !== "string") continue;
    let at = fragment.indexOf(OPEN);
    while (at !== -1) {
      const end = fragment.indexOf(CLOSE, at + OPEN.length);
      if (end === -1) break;
      const term = fragment.slice(at + OPEN.length, end).trim();
      if (term) terms.add(term.toLowerCase());
      at = fragment.indexOf(OPEN, end + CLOSE.length);
    }
  }
  return [...terms];
}

/** Nodes of ``text`` with every whole-word occurrence of ``terms`` in a <mark>; the rest as text nodes. */
export function highlight(text, terms) {
  const source = String(text ?? "");
  const usable = (terms || []).filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  if (!usable.length) return [source];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${usable.map(reEscape).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const out = [];
  let last = 0;
  for (const match of source.matchAll(pattern)) {
    if (match.index > last) out.push(source.slice(last, match.index));
    out.push(h("mark", {}, match[0]));
    last = match.index + match[0].length;
  }
  if (last < source.length) out.push(source.slice(last));
  return out;
}
