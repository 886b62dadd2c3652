// The lab's worker: it owns the predictions (pkg/lab.js's PredictionsLab),
// reads every file in chunks (File.stream(), a fetched body, or pasted
// text), summarises at the (γ, α) the page asks for, and draws the charts
// into the canvases the page handed over, or sends the charts' scene for
// the page to draw where a worker cannot draw them. The page's thread only
// wires controls and writes text.
import init, { LabCharts, PredictionsLab } from '../pkg/lab.js';

/** Text is pushed to the reader in pieces of this many bytes. */
const TEXT_CHUNK = 1 << 20;
/** The page hears how far the reading is at most this often (ms). */
const PROGRESS_MS = 100;

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
  const memory = wasm.memory.buffer.byteLength;
  reply({ id, outcome, timing: { readMs: busy, wallMs: performance.now() - t0, bytes, memory } });
}

let lastParams = null;

function summarize({ id, params }) {
  lastParams = params;
  if (!lab.hasData()) {
    reply({ id, summary: null });
    return;
  }
  const t0 = performance.now();
  const summary = lab.summarize(params.gamma, params.alpha ?? -1);
  const scene = lab.scene();
  const ms = performance.now() - t0;
  if (drawHere) {
    charts.drawScene(scene);
    reply({ id, summary, ms, drawMs: performance.now() - t0 - ms });
  } else {
    reply({ id, summary, ms, scene }, [scene.buffer]);
  }
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
      reply({ id, json: lab.exportJson() });
    } else if (data.exportChart) {
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
