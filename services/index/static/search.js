// The search view: facets that filter when clicked, active filters that can be removed, claim cards, "more".
import { api } from "./api.js";
import { claimCard } from "./cards.js";
import { h } from "./dom.js";
import { formatDay, formatNumber, outletColor, registerOutlets } from "./format.js";
import { apiParams, compareHash, searchHash, searchState } from "./route.js";

const PAGE = 20;
const SHOWN = 8; // facet values shown before "show all"
const FACETS = [
  { name: "outlet", key: "outlet", label: "Outlet" },
  { name: "speaker", key: "speaker", label: "Speaker" },
  { name: "via", key: "via", label: "Via (who passed it on)" },
  { name: "entity", key: "entity", label: "Entity" },
  { name: "measure", key: "measure", label: "What the numbers measure" },
  { name: "cue", key: "cue", label: "Attribution cue" },
];
const DAY_MS = 86400000;

// The view on screen: its state, the claims shown, and a token that discards answers to superseded requests.
const view = { token: 0, state: null, root: null, hits: [], seen: new Set(), cursor: null, stories: new Map() };

function withFilter(state, key, value, on) {
  const filters = { ...state.filters };
  const current = filters[key] || [];
  const single = !["outlet", "speaker", "via", "entity", "cue", "story_id"].includes(key);
  const next = on ? (single ? [value] : [...new Set([...current, value])]) : current.filter((v) => v !== value);
  if (next.length) filters[key] = next;
  else delete filters[key];
  return { ...state, filters };
}

function dayRange(state, bucket, on) {
  const filters = { ...state.filters };
  delete filters.date_from;
  delete filters.date_to;
  if (on) {
    const start = new Date(bucket);
    filters.date_from = [start.toISOString()];
    filters.date_to = [new Date(start.getTime() + DAY_MS - 1).toISOString()];
  }
  return { ...state, filters };
}

function facetList(def, values, state) {
  const active = new Set(state.filters[def.key] || []);
  const items = values.map((f, i) => {
    const on = active.has(f.value);
    const label = [def.key === "outlet" ? dot(f.value) : null, h("span", { class: "facet-value" }, f.value)];
    return h("li", { class: `${on ? "active" : ""}${i >= SHOWN && !on ? " extra" : ""}` },
      h("a", { href: searchHash(withFilter(state, def.key, f.value, !on)), dataset: { facet: def.key, value: f.value },
        title: on ? "remove this filter" : "filter on this value" }, label, h("span", { class: "count" }, formatNumber(f.count))));
  });
  if (!items.length) return null;
  const list = h("ul", { class: "facet-list collapsed" }, items);
  const more = values.length > SHOWN
    ? h("button", { type: "button", class: "link", onclick: (e) => { list.classList.toggle("collapsed"); e.target.textContent = list.classList.contains("collapsed") ? `show all ${values.length}` : "show fewer"; } }, `show all ${values.length}`)
    : null;
  return h("section", { class: "facet", dataset: { facet: def.name } }, h("h3", {}, def.label), list, more);
}

function dot(outlet) {
  const d = h("span", { class: "dot", "aria-hidden": "true" });
  d.style.background = outletColor(outlet);
  return d;
}

function dateFacet(values, state) {
  if (!values.length) return null;
  const max = Math.max(...values.map((v) => v.count));
  const activeFrom = (state.filters.date_from || [])[0];
  const rows = values.map((b) => {
    const on = activeFrom && new Date(activeFrom).getTime() === new Date(b.value).getTime();
    const bar = h("span", { class: "bar" });
    bar.style.width = `${Math.max(4, Math.round((100 * b.count) / max))}%`;
    return h("li", { class: on ? "active" : "" }, h("a", { href: searchHash(dayRange(state, b.value, !on)), dataset: { facet: "date", value: b.value },
      title: on ? "remove the date filter" : "claims published that day (UTC)" },
    h("span", { class: "facet-value day" }, formatDay(b.value)), h("span", { class: "bar-track" }, bar), h("span", { class: "count" }, formatNumber(b.count))));
  });
  return h("section", { class: "facet histogram", dataset: { facet: "published" } }, h("h3", {}, "Published"), h("ul", { class: "facet-list" }, rows));
}

