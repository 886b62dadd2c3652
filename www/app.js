// The explorer page: loads the wasm once, attaches the canvases, and wires
// the controls to the handle. Input is coalesced into one
// requestAnimationFrame; the first frame is drawn before any.

import init, { Explorer } from '../pkg/explorer.js';
import {
  DEFAULTS, applyParams, applyPreset, bindControls, cloneState, explorerParams, tidy, writeControls,
} from './controls.js';
import { readUrlState, writeUrlState } from './url-state.js';
import { attachCharts } from './charts.js';

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
  const close = document.getElementById('notice-close');
  close.onclick = () => {
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

/** Compiles the wasm, streaming when the server says application/wasm. */
async function compileWasm(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url.pathname} answered HTTP ${r.status}`);
    return WebAssembly.compile(await r.arrayBuffer());
  }
}

/** Shows or hides each chart's figure as `visible` (state.charts) says. */
function showCharts(visible) {
  for (const f of document.querySelectorAll('figure.chart')) {
    const hide = !visible[f.dataset.chart];
    if (f.hidden !== hide) f.hidden = hide;
  }
}

async function main() {
  // www/embed-mode.js has applied embed=1, hide= and theme= before the first
  // paint. The rest of the view, and its notice, before the wasm arrives:
  // nothing moves when it does.
  const { state: urlState, problems } = readUrlState(location.search, DEFAULTS);
  let state = urlState;
  if (problems.length) showNotice(`Some values in the link were adjusted: ${problems.join('; ')}.`);
  showCharts(state.charts);
  writeControls(state);
  if (typeof WebAssembly !== 'object') {
    fail('This browser cannot run WebAssembly, which the explorer needs to compute the curves. Below is a static picture of the default chart.');
    return;
  }
  // One compile serves the page and, later, the drawing worker.
  const module = compileWasm(new URL('../pkg/explorer_bg.wasm', import.meta.url));
  try {
    await init({ module_or_path: await module });
  } catch (e) {
    fail(`The WebAssembly module could not be loaded (${e && e.message ? e.message : e}). Below is a static picture of the default chart.`);
    return;
  }
  // The loading box lies over the charts' reserved boxes: hiding it moves nothing.
  statusBox.hidden = true;

  const explorer = new Explorer();

  let frame = 0;
  let slowTimer = 0;
  let share = null;
  // theme=light or dark (the root's data-theme) wins over the visitor's scheme.
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const theme = document.documentElement.dataset.theme;
  const isDark = () => (theme ? theme === 'dark' : scheme.matches);
  const charts = attachCharts(explorer, () => schedule());
  let painter = null;
  function schedule() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  // What the explorer was last told: only changes cross into wasm. push()
  // returns them, for the drawing worker.
  const pushed = {};
  function push(s) {
    const changed = {};
    for (const [key, value] of Object.entries(explorerParams(s, isDark()))) {
      if (pushed[key] !== value) changed[key] = pushed[key] = value;
    }
    applyParams(explorer, changed);
    return changed;
  }

  function draw() {
    frame = 0;
    const changed = push(state);
    charts.layout(state.charts);
    if (painter) painter.frame(changed);
    else explorer.render();
    charts.refreshLegends();
    charts.refreshReadouts();
    // Only a changed sentence touches the DOM (and costs a layout).
    const sentence = explorer.sentence();
    const box = document.getElementById('sentence');
    if (box.textContent !== sentence) box.textContent = sentence;
    // Text that screen readers and the URL need, but not at 60 frames a second.
    clearTimeout(slowTimer);
    slowTimer = setTimeout(() => {
      document.getElementById('formulas').innerHTML = explorer.formulasMathml();
      charts.refreshTables();
      writeUrlState(state, DEFAULTS);
      if (share) share.refreshShare();
    }, 120);
  }

  function update(patch, settle, source) {
    const next = cloneState(state);
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'charts') Object.assign(next.charts, v);
      else next[k] = v;
    }
    state = next;
    if (settle || !syncTwin(patch, source)) writeControls(state);
    schedule();
  }

  // A slider move touches only its twin field: the rest of the controls
  // are already right.
  function syncTwin(patch, source) {
    const keys = Object.keys(patch);
    if (keys.length !== 1) return false;
    const key = keys[0];
    const twins = {
      gamma: ['gamma-range', 'gamma'],
      alpha: ['alpha-range', 'alpha'],
      starGamma: ['star-gamma', 'star-gamma-out'],
      starBeta: ['star-beta', 'star-beta-out'],
    }[key];
    if (!twins) return false;
    const v = patch[key];
    for (const id of twins) {
      if (id === source) continue;
      const el = document.getElementById(id);
      if (el.tagName === 'OUTPUT') el.textContent = tidy(v);
      else if (el.type === 'range') el.value = String(Math.min(v, Number(el.max)));
      else el.value = tidy(v);
    }
    return true;
  }

  bindControls(update, (name) => {
    state = applyPreset(state, name);
    writeControls(state);
    schedule();
  });
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
      const svg = b.dataset.export === 'svg' ? await m.svgExplorer(explorerParams(state, isDark())) : null;
      charts.exportChart(kind, b.dataset.export, m.fileStem(kind, state), svg);
    });
  }
  scheme.addEventListener('change', () => schedule());

  writeControls(state);
  // The first frame, before any requestAnimationFrame, drawn here: a worker
  // takes a while to start.
  draw();
  document.body.dataset.ready = 'true';
  // Then a worker takes the charts over, where the browser allows, so that
  // rasterising them no longer holds up this thread.
  const handover = import('./painter.js')
    .then(({ startPainter }) => startPainter(module, (message) => showNotice(`The charts could not be drawn: ${message}`)))
    .then(async (p) => {
      if (!p) return;
      charts.handOver(p);
      painter = p;
      // Everything the page's explorer was told, for a worker told nothing.
      p.frame({ ...pushed });
      await p.settled();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      charts.dropPageCanvases();
    })
    .catch((e) => showNotice(`The charts could not be handed to their worker: ${e && e.message ? e.message : e}`));
  window.focalLossExplorer = {
    explorer,
    get state() { return state; },
    /** 'worker' or 'page': where the charts are drawn. */
    get drawnBy() { return painter ? 'worker' : 'page'; },
    /** Resolves once every change so far is drawn (by the worker too). */
    async settled() {
      await handover;
      while (frame) await new Promise((r) => requestAnimationFrame(r));
      if (painter) await painter.settled();
    },
    /** The drawing explorer's wasm memory in bytes (the worker's, or this page's). */
    async drawingMemory() {
      if (painter) return painter.memory();
      const wasm = await init();
      return wasm.memory.buffer.byteLength;
    },
  };
}

window.addEventListener('error', (e) => {
  if (document.body.dataset.ready) showNotice(`Something went wrong: ${e.message}`);
});
window.addEventListener('unhandledrejection', (e) => {
  const r = e.reason;
  showNotice(`Something went wrong: ${r && r.message ? r.message : r}`);
});

main().catch((e) => fail(`The explorer could not start: ${e && e.message ? e.message : e}`));
