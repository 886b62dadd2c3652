// Sharing: the link and iframe snippet of the current view, copy buttons,
// and file names for exports. Loaded when a visitor opens the Share panel
// or exports a chart, not with the page.

import { applyParams, tidy } from './controls.js';

let full = null;

/**
 * An explorer of the full module (the page's own leaves the SVG export out),
 * loaded on the first SVG export and set to `params` (explorerParams).
 */
export async function svgExplorer(params) {
  full ??= import('../pkg/focal_loss_explorer.js').then(async (m) => {
    await m.default({ module_or_path: new URL('../pkg/focal_loss_explorer_bg.wasm', import.meta.url) });
    return new m.Explorer();
  });
  const explorer = await full;
  applyParams(explorer, params);
  return explorer;
}

function viewUrl(extra) {
  const u = new URL(location.href);
  u.hash = '';
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return u.href;
}

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
  embed.value = `<iframe src="${attr}" width="820" height="640" style="border:0;max-width:100%" title="Focal Loss Explorer" loading="lazy"></iframe>`;
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

/** A file name that says the parameters: focal-loss_loss_gamma-2_alpha-0.25. */
export function fileStem(kind, s) {
  const parts = ['focal-loss', kind, `gamma-${tidy(s.gamma)}`];
  parts.push(s.weighted ? `alpha-${tidy(s.alpha)}` : 'unweighted');
  if (s.star) parts.push(`flstar-gamma-${tidy(s.starGamma)}-beta-${tidy(s.starBeta)}`);
  parts.push(`axis-${s.axis}`, `y-${s.label}`);
  if (s.logY) parts.push('log');
  return parts.join('_');
}
