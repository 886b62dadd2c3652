// Sharing: the link and iframe snippet of the current view, copy buttons,
// and file names for exports. Loaded when a visitor opens the Share panel
// or exports a chart, not with the page.

let full = null;

/**
 * An explorer of the full module (the page's own leaves the exports out),
 * loaded on the first export and set to `params` (the page explorer's):
 * it draws the PNG and the SVG, and names their files.
 */
export async function exportExplorer(params) {
  full ??= import('../pkg/focal_loss_explorer.js').then(async (m) => {
    await m.default({ module_or_path: new URL('../pkg/focal_loss_explorer_bg.wasm', import.meta.url) });
    return new m.Explorer();
  });
  const explorer = await full;
  explorer.update(params);
  return explorer;
}

function viewUrl(extra) {
  const u = new URL(location.href);
  u.hash = '';
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return u.href;
}

/**
 * The host's side of an embed: each explorer iframe takes the height its page
 * reports (www/embed-mode.js), so that it never scrolls inside a post. Only
 * messages from the iframe's own window, at the origin of its src, count.
 * The README gives the same lines, and tests/e2e/fixtures/blog-iframe.js.
 * One string per line, each with the snippet's own indentation.
 */
const HOST_SCRIPT = [
  '<script>',
  "addEventListener('message', (event) => {",
  "  for (const frame of document.querySelectorAll('iframe.focal-loss-explorer')) {",
  '    if (event.source !== frame.contentWindow || event.origin !== new URL(frame.src).origin) continue;',
  '    const { type, height } = event.data || {};',
  "    if (type === 'focal-loss-explorer:height' && height > 0) frame.style.height = `${Math.ceil(height)}px`;",
  '  }',
  '});',
  '</script>',
].join('\n');

/** Fills the Share panel from the current address. */
export function refreshShare() {
  const link = document.getElementById('share-link');
  const embed = document.getElementById('share-embed');
  if (!link || !embed) return;
  const url = new URL(location.href);
  url.searchParams.delete('embed');
  url.hash = '';
  link.value = url.href;
  const src = viewUrl({ embed: '1' });
  // An attribute value: escape what could end it.
  const attr = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  // The column's width, and until the page reports its height (or where the
  // script cannot run) about what a 600–760 px column needs.
  embed.value = `<iframe src="${attr}" class="focal-loss-explorer" width="100%" height="1250" style="border:0" title="Focal Loss Explorer" loading="lazy"></iframe>\n${HOST_SCRIPT}`;
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function bindShare() {
  const status = document.getElementById('copy-status');
  for (const b of document.querySelectorAll('[data-copy]')) {
    b.addEventListener('click', async () => {
      const field = document.getElementById(b.dataset.copy);
      let ok = await copyText(field.value);
      if (!ok) {
        field.focus();
        field.select();
        ok = document.execCommand && document.execCommand('copy');
      }
      status.textContent = ok ? 'Copied.' : 'Select the text and copy it with Ctrl+C.';
    });
  }
  refreshShare();
}
