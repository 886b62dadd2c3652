// One mount for every explorer on a page, the page's own and each
// <focal-loss-explorer>: the same loader (the wasm is fetched and compiled
// once per page), the same frame loop (input coalesced into one
// requestAnimationFrame), the same hand-over of the charts to a drawing
// worker, the same diffing (only what changed crosses into wasm, and on to
// the worker). The explorer holds the parameters; JavaScript passes changes
// in and reads what to show out.

import init, { Explorer, schema } from '../pkg/explorer.js';
import { Charts } from './charts.js';

let loading = null;

// A change within this long of the one before is part of a drag, drawn in
// draft (see Charts.draft); the full frame follows SETTLE_MS after the last
// frame, so that it is on screen well within 200 ms of the last move.
const DRAG_MS = 150;
const SETTLE_MS = 60;

/** Compiles the wasm from `response` (a promise of the fetch of `url`, or
 * none), streaming when the server says application/wasm. */
async function compileWasm(url, response) {
  try {
    return await WebAssembly.compileStreaming(response ?? fetch(url));
  } catch {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url.pathname} answered HTTP ${r.status}`);
    return WebAssembly.compile(await r.arrayBuffer());
  }
}

/**
 * Loads the explorer's wasm, once per page: resolves to the compiled
 * module (which a drawing worker instantiates without fetching it again)
 * once it is instantiated here. `response`: a fetch of the wasm the caller
 * started already, if any.
 */
export function loadExplorer(response) {
  loading ??= (async () => {
    if (typeof WebAssembly !== 'object') {
      throw new Error('this browser cannot run WebAssembly');
    }
    const url = new URL('../pkg/explorer_bg.wasm', import.meta.url);
    // The page's head may have started compiling it already (www/embed-mode.js).
    const early = self[Symbol.for('focal-loss-explorer.wasm')];
    const module = (early && await early.catch(() => null)) || await compileWasm(url, response);
    await init({ module_or_path: module });
    return module;
  })();
  return loading;
}

/** The parameters' schema (names, kinds, limits, defaults), from the wasm. */
export function parameterSchema() {
  return schema();
}

/**
 * Mounts an explorer on `root` (the document, or a shadow root) whose
 * `figure.chart` elements hold the charts. Call it once loadExplorer() has
 * resolved.
 *
 *   read     [pairs, source]: a link's query pairs or an element's
 *            attributes, read before the first frame (see Explorer.read)
 *   dark     (params) => boolean: whether the charts are drawn dark, for
 *            the parameters (their theme) and the visitor's scheme; the
 *            host follows the theme there (its own colours) too
 *   worker   false keeps the drawing on the page
 *   onFrame  (explorer) after each frame: what else the host shows
 *   onSettle (explorer) a moment after the last change: text that need not
 *            follow every frame (the link, the formulas)
 *   onError  (message): a frame the worker could not draw
 */
export function mountExplorer(root, options = {}) {
  return new Mount(root, options);
}

class Mount {
  constructor(root, { read, dark = (p) => p.theme === 'dark', worker = true, onFrame, onSettle, onError = () => {} }) {
    this.explorer = new Explorer();
    this.problems = read ? [...this.explorer.read(read[0], read[1]).problems] : [];
    this.dark = dark;
    this.onFrame = onFrame;
    this.onSettle = onSettle;
    this.frame = 0;
    this.slowTimer = 0;
    this.settledAt = performance.now();
    this.changedAt = -Infinity;
    this.painter = null;
    // What the worker has not been told yet.
    this.pending = {};
    this.charts = new Charts(this.explorer, root, () => this.schedule());
    this.draw();
    this.handover = worker ? this.handOver(onError) : Promise.resolve();
  }

  /** Changes the parameters in `patch` (all or none: see Explorer.update)
   * and asks for a frame; returns what changed. */
  update(patch) {
    return this.note(this.explorer.update(patch));
  }

  /** Reads a link's or an element's values again; returns the problems. */
  read(pairs, source) {
    const { changed, problems } = this.explorer.read(pairs, source);
    this.note(changed);
    return [...problems];
  }

  preset(name) {
    return this.note(this.explorer.preset(name));
  }

  params() {
    return this.explorer.params();
  }

  /** Keeps what changed for the worker, and asks for a frame. */
  note(changed, schedule = true) {
    Object.assign(this.pending, changed);
    if (schedule && Object.keys(changed).length) this.schedule();
    return changed;
  }

  schedule() {
    if (!this.frame && this.explorer) this.frame = requestAnimationFrame(() => this.draw());
  }

  draw() {
    this.frame = 0;
    if (!this.explorer) return;
    this.note(this.explorer.update({ dark: this.dark(this.explorer.params()) }), false);
    const now = performance.now();
    if (Object.keys(this.pending).length) {
      // Changes in quick succession (a drag, a held key) are drawn in
      // draft; a lone change is drawn in full at once.
      this.charts.draft(now - this.changedAt < DRAG_MS);
      this.changedAt = now;
    }
    const params = this.explorer.params();
    this.charts.layout(params.charts);
    this.paint();
    this.charts.refreshLegends();
    this.charts.refreshReadouts();
    this.onFrame?.(this.explorer);
    // The full frame and the slow text a moment after the last frame; the
    // slow text at least once a second while frames keep coming (a long
    // drag, a layout that keeps resizing), so that it is never starved.
    clearTimeout(this.slowTimer);
    if (now - this.settledAt > 1000) this.settleText();
    this.slowTimer = setTimeout(() => this.settle(), SETTLE_MS);
  }

  /** Draws what changed: in the worker, or here. */
  paint() {
    if (this.painter) {
      this.painter.frame(this.pending);
    } else {
      this.explorer.render();
    }
    this.pending = {};
  }

  settle() {
    this.slowTimer = 0;
    if (!this.explorer) return;
    // A drag drawn in draft ends with the full frame.
    if (this.charts.draft(false)) this.paint();
    this.settleText();
  }

  settleText() {
    this.settledAt = performance.now();
    if (!this.explorer) return;
    this.charts.refreshTables();
    this.onSettle?.(this.explorer);
  }

  /** A worker takes the charts over, where the browser allows, so that
   * rasterising them no longer holds up this thread. */
  async handOver(onError) {
    try {
      const { startPainter } = await import('./painter.js');
      const painter = await startPainter(loadExplorer(), onError);
      if (!painter || !this.explorer) {
        painter?.stop();
        return;
      }
      this.charts.handOver(painter);
      this.painter = painter;
      // Everything, for a worker told nothing yet.
      painter.frame(this.explorer.params());
      this.pending = {};
      await painter.settled();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      this.charts.dropPageCanvases();
    } catch (e) {
      onError(`the charts could not be handed to their worker: ${e && e.message ? e.message : e}`);
    }
  }

  /** 'worker' or 'page': where the charts are drawn. */
  get drawnBy() {
    return this.painter ? 'worker' : 'page';
  }

  /** Resolves once every change so far is on screen (by the worker too),
   * in draft if it was part of a drag. */
  async drawn() {
    await this.handover;
    while (this.frame) await new Promise((r) => requestAnimationFrame(r));
    if (this.painter) await this.painter.settled();
  }

  /** Resolves once every change so far is drawn in full and the slow text
   * (the link, the tables) follows it: both come within SETTLE_MS. */
  async settled() {
    for (;;) {
      await this.drawn();
      if (!this.explorer || (!this.frame && !this.slowTimer && !this.charts.drafting)) return;
      await new Promise((r) => setTimeout(r, SETTLE_MS / 4));
    }
  }

  /** Whether the charts on screen are a draft (a drag's, at a lower
   * resolution); the full frame follows within SETTLE_MS. */
  get drafting() {
    return this.charts.drafting;
  }

  /** The drawing explorer's wasm memory in bytes (the worker's, or the page's). */
  async drawingMemory() {
    if (this.painter) return this.painter.memory();
    const wasm = await init();
    return wasm.memory.buffer.byteLength;
  }

  /** Stops drawing and lets go of the wasm handle and the worker. */
  dispose() {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.slowTimer);
    this.slowTimer = 0;
    this.frame = 0;
    this.charts.dispose();
    this.painter?.stop();
    this.painter = null;
    this.explorer.free();
    this.explorer = null;
  }
}
