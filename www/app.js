// The explorer page: mounts the explorer (www/mount.js) on the page's
// charts, reads the link into it, and wires the controls, the text, the
// link, sharing and exports to it. The explorer holds every parameter.

import { loadExplorer, mountExplorer, parameterSchema } from './mount.js';
import { bindControls } from './controls.js';
import { linkPairs, writeLink } from './url-state.js';

const statusBox = document.getElementById('status');
const statusText = document.getElementById('status-text');

// A dismissible notice at the top of the page, for adjusted link values and
// runtime errors. Text only: nothing reaches innerHTML.
function showNotice(text) {
  const box = document.getElementById('notice');
  const p = document.getElementById('notice-text');
  if (!box || !p) return;
  p.textContent = text;
  box.hidden = false;
  document.getElementById('notice-close').onclick = () => {
    box.hidden = true;
  };
}

function fail(message) {
  // One column: the explanation and the picture take the charts' width.
  document.documentElement.classList.add('failed');
  statusBox.hidden = false;
  statusBox.classList.add('error');
  statusText.textContent = message;
  // The static picture loads only when it is needed.
  const img = document.getElementById('fallback');
  img.src = img.dataset.src;
  img.hidden = false;
  for (const f of document.querySelectorAll('figure.chart, section.explain, #controls')) f.hidden = true;
}

const reason = (e) => (e && e.message ? e.message : e);

/** Shrinks each formula that is wider than its box (a phone, a zoom)
 * until it fits: a formula cannot wrap. */
function fitFormulas() {
  const box = document.getElementById('formulas');
  for (const m of box.children) {
    m.style.fontSize = '';
    // Scripts keep a least size: shrink again if the first step falls short.
    for (let size = 1, i = 0; i < 3; i++) {
      const scale = box.clientWidth / m.getBoundingClientRect().width;
      if (scale >= 1) break;
      size = Math.floor(size * scale * 100) / 100;
      m.style.fontSize = `${size}em`;
    }
  }
}

async function main() {
  // www/embed-mode.js has applied embed=1, hide= and theme= before the first
  // paint; the build has put the schema's defaults into the controls.
  try {
    await loadExplorer();
  } catch (e) {
    const what = typeof WebAssembly === 'object'
      ? `The WebAssembly module could not be loaded (${reason(e)}).`
      : 'This browser cannot run WebAssembly, which the explorer needs to compute the curves.';
    fail(`${what} Below is a static picture of the default chart.`);
    return;
  }
  // The loading box lies over the charts' reserved boxes: hiding it moves nothing.
  statusBox.hidden = true;

  // The theme (light or dark wins over the visitor's scheme) and the
  // presentation mode are parameters: the root's data-theme and class
  // follow them, so the page's colours and sizes do, and the charts'.
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const root = document.documentElement;
  const view = ({ theme, present }) => {
    if (theme === 'auto') delete root.dataset.theme;
    else if (root.dataset.theme !== theme) root.dataset.theme = theme;
    if (root.classList.contains('present') !== present) root.classList.toggle('present', present);
    return theme === 'auto' ? scheme.matches : theme === 'dark';
  };
  let share = null;
  const sentence = document.getElementById('sentence');
  const mount = mountExplorer(document, {
    read: [linkPairs(), 'query'],
    dark: view,
    // Text that screen readers and the link need, but not at 60 frames a
    // second: the sentence is a live region, announced once a drag rests
    // rather than at every frame of it (and its layout is not paid for at
    // every frame). The legends and readouts follow every frame.
    onSettle(explorer) {
      const s = explorer.sentence();
      if (sentence.textContent !== s) sentence.textContent = s;
      document.getElementById('formulas').innerHTML = explorer.formulasMathml();
      fitFormulas();
      writeLink(explorer.query());
      if (share) share.refreshShare();
    },
    onError: (message) => showNotice(`The charts could not be drawn: ${message}`),
  });
  // The charts are drawn: let the browser show them before the rest of
  // the page is wired (the controls already show the link's values as
  // parsed; they are bound a frame later).
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  addEventListener('resize', fitFormulas);
  // (www/embed-mode.js notes a bad theme too, for the lab: the explorer's
  // schema says it here.)
  const problems = mount.problems;
  if (problems.length) showNotice(`Some values in the link were adjusted: ${problems.join('; ')}.`);

  const writeControls = bindControls(document.getElementById('controls'), mount, parameterSchema());
  writeControls();
  scheme.addEventListener('change', () => mount.schedule());

  // Sharing and exporting load their module on first use.
  const loadShare = async () => {
    if (!share) {
      share = await import('./share.js');
      share.bindShare();
    }
    return share;
  };
  const panel = document.querySelector('details[data-control-group="share"]');
  panel.addEventListener('toggle', () => {
    if (panel.open) loadShare().then((m) => m.refreshShare());
  });
  for (const b of document.querySelectorAll('[data-export]')) {
    const kind = b.closest('figure.chart').dataset.chart;
    b.addEventListener('click', async () => {
      const m = await loadShare();
      // The images' colours are the export's own choice (light unless
      // said), not the page's.
      const params = mount.params();
      const theme = document.getElementById('export-theme').value;
      if (theme !== 'page') params.dark = theme === 'dark';
      mount.charts.exportChart(kind, b.dataset.export, await m.exportExplorer(params));
    });
  }
  document.body.dataset.ready = 'true';

  window.focalLossExplorer = {
    get explorer() { return mount.explorer; },
    /** The parameters' schema: names, kinds, limits, defaults. */
    schema: parameterSchema(),
    get state() { return mount.params(); },
    /** 'worker' or 'page': where the charts are drawn. */
    get drawnBy() { return mount.drawnBy; },
    /** Resolves once every change so far is drawn in full (by the worker
     * too; a drag's draft is followed by its full frame). */
    settled: () => mount.settled(),
    /** Resolves once every change so far is on screen, in draft if it was
     * part of a drag. */
    drawn: () => mount.drawn(),
    /** Whether the charts show a drag's draft. */
    get drafting() { return mount.drafting; },
    /** The drawing explorer's wasm memory in bytes (the worker's, or this page's). */
    drawingMemory: () => mount.drawingMemory(),
  };
}

window.addEventListener('error', (e) => {
  if (document.body.dataset.ready) showNotice(`Something went wrong: ${e.message}`);
});
window.addEventListener('unhandledrejection', (e) => {
  showNotice(`Something went wrong: ${reason(e.reason)}`);
});

main().catch((e) => fail(`The explorer could not start: ${reason(e)}`));
