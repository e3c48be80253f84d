// The search API of this same origin. Relative URLs, so the explorer also works behind a path prefix.

export class ApiError extends Error {}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== null && v !== undefined && v !== "") search.append(key, String(v));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

function describe(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => `${(d.loc || []).filter((p) => p !== "query").join(".")}: ${d.msg}`).join("; ");
  }
  return JSON.stringify(detail);
}

/** GET ``path`` with ``params`` (arrays repeat the key); the JSON body, or an ApiError saying what is wrong. */
export async function getJSON(path, params, { signal } = {}) {
  const response = await fetch(`${path}${query(params)}`, { headers: { accept: "application/json" }, signal });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const reason = body && body.detail !== undefined ? describe(body.detail) : response.statusText;
    throw new ApiError(`${response.status}: ${reason}`);
  }
  return body;
}

export const api = {
  claims: (params, opts) => getJSON("claims", params, opts),
  compare: (params, opts) => getJSON("claims/compare", params, opts),
  articles: (params, opts) => getJSON("articles", params, opts),
  article: (id, opts) => getJSON(`articles/${encodeURIComponent(id)}`, {}, opts),
  stats: (opts) => getJSON("stats", {}, opts),
  stories: (params, opts) => getJSON("stories", params, opts),
};
