// The page's drawing thread: a second explorer that owns the charts'
// canvases (OffscreenCanvas, handed over by www/painter.js) and draws each
// frame the page sends, so that rasterising the charts never holds up the
// page's own thread. It gets the compiled module from the page: no second
// download or compile.

import init, { Explorer } from '../pkg/explorer.js';

let wasm = null;
let explorer = null;

// Whether this browser lets a worker draw the charts: a small one, drawn as
// the charts are (two frames, the front composed over the back) into two
// canvases the page handed over as it hands over the charts', must come out
// with its background painted. Where it does not (no 2D context on a
// transferred canvas, say), the worker does not report ready, and the page
// goes on drawing the charts itself.
async function canDraw([back, front]) {
  const probe = new Explorer();
  try {
    probe.attach('loss', back, front);
    probe.composeFront('loss', true);
    probe.resize('loss', 48, 32, 1);
    probe.render();
    probe.update({ gamma: 3 });
    probe.render();
    // Read through a copy: the explorer holds the canvas's one context.
    const copy = new OffscreenCanvas(1, 1).getContext('2d');
    copy.drawImage(await createImageBitmap(front), 0, 0);
    const [r, g, b, a] = copy.getImageData(0, 0, 1, 1).data;
    return r === 255 && g === 255 && b === 255 && a === 255;
  } catch {
    return false;
  } finally {
    probe.free();
  }
}

onmessage = async ({ data: m }) => {
  try {
    if (m.module) {
      wasm = await init({ module_or_path: m.module });
      explorer = new Explorer();
      postMessage({ ready: await canDraw(m.probe) });
    } else if (m.attach) {
      // Both layers opaque: the front shows the whole chart (a copy of the
      // back with the moving curves over it), one layer for the compositor
      // to draw per move. The explorer asks for the canvases' contexts
      // itself, once (Gecko refuses a second getContext on a canvas handed
      // to a worker).
      explorer.attach(m.attach, m.back, m.front);
      explorer.composeFront(m.attach, true);
    } else if (m.resize) {
      explorer.resize(m.resize, m.width, m.height, m.dpr);
    } else if (m.draft) {
      explorer.draft(m.scale);
    } else if (m.frame) {
      explorer.update(m.params);
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
