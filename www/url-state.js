// The view lives in the URL: the explorer reads a link's parameters
// (Explorer.read, by the schema in src/params.rs) and writes them back
// (Explorer.query), kept in step through history.replaceState. This module
// only moves the text: the page's own keys (embed, hide), which
// www/embed-mode.js applies before the first paint, stay as they were.

/** The link's query as [name, value] pairs, for Explorer.read. */
export function linkPairs(search = location.search) {
  return [...new URLSearchParams(search)];
}

/**
 * Puts `query` (the explorer's) into the address bar without adding
 * history entries, with the page's keys (embed, hide) kept as they were.
 */
export function writeLink(query) {
  const keep = new URLSearchParams(location.search);
  const parts = [query];
  for (const k of ['embed', 'hide']) if (keep.has(k)) parts.push(`${k}=${encodeURIComponent(keep.get(k))}`);
  const q = parts.filter(Boolean).join('&');
  const url = `${location.pathname}${q ? `?${q}` : ''}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) {
    history.replaceState(null, '', url);
  }
}
