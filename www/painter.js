// Where the charts are drawn. When the browser can hand a canvas to a worker
// (transferControlToOffscreen and module workers), a worker with its own
// explorer draws them (www/render-worker.js), and a slider move costs the
// page's thread only its script and layout. Otherwise startPainter returns
// null and the page's explorer draws into the canvases itself.

const WORKER_TIMEOUT_MS = 5000;

function canPaintOffscreen() {
  return typeof Worker === 'function'
    && typeof OffscreenCanvasRenderingContext2D === 'function'
    && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';
}

/**
 * Starts the worker and resolves to a painter once it has instantiated
 * `module` (a promise of the page's compiled WebAssembly.Module: the worker
 * neither downloads nor compiles it again), or to null when it cannot.
 * `onError(message)` hears of a frame the worker could not draw.
 */
export async function startPainter(module, onError) {
  if (!canPaintOffscreen()) return null;
  let worker;
  try {
    worker = new Worker(new URL('./render-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), WORKER_TIMEOUT_MS);
    const done = (ok) => {
      clearTimeout(timer);
      resolve(ok);
    };
    worker.onmessage = (e) => done(e.data.ready === true);
    worker.onerror = (e) => {
      e.preventDefault();
      done(false);
    };
    module.then((m) => worker.postMessage({ module: m }), () => done(false));
  });
  if (!ready) {
    worker.terminate();
    return null;
  }
  return new Painter(worker, onError);
}

class Painter {
  constructor(worker, onError) {
    this.worker = worker;
    this.sent = 0;
    this.drawn = 0;
    this.waiting = [];
    worker.onerror = (e) => {
      e.preventDefault();
      onError(e.message || 'the drawing worker stopped');
      // Nobody waits for frames that will not come.
      this.release(this.sent);
    };
    worker.onmessage = ({ data }) => {
      if (data.error) onError(data.error);
      if (data.drawn || data.frame) this.release(data.drawn || data.frame);
      if (data.memory !== undefined) this.onMemory?.(data.memory);
    };
  }

  /** Frames up to `frame` are done with (drawn, or failed). */
  release(frame) {
    this.drawn = Math.max(this.drawn, frame);
    this.waiting = this.waiting.filter((w) => (w.frame <= this.drawn ? (w.resolve(), false) : true));
  }

  /** Hands a chart's two canvases to the worker. */
  attach(kind, back, front) {
    const b = back.transferControlToOffscreen();
    const f = front.transferControlToOffscreen();
    this.worker.postMessage({ attach: kind, back: b, front: f }, [b, f]);
  }

  resize(kind, width, height, dpr) {
    this.worker.postMessage({ resize: kind, width, height, dpr });
  }

  /** Sends the parameters that changed and asks for a frame. */
  frame(params) {
    this.worker.postMessage({ frame: ++this.sent, params });
  }

  /** Resolves once the worker has drawn every frame sent so far. */
  settled() {
    if (this.drawn >= this.sent) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ frame: this.sent, resolve }));
  }

  /** The worker's wasm memory, in bytes. */
  memory() {
    return new Promise((resolve) => {
      this.onMemory = resolve;
      this.worker.postMessage({ memory: true });
    });
  }
}
