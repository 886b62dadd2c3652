// <focal-loss-explorer>: the explorer as a custom element, for pages that
// want no iframe.
//
//   <script type="module" src="https://example.org/explorer/www/focal-loss-explorer.js"></script>
//   <focal-loss-explorer gamma="2" alpha="0.25" charts="loss,gradient"></focal-loss-explorer>
//
// Attributes (all live): gamma, alpha (a number weights the classes; absent
// means unweighted), star ("1" shows FL*), star-gamma, star-beta, axis
// ("pt", "p" or "x"), y ("0" or "1"), scale ("linear" or "log"), preset
// ("figure1"), charts (a list of loss, gradient, factor), controls ("gamma"
// shows a γ slider), theme ("light" or "dark"; by default the visitor's).
// Invalid values are clamped or ignored, with a note inside the element.
// Styles stay inside its shadow root; the wasm loads once per page.

import init, { Explorer } from '../pkg/explorer.js';
import { attachCharts } from './charts.js';
import { DEFAULTS, applyParams, explorerParams } from './controls.js';
import { readUrlState } from './url-state.js';

let loading = null;
function loadWasm() {
  loading ??= init({ module_or_path: new URL('../pkg/explorer_bg.wasm', import.meta.url) });
  return loading;
}

const ATTRIBUTES = {
  gamma: 'gamma',
  alpha: 'alpha',
  star: 'star',
  'star-gamma': 'starGamma',
  'star-beta': 'starBeta',
  axis: 'axis',
  y: 'y',
  scale: 'scale',
  preset: 'preset',
  charts: 'charts',
};

const CHART_TITLES = {
  loss: ['Loss', 'against the chosen x-axis'],
  gradient: ['Gradient', 'with respect to the logit x'],
  factor: ['Modulating factor', '(1 − pt)^γ, log scale'],
};

