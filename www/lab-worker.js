// The lab's worker: it owns the predictions (pkg/lab.js's PredictionsLab),
// reads every file in chunks (File.stream(), a fetched body, or pasted
// text), summarises at the (γ, α) the page asks for, and draws the charts
// into the canvases the page handed over, or sends the charts' scene for
// the page to draw where a worker cannot draw them. The page's thread only
// wires controls and writes text.
//
// A γ move on many rows takes longer than a frame (a powf a row). There the
// worker answers at once with a draft, drawn from a sample of each class
// and marked `draft` (no numbers), then makes the exact pass in slices of a
// few ms, letting newer messages in between: newer (γ, α) end it (a pass
// for the same γ goes on), and once done it sends the exact summary, not as
// an answer to a request but as `{ exact: true }`, and draws its scene.
import init, { LabCharts, PredictionsLab } from '../pkg/lab.js';

/** Text is pushed to the reader in pieces of this many bytes. */
const TEXT_CHUNK = 1 << 20;
/** The page hears how far the reading is at most this often (ms). */
const PROGRESS_MS = 100;
/** The exact pass runs this long (ms) before it lets messages in. */
const SLICE_MS = 4;
/** Rows per call into the exact pass (about half a ms). */
const STEP_ROWS = 1 << 14;

let wasm = null;
let lab = null;
let charts = null;
let drawHere = false;
/** The reading under way; a new one ends it. */
let reading = 0;

const started = init().then((exports) => {
  wasm = exports;
  lab = new PredictionsLab();
  charts = new LabCharts();
});

const reply = (message, transfer = []) => postMessage(message, transfer);

