// The explorer page: loads the wasm once, attaches the canvases, and wires
// the controls to the handle. Input is coalesced into one
// requestAnimationFrame; the first frame is drawn before any.

import init, { Explorer } from '../pkg/focal_loss_explorer.js';
import { DEFAULTS, applyPreset, bindControls, cloneState, writeControls } from './controls.js';
import { readUrlState, writeUrlState } from './url-state.js';
import { showNotice } from './notice.js';
import { attachCharts } from './charts.js';
import { applyEmbedMode, bindShare, fileStem, refreshShare } from './share.js';

const statusBox = document.getElementById('status');
const statusText = document.getElementById('status-text');

function fail(message) {
  statusBox.hidden = false;
  statusBox.classList.add('error');
  statusText.textContent = message;
  document.getElementById('fallback').hidden = false;
  for (const f of document.querySelectorAll('figure.chart, section.explain, #controls')) f.hidden = true;
}

async function main() {
  if (typeof WebAssembly !== 'object') {
    fail('This browser cannot run WebAssembly, which the explorer needs to compute the curves. Below is a static picture of the default chart.');
    return;
  }
  try {
    await init({ module_or_path: new URL('../pkg/focal_loss_explorer_bg.wasm', import.meta.url) });
  } catch (e) {
    fail(`The WebAssembly module could not be loaded (${e && e.message ? e.message : e}). Below is a static picture of the default chart.`);
    return;
  }
  statusBox.hidden = true;

  applyEmbedMode(location.search);
  const explorer = new Explorer();
  const { state: urlState, problems } = readUrlState(location.search, DEFAULTS);
  let state = urlState;
  if (problems.length) showNotice(`Some values in the link were adjusted: ${problems.join('; ')}.`);

  let frame = 0;
  let slowTimer = 0;
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const charts = attachCharts(explorer, () => schedule());
  function schedule() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function push(s) {
    explorer.setGamma(s.gamma);
    explorer.setAlpha(s.alpha);
    explorer.setWeighted(s.weighted);
    explorer.setStar(s.star);
    explorer.setStarGamma(s.starGamma);
    explorer.setStarBeta(s.starBeta);
    explorer.setAxis(s.axis);
    explorer.setLabel(s.label);
    explorer.setLogY(s.logY);
    explorer.setFigure1(s.figure1);
    explorer.setDark(dark.matches);
  }

  function draw() {
    frame = 0;
    charts.layout(state.charts);
    explorer.render();
    charts.refreshLegends();
    charts.refreshReadouts();
    document.getElementById('sentence').textContent = explorer.sentence();
    // Text that screen readers and the URL need, but not at 60 frames a second.
    clearTimeout(slowTimer);
    slowTimer = setTimeout(() => {
      document.getElementById('formulas').innerHTML = explorer.formulasMathml();
      charts.refreshTables();
      writeUrlState(state, DEFAULTS);
      refreshShare();
    }, 120);
  }

  function update(patch, settle) {
    const next = cloneState(state);
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'charts') Object.assign(next.charts, v);
      else next[k] = v;
    }
    // Moving γ away from the family leaves the Figure 1 overlay on; any
    // other preset switches it off explicitly.
    state = next;
    push(state);
    if (settle) writeControls(state);
    else syncTwins();
    schedule();
  }

  // Keep the slider and the number field of one parameter in step.
  function syncTwins() {
    writeControls(state);
  }

  bindControls(update, (name) => {
    state = applyPreset(state, name);
    push(state);
    writeControls(state);
    schedule();
  });
  bindShare();
  for (const b of document.querySelectorAll('[data-export]')) {
    const kind = b.closest('figure.chart').dataset.chart;
    b.addEventListener('click', () => charts.exportChart(kind, b.dataset.export, fileStem(kind, state)));
  }
  dark.addEventListener('change', () => {
    explorer.setDark(dark.matches);
    schedule();
  });

  push(state);
  writeControls(state);
  // The first frame, before any requestAnimationFrame.
  draw();
  document.body.dataset.ready = 'true';
  window.focalLossExplorer = { explorer, get state() { return state; } };
}

window.addEventListener('error', (e) => {
  if (document.body.dataset.ready) showNotice(`Something went wrong: ${e.message}`);
});
window.addEventListener('unhandledrejection', (e) => {
  const r = e.reason;
  showNotice(`Something went wrong: ${r && r.message ? r.message : r}`);
});

main().catch((e) => fail(`The explorer could not start: ${e && e.message ? e.message : e}`));
