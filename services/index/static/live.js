// Live updates: every few seconds ask how many claims and articles the index holds (the totals of a one-hit
// search: /stats samples Kafka offsets and takes seconds); when there are more claims than before, count them in
// the header and tell the current view (which fetches its results again and marks the new claims).
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatNumber } from "./format.js";

export const POLL_MS = 3000;

/** Start polling; ``onArrival(n)`` is awaited when ``n`` new claims were indexed. Returns a stop function. */
export function startLive(el, onArrival) {
  let last = null;
  let arrived = 0;
  let paused = false;
  let timer = null;
  const toggle = h("button", { type: "button", class: "link live-toggle", onclick: () => { paused = !paused; toggle.textContent = paused ? "resume" : "pause"; schedule(0); } }, "pause");

  function show(stats, error) {
    const state = error ? "offline" : paused ? "paused" : "live";
    const parts = [h("span", { class: `live-dot ${state}`, title: error ? String(error.message || error) : `polling every ${POLL_MS / 1000}s` }), state];
    if (stats) {
      parts.push(h("span", { class: "live-stats" }, ` · ${formatNumber(stats.articles)} articles · ${formatNumber(stats.claims)} claims`,
        ""));
    }
    parts.push(h("span", { class: `arrived${arrived ? " some" : ""}`, title: "claims indexed since this page was opened" },
      arrived ? `+${formatNumber(arrived)} new claim${arrived === 1 ? "" : "s"} arrived` : "no new claims yet"));
    el.replaceChildren(...parts, toggle);
  }

  let lastStats = null;
  async function tick() {
    if (paused) return show(lastStats, null);
    try {
      const [claims, articles] = await Promise.all([api.claims({ size: 1, sort: "date" }), api.articles({ size: 1, sort: "date" })]);
      const stats = { claims: claims.total, articles: articles.total };
      lastStats = stats;
      if (last !== null && stats.claims > last) {
        arrived += stats.claims - last;
        show(stats, null);
        await onArrival(stats.claims - last);
      }
      last = stats.claims;
      show(stats, null);
    } catch (err) {
      show(lastStats, err);
    }
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(async () => { await tick(); schedule(POLL_MS); }, delay);
  }
  schedule(0);
  return () => clearTimeout(timer);
}
