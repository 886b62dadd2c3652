// <focal-loss-explorer>: the explorer as a custom element, for pages that
// want no iframe.
//
//   <script type="module" src="https://example.org/explorer/www/focal-loss-explorer.js"></script>
//   <focal-loss-explorer gamma="2" alpha="0.25" charts="loss,gradient"></focal-loss-explorer>
//
// Attributes (all live): the explorer's parameters by the names of the
// schema (src/params.rs): gamma, alpha (a number weights the classes;
// absent means unweighted), star ("1" shows FL*), star-gamma, star-beta,
// axis ("pt", "p" or "x"), y ("0", "1" or "both"), scale ("linear" or "log"),
// preset ("figure1"), figure5 ("1"), charts (a list of loss, gradient,
// factor), guides ("0" hides them), theme ("light" or "dark"; "auto", the
// default, is the visitor's), present ("1": larger text and thicker lines,
// for a projector); and controls ("gamma" shows a γ slider). Invalid values
// are clamped or ignored, with a note inside the element.
//
// It is the page's explorer, mounted the same way (www/mount.js: one wasm
// per page, the same frame loop and drawing worker) on a shadow root styled
// by the page's own chart stylesheet (www/explorer.css). It works under a
// strict Content-Security-Policy (style-src 'self', no 'unsafe-inline'):
// the stylesheet is adopted (or linked), and styles are set through the
// CSSOM only. The element is defined once its wasm and stylesheet are
// there, and then builds its whole box at once, so nothing moves after;
// until then a host page that links www/focal-loss-explorer.css reserves
// the same box.

// The wasm, the stylesheet and the modules are fetched at once, as soon as
// this script runs: with static imports, the wasm's download would start
// only once the whole module graph had arrived.
const WASM = new URL('../pkg/explorer_bg.wasm', import.meta.url);
const wasmResponse = fetch(WASM);
// Its failure is reported when the module is compiled (mount.js), not here.
wasmResponse.catch(() => {});
const modules = Promise.all([import('./mount.js'), import('./controls.js')]);
let mountExplorer;
let tidy;

const STYLESHEET = new URL('explorer.css', import.meta.url);

const CHART_TITLES = {
  loss: ['Loss', "against pt, the probability of the true class: the paper's Figure 1"],
  gradient: ['Gradient', "with respect to the logit x: the paper's Figure 6 (Appendix B)"],
  factor: ['Modulating factor', '(1 − pt)^γ = FL / CE, log scale'],
};

/** One constructable stylesheet for every element on the page, from the
 * page's chart stylesheet; null where an engine cannot adopt one. */
async function loadSheet() {
  if (!('adoptedStyleSheets' in ShadowRoot.prototype)) return null;
  try {
    const r = await fetch(STYLESHEET);
    if (!r.ok) return null;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(await r.text());
    return sheet;
  } catch {
    return null;
  }
}
let sharedSheet = null;

/** Gives a shadow root the charts' styles: the adopted sheet (allowed by a
 * Content-Security-Policy without 'unsafe-inline'), or a link to the file. */
function adoptStyles(shadow) {
  if (sharedSheet && 'adoptedStyleSheets' in shadow) {
    shadow.adoptedStyleSheets = [sharedSheet];
  } else {
    shadow.append(el('link', { rel: 'stylesheet', href: STYLESHEET.href }));
  }
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

/** The whole box: every chart, its caption, legend and plot, and the γ
 * control (its limits the schema's). The explorer decides what shows. */
function buildTree(shadow, gamma) {
  adoptStyles(shadow);
  const wrap = el('div', { class: 'wrap', part: 'container' });
  const note = el('p', { class: 'note', role: 'status', hidden: '' });
  const control = el('div', { class: 'control', hidden: '' });
  const id = `g${Math.random().toString(36).slice(2, 8)}`;
  const slider = el('input', {
    type: 'range', id, min: String(gamma.sliderMin), max: String(gamma.sliderMax), step: String(gamma.step),
  });
  const output = el('output', { for: id });
  control.append(el('label', { for: id }, 'γ'), slider, output);
  wrap.append(note, control);
  const legends = [];
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
    legends.push(legend);
  }
  shadow.append(wrap);
  return { wrap, note, control, slider, output, legends };
}

