// The comparison view: for a story or a query, one chart per measure (nested events together) with every
// reading on one absolute axis, the pairs of sources that disagree and the verdict (from /claims/compare).
import { api } from "./api.js";
import { DRAWN, groupChart, shapeLegend } from "./chart.js";
import { h } from "./dom.js";
import { figureLabel, who } from "./figures.js";
import { formatDate, formatNumber, outletColor, registerOutlets } from "./format.js";
import { originList, readingChain, sourcesLine } from "./provenance.js";
import { articleHash, go, searchHash } from "./route.js";

let token = 0;

function title(measure, unit, side) {
  const text = [side, measure || "figures"].filter(Boolean).join(" ");
  const head = text.charAt(0).toUpperCase() + text.slice(1);
  return unit && !text.includes(unit) ? `${head} (${unit})` : head;
}

function verdict(group) {
  const disagree = group.verdict === "disagree";
  return h("p", { class: `verdict ${disagree ? "disagree" : "agree"}`, role: disagree ? "note" : null },
    h("strong", {}, disagree ? "Sources disagree. " : group.figures_differ ? "Consistent within their hedges. " : "Consistent. "),
    `${formatNumber(group.min)} – ${formatNumber(group.max)} from ${sourcesLine(group)}` +
      (group.events.length > 1 ? `; nested measures shown together: ${group.events.join(", ")}` : "") +
      (group.periods.length > 1 ? `; periods that nest, each figure compared as a part of the wider one: ${group.periods.join(", ")}.`
        : group.periods.length ? `; period stated: ${group.periods[0]}.` : "."));
}

function pairItem(group, d) {
  return h("li", { class: "pair" }, h("span", { class: "conflict-mark" }, "≠ "), h("strong", {}, who(group.readings[d.a])),
    " against ", h("strong", {}, who(group.readings[d.b])), `: ${d.reason}.`);
}

/** The disagreeing pairs: those joined on the chart, then the others folded away. */
function disagreementList(group) {
  const pairs = group.disagreements;
  if (!pairs.length) return null;
  const rest = pairs.slice(DRAWN);
  return h("div", { class: "pairs" }, h("ul", {}, pairs.slice(0, DRAWN).map((d) => pairItem(group, d))),
    rest.length ? h("details", { class: "more-pairs" }, h("summary", {}, `${rest.length} more pair${rest.length > 1 ? "s" : ""} that disagree`),
      h("ul", {}, rest.map((d) => pairItem(group, d)))) : null);
}

function readingsTable(group) {
  return h("details", { class: "readings" }, h("summary", {}, `The ${group.readings.length} readings and their claims`),
    h("table", {}, h("thead", {}, h("tr", {}, ["Figure", "Event", "Period", "Outlet", "Who heard it from whom", "Published", "Claim"].map((c) => h("th", {}, c)))),
      h("tbody", {}, group.readings.map((r) => {
        const dot = h("span", { class: "dot" });
        dot.style.background = outletColor(r.outlet);
        return h("tr", {}, h("td", { class: "num", title: r.derived || r.reported }, figureLabel(r)), h("td", {}, r.event || "—"), h("td", {}, r.period || "—"),
          h("td", {}, dot, r.outlet || "unknown"), h("td", {}, r.speaker_kind === "outlet" && !(r.via || []).length ? "(unattributed)" : readingChain(r)), h("td", {}, formatDate(r.published_at)),
          h("td", {}, h("a", { href: articleHash(r.article_id, r.claim_id) }, r.claim)));
      }))));
}

function groupCard(group) {
  const outlets = [...new Set(group.readings.map((r) => r.outlet || "unknown outlet"))];
  const legend = h("div", { class: "legend" }, outlets.map((o) => {
    const dot = h("span", { class: "dot" });
    dot.style.background = outletColor(o);
    return h("span", { class: "legend-item" }, dot, o);
  }));
  const disagree = group.verdict === "disagree";
  return h("section", { class: `group${disagree ? " disagree" : ""}`, dataset: { measure: group.measure, verdict: group.verdict } },
    h("header", {}, h("h2", {}, title(group.measure, group.unit, group.side)), h("span", { class: `flag${disagree ? "" : " ok"}` }, disagree ? "disagree" : "consistent")),
    verdict(group), groupChart(group, (r) => go(articleHash(r.article_id, r.claim_id))), disagreementList(group), originList(group), legend, readingsTable(group));
}

