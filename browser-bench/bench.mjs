// The browser benchmark of the explorer (run it with `cargo xtask bench`).
//
// It opens the served page (BASE_URL) in headless Chromium with the loss and
// gradient charts at 960 × 540 CSS px and a device pixel ratio of 2, moves
// the γ slider N times with real key presses, waits for each move's frame,
// and reports per move:
//
//   * the page's main-thread time (CDP Performance.getMetrics TaskDuration
//     delta, and ScriptDuration, LayoutDuration, RecalcStyleDuration);
//   * the CPU time of every Chromium process (utime + stime from
//     /proc/<pid>/stat, summed over the browser's process tree);
//   * the time to the first chart and the memory in use;
//
// then does the same for the contenders, in the same run: the custom element
// on a blog page (element.html), uPlot and Chart.js (from npm) drawing the
// same four curves at the same size, the same charts in plain JavaScript on a
// Canvas 2D (baseline.html), and the floor (floor.html: the slider alone, the
// charts never redrawn). It checks that every contender's pixels change with
// a move, prints the ratios the performance targets are set in, and the
// gzip -9 size of what the page transfers.
//
//   cargo xtask bench [--moves N] [--long] [--long-moves N] [--warmup N]
//                     [--loads N] [--only a,b] [--profile] [--json FILE]
//
// Environment: BASE_URL (the served dist/ root, required), DIST (the dist/
// directory: the contenders are copied into DIST/browser-bench/), CHROMIUM
// (the browser).

import { createRequire } from 'node:module';
import {
  copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const { pageTransfer } = await import(new URL('../tests/e2e/transfer.mjs', import.meta.url));

// The browser flags the tests use (no sandbox as root, no background traffic).
const { CHROMIUM_ARGS } = await import(new URL('../tests/e2e/harness.mjs', import.meta.url));

const here = new URL('./', import.meta.url);
const version = (name) => {
  try {
    return JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, here), 'utf8')).version;
  } catch {
    return '?';
  }
};

// The pages measured, in one run. `slider` is the γ slider's selector (it
// pierces the element's open shadow root); `still`: its charts never change.
const PAGES = [
  { id: 'explorer', label: 'the explorer (index.html)', path: 'index.html', wasm: true },
  { id: 'element', label: 'the custom element in a blog post', path: 'browser-bench/element.html', wasm: true, slider: 'focal-loss-explorer input[type=range]' },
  { id: 'uplot', label: `uPlot ${version('uplot')}`, path: 'browser-bench/uplot.html' },
  { id: 'chartjs', label: `Chart.js ${version('chart.js')}`, path: 'browser-bench/chartjs.html' },
  { id: 'canvas', label: 'plain Canvas 2D', path: 'browser-bench/baseline.html' },
  { id: 'floor', label: 'the floor: the slider alone', path: 'browser-bench/floor.html', still: true },
];

// What the pages load from npm (browser-bench/package.json), copied beside them.
const VENDOR = [
  'uplot/dist/uPlot.esm.js',
  'uplot/dist/uPlot.min.css',
  'chart.js/dist/chart.umd.min.js',
];

const HELP = `usage: cargo xtask bench [options]   (or, with BASE_URL set: node browser-bench/bench.mjs [options])

  --moves N       γ moves measured per pass (default 200)
  --warmup N      moves before measuring (default 50)
  --loads N       cold page loads for the time to first chart (default 10)
  --long          also 10,000 moves in a row on the explorer, with the memory
                  before and after the warm-up, every 1,000 moves and at the end
                  (measures the explorer only unless --only names others)
  --long-moves N  the length of the long run (default 10000, at least 1000)
  --only LIST     the pages to measure, of ${PAGES.map((p) => p.id).join(', ')}
  --profile       also a JS sampling profile and a Chromium trace of 200 moves
                  of each page: where the time goes
  --json FILE     also write every figure as JSON to FILE
`;