function defineElement(schema) {
  const attributes = schema.filter((f) => f.attribute).map((f) => f.attribute);
  const gamma = schema.find((f) => f.name === 'gamma');

  class FocalLossExplorerElement extends HTMLElement {
    static observedAttributes = [...attributes, 'controls'];

    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this.parts = buildTree(this.shadowRoot, gamma);
      this.mount = null;
      this.media = matchMedia('(prefers-color-scheme: dark)');
      this.media.addEventListener('change', () => this.mount?.schedule());
      const { slider } = this.parts;
      slider.addEventListener('input', () => {
        const v = slider.valueAsNumber;
        if (Number.isFinite(v) && this.mount) this.mount.update({ gamma: v });
      });
    }

    connectedCallback() {
      if (this.mount) return;
      this.mount = mountExplorer(this.shadowRoot, {
        read: [this.pairs(), 'attributes'],
        dark: (params) => this.view(params),
        onFrame: (explorer) => this.afterFrame(explorer),
      });
      this.showAttributes(this.mount.problems);
      this.mount.settled().catch(() => {}).then(() => {
        if (this.mount) this.dataset.ready = 'true';
      });
    }

    disconnectedCallback() {
      this.mount?.dispose();
      this.mount = null;
      delete this.dataset.ready;
    }

    attributeChangedCallback() {
      if (this.mount) this.showAttributes(this.mount.read(this.pairs(), 'attributes'));
    }

    /** Resolves once every change so far is drawn in full (by its worker
     * too; a drag's draft is followed by its full frame). */
    settled() {
      return this.mount ? this.mount.settled() : Promise.resolve();
    }

    /** Resolves once every change so far is on screen, in draft if it was
     * part of a drag. */
    drawn() {
      return this.mount ? this.mount.drawn() : Promise.resolve();
    }

    /** The attributes, as [name, value] pairs for Explorer.read. */
    pairs() {
      return [...this.attributes].map((a) => [a.name, a.value]);
    }

    /** Shows what the attributes decide beside the charts: the notes on
     * bad values, the γ control. */
    showAttributes(problems) {
      const { note, control } = this.parts;
      note.hidden = problems.length === 0;
      note.textContent = problems.length ? `Adjusted: ${problems.join('; ')}.` : '';
      control.hidden = !(this.getAttribute('controls') || '').split(',').includes('gamma');
      this.mount.schedule();
    }

    /** The frame follows the theme and the presentation mode; returns
     * whether the charts are dark. */
    view({ theme, present }) {
      const dark = theme === 'dark' || (theme === 'auto' && this.media.matches);
      this.parts.wrap.classList.toggle('dark', dark);
      this.parts.wrap.classList.toggle('present', present);
      return dark;
    }

    afterFrame(explorer) {
      const { slider, output, legends } = this.parts;
      const g = explorer.params().gamma;
      if (this.shadowRoot.activeElement !== slider) {
        slider.value = String(Math.min(gamma.sliderMax, g));
      }
      output.textContent = tidy(g);
      // Each legend keeps the rows it has: its height is fixed per row.
      for (const legend of legends) {
        const rows = String(Math.max(1, legend.children.length));
        if (legend.style.getPropertyValue('--rows') !== rows) legend.style.setProperty('--rows', rows);
      }
    }
  }

  if (!customElements.get('focal-loss-explorer')) {
    customElements.define('focal-loss-explorer', FocalLossExplorerElement);
  }
}

Promise.all([
  modules.then(([mount, controls]) => {
    ({ mountExplorer } = mount);
    ({ tidy } = controls);
    return mount.loadExplorer(wasmResponse).then(() => mount.parameterSchema());
  }),
  loadSheet(),
]).then(([schema, sheet]) => {
  sharedSheet = sheet;
  defineElement(schema);
}, (e) => {
  // Without the wasm there is nothing to draw: each element says why.
  for (const host of document.querySelectorAll('focal-loss-explorer')) {
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    shadow.replaceChildren(el('p', {}, `The explorer could not load its WebAssembly module (${e && e.message ? e.message : e}).`));
  }
});
