// The article view: the article's text with each claim's sentence marked in place (from the claim's `span`
// offsets), and the list of its claims. Article text is untrusted: it only ever becomes text nodes.
import { api } from "./api.js";
import { chips, outletTag } from "./cards.js";
import { h } from "./dom.js";
import { formatDate } from "./format.js";
import { claimChain } from "./provenance.js";
import { compareHash } from "./route.js";

let token = 0;

/** Pieces of ``text`` cut at every span boundary, each with the claims covering it (spans may overlap). */
export function pieces(text, claims) {
  const valid = claims.filter((c) => Array.isArray(c.span) && c.span.length === 2 && Number.isInteger(c.span[0])
    && Number.isInteger(c.span[1]) && c.span[0] >= 0 && c.span[0] < c.span[1] && c.span[1] <= text.length);
  const cuts = [...new Set([0, text.length, ...valid.flatMap((c) => c.span)])].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    out.push({ text: text.slice(start, end), claims: valid.filter((c) => c.span[0] <= start && end <= c.span[1]) });
  }
  return out;
}

function focus(root, claimId, scroll) {
  root.querySelectorAll(".focus").forEach((el) => el.classList.remove("focus"));
  const marks = [...root.querySelectorAll(".claim-span")].filter((el) => el.dataset.claims.split(" ").includes(claimId));
  const item = [...root.querySelectorAll(".article-claims li")].find((el) => el.dataset.claimId === claimId);
  marks.forEach((el) => el.classList.add("focus"));
  item?.classList.add("focus");
  if (scroll) (marks[0] || item)?.scrollIntoView({ block: "center", behavior: "instant" });
}

function speakerOf(claim) {
  const sp = claim.speaker || {};
  if (sp.kind === "outlet") return "the outlet itself";
  return [sp.name || "unknown speaker", sp.title ? `(${sp.title})` : ""].filter(Boolean).join(" ");
}

function claimItem(claim, root) {
  return h("li", { dataset: { claimId: claim.claim_id }, tabindex: "0", onclick: () => focus(root, claim.claim_id, true),
    onkeydown: (e) => { if (e.key === "Enter") focus(root, claim.claim_id, true); } },
  h("div", { class: "card-head" }, h("span", { class: "speaker" }, speakerOf(claim)), claim.cue ? h("span", { class: "cue" }, claim.cue) : null,
    claim.hedged ? h("span", { class: "hedge" }, "hedged") : null),
  claimChain(claim), h("p", { class: "claim-text" }, claim.text), chips(claim.quantities));
}

function textWithClaims(text, claims, root) {
  return pieces(text, claims).map((p) => {
    if (!p.claims.length) return p.text;
    const ids = p.claims.map((c) => c.claim_id);
    return h("span", { class: `claim-span${p.claims.length > 1 ? " overlap" : ""}`, dataset: { claims: ids.join(" ") },
      title: p.claims.map((c) => `${speakerOf(c)}${c.cue ? " " + c.cue : ""}: ${c.text}`).join("\n"),
      onclick: () => focus(root, ids[0], false) }, p.text);
  });
}

function safeLink(url) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return h("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank" }, "original ↗");
    }
  } catch {
    // not a URL: shown as text below
  }
  return url ? h("span", { class: "muted" }, url) : null;
}

/** Render article ``id``; ``params.claim`` is the claim to focus. ``back`` is the search to return to. */
export async function renderArticle(root, id, params, back) {
  const mine = ++token;
  root.replaceChildren(h("p", { class: "notice" }, "Loading the article…"));
  let article;
  try {
    article = await api.article(id);
  } catch (err) {
    if (mine === token) root.replaceChildren(h("p", { class: "error", role: "alert" }, `Cannot show this article: ${err.message}`), h("a", { href: back }, "← back to the search"));
    return;
  }
  if (mine !== token) return;
  const claims = article.claims || [];
  const text = typeof article.text === "string" ? article.text : "";
  const view = h("div", { class: "article-view" });
  const meta = [outletTag(article.outlet), h("time", { datetime: article.published_at || "" }, formatDate(article.published_at)),
    article.author ? h("span", {}, `by ${article.author}`) : null, safeLink(article.url),
    article.story_id ? h("a", { href: compareHash({ story_id: article.story_id }), class: "compare-link" }, "compare this story's sources") : null];
  view.append(
    h("nav", { class: "crumbs" }, h("a", { href: back }, "← back to the search")),
    h("header", { class: "article-head" }, h("h1", {}, article.title || "(untitled article)"), h("p", { class: "meta" }, meta)),
    h("div", { class: "article-layout" },
      h("article", { class: "article-text", lang: article.language || "en" }, textWithClaims(text, claims, view)),
      h("aside", { class: "article-claims" }, h("h2", {}, `${claims.length} claim${claims.length === 1 ? "" : "s"} in this article`),
        claims.length ? h("ol", {}, claims.map((c) => claimItem(c, view))) : h("p", { class: "notice" }, article.extraction_skipped_reason || "No claims were extracted."))));
  root.replaceChildren(view);
  const wanted = params.get("claim");
  if (wanted) focus(view, wanted, true);
  else window.scrollTo(0, 0);
}

