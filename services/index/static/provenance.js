// Who heard it from whom: a claim's or a reading's chain ("Gen. X → The New York Times → Outlet"), copies
// ("also carried by"), and a comparison group's readings by origin ("Gen. X via Reuters — carried by A, B, C").
import { h } from "./dom.js";

function links(names) {
  const out = [];
  names.forEach((name, i) => {
    if (i) out.push(h("span", { class: "chain-arrow", "aria-hidden": "true" }, " → "));
    out.push(h("span", { class: `chain-link${i === names.length - 1 ? " chain-outlet" : ""}` }, name));
  });
  return out;
}

function sameName(a, b) {
  return String(a || "").toLowerCase().replace(/^the /, "") === String(b || "").toLowerCase().replace(/^the /, "");
}

/** The chain of a claim document: its speaker (or "the outlet itself"), the intermediaries it names, its outlet;
 *  a first-hand mark, and the article it copies. Null for an outlet's own statement without intermediaries. */
export function claimChain(claim) {
  const sp = claim.speaker || {};
  const via = (claim.via || []).map((v) => v.canonical || v.name).filter(Boolean);
  const outlet = claim.outlet || "unknown outlet";
  const own = sp.kind === "outlet" && (!sp.name || sameName(sp.name, outlet) || sp.name === "outlet");
  if (own && !via.length && !claim.copy_of) return null;
  const names = [own ? null : sp.name || "unknown speaker", ...via, outlet].filter(Boolean)
    .filter((n, i, all) => i === 0 || !sameName(n, all[i - 1]));
  const copy = claim.copy_of
    ? h("span", { class: "copy-of", title: "The same text was published earlier; this copy is not an independent source" },
      `copy of ${claim.copy_of.outlet || claim.copy_of.article_id}`) : null;
  const first = claim.first_hand ? h("span", { class: "first-hand", title: `Told ${outlet} itself` }, "first-hand") : null;
  return h("div", { class: "chain", title: "who heard it from whom, speaker first" }, links(names), first, copy);
}

/** The chain of a compared reading, with the outlets of copies folded into it. */
export function readingChain(r) {
  const names = r.chain && r.chain.length ? r.chain : [r.speaker, r.outlet || "unknown outlet"];
  const also = (r.also_carried_by || []).length
    ? h("span", { class: "also-carried" }, ` (also carried by ${r.also_carried_by.join(", ")})`) : null;
  return h("span", { class: "chain" }, links(names), also);
}

/** "2 independent sources in 4 outlets" for a group. */
export function sourcesLine(group) {
  const n = group.independent_sources ?? group.n_sources;
  const outlets = group.sources ?? group.outlets.length;
  return `${n} independent source${n === 1 ? "" : "s"} in ${outlets} outlet${outlets === 1 ? "" : "s"}`;
}

/** The group's readings by origin: "Gen. X via Reuters — carried by A, B, C". */
export function originList(group) {
  const origins = group.origins || [];
  if (!origins.length) return null;
  return h("div", { class: "origins" }, h("h3", {}, sourcesLine(group)),
    h("ul", {}, origins.map((o) => h("li", { class: "origin", dataset: { origin: o.origin, readings: String(o.readings.length) } },
      h("strong", {}, o.origin), ` — carried by ${o.carried_by.join(", ")}`,
      o.carried_by.length > 1 ? h("span", { class: "muted" }, " (one source, not corroboration)") : null))));
}
