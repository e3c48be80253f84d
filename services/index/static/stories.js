// The stories view: recent stories (GET /stories), each with its time span, outlets, article and claim counts,
// whether its sources disagree, and a link to its comparison and to its articles. "More" pages on with the cursor.
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatDay } from "./format.js";
import { compareHash, searchHash } from "./route.js";

let token = 0;

function span(story) {
  const first = formatDay(story.first);
  const last = formatDay(story.last);
  return first === last ? first : `${first} – ${last}`;
}

function storyItem(story) {
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return h("li", { class: "story", dataset: { story: story.story_id } },
    h("a", { class: "story-title", href: compareHash({ story_id: story.story_id }) }, story.title || story.story_id),
    story.sources_disagree ? h("span", { class: "badge disagree", title: "Sources report figures that disagree" }, "sources disagree") : null,
    h("p", { class: "story-meta" },
      `${span(story)} · ${plural(story.articles, "article")} · ${plural(story.claims, "claim")} · `,
      story.outlets.join(", "), " · ",
      h("a", { href: searchHash({ q: "", sort: "date", filters: { story_id: [story.story_id] } }) }, "claims")));
}

/** Render the stories list into ``root``; ``params`` may hold q, outlet, date_from, date_to, min_articles. */
export async function renderStories(root, params) {
  const mine = ++token;
  const query = Object.fromEntries([...params.entries()].filter(([k]) => ["q", "outlet", "date_from", "date_to", "min_articles"].includes(k)));
  root.replaceChildren(h("p", { class: "notice" }, "Loading stories…"));
  const list = h("ol", { class: "story-list" });
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "More stories");
  let cursor = null;
  async function load() {
    let page;
    try {
      page = await api.stories({ ...query, size: 20, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      if (mine === token) root.replaceChildren(h("p", { class: "error", role: "alert" }, `Cannot list stories: ${err.message}`));
      return;
    }
    if (mine !== token) return;
    list.append(...page.stories.map(storyItem));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    if (!list.children.length) list.replaceWith(h("p", { class: "notice" }, "No story yet."));
  }
  more.addEventListener("click", load);
  root.replaceChildren(h("section", { class: "stories-view" }, h("h1", {}, "Stories"),
    h("p", { class: "summary" }, "Reports of one event from any outlet, latest first. A title opens the comparison of its figures."),
    list, more));
  await load();
}