function parseArgs(argv) {
  const o = {
    moves: 200, warmup: 50, loads: 10, long: false, only: null,
    profile: false, json: null, batch: 10, idle: 50, longMoves: 10000,
  };
  const num = (i, name) => {
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--': break;
      case '--moves': o.moves = Math.max(o.batch, num(i, a)); i++; break;
      case '--warmup': o.warmup = num(i, a); i++; break;
      case '--loads': o.loads = Math.max(1, num(i, a)); i++; break;
      case '--long': o.long = true; break;
      case '--long-moves': o.longMoves = Math.max(1000, num(i, a)); i++; break;
      case '--only': o.only = argv[i + 1].split(','); i++; break;
      case '--profile': o.profile = true; break;
      case '--json': o.json = argv[i + 1]; i++; break;
      case '-h': case '--help': process.stdout.write(HELP); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n\n${HELP}`);
    }
  }
  o.only ??= o.long ? ['explorer'] : PAGES.map((p) => p.id);
  for (const id of o.only) {
    if (!PAGES.some((p) => p.id === id)) throw new Error(`--only: no page ${id}\n\n${HELP}`);
  }
  return o;
}

// ---------------------------------------------------------------- statistics

function sorted(xs) {
  return [...xs].sort((a, b) => a - b);
}
/** The q-quantile by linear interpolation between closest ranks. */
function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = sorted(xs);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const median = (xs) => quantile(xs, 0.5);
const p95 = (xs) => quantile(xs, 0.95);
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

function f(v, digits = 2) {
  return Number.isFinite(v) ? v.toFixed(digits) : '–';
}
/** Kilobytes of 1,000 bytes, as the size budget counts them. */
function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
function mb(bytes) {
  return bytes == null ? '–' : `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

function table(headers, rows, align) {
  const all = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const pad = (s, i) => {
    const n = widths[i] - [...s].length;
    return (align && align[i] === 'l') || (!align && i === 0) ? s + ' '.repeat(n) : ' '.repeat(n) + s;
  };
  const line = (r) => `  ${r.map(pad).join('  ')}`;
  const out = [line(all[0]), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`];
  for (const r of all.slice(1)) out.push(line(r));
  return out.join('\n');
}

function section(title) {
  console.log(`\n${title}\n${'='.repeat([...title].length)}`);
}

// ------------------------------------------------------- CPU time from /proc

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null; // it exited meanwhile
  }
}

function allProcs() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) out.push(p);
  }
  return out;
}

function childrenOf(pid) {
  return allProcs().filter((p) => p.ppid === pid).map((p) => p.pid);
}

const typeCache = new Map();
/** A process's role in Chromium: browser, renderer, gpu-process, utility, zygote… */
function procType(pid) {
  if (!typeCache.has(pid)) {
    let type = 'other';
    try {
      // Zygote children rewrite their argv into one space-separated string.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const t = /--type=([\w-]+)/.exec(cmd);
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmd);
      type = t ? t[1] : 'browser';
      if (sub) type += ` (${sub[1].split('.')[0]})`;
    } catch { /* gone */ }
    typeCache.set(pid, type);
  }
  return typeCache.get(pid);
}

/** CPU ticks of `root` and all its descendants, in total and by process type. */
function treeTicks(root) {
  const procs = allProcs();
  const kids = new Map();
  for (const p of procs) {
    if (!kids.has(p.ppid)) kids.set(p.ppid, []);
    kids.get(p.ppid).push(p);
  }
  const self = procs.find((p) => p.pid === root);
  const byType = {};
  let ticks = 0;
  const stack = self ? [self] : [];
  while (stack.length) {
    const p = stack.pop();
    ticks += p.ticks;
    const t = procType(p.pid);
    byType[t] = (byType[t] || 0) + p.ticks;
    for (const k of kids.get(p.pid) || []) stack.push(k);
  }
  return { ticks, byType };
}

const ticksToMs = (t) => (t * 1000) / CLK_TCK;

// ------------------------------------------------------------------ browser

async function launch() {
  const before = new Set(childrenOf(process.pid));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  // chromium.launch() spawns the browser as a child of this process.
  const fresh = childrenOf(process.pid).filter((p) => !before.has(p));
  const pid = fresh.find((p) => procType(p) === 'browser') ?? fresh[0] ?? null;
  return { browser, pid };
}

/**
 * Resolves after two animation frames, and after the page's drawing worker
 * (when it has one) has drawn the last frame the page sent it: the move's
 * frame has been drawn. (The explorer draws its first frame itself, then
 * hands the charts to the worker; settled() waits for that too.)
 */
function frames(page) {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    // A drag's frames are drawn in draft: a move is done once its frame is
    // on screen (drawn()), not once the full frame that follows the drag is.
    const fle = window.focalLossExplorer;
    if (fle && fle.drawn) await fle.drawn();
    for (const e of document.querySelectorAll('focal-loss-explorer')) {
      if (e.drawn) await e.drawn();
    }
  });
}

// Records when body[data-ready] turns "true" (from a MutationObserver, so
// within the same task), unless the page marks 'first-chart' itself, and
// says so on the console. Waiting for that message, rather than polling the
// page with page.waitForFunction, keeps Playwright's own injected script off
// the page's main thread while it loads: that script takes tens of
// milliseconds to evaluate and would be counted in the time to first chart.
const READY_MESSAGE = '__bench_ready__';
function readyProbe(message) {
  new MutationObserver((_, obs) => {
    if (document.body && document.body.dataset.ready === 'true') {
      window.__benchReadyAt = performance.now();
      obs.disconnect();
      console.debug(message);
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
}

// The time to first chart, the same for every page: the first animation
// frame after the page's first canvas stroke() (on its own thread: the
// explorer draws its first frame there), from navigation start.
function strokeProbe() {
  for (const proto of [window.CanvasRenderingContext2D?.prototype, window.OffscreenCanvasRenderingContext2D?.prototype]) {
    if (!proto) continue;
    const stroke = proto.stroke;
    proto.stroke = function probedStroke(...args) {
      if (window.__benchStrokeAt === undefined) {
        window.__benchStrokeAt = performance.now();
        requestAnimationFrame(() => { window.__benchFirstChart = performance.now(); });
      }
      return stroke.apply(this, args);
    };
  }
}

async function newPage(browser, url, viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
  await context.addInitScript(strokeProbe);
  await context.addInitScript(readyProbe, READY_MESSAGE);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  const ready = page.waitForEvent('console', {
    predicate: (m) => m.text() === READY_MESSAGE,
    timeout: 30000,
  });
  // Not waiting for 'load': the page is measured from body[data-ready], and
  // a stalled request for an image it does not show must not block the run.
  await page.goto(url, { waitUntil: 'commit' });
  await ready;
  return { context, page, errors };
}

async function plotSizes(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.plot'), ...[...document.querySelectorAll('focal-loss-explorer')].flatMap((e) => [...e.shadowRoot.querySelectorAll('.plot')])]
      .filter((p) => p.offsetParent !== null)
      .map((p) => {
        const r = p.getBoundingClientRect();
        const c = p.querySelector('canvas');
        const fig = p.closest('[data-chart]');
        return {
          chart: fig ? fig.dataset.chart : '?',
          width: r.width,
          height: r.height,
          canvas: c ? `${c.width}×${c.height}` : '–',
        };
      }));
}

/** The viewport width at which the explorer's loss chart is 960 CSS px wide. */
async function calibrate(browser, url) {
  let viewport = { width: 1366, height: 1000 };
  const { context, page } = await newPage(browser, url, viewport);
  try {
    for (let i = 0; i < 6; i++) {
      const w = await page.evaluate(
        () => document.querySelector('figure[data-chart="loss"] .plot').getBoundingClientRect().width);
      if (Math.abs(w - 960) < 0.5) break;
      viewport = { ...viewport, width: Math.round(viewport.width + 960 - w) };
      await page.setViewportSize(viewport);
      await frames(page);
    }
    return viewport;
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------- measurements

async function firstChart(browser, url, viewport, loads) {
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const { context, page } = await newPage(browser, url, viewport);
    await page.waitForFunction(() => window.__benchFirstChart !== undefined, null, { timeout: 10000 });
    runs.push(await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return {
        chart: window.__benchFirstChart,
        stroke: window.__benchStrokeAt,
        ready: window.__benchReadyAt,
        html: nav ? nav.responseEnd : NaN,
        dcl: nav ? nav.domContentLoadedEventEnd : NaN,
        wasm: wasm ? wasm.responseEnd : NaN,
      };
    }));
    await context.close();
  }
  return runs;
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function memory(page, cdp, wasm) {
  // wasm: the URL of the explorer's bindings module, or null.
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const heap = await cdp.send('Runtime.getHeapUsage');
  const m = await metrics(cdp);
  const wasmBytes = wasm
    ? await page.evaluate(async (moduleUrl) => {
      try {
        // The bindings module is the page's own (same URL): its default
        // export returns the instance's exports once initialised.
        // The explorer that draws: the worker's when there is one.
        const fle = window.focalLossExplorer;
        if (fle && fle.drawingMemory) return await fle.drawingMemory();
        const mod = await import(moduleUrl);
        const exports = await mod.default();
        return exports && exports.memory ? exports.memory.buffer.byteLength : null;
      } catch {
        return null;
      }
    }, wasm)
    : null;
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasm: wasmBytes, nodes: m.Nodes, listeners: m.JSEventListeners };
}

/**
 * The moves: runs of 100 ArrowRight then 100 ArrowLeft on the focused
 * slider (γ walks 2 → 3 → 2 …, one step of 0.01 a move).
 */
function moveKey(i) {
  return Math.floor(i / 100) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
}

class Mover {
  constructor(page) {
    this.page = page;
    this.count = 0;
  }
  async move() {
    await this.page.keyboard.press(moveKey(this.count++));
    await frames(this.page);
  }
}

/** Main-thread time per move from CDP Performance metrics deltas. */
async function mainThreadPass(page, cdp, mover, n, idle) {
  const out = { task: [], thread: [], script: [], layout: [], style: [], wall: [] };
  for (let i = 0; i < n; i++) {
    const a = await metrics(cdp);
    const t0 = performance.now();
    if (idle) await frames(page);
    else await mover.move();
    const t1 = performance.now();
    const b = await metrics(cdp);
    out.task.push((b.TaskDuration - a.TaskDuration) * 1000);
    out.thread.push((b.ThreadTime - a.ThreadTime) * 1000);
    out.script.push((b.ScriptDuration - a.ScriptDuration) * 1000);
    out.layout.push((b.LayoutDuration - a.LayoutDuration) * 1000);
    out.style.push((b.RecalcStyleDuration - a.RecalcStyleDuration) * 1000);
    out.wall.push(t1 - t0);
  }
  return out;
}

/**
 * CPU time of every Chromium process per move: the total over the pass
 * divided by n, and per batch of `batch` moves. `checkpoint(i)` runs between
 * batches, outside the measured time.
 */
async function cpuPass(pid, mover, n, batch, { idle = false, page = null, checkpoint = null } = {}) {
  const batches = [];
  const byType = {};
  let total = 0;
  let wall = 0;
  let prev = treeTicks(pid);
  let t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (idle) await frames(page);
    else await mover.move();
    if ((i + 1) % batch === 0 || i + 1 === n) {
      const now = treeTicks(pid);
      const t1 = performance.now();
      const moves = (i % batch) + 1;
      const d = now.ticks - prev.ticks;
      total += d;
      wall += t1 - t0;
      batches.push(ticksToMs(d) / moves);
      for (const [k, v] of Object.entries(now.byType)) byType[k] = (byType[k] || 0) + v - (prev.byType[k] || 0);
      if (checkpoint) await checkpoint(i + 1);
      prev = checkpoint ? treeTicks(pid) : now;
      t0 = checkpoint ? performance.now() : t1;
    }
  }
  const perType = Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, ticksToMs(v) / n]));
  return { meanMs: ticksToMs(total) / n, batches, perType, wallMs: wall / n };
}

// ------------------------------------------------------------------ profile

/** Self time by function from a CDP sampling profile. */
function summariseProfile(profile, moves) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // µs → ms, attributed to the sample
    const cf = byId.get(id).callFrame;
    const file = cf.url ? cf.url.split('/').pop() : '';
    const name = `${cf.functionName || '(anonymous)'}${file ? ` ${file}${cf.lineNumber >= 0 ? `:${cf.lineNumber + 1}` : ''}` : ''}`;
    self.set(name, (self.get(name) || 0) + dt);
    total += dt;
  });
  const busy = [...self.entries()].filter(([k]) => k !== '(idle)' && k !== '(program)');
  const busyTotal = busy.reduce((a, [, v]) => a + v, 0);
  return {
    idleMs: self.get('(idle)') || 0,
    programMs: self.get('(program)') || 0,
    busyMs: busyTotal,
    totalMs: total,
    top: busy.sort((a, b) => b[1] - a[1]).slice(0, 18).map(([name, ms]) => ({ name, perMove: ms / moves, share: ms / busyTotal })),
  };
}

/** Busy time per thread and self time per event on each thread, from a trace. */
function summariseTrace(json, moves) {
  const events = (JSON.parse(json).traceEvents || []);
  const threadName = new Map();
  const procName = new Map();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
    if (e.name === 'process_name') procName.set(e.pid, e.args.name);
  }
  // Complete events per thread (B/E pairs folded into X).
  const perThread = new Map();
  const open = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && typeof e.dur === 'number') {
      if (!perThread.has(key)) perThread.set(key, []);
      perThread.get(key).push({ name: e.name, ts: e.ts, dur: e.dur });
    } else if (e.ph === 'B') {
      if (!open.has(key)) open.set(key, []);
      open.get(key).push(e);
    } else if (e.ph === 'E') {
      const b = open.get(key)?.pop();
      if (b) {
        if (!perThread.has(key)) perThread.set(key, []);
        perThread.get(key).push({ name: b.name, ts: b.ts, dur: e.ts - b.ts });
      }
    }
  }
  const threads = [];
  const selfByThread = new Map();
  for (const [key, list] of perThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    let busy = 0;
    const selfTime = new Map();
    const done = (ev) => selfTime.set(ev.name, (selfTime.get(ev.name) || 0) + ev.dur - ev.child);
    for (const ev of list) {
      ev.child = 0;
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= ev.ts) done(stack.pop());
      const parent = stack[stack.length - 1];
      if (parent) parent.child += Math.min(ev.dur, parent.ts + parent.dur - ev.ts);
      else busy += ev.dur;
      stack.push(ev);
    }
    while (stack.length) done(stack.pop());
    const pid = Number(key.split(':')[0]);
    const name = `${procName.get(pid) || `pid ${pid}`} / ${threadName.get(key) || key}`;
    threads.push({ name, busyPerMove: busy / 1000 / moves });
    selfByThread.set(name, selfTime);
  }
  threads.sort((a, b) => b.busyPerMove - a.busyPerMove);
  const top = (name) => [...(selfByThread.get(name) || new Map()).entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([ev, us]) => ({ event: ev, perMove: us / 1000 / moves }));
  return { threads: threads.slice(0, 10), topByThread: Object.fromEntries(threads.slice(0, 4).map((t) => [t.name, top(t.name)])) };
}

async function profilePage(browser, page, cdp, mover, moves) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < moves; i++) await mover.move();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  const js = summariseProfile(profile, moves);

  await browser.startTracing(page, {
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', 'viz', 'gpu'],
  });
  for (let i = 0; i < moves; i++) await mover.move();
  const trace = await browser.stopTracing();
  return { js, trace: summariseTrace(trace.toString('utf8'), moves) };
}

// ------------------------------------------------------------ transfer size

/** What the page transfers, as the size test measures it. */
async function transferSizes(base) {
  const { browser } = await launch();
  try {
    return await pageTransfer(browser, base);
  } finally {
    await browser.close();
  }
}

// --------------------------------------------------------------- the pages

/** A hash of the first chart's pixels on screen. */
async function chartPixels(page) {
  const png = await page.locator('.plot').first().screenshot();
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(png).digest('hex');
}

async function measurePage(spec, opts, { base, viewport, long }) {
  const url = new URL(spec.path, base).href;
  const { browser, pid } = await launch();
  const result = { id: spec.id, label: spec.label, url };
  const wasm = spec.wasm ? new URL('pkg/explorer.js', base).href : null;
  try {
    result.version = browser.version();
    result.firstChart = await firstChart(browser, url, viewport, opts.loads);

    const { context, page, errors } = await newPage(browser, url, viewport);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    result.sizes = await plotSizes(page);
    const slider = page.locator(spec.slider ?? '#gamma-range');
    await slider.focus();
    const mover = new Mover(page);
    const gamma = async () => Number(await slider.inputValue());

    result.memory = { load: await memory(page, cdp, wasm) };
    for (let i = 0; i < opts.warmup; i++) await mover.move();
    result.memory.warm = await memory(page, cdp, wasm);
    // A contender that did not repaint would be measured doing nothing.
    const before = await chartPixels(page);
    for (let i = 0; i < 5; i++) await mover.move();
    result.repaints = before !== await chartPixels(page);
    if (!spec.still && !result.repaints) errors.push('its chart did not change with 5 γ moves');

    const g0 = await gamma();
    result.idleMain = await mainThreadPass(page, cdp, mover, opts.idle, true);
    result.main = await mainThreadPass(page, cdp, mover, opts.moves, false);
    await cdp.send('Performance.disable');
    result.idleCpu = pid ? await cpuPass(pid, mover, opts.idle, opts.batch, { idle: true, page }) : null;
    result.cpu = pid ? await cpuPass(pid, mover, opts.moves, opts.batch) : null;
    result.gammaMoved = { from: g0, to: await gamma() };
    await cdp.send('Performance.enable');
    result.memory.end = await memory(page, cdp, wasm);

    if (long) {
      const trail = [];
      const t = performance.now();
      result.long = await cpuPass(pid, mover, opts.longMoves, opts.batch, {
        checkpoint: async (i) => {
          if (i % 1000 === 0) trail.push({ moves: i, ...(await memory(page, cdp, wasm)) });
        },
      });
      result.long.trail = trail;
      result.long.moves = opts.longMoves;
      result.long.seconds = (performance.now() - t) / 1000;
    }
    if (opts.profile) result.profile = await profilePage(browser, page, cdp, mover, 200);
    result.errors = errors;
    await context.close();
  } finally {
    await browser.close();
  }
  return result;
}

// ---------------------------------------------------------------- printing

function printFirstChart(results) {
  section(`Time to first chart: navigation start → the first animation frame after the first canvas stroke, ${results[0].firstChart.length} cold loads each`);
  const rows = results.map((r) => {
    const chart = r.firstChart.map((x) => x.chart);
    return [
      r.label,
      f(median(chart), 1),
      f(Math.min(...chart), 1),
      f(Math.max(...chart), 1),
      f(median(r.firstChart.map((x) => x.stroke)), 1),
      f(median(r.firstChart.map((x) => x.html)), 1),
      f(median(r.firstChart.map((x) => x.dcl)), 1),
      f(median(r.firstChart.map((x) => x.wasm)), 1),
      f(median(r.firstChart.map((x) => x.ready)), 1),
    ];
  });
  console.log(table(['page', 'median ms', 'min', 'max', 'first stroke', 'html loaded', 'DOMContentLoaded', 'wasm loaded', 'data-ready'], rows));
}

const cpuMedian = (r) => median(r.cpu?.batches ?? []);
const cpuP95 = (r) => p95(r.cpu?.batches ?? []);

function printMoves(results, batch) {
  section(`Per γ move (${results[0].main.task.length} moves a pass, key presses on the focused slider, each awaited until drawn)`);
  const rows = results.map((r) => [
    r.label,
    f(median(r.main.task)),
    f(p95(r.main.task)),
    f(median(r.main.thread)),
    f(r.cpu?.meanMs),
    f(cpuMedian(r)),
    f(cpuP95(r)),
    f(cpuP95(r) / cpuMedian(r)),
    f(median(r.main.wall), 1),
  ]);
  console.log(table(['ms per move', 'main: task median', 'task p95', 'CPU time median', 'all-CPU mean', `all-CPU median (batches of ${batch})`, 'p95', 'p95 / median', 'wall'], rows));

  const types = new Set(results.flatMap((r) => Object.keys(r.cpu?.perType ?? {})));
  if (types.size) {
    console.log('\n  CPU by Chromium process type (ms/move, mean over the CPU pass):');
    console.log(table(['process type', ...results.map((r) => r.id)],
      [...types].sort().map((t) => [t, ...results.map((r) => f(r.cpu?.perType?.[t] ?? 0))])));
  }
  console.log('');
  for (const r of results) {
    console.log(`  ${r.label}: γ ${r.gammaMoved.from} → ${r.gammaMoved.to} over the passes; pixels changed with a move: ${r.repaints ? 'yes' : 'no'}; errors: ${r.errors.length ? r.errors.join('; ') : 'none'}`);
  }
  console.log(`\n  main: CDP Performance.getMetrics deltas on the page's main thread (task: TaskDuration, the wall time of its\n  tasks, including the measurement's own CDP calls; CPU time: ThreadTime). all-CPU: utime + stime of every process of\n  the browser (/proc, ${CLK_TCK} ticks/s, so ±${f(1000 / CLK_TCK / batch, 1)} ms/move per batch of ${batch} moves), in a separate pass without CDP metrics.`);
}

/** The issue's targets, as ratios of this run's figures. */
function printTargets(results) {
  const by = Object.fromEntries(results.map((r) => [r.id, r]));
  const rows = [];
  const check = (what, value, limit, unit = '×') => {
    const ok = Number.isFinite(value) ? value <= limit : null;
    rows.push([what, Number.isFinite(value) ? `${f(value)}${unit}` : '–', `≤ ${limit}${unit}`, ok === null ? '–' : ok ? 'met' : 'NOT met']);
  };
  for (const id of ['explorer', 'element']) {
    const r = by[id];
    if (!r) continue;
    if (by.uplot) check(`${id}: all-CPU mean / uPlot's`, r.cpu?.meanMs / by.uplot.cpu?.meanMs, 0.6);
    if (by.floor) check(`${id}: main-thread task median − the floor's`, median(r.main.task) - median(by.floor.main.task), 0.5, ' ms');
    if (by.floor) check(`${id}: main-thread CPU time median − the floor's`, median(r.main.thread) - median(by.floor.main.thread), 0.5, ' ms');
    check(`${id}: all-CPU p95 / median`, cpuP95(r) / cpuMedian(r), 1.3);
    if (by.canvas) check(`${id}: first chart / plain canvas page's (medians)`, median(r.firstChart.map((x) => x.chart)) / median(by.canvas.firstChart.map((x) => x.chart)), 1.1);
  }
  if (!rows.length) return;
  section('Targets');
  console.log(table(['target', 'measured', 'limit', ''], rows));
}

function printMemory(results) {
  section('Memory (after a forced GC)');
  const rows = [];
  for (const r of results) {
    for (const [when, m] of Object.entries(r.memory)) {
      rows.push([r.label, when, mb(m.jsHeapUsed), mb(m.jsHeapTotal), m.wasm == null ? '–' : mb(m.wasm), m.nodes, m.listeners]);
    }
  }
  console.log(table(['page', 'when', 'JS heap used', 'JS heap total', 'wasm memory', 'DOM nodes', 'listeners'], rows));
}

function printLong(r) {
  section(`Long run: ${r.long.moves} γ moves in a row on the ${r.label} (${f(r.long.seconds, 0)} s)`);
  console.log(table(['', 'CPU mean ms/move', 'per-batch median', 'per-batch p95'],
    [[`${r.long.moves} moves`, f(r.long.meanMs), f(median(r.long.batches)), f(p95(r.long.batches))]]));
  const rows = [
    ['after load', r.memory.load],
    ['after the warm-up', r.memory.warm],
    ...r.long.trail.map((m) => [`+${m.moves} moves`, m]),
  ].map(([when, m]) => [when, mb(m.jsHeapUsed), m.wasm == null ? '–' : mb(m.wasm), m.nodes, m.listeners]);
  console.log(table(['when', 'JS heap used', 'wasm memory', 'DOM nodes', 'listeners'], rows));
}

function printProfile(r) {
  if (!r.profile) return;
  const { js, trace } = r.profile;
  section(`Where the time goes: ${r.label}, 200 moves (JS sampling profile, 100 µs; then a Chromium trace)`);
  console.log(`  JS profile: busy ${f(js.busyMs / 200)} ms/move, (program) ${f(js.programMs / 200)} ms/move, idle ${f(js.idleMs / 200)} ms/move`);
  console.log(table(['self time (JS and wasm functions)', 'ms/move', 'share of busy'],
    js.top.map((t) => [t.name.slice(0, 90), f(t.perMove, 3), `${(t.share * 100).toFixed(1)} %`])));
  console.log('\n  Trace: busy time per thread (top-level events, while tracing):');
  console.log(table(['process / thread', 'ms/move'], trace.threads.map((t) => [t.name, f(t.busyPerMove, 3)])));
  for (const [thread, list] of Object.entries(trace.topByThread)) {
    console.log(`\n  Self time by event on ${thread}:`);
    console.log(table(['event', 'ms/move'], list.map((e) => [e.event.slice(0, 80), f(e.perMove, 3)])));
  }
}

function printTransfer(rows) {
  section('Transfer size (each file gzip -9)');
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  console.log(table(['file', 'bytes', 'gzip -9 bytes', 'gzip -9'],
    [...rows.map((r) => [r.file, r.raw, r.gzip, kb(r.gzip)]), ['total', total.raw, total.gzip, kb(total.gzip)]]));
  // The same budget as tests/e2e/size.test.mjs.
  const budget = 80_000;
  console.log(`\n  budget 80 kB (${budget} bytes): ${total.gzip <= budget ? 'within' : `over by ${total.gzip - budget} bytes`}`);
  return total;
}

// --------------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const base = process.env.BASE_URL;
  if (!base) throw new Error('BASE_URL is not set (run `cargo xtask bench`, which serves dist/ and sets it)');
  const dist = process.env.DIST && existsSync(process.env.DIST) ? process.env.DIST : null;

  // The contenders are served next to the page, from DIST/browser-bench/.
  if (!dist) throw new Error('DIST is not set (run `cargo xtask bench`, which builds dist/ and sets it)');
  const out = join(dist, 'browser-bench');
  mkdirSync(join(out, 'vendor'), { recursive: true });
  for (const name of readdirSync(here)) {
    if (/\.(html|css|js)$/.test(name)) copyFileSync(new URL(name, here), join(out, name));
  }
  for (const file of VENDOR) {
    const from = new URL(`node_modules/${file}`, here);
    if (!existsSync(from)) throw new Error(`${file} is missing: run npm ci in browser-bench/ (cargo xtask bench does)`);
    copyFileSync(from, join(out, 'vendor', file.split('/').pop()));
  }

  const { browser } = await launch();
  let viewport;
  try {
    viewport = await calibrate(browser, new URL('index.html', base).href);
  } finally {
    await browser.close();
  }

  console.log('Focal Loss Explorer: browser benchmark');
  const results = [];
  for (const spec of PAGES.filter((p) => opts.only.includes(p.id))) {
    process.stderr.write(`measuring ${spec.label}…\n`);
    results.push(await measurePage(spec, opts, { base, viewport, long: opts.long && spec.id === 'explorer' }));
  }

  const ex = results[0];
  console.log(`  Chromium ${ex.version}, headless, ${cpus().length} CPUs, --disable-gpu; viewport ${viewport.width}×${viewport.height} CSS px at device pixel ratio 2`);
  for (const r of results) {
    console.log(`  ${r.label}: ${r.sizes.map((s) => `${s.chart} ${f(s.width, 1)}×${f(s.height, 1)} CSS px (canvas ${s.canvas})`).join(', ')}`);
  }
  console.log(`  ${opts.warmup} warm-up moves, then ${opts.moves} measured moves per pass: runs of 100 ArrowRight / 100 ArrowLeft (γ 2 ↔ 3, step 0.01)`);

  printFirstChart(results);
  printMoves(results, opts.batch);
  printTargets(results);
  printMemory(results);
  if (ex.long) printLong(ex);
  for (const r of results) printProfile(r);
  const transfer = await transferSizes(base);
  const total = printTransfer(transfer);

  if (opts.json) {
    const summary = {
      viewport,
      moves: opts.moves,
      transfer: { files: transfer, totalGzip: total.gzip },
      pages: results.map((r) => ({
        id: r.id,
        label: r.label,
        version: r.version,
        sizes: r.sizes,
        firstChartMs: r.firstChart.map((x) => x.chart),
        mainThreadMs: { median: median(r.main.task), p95: p95(r.main.task), mean: mean(r.main.task) },
        mainThreadCpuMs: { median: median(r.main.thread), p95: p95(r.main.thread) },
        scriptMs: { median: median(r.main.script), p95: p95(r.main.script) },
        idleMainThreadMs: median(r.idleMain.task),
        cpuMsPerMove: r.cpu && { mean: r.cpu.meanMs, batchMedian: median(r.cpu.batches), batchP95: p95(r.cpu.batches), byType: r.cpu.perType },
        idleCpuMs: r.idleCpu?.meanMs,
        memory: r.memory,
        long: r.long && { meanMs: r.long.meanMs, trail: r.long.trail },
        profile: r.profile,
        errors: r.errors,
      })),
    };
    writeFileSync(opts.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (results.some((r) => r.errors.length)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
