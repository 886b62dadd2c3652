// Where the charts are drawn. When the browser can hand a canvas to a worker
// (transferControlToOffscreen, module workers, and a 2D context on an
// OffscreenCanvas in a worker), a worker with its own explorer draws them
// (www/render-worker.js), and a slider move costs the page's thread only its
// script and layout. Otherwise startPainter returns null and the page's
// explorer draws into the canvases itself.

const WORKER_TIMEOUT_MS = 5000;

// WebKit has every feature the worker needs, but its web process crashes
// when a worker draws into canvases the page handed over: WebKitGTK 2.50
// stops on a release assertion in its worker and compositor threads after
// one to three minutes of slider moves, every time, while the same moves
// drawn by the page run on. A crash is no feature a page can detect, so
// this one check names the engine (by its vendor string, the engine's own
// name for itself) and keeps WebKit's charts on the page.
const OFFSCREEN_CRASHES = typeof navigator === 'object' && navigator.vendor === 'Apple Computer, Inc.';

// What the page can tell without a worker. Whether a module worker starts
// and can draw, only the worker can say: startPainter has it draw a small
// chart first.
function canPaintOffscreen() {
  return !OFFSCREEN_CRASHES
    && typeof Worker === 'function'
    && typeof OffscreenCanvasRenderingContext2D === 'function'
    && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';
}

/**
 * Starts the worker and resolves to a painter once it has instantiated
 * `module` (a promise of the page's compiled WebAssembly.Module: the worker
 * neither downloads nor compiles it again) and drawn a small chart into two
 * canvases handed over for the purpose, or to null when it cannot: a worker
 * that cannot draw never gets the page's canvases.
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
    // Two canvases for the worker to try drawing into before it gets the
    // charts': a worker that cannot draw them never gets the page's.
    let probe;
    try {
      probe = [0, 1].map(() => document.createElement('canvas').transferControlToOffscreen());
    } catch {
      done(false);
      return;
    }
    module.then((m) => worker.postMessage({ module: m, probe }, probe), () => done(false));
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
    this.stopped = null;
    worker.onerror = (e) => {
      e.preventDefault();
      this.stopped = e.message || 'the drawing worker stopped';
      onError(this.stopped);
      // Nobody waits for frames that will not come.
      this.release(this.sent, this.stopped);
    };
    worker.onmessage = ({ data }) => {
      if (data.error) onError(data.error);
      if (data.drawn || data.frame) this.release(data.drawn || data.frame, data.error);
      if (data.memory !== undefined) this.onMemory?.(data.memory);
    };
  }

  /** Frames up to `frame` are done with: drawn, or failed with `error`. */
  release(frame, error) {
    this.drawn = Math.max(this.drawn, frame);
    this.waiting = this.waiting.filter((w) => {
      if (w.frame > this.drawn) return true;
      if (error) w.reject(new Error(error));
      else w.resolve();
      return false;
    });
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

  /** A drag's draft resolution for the moving curves, or 0 for full. */
  draft(scale) {
    this.worker.postMessage({ draft: true, scale });
  }

  /** Sends the parameters that changed (Explorer.update's patch) and asks
   * for a frame. */
  frame(params) {
    this.worker.postMessage({ frame: ++this.sent, params });
  }

  /**
   * Resolves once the worker has drawn every frame sent so far; rejects when
   * the last of them failed, or the worker stopped. (The page keeps the
   * charts it drew until the worker's first frame settles: a worker that
   * cannot draw it leaves them on screen, not blank canvases.)
   */
  settled() {
    if (this.stopped) return Promise.reject(new Error(this.stopped));
    if (this.drawn >= this.sent) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ frame: this.sent, resolve, reject }));
  }

  /** Ends the worker (its canvases stay as last drawn). */
  stop() {
    this.worker.terminate();
    this.stopped = 'the drawing worker was stopped';
    this.release(this.sent, null);
  }

  /** The worker's wasm memory, in bytes. */
  memory() {
    return new Promise((resolve) => {
      this.onMemory = resolve;
      this.worker.postMessage({ memory: true });
    });
  }
}
