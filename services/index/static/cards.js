// Claim cards: speaker, cue, who passed it on (chain), claim text with highlights, quantity chips, hedge marker, outlet and date.
import { h } from "./dom.js";
import { formatDate, highlight, markedTerms, outletColor, quantityLabel } from "./format.js";
import { claimChain } from "./provenance.js";
import { articleHash, compareHash } from "./route.js";

const ATTRIBUTION = { direct_quote: "direct quote", indirect: "reported speech", according_to: "according to",
  unattributed: "unattributed" };

export function outletTag(outlet) {
  const name = outlet || "unknown outlet";
  const dot = h("span", { class: "dot", "aria-hidden": "true" });
  dot.style.background = outletColor(outlet);
  return h("span", { class: "outlet" }, dot, name);
}

function speakerLine(claim) {
  const sp = claim.speaker || {};
  const items = [];
  if (sp.kind === "outlet") {
    items.push(h("span", { class: "speaker muted", title: "No speaker: the outlet states this itself" }, "the outlet itself"));
  } else {
    items.push(h("span", { class: "speaker", title: sp.kind ? `speaker (${sp.kind})` : "speaker" }, sp.name || "unknown speaker"));
    if (sp.title) items.push(h("span", { class: "speaker-title" }, sp.title));
    if (sp.canonical && sp.name && !sp.name.toLowerCase().includes(sp.canonical.toLowerCase())) items.push(h("span", { class: "muted" }, `(${sp.canonical})`));
  }
  if (claim.cue) items.push(h("span", { class: "cue", title: "attribution cue" }, claim.cue));
  if (claim.attribution) items.push(h("span", { class: "attribution", title: "attribution" }, ATTRIBUTION[claim.attribution] || claim.attribution));
  if (claim.hedged) items.push(h("span", { class: "hedge", title: "Hedged: may, reportedly, allegedly, …" }, "hedged"));
  return h("div", { class: "card-head" }, items);
}

export function chips(quantities) {
  const list = (quantities || []).filter((q) => typeof q.value === "number");
  if (!list.length) return null;
  return h("div", { class: "chips" }, list.map((q) => h("span", {
    class: `chip${q.approx ? " approx" : ""}`,
    title: `as written: “${q.text || q.value}”${q.approx ? ` (approximator: ${q.approx})` : ""}${q.counts ? `; counts: ${q.counts}` : ""}`,
  }, quantityLabel(q))));
}

/** A search result card; ``terms`` are the highlighted search terms, ``isNew`` marks a live arrival. */
export function claimCard(claim, { isNew = false } = {}) {
  const hl = claim.highlight || {};
  const terms = markedTerms([...(hl.text || []), ...(hl.sentence || [])]);
  const quote = claim.attribution === "direct_quote";
  const text = h("blockquote", { class: `claim-text${quote ? " quote" : ""}` }, highlight(claim.text, terms));
  // the sentence adds context when the claim is a part of it (reported speech without its speaker)
  const context = claim.sentence && (claim.text || "").trim().length < 0.8 * claim.sentence.trim().length
    ? h("p", { class: "context", title: "the sentence holding the claim" }, highlight(claim.sentence, terms)) : null;
  const links = [h("a", { href: articleHash(claim.article_id, claim.claim_id), class: "article-link" }, "read in article")];
  if (claim.story_id) links.push(h("a", { href: compareHash({ story_id: claim.story_id }), class: "compare-link" }, "compare story"));
  return h("li", { class: `card${isNew ? " new" : ""}`, dataset: { claimId: claim.claim_id } },
    speakerLine(claim), claimChain(claim), text, context, chips(claim.quantities),
    h("div", { class: "card-foot" }, outletTag(claim.outlet), h("time", { datetime: claim.published_at || "" }, formatDate(claim.published_at)),
      isNew ? h("span", { class: "new-tag" }, "new") : null, h("span", { class: "spacer" }), links));
}