/** The pieces of `source`: a Blob's stream, a URL's body, or text. */
async function* pieces(source) {
  if (typeof source === 'string') {
    const bytes = new TextEncoder().encode(source);
    for (let at = 0; at < bytes.length; at += TEXT_CHUNK) yield bytes.subarray(at, at + TEXT_CHUNK);
    return;
  }
  let stream;
  if (source instanceof Blob) {
    stream = source.stream();
  } else {
    const response = await fetch(source.url);
    if (!response.ok) throw new Error(`${source.url} could not be loaded (${response.status})`);
    stream = response.body;
  }
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Resolves in a task of its own, after the messages that came before. */
const nextTask = (() => {
  if (typeof MessageChannel !== 'function') return () => new Promise((r) => setTimeout(r, 0));
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () => new Promise((r) => {
    waiting.push(r);
    channel.port2.postMessage(null);
  });
})();

async function read({ id, source, mode, score, label }) {
  const mine = ++reading;
  const t0 = performance.now();
  lab.begin(mode, score, label, 0);
  const total = source instanceof Blob ? source.size : typeof source === 'string' ? source.length : 0;
  // A file over the limit is refused before any byte is read.
  const refused = source instanceof Blob ? lab.checkSize(source.size) : undefined;
  if (refused) {
    lab.finish();
    reply({ id, outcome: { ok: false, error: { message: refused, line: null, column: null, rowsRead: 0 }, kept: lab.hasData() ? 'previous' : 'none', layout: null } });
    return;
  }
  let bytes = 0;
  let shown = t0;
  let busy = 0;
  const superseded = () => reply({ id, outcome: { ok: false, superseded: true, error: { message: 'another file was chosen' }, kept: 'previous', layout: null } });
  for await (const piece of pieces(source)) {
    if (mine !== reading) return superseded();
    const t = performance.now();
    const ok = lab.push(piece);
    busy += performance.now() - t;
    bytes += piece.length;
    if (!ok) break;
    if (performance.now() - shown > PROGRESS_MS) {
      shown = performance.now();
      reply({ id, progress: { bytes, total, rows: lab.rowsRead() } });
    }
  }
  if (mine !== reading) return superseded();
  const t1 = performance.now();
  const outcome = JSON.parse(lab.finish());
  busy += performance.now() - t1;
  if (outcome.ok || outcome.kept === 'partial') {
    // Other predictions are shown: an exact pass under way was theirs no more.
    generation++;
    owed = null;
  }
  const memory = wasm.memory.buffer.byteLength;
  reply({ id, outcome, timing: { readMs: busy, wallMs: performance.now() - t0, bytes, memory } });
}

let lastParams = null;
/** Bumped by every (γ, α) and by new predictions: an exact pass of an older one stops. */
let generation = 0;
/** The (γ, α) whose exact summary is owed to the page (a draft was sent). */
let owed = null;
/** Scenes drawn or sent, for tests: drafts and exact ones. */
const drawn = { drafts: 0, exact: 0 };

/** Draws `scene` here or sends it with `message` for the page to draw. */
function sendScene(message, scene, t0) {
  // When the answer began and was drawn, on the clock the page shares (for tests).
  const startedAt = performance.timeOrigin + t0;
  if (drawHere) {
    const t = performance.now();
    charts.drawScene(scene);
    const drawnAt = performance.timeOrigin + performance.now();
    reply({ ...message, drawMs: performance.now() - t, totalMs: performance.now() - t0, drawnAt, startedAt });
  } else {
    reply({ ...message, scene, totalMs: performance.now() - t0, startedAt }, [scene.buffer]);
  }
}

function summarize({ id, params }) {
  lastParams = params;
  const mine = ++generation;
  if (!lab.hasData()) {
    reply({ id, summary: null });
    return;
  }
  const alpha = params.alpha ?? -1;
  const t0 = performance.now();
  if (!lab.wantsDraft(params.gamma)) {
    // A small set, or a γ whose pass is done (an α move): exact at once.
    owed = null;
    const summary = lab.summarize(params.gamma, alpha);
    const scene = lab.scene();
    drawn.exact++;
    sendScene({ id, summary, ms: performance.now() - t0, drawn }, scene, t0);
    return;
  }
  const scene = lab.draftScene(params.gamma, alpha);
  owed = params;
  drawn.drafts++;
  sendScene({ id, draft: true, ms: performance.now() - t0, drawn }, scene, t0);
  lab.beginExact(params.gamma);
  exactInSlices(mine, params);
}

/** The exact pass for `params` in slices; it stops when newer ones come. */
async function exactInSlices(mine, params) {
  const t0 = performance.now();
  let busy = 0;
  let slices = 0;
  try {
    for (;;) {
      await nextTask();
      if (mine !== generation) return;
      const t = performance.now();
      let done = false;
      while (!done && performance.now() - t < SLICE_MS) done = lab.stepExact(STEP_ROWS);
      busy += performance.now() - t;
      slices++;
      if (done) break;
    }
    sendExact({ passMs: busy, slices, wallMs: performance.now() - t0 });
  } catch (e) {
    owed = null;
    reply({ exact: true, error: String(e && e.message ? e.message : e) });
  }
}

/** Sends the exact summary owed (its pass done, or finished here at once). */
function sendExact(timing = {}) {
  const params = owed;
  owed = null;
  const t0 = performance.now();
  const summary = lab.summarize(params.gamma, params.alpha ?? -1);
  const scene = lab.scene();
  drawn.exact++;
  sendScene({ exact: true, params, summary, ms: performance.now() - t0, ...timing, drawn }, scene, t0);
}

/** An export is always of the exact summary of the latest (γ, α). */
function settle() {
  if (!owed) return;
  generation++;
  sendExact();
}

/** A PNG (at twice the size) or an SVG of a chart, drawn here. */
async function exportChart({ id, chart, format, width, height }) {
  if (format === 'svg') {
    reply({ id, svg: charts.svg(chart, width, height) });
  } else {
    const canvas = new OffscreenCanvas(1, 1);
    charts.drawInto(chart, canvas, width, height, 2);
    reply({ id, png: await canvas.convertToBlob({ type: 'image/png' }) });
  }
}

async function handle(data) {
  await started;
  const { id } = data;
  try {
    if (data.canvases) {
      // The page handed its canvases over: draw here from now on.
      for (const [kind, canvas] of Object.entries(data.canvases)) charts.attach(kind, canvas);
      drawHere = true;
      reply({ id, attached: true });
    } else if (data.resize) {
      charts.resize(data.resize, data.width, data.height, data.dpr);
    } else if (data.dark !== undefined) {
      charts.setDark(data.dark);
    } else if (data.read) {
      await read({ id, ...data.read });
    } else if (data.params) {
      summarize({ id, params: data.params });
    } else if (data.exportJson) {
      settle();
      reply({ id, json: lab.exportJson() });
    } else if (data.exportChart) {
      settle();
      await exportChart({ id, ...data.exportChart });
    } else if (data.ping) {
      reply({ id, ready: true, params: lastParams });
    }
  } catch (e) {
    reply({ id, error: String(e && e.message ? e.message : e) });
  }
}

// Every message is handled as it comes: a reading lets summaries (γ and α
// moves) through between its pieces, and a new reading ends the one under way.
onmessage = ({ data }) => handle(data);
