// The page's drawing thread: a second explorer that owns the charts'
// canvases (OffscreenCanvas, handed over by www/painter.js) and draws each
// frame the page sends, so that rasterising the charts never holds up the
// page's own thread. It gets the compiled module from the page: no second
// download or compile.

import init, { Explorer } from '../pkg/explorer.js';
import { applyParams } from './controls.js';

// plotters-canvas checks its context with `instanceof CanvasRenderingContext2D`,
// a name workers do not define; the OffscreenCanvas context draws with the
// same methods.
globalThis.CanvasRenderingContext2D ??= OffscreenCanvasRenderingContext2D;

let wasm = null;
let explorer = null;

onmessage = async ({ data: m }) => {
  try {
    if (m.module) {
      wasm = await init({ module_or_path: m.module });
      explorer = new Explorer();
      postMessage({ ready: true });
    } else if (m.attach) {
      // Both layers opaque: the front shows the whole chart (a copy of the
      // back with the moving curves over it), one layer for the compositor
      // to draw per move.
      m.back.getContext('2d', { alpha: false });
      m.front.getContext('2d', { alpha: false });
      explorer.attach(m.attach, m.back, m.front);
      explorer.composeFront(m.attach, true);
    } else if (m.resize) {
      explorer.resize(m.resize, m.width, m.height, m.dpr);
    } else if (m.frame) {
      applyParams(explorer, m.params);
      explorer.render();
      // Acknowledged at the worker's next animation frame, once this
      // frame has gone to the page's canvases.
      const ack = () => postMessage({ drawn: m.frame });
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(ack);
      else setTimeout(ack, 16);
    } else if (m.memory) {
      postMessage({ memory: wasm.memory.buffer.byteLength });
    }
  } catch (e) {
    postMessage({ error: e && e.message ? e.message : String(e), frame: m.frame });
  }
};