function storyFacet(values, state) {
  if (!values.length) return null;
  const active = new Set(state.filters.story_id || []);
  const rows = values.map((f) => {
    const on = active.has(f.value);
    const story = view.stories.get(f.value);
    const title = story ? story.title : `story ${f.value.slice(0, 8)}`;
    return h("li", { class: on ? "active" : "" },
      h("a", { href: searchHash(withFilter(state, "story_id", f.value, !on)), dataset: { facet: "story_id", value: f.value },
        title: story ? `${story.articles} article(s), e.g. “${story.title}”` : "filter on this story" },
      h("span", { class: "facet-value" }, title), h("span", { class: "count" }, formatNumber(f.count))),
      h("a", { class: "compare-story", href: compareHash({ story_id: f.value }), title: "compare the figures of this story's sources" }, "compare sources →"));
  });
  return h("section", { class: "facet stories", dataset: { facet: "story" } }, h("h3", {}, "Stories"), h("ul", { class: "facet-list" }, rows));
}

function syntaxHelp() {
  return h("details", { class: "syntax" }, h("summary", {}, "Search syntax"),
    h("ul", {}, h("li", {}, h("code", {}, "\"death toll\""), " exact phrase"), h("li", {}, h("code", {}, "+troops -police"), " must / must not"),
      h("li", {}, h("code", {}, "killed | displaced"), " either"), h("li", {}, h("code", {}, "displac*"), " prefix"),
      h("li", {}, "Words are combined with AND.")));
}

function activeFilters(state) {
  const chips = [];
  for (const [key, values] of Object.entries(state.filters)) {
    if (key === "date_to" && state.filters.date_from) continue;
    for (const value of values) {
      let label = value;
      let next = withFilter(state, key, value, false);
      if (key === "date_from" || key === "date_to") {
        label = formatDay(value);
        next = dayRange(state, value, false);
      } else if (key === "story_id") {
        label = view.stories.get(value)?.title || value.slice(0, 8);
      }
      chips.push(h("a", { class: "filter-chip", href: searchHash(next), dataset: { filter: key, value }, title: "remove this filter" },
        h("span", { class: "filter-key" }, key === "date_from" || key === "date_to" ? "date" : key.replace("_id", "")), label, h("span", { class: "x", "aria-hidden": "true" }, "×")));
    }
  }
  if (chips.length > 1) chips.push(h("a", { class: "filter-chip clear", href: searchHash({ ...state, filters: {} }) }, "clear all"));
  return chips;
}

async function loadStories(ids) {
  const missing = ids.filter((id) => !view.stories.has(id));
  if (!missing.length) return;
  try {
    const res = await api.articles({ story_id: missing, size: 100, sort: "date" });
    const counts = new Map((res.facets.story || []).map((f) => [f.value, f.count]));
    for (const a of res.hits) { // newest first, so the oldest is set last: a story is named by its first report
      if (a.story_id) view.stories.set(a.story_id, { title: a.title || a.url || a.article_id, articles: counts.get(a.story_id) || 1 });
    }
  } catch {
    // story titles are a nicety: ids are shown instead
  }
}

function renderFacets(res, state) {
  const facets = res.facets || {};
  registerOutlets((facets.outlet || []).map((f) => f.value));
  const aside = view.root.querySelector(".facets");
  aside.replaceChildren(
    ...FACETS.map((def) => facetList(def, facets[def.name] || [], state)).filter(Boolean),
    dateFacet(facets.published || [], state) || "", storyFacet(facets.story || [], state) || "", syntaxHelp());
}

