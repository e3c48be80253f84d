// The claim explorer: routes the URL fragment to a view, wires the search form and the live counter.
import { renderArticle } from "./article.js";
import { renderCompare } from "./compare.js";
import { startLive } from "./live.js";
import { renderStories } from "./stories.js";
import { go, parse, searchHash, searchState } from "./route.js";
import { currentSearchHash, leaveSearch, refreshSearch, renderSearch } from "./search.js";

const root = document.getElementById("view");
const form = document.getElementById("search-form");
const input = document.getElementById("q");
const sort = document.getElementById("sort");
let route = parse();

function syncForm(params) {
  const state = searchState(params);
  input.value = state.q;
  sort.value = state.sort;
}

async function render() {
  route = parse();
  document.body.dataset.view = route.view;
  if (route.view !== "search") leaveSearch();
  if (route.view === "article") return renderArticle(root, route.id, route.params, currentSearchHash());
  if (route.view === "stories") return renderStories(root, route.params);
  if (route.view === "compare") {
    if (route.params.get("q")) input.value = route.params.get("q");
    return renderCompare(root, route.params, currentSearchHash());
  }
  syncForm(route.params);
  return renderSearch(root, route.params);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const state = route.view === "search" ? searchState(route.params) : { filters: {} };
  go(searchHash({ ...state, q: input.value.trim(), sort: sort.value }));
});
sort.addEventListener("change", () => form.requestSubmit());
document.getElementById("compare-query").addEventListener("click", () => {
  const q = input.value.trim();
  const story = route.view === "search" ? (searchState(route.params).filters.story_id || [])[0] : route.params.get("story_id");
  if (!q && !story) {
    input.focus();
    input.setCustomValidity("Type what to compare (e.g. killed, displaced), or pick a story.");
    input.reportValidity();
    return;
  }
  go(`#/compare?${new URLSearchParams({ ...(q ? { q } : {}), ...(story && !q ? { story_id: story } : {}) })}`);
});
input.addEventListener("input", () => input.setCustomValidity(""));

window.addEventListener("hashchange", render);
startLive(document.getElementById("live"), async () => {
  if (route.view === "search") await refreshSearch();
  else if (route.view === "compare") await renderCompare(root, route.params, currentSearchHash(), { live: true });
});
render();