/** Readings whose measure cannot be told (a subject naming no side where several are counted): listed apart. */
function unplacedList(unplaced) {
  if (!unplaced || !unplaced.length) return null;
  return h("section", { class: "unplaced" }, h("h2", {}, `Not compared: ${unplaced.length} reading${unplaced.length > 1 ? "s" : ""} whose measure is unclear`),
    h("ul", {}, unplaced.map((r) => h("li", { dataset: { claimId: r.claim_id } }, h("strong", {}, `${who(r)}`), ` (${r.outlet || "unknown outlet"}): ${r.why}. `,
      h("a", { href: articleHash(r.article_id, r.claim_id) }, "the claim")))));
}

/** How the API read a query naming a measure: " — compared as the measure troops (north korean)". */
function measureNote(mq) {
  if (!mq) return null;
  const what = [mq.subjects.join(" or "), mq.events.join(" or ")].filter(Boolean).join(", ");
  const mods = mq.modifiers.length ? ` (${mq.modifiers.join(" ")})` : "";
  return h("span", { class: "measure-note" }, ` — compared as the measure: ${what}${mods}, whatever words the claims use`);
}

async function storyTitle(storyId) {
  try {
    const res = await api.articles({ story_id: storyId, size: 50, sort: "date" });
    return res.hits;
  } catch {
    return [];
  }
}

/** Render the comparison for ``params`` (``story_id`` and/or ``q``) into ``root``. */
export async function renderCompare(root, params, back, { live = false } = {}) {
  const mine = ++token;
  const storyId = params.get("story_id") || "";
  const q = params.get("q") || "";
  if (!live) root.replaceChildren(h("p", { class: "notice" }, "Comparing…"));
  let res;
  let articles = [];
  try {
    [res, articles] = await Promise.all([api.compare({ story_id: storyId, q }), storyId ? storyTitle(storyId) : []]);
  } catch (err) {
    if (mine === token) root.replaceChildren(h("p", { class: "error", role: "alert" }, `Cannot compare: ${err.message}`), h("a", { href: back }, "← back to the search"));
    return;
  }
  if (mine !== token) return;
  registerOutlets(res.groups.flatMap((g) => g.outlets));
  const disagreements = res.groups.filter((g) => g.verdict === "disagree").length;
  const storyList = articles.length ? h("ul", { class: "story-articles" }, [...articles].reverse().map((a) => {
    const dot = h("span", { class: "dot" });
    dot.style.background = outletColor(a.outlet);
    return h("li", {}, dot, h("a", { href: articleHash(a.article_id) }, a.title || a.url || a.article_id),
      ` — ${a.outlet || "unknown outlet"}, ${formatDate(a.published_at)}`);
  })) : null;
  const subject = storyId ? ["this story:", storyList] : [h("q", {}, q), measureNote(res.measure_query)];
  const summary = `${formatNumber(res.claims_compared)} claims with numbers compared: ${res.groups.length} measured quantit${res.groups.length === 1 ? "y" : "ies"} reported by two or more sources, ${disagreements} where they disagree.`;
  root.replaceChildren(h("div", { class: "compare-view" },
    h("nav", { class: "crumbs" }, h("a", { href: back }, "← back to the search"),
      storyId ? h("a", { href: searchHash({ q: "", sort: "relevance", filters: { story_id: [storyId] } }) }, "all claims of this story") : null),
    h("header", { class: "compare-head" }, h("h1", {}, "Where the sources disagree"), h("div", { class: "subject" }, "Figures reported about ", subject),
      h("p", { class: "summary" }, summary), res.truncated ? h("p", { class: "notice" }, `Only the ${res.claims_compared} best matching of ${res.claims_matching} claims were compared.`) : null,
      h("p", { class: "shape-legend" }, shapeLegend())),
    res.groups.length ? res.groups.map(groupCard) : h("p", { class: "notice" }, "No figure is reported by two or more sources here."),
    unplacedList(res.unplaced)));
  if (!live) window.scrollTo(0, 0);
}
