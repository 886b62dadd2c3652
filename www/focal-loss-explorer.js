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
//
// It works under a strict Content-Security-Policy (style-src 'self', no
// 'unsafe-inline'): no style element or style attribute, only a
// constructable stylesheet and styles set through the CSSOM. Its height
// follows from its attributes and its width, so the box is built whole when
// the element is defined and the wasm's arrival moves nothing; a host page
// that links www/focal-loss-explorer.css reserves the same box before the
// script has arrived.

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

// The shadow root's styles; www/element.css holds the same rules for engines
// without constructable stylesheets (a test keeps the two equal).
const ELEMENT_CSS = `
:host { display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  font-size: 1rem; line-height: 1.5rem; text-align: start;
  --fle-bg: #ffffff; --fle-text: #212529; --fle-muted: #5b636b; --fle-border: #d9dee3; --fle-accent: #b34700; --fle-focus: #0a66c2;
  color: var(--fle-text); }
:host([hidden]) { display: none; }
.wrap { background: var(--fle-bg); color: var(--fle-text); border: 1px solid var(--fle-border); border-radius: 12px; padding: 8px;
  display: grid; grid-template-columns: minmax(0, 1fr); gap: 8px; }
.wrap.dark { --fle-bg: #161b22; --fle-text: #e6edf3; --fle-muted: #9ba6b2; --fle-border: #30363d; --fle-accent: #f08232; --fle-focus: #58a6ff; color-scheme: dark; }
figure { margin: 0; min-width: 0; }
figcaption { height: 1.5rem; padding: 0 0.25rem; font-size: 0.95rem; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
figcaption .sub { font-weight: 400; color: var(--fle-muted); }
.legend { --rows: 2; list-style: none; margin: 0.25rem 0; padding: 0 0.25rem; min-height: calc(var(--rows) * 1.25rem); font-size: 0.85rem; line-height: 1.25rem; }
.legend li { height: 1.25rem; white-space: nowrap; }
.legend li, .readout .row { display: flex; align-items: center; gap: 0.4rem; }
.legend .name { overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.swatch { display: inline-block; width: 1.1rem; height: 0.25rem; border-radius: 2px; flex: none; }
.plot { touch-action: pan-y; }
.plot:focus-visible, input:focus-visible { outline: 3px solid var(--fle-focus); outline-offset: 2px; }
.crosshair { position: absolute; top: 0; bottom: 0; left: 0; width: 0; border-left: 1px dashed var(--fle-muted); pointer-events: none; }
.crosshair .dot { position: absolute; left: -6px; width: 11px; height: 11px; margin-top: -5.5px; border-radius: 50%; border: 2px solid var(--fle-bg); }
.readout { position: absolute; top: 10px; left: 0; background: var(--fle-bg); border: 1px solid var(--fle-border); border-radius: 8px;
  padding: 0.35rem 0.6rem; font-size: 0.85rem; line-height: 1.3; font-variant-numeric: tabular-nums; pointer-events: none; width: max-content; max-width: min(24rem, calc(100% - 16px)); }
.readout .x { font-weight: 600; }
.readout .value { margin-left: auto; padding-left: 0.75rem; font-weight: 600; white-space: nowrap; }
[hidden] { display: none !important; }
.control { height: 44px; display: grid; grid-template-columns: auto minmax(0, 1fr) 3.5rem; gap: 0.5rem; align-items: center; padding: 0 0.25rem; }
.control input { width: 100%; height: 44px; margin: 0; accent-color: var(--fle-accent); }
.control output { text-align: right; font-variant-numeric: tabular-nums; }
.note { margin: 0; padding: 0.25rem 0.5rem; font-size: 0.85rem; line-height: 1.25rem; color: var(--fle-muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** How many rows each chart's legend has for a state: the curves that
 * src/curves.rs draws for it, without the guides. The element reserves them
 * before the wasm arrives (and corrects them after, should they differ). */
const LEGEND_ROWS = {
  loss: (s) => (s.figure1 ? 5 : 1) + 1 + (s.star ? 1 : 0),
  gradient: (s) => 2 + (s.star ? 1 : 0),
  factor: (s) => 1 + (s.weighted ? 1 : 0),
};

// One stylesheet for every element on the page.
let sharedSheet = null;

/** Gives a shadow root the element's styles: a constructable stylesheet
 * (allowed by a Content-Security-Policy without 'unsafe-inline'), or, in an
 * engine without one, a link to www/element.css. */
function adoptStyles(shadow) {
  if ('adoptedStyleSheets' in shadow) {
    try {
      if (!sharedSheet) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(ELEMENT_CSS);
        sharedSheet = sheet;
      }
      shadow.adoptedStyleSheets = [sharedSheet];
      return;
    } catch {
      // No CSSStyleSheet constructor (older engines): the file below.
    }
  }
  shadow.append(el('link', { rel: 'stylesheet', href: new URL('element.css', import.meta.url).href }));
}

/** The plot box's geometry comes from the script, not the stylesheet: it
 * holds when no stylesheet applies (a missing file), and the canvases,
 * sized from the box, are out of flow, so they can never grow it. */
function placePlot(plot) {
  Object.assign(plot.style, { position: 'relative', width: '100%', aspectRatio: '16 / 9', minHeight: '180px' });
  for (const c of plot.querySelectorAll('canvas')) {
    Object.assign(c.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%' });
  }
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The whole box, built at once: every chart, its caption, legend and plot,
 * and the γ control. Attributes decide what shows; the wasm only draws. */
function buildTree(shadow) {
  adoptStyles(shadow);
  const wrap = el('div', { class: 'wrap', part: 'container' });
  const note = el('p', { class: 'note', role: 'status', hidden: '' });
  const control = el('div', { class: 'control', hidden: '' });
  const id = `g${Math.random().toString(36).slice(2, 8)}`;
  const slider = el('input', { type: 'range', id, min: '0', max: '5', step: '0.01', value: '2' });
  const output = el('output', { for: id }, '2');
  control.append(el('label', { for: id }, 'γ'), slider, output);
  wrap.append(note, control);
  const figures = {};
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
    placePlot(plot);
    const table = el('table', { class: 'data' });
    table.append(el('caption', {}, `Values plotted on the ${title.toLowerCase()} chart`), el('thead'), el('tbody'));
    const hidden = el('div', { class: 'visually-hidden' });
    hidden.append(table);
    const legend = el('ul', { class: 'legend', 'aria-label': `Legend of the ${title.toLowerCase()} chart` });
    figure.append(cap, legend, plot, hidden);
    wrap.append(figure);
    figures[kind] = { figure, legend };
  }
  shadow.append(wrap);
  return { wrap, note, control, slider, output, figures };
}

/** Sets a legend's reserved rows (a custom property, set through the CSSOM). */
function reserveRows(legend, rows) {
  const v = String(rows);
  if (legend.style.getPropertyValue('--rows') !== v) legend.style.setProperty('--rows', v);
}

export class FocalLossExplorerElement extends HTMLElement {
  static observedAttributes = [...Object.keys(ATTRIBUTES), 'controls', 'theme'];

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.parts = buildTree(this.shadowRoot);
    this.explorer = null;
    this.charts = null;
    this.frame = 0;
    this.state = null;
    this.media = matchMedia('(prefers-color-scheme: dark)');
    this.media.addEventListener('change', () => {
      this.showTheme();
      this.schedule();
    });
    const { slider } = this.parts;
    slider.addEventListener('input', () => {
      const v = slider.valueAsNumber;
      if (Number.isFinite(v) && this.state) {
        this.state.gamma = v;
        this.push();
        this.schedule();
      }
    });
  }

  connectedCallback() {
    // The box takes its final size now, from the attributes; the wasm only
    // fills it in.
    this.readAttributes();
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
    if (!this.isConnected || !this.state) return;
    this.readAttributes();
    this.schedule();
  }

  start() {
    if (this.explorer || !this.isConnected) return;
    this.explorer = new Explorer();
    this.charts = attachCharts(this.explorer, () => this.schedule(), this.shadowRoot);
    this.push();
    this.draw();
  }

  /** Reads the attributes into the state and shows what they decide: the
   * charts, their legends' rows, the γ control, the theme, any note. */
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
    const { note, control, slider, figures } = this.parts;
    note.hidden = problems.length === 0;
    note.textContent = problems.length ? `Adjusted: ${problems.join('; ')}.` : '';
    control.hidden = !(this.getAttribute('controls') || '').split(',').includes('gamma');
    slider.value = String(Math.min(5, state.gamma));
    for (const [kind, { figure, legend }] of Object.entries(figures)) {
      figure.hidden = !state.charts[kind];
      reserveRows(legend, LEGEND_ROWS[kind](state));
    }
    this.showTheme();
    this.push();
  }

  dark() {
    const t = this.getAttribute('theme');
    if (t === 'dark') return true;
    if (t === 'light') return false;
    return this.media.matches;
  }

  showTheme() {
    this.parts.wrap.classList.toggle('dark', this.dark());
  }

  /** Shows the state's γ, and gives the explorer the state (once it exists). */
  push() {
    const s = this.state;
    this.parts.output.textContent = String(Math.round(s.gamma * 100) / 100);
    if (this.explorer) applyParams(this.explorer, explorerParams(s, this.dark()));
  }

  schedule() {
    if (!this.frame && this.explorer) this.frame = requestAnimationFrame(() => this.draw());
  }

  draw() {
    this.frame = 0;
    if (!this.explorer) return;
    this.explorer.setDark(this.dark());
    this.charts.layout(this.state.charts);
    this.explorer.render();
    this.charts.refreshLegends();
    // The reserved rows were a forecast; the legend as drawn has the last word.
    for (const { figure, legend } of Object.values(this.parts.figures)) {
      if (!figure.hidden && legend.children.length) reserveRows(legend, legend.children.length);
    }
    this.charts.refreshReadouts();
    this.charts.refreshTables();
    this.dataset.ready = 'true';
  }
}

if (!customElements.get('focal-loss-explorer')) {
  customElements.define('focal-loss-explorer', FocalLossExplorerElement);
}