const STYLE = `
:host { display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  --fle-bg: #ffffff; --fle-text: #212529; --fle-muted: #5b636b; --fle-border: #d9dee3; --fle-accent: #b34700; --fle-focus: #0a66c2;
  color: var(--fle-text); }
:host([hidden]) { display: none; }
.wrap { background: var(--fle-bg); color: var(--fle-text); border: 1px solid var(--fle-border); border-radius: 12px; padding: 0.5rem; display: grid; gap: 0.5rem; }
.wrap.dark { --fle-bg: #161b22; --fle-text: #e6edf3; --fle-muted: #9ba6b2; --fle-border: #30363d; --fle-accent: #f08232; --fle-focus: #58a6ff; }
figure { margin: 0; }
figure[hidden] { display: none; }
figcaption { font-weight: 600; padding: 0 0.25rem; }
figcaption .sub { font-weight: 400; color: var(--fle-muted); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; margin: 0.3rem 0; padding: 0 0.25rem; font-size: 0.9rem; }
.legend li, .readout .row { display: flex; align-items: center; gap: 0.4rem; }
.swatch { display: inline-block; width: 1.1rem; height: 0.25rem; border-radius: 2px; flex: none; }
.plot { position: relative; width: 100%; aspect-ratio: 16 / 9; min-height: 180px; min-width: 0; touch-action: pan-y; }
.plot canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.plot:focus-visible, input:focus-visible { outline: 3px solid var(--fle-focus); outline-offset: 2px; }
.crosshair { position: absolute; top: 0; bottom: 0; left: 0; width: 0; border-left: 1px dashed var(--fle-muted); pointer-events: none; }
.crosshair .dot { position: absolute; left: -6px; width: 11px; height: 11px; margin-top: -5.5px; border-radius: 50%; border: 2px solid var(--fle-bg); }
.readout { position: absolute; top: 10px; left: 0; background: var(--fle-bg); border: 1px solid var(--fle-border); border-radius: 8px;
  padding: 0.35rem 0.6rem; font-size: 0.85rem; font-variant-numeric: tabular-nums; pointer-events: none; width: max-content; max-width: min(24rem, calc(100% - 16px)); }
.readout .x { font-weight: 600; }
.readout .value { margin-left: auto; padding-left: 0.75rem; font-weight: 600; white-space: nowrap; }
[hidden] { display: none !important; }
.control { display: grid; grid-template-columns: auto minmax(0, 1fr) 3.5rem; gap: 0.5rem; align-items: center; padding: 0 0.25rem; }
.control input { width: 100%; height: 44px; margin: 0; accent-color: var(--fle-accent); }
.control output { text-align: right; font-variant-numeric: tabular-nums; }
.note { margin: 0; padding: 0.25rem 0.5rem; font-size: 0.85rem; color: var(--fle-muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function buildTree(shadow) {
  const style = el('style');
  style.textContent = STYLE;
  const wrap = el('div', { class: 'wrap', part: 'container' });
  const note = el('p', { class: 'note', role: 'status', hidden: '' });
  const control = el('div', { class: 'control', hidden: '' });
  const id = `g${Math.random().toString(36).slice(2, 8)}`;
  control.append(
    el('label', { for: id }, 'γ'),
    el('input', { type: 'range', id, min: '0', max: '5', step: '0.01', value: '2' }),
    el('output', { for: id }, '2'),
  );
  wrap.append(note, control);
  for (const [kind, [title, sub]] of Object.entries(CHART_TITLES)) {
    const figure = el('figure', { class: 'chart', 'data-chart': kind });
    const cap = el('figcaption');
    cap.append(el('span', { class: 'title' }, title), ' ', el('span', { class: 'sub' }, sub));
    const plot = el('div', {
      class: 'plot',
      tabindex: '0',
      role: 'group',
      'aria-roledescription': 'chart',
      'aria-label': `${title} chart. Use the left and right arrow keys to read values.`,
    });
    plot.append(
      el('canvas', { class: 'back', 'aria-hidden': 'true' }),
      el('canvas', { class: 'front', 'aria-hidden': 'true' }),
      el('div', { class: 'crosshair', hidden: '' }),
      el('div', { class: 'readout', 'aria-live': 'polite', hidden: '' }),
    );
    const table = el('table', { class: 'data' });
    table.append(el('caption', {}, `Values plotted on the ${title.toLowerCase()} chart`), el('thead'), el('tbody'));
    const hidden = el('div', { class: 'visually-hidden' });
    hidden.append(table);
    figure.append(cap, el('ul', { class: 'legend', 'aria-label': `Legend of the ${title.toLowerCase()} chart` }), plot, hidden);
    wrap.append(figure);
  }
  shadow.append(style, wrap);
  return { wrap, note, control };
}

export class FocalLossExplorerElement extends HTMLElement {
  static observedAttributes = [...Object.keys(ATTRIBUTES), 'controls', 'theme'];

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.parts = buildTree(this.shadowRoot);
    this.explorer = null;
    this.frame = 0;
    this.state = null;
  }

  connectedCallback() {
    loadWasm().then(() => this.start()).catch((e) => {
      this.parts.note.hidden = false;
      this.parts.note.textContent = `The explorer could not load its WebAssembly module (${e && e.message ? e.message : e}).`;
    });
  }

  disconnectedCallback() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.charts) this.charts.dispose();
    if (this.explorer) this.explorer.free();
    this.explorer = null;
    this.charts = null;
  }

  attributeChangedCallback() {
    if (this.explorer) {
      this.readAttributes();
      this.schedule();
    }
  }

  start() {
    if (this.explorer || !this.isConnected) return;
    this.explorer = new Explorer();
    this.charts = attachCharts(this.explorer, () => this.schedule(), this.shadowRoot);
    const slider = this.parts.control.querySelector('input');
    slider.addEventListener('input', () => {
      const v = slider.valueAsNumber;
      if (Number.isFinite(v)) {
        this.state.gamma = v;
        this.push();
        this.schedule();
      }
    });
    this.media = matchMedia('(prefers-color-scheme: dark)');
    this.media.addEventListener('change', () => this.schedule());
    this.readAttributes();
    this.draw();
  }

  readAttributes() {
    const q = new URLSearchParams();
    for (const [attr, key] of Object.entries(ATTRIBUTES)) {
      if (!this.hasAttribute(attr)) continue;
      let v = this.getAttribute(attr);
      if (attr === 'star') v = v === '' || v === 'true' || v === '1' ? '1' : '0';
      q.set(key, v);
    }
    const { state, problems } = readUrlState(q.toString(), DEFAULTS);
    this.state = state;
    const note = this.parts.note;
    note.hidden = problems.length === 0;
    note.textContent = problems.length ? `Adjusted: ${problems.join('; ')}.` : '';
    const controls = (this.getAttribute('controls') || '').split(',');
    this.parts.control.hidden = !controls.includes('gamma');
    const slider = this.parts.control.querySelector('input');
    slider.value = String(Math.min(5, state.gamma));
    this.push();
  }

  dark() {
    const t = this.getAttribute('theme');
    if (t === 'dark') return true;
    if (t === 'light') return false;
    return this.media ? this.media.matches : false;
  }

  push() {
    const s = this.state;
    applyParams(this.explorer, explorerParams(s, this.dark()));
    this.parts.control.querySelector('output').textContent = String(Math.round(s.gamma * 100) / 100);
  }

  schedule() {
    if (!this.frame && this.explorer) this.frame = requestAnimationFrame(() => this.draw());
  }

  draw() {
    this.frame = 0;
    if (!this.explorer) return;
    const dark = this.dark();
    this.parts.wrap.classList.toggle('dark', dark);
    this.explorer.setDark(dark);
    this.charts.layout(this.state.charts);
    this.explorer.render();
    this.charts.refreshLegends();
    this.charts.refreshReadouts();
    this.charts.refreshTables();
    this.dataset.ready = 'true';
  }
}

if (!customElements.get('focal-loss-explorer')) {
  customElements.define('focal-loss-explorer', FocalLossExplorerElement);
}
