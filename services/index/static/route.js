// The view lives in the URL fragment, so every view can be linked, reloaded and left with the back button:
//   #/?q=..&outlet=..        search     #/article/<id>?claim=<claim_id>     #/compare?story_id=..|q=..
//   #/stories?q=..&outlet=.. the stories list

// Search filters: URL key -> API parameter. Repeatable ones filter on any of their values.
export const LIST_FILTERS = ["outlet", "speaker", "via", "entity", "cue", "story_id"];
export const SINGLE_FILTERS = ["measure", "date_from", "date_to", "hedged", "first_hand"];

export function parse(hash = location.hash) {
  const raw = hash.replace(/^#/, "");
  const cut = raw.indexOf("?");
  const path = (cut === -1 ? raw : raw.slice(0, cut)) || "/";
  const params = new URLSearchParams(cut === -1 ? "" : raw.slice(cut + 1));
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "article" && parts[1]) return { view: "article", id: parts[1], params };
  if (parts[0] === "compare") return { view: "compare", params };
  if (parts[0] === "stories") return { view: "stories", params };
  return { view: "search", params };
}

/** The search state in a route's params: {q, sort, filters: {key: [values]}}. */
export function searchState(params) {
  const filters = {};
  for (const key of [...LIST_FILTERS, ...SINGLE_FILTERS]) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = LIST_FILTERS.includes(key) ? values : [values[0]];
  }
  return { q: params.get("q") || "", sort: params.get("sort") || "relevance", filters };
}

export function searchHash({ q, sort, filters }) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (sort && sort !== "relevance") params.set("sort", sort);
  for (const [key, values] of Object.entries(filters || {})) for (const v of values) params.append(key, v);
  const text = params.toString();
  return `#/${text ? "?" + text : ""}`;
}

/** The API parameters of a search state. */
export function apiParams({ q, sort, filters }) {
  const out = { q, sort };
  for (const [key, values] of Object.entries(filters || {})) out[key] = LIST_FILTERS.includes(key) ? values : values[0];
  return out;
}

export function articleHash(articleId, claimId) {
  return `#/article/${encodeURIComponent(articleId)}${claimId ? "?claim=" + encodeURIComponent(claimId) : ""}`;
}

export function compareHash(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  return `#/compare?${search.toString()}`;
}

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}