function renderResults(res, state, newIds = new Set()) {
  const results = view.root.querySelector(".results");
  const total = h("span", { class: "total" }, `${formatNumber(res.total)} claim${res.total === 1 ? "" : "s"}`,
    state.q ? [" for ", h("q", {}, state.q)] : "", state.q && state.sort === "relevance" ? ", best match first" : ", newest first");
  const cards = h("ol", { class: "cards" }, view.hits.map((c) => claimCard(c, { isNew: newIds.has(c.claim_id) })));
  const empty = view.hits.length ? null : h("p", { class: "notice" }, "No claims match. Remove a filter, or try other words (see Search syntax).");
  const more = view.cursor ? h("button", { type: "button", class: "more", onclick: () => more_(state) }, `More claims (${formatNumber(view.hits.length)} of ${formatNumber(res.total)} shown)`) : null;
  results.replaceChildren(h("div", { class: "result-bar" }, total, h("div", { class: "active-filters" }, activeFilters(state))), empty || cards, h("div", { class: "pager" }, more));
}

async function more_(state) {
  const token = view.token;
  const button = view.root.querySelector("button.more");
  if (button) { button.disabled = true; button.textContent = "Loading…"; }
  try {
    const res = await api.claims({ ...apiParams(state), size: PAGE, cursor: view.cursor });
    if (token !== view.token) return;
    view.hits.push(...res.hits.filter((c) => !view.seen.has(c.claim_id)));
    res.hits.forEach((c) => view.seen.add(c.claim_id));
    view.cursor = res.next_cursor;
    renderResults(res, state);
  } catch (err) {
    showError(err);
  }
}

function showError(err) {
  const results = view.root?.querySelector(".results");
  if (results) results.prepend(h("p", { class: "error", role: "alert" }, `The search API refused: ${err.message}`));
}

/** The search view is left for another: answers still on their way are dropped, not drawn into that view. */
export function leaveSearch() {
  view.token += 1;
}

/** Render the search view for route ``params`` into ``root``. */
export async function renderSearch(root, params) {
  const state = searchState(params);
  const token = ++view.token;
  Object.assign(view, { state, root, hits: [], seen: new Set(), cursor: null });
  root.replaceChildren(h("div", { class: "search-view" }, h("aside", { class: "facets", "aria-label": "Filters" }),
    h("section", { class: "results", "aria-label": "Claims" }, h("p", { class: "notice" }, "Searching…"))));
  try {
    const res = await api.claims({ ...apiParams(state), size: PAGE });
    await loadStories([...(res.facets.story || []).map((f) => f.value), ...(state.filters.story_id || [])]);
    if (token !== view.token) return;
    view.hits = res.hits;
    res.hits.forEach((c) => view.seen.add(c.claim_id));
    view.cursor = res.next_cursor;
    renderFacets(res, state);
    renderResults(res, state);
  } catch (err) {
    if (token !== view.token) return;
    root.querySelector(".results").replaceChildren(h("p", { class: "error", role: "alert" }, `The search API refused: ${err.message}`));
  }
}

/** Claims arrived: fetch the current search again (as many claims as are shown) and mark the new ones. */
export async function refreshSearch() {
  if (!view.root || !view.root.isConnected || !view.state) return 0;
  const { state } = view;
  const token = view.token;
  const res = await api.claims({ ...apiParams(state), size: Math.min(100, Math.max(PAGE, view.hits.length)) });
  if (token !== view.token) return 0;
  const fresh = new Set(res.hits.filter((c) => !view.seen.has(c.claim_id)).map((c) => c.claim_id));
  const previous = new Set(Array.from(view.root.querySelectorAll(".card.new"), (el) => el.dataset.claimId));
  await loadStories((res.facets.story || []).map((f) => f.value));
  if (token !== view.token) return 0;
  view.hits = res.hits;
  res.hits.forEach((c) => view.seen.add(c.claim_id));
  view.cursor = res.next_cursor;
  renderFacets(res, state);
  renderResults(res, state, new Set([...fresh, ...previous]));
  return fresh.size;
}

export function currentSearchHash() {
  return view.state ? searchHash(view.state) : "#/";
}

