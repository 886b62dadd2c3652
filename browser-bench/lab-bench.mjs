// The lab's benchmark (run by `cargo xtask bench`): a file of N predictions
// (default 1,000,000; a detector's: 1% positives, probabilities with 6
// significant digits) is made in headless Chromium, chosen in the "Your
// predictions" panel of lab.html, read in chunks and summarised in the
// worker; then γ is moved. Prints the worker's time, rows per second, the
// page's frames meanwhile (the longest gap between two), the time until the
// page shows a γ move, and the wasm memory after the reading; and for the
// moves to a γ outside {0, 0.5, 1, 2} (a powf a row), the worker's time for
// the draft it answers with at once (computing and drawing it) and for the
// exact pass that follows in slices (its slices' time, then the summary and
// its drawing), medians over the moves.
//
//   node browser-bench/lab-bench.mjs [--rows N] [--moves N]
//
// Environment: BASE_URL (the served dist/ root), CHROMIUM (the browser).

import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const { CHROMIUM_ARGS } = await import(new URL('../tests/e2e/harness.mjs', import.meta.url));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('--rows', 1_000_000);
const moves = arg('--moves', 20);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(new URL('lab.html', process.env.BASE_URL).href);
  await page.waitForFunction(() => /No predictions yet/.test(document.getElementById('pred-status-text').textContent));
  const result = await page.evaluate(async ([rows, moves]) => {
    // The file, made in the page in pieces (a Blob of strings, never one string).
    let s = 0x9e3779b9;
    const r = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s + 0.5) / 2 ** 32;
    };
    const parts = ['score,label\n'];
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      const y = r() < 0.01 ? 1 : 0;
      const u = r();
      const x = (y ? 2 : -6) + Math.log(u / (1 - u));
      chunk += `${(1 / (1 + Math.exp(-x))).toPrecision(6)},${y}\n`;
      if (chunk.length > 1 << 20) {
        parts.push(chunk);
        chunk = '';
      }
    }
    parts.push(chunk);
    const file = new File(parts, 'bench.csv', { type: 'text/csv' });
    const p = window.focalLossLab.predictions;
    const done = p.readsDone;
    const input = document.getElementById('pred-file');
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    // The page's frames while the worker reads: how many, the longest gap.
    const gaps = { max: 0, frames: 0, run: true };
    let last = performance.now();
    const tick = (now) => {
      gaps.max = Math.max(gaps.max, now - last);
      gaps.frames += 1;
      last = now;
      if (gaps.run) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const t = performance.now();
    input.dispatchEvent(new Event('change'));
    while (p.readsDone === done) await new Promise((ok) => setTimeout(ok, 20));
    await p.settled();
    gaps.run = false;
    const shown = performance.now() - t;
    const gammas = [];
    for (let i = 0; i < moves; i++) {
      const g = 0.1 + (i * 4.7) / moves;
      const range = document.getElementById('pred-gamma-range');
      const t0 = performance.now();
      range.value = String(g);
      range.dispatchEvent(new Event('input', { bubbles: true }));
      await p.settled();
      const shown = performance.now() - t0;
      gammas.push({ gamma: g, worker: p.lastMs, shown, draft: p.lastDraft, exact: p.lastExact, drawn: { ...p.drawn } });
      p.lastDraft = null;
      p.lastExact = null;
    }
    return { bytes: file.size, rows: p.summary.rows, timing: p.timing, shown, gaps, gammas };
  }, [rows, moves]);
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const { timing } = result;
  console.log(`lab: ${result.rows.toLocaleString('en-US')} rows (${(result.bytes / 1e6).toFixed(1)} MB) read and summarised in ${timing.readMs.toFixed(0)} ms of worker time: ${((result.rows / timing.readMs) * 1000 / 1e6).toFixed(2)} million rows/s`);
  console.log(`lab: the page showed the summary ${result.shown.toFixed(0)} ms after the file was chosen; wasm memory ${(timing.memory / 1e6).toFixed(0)} MB`);
  console.log(`lab: while the worker read, the page drew ${result.gaps.frames} frames; the longest gap between two ${result.gaps.max.toFixed(0)} ms`);
  console.log(`lab: a γ move: median ${median(result.gammas.map((g) => g.worker)).toFixed(1)} ms in the worker, ${median(result.gammas.map((g) => g.shown)).toFixed(1)} ms until the exact summary is shown (max ${Math.max(...result.gammas.map((g) => g.shown)).toFixed(1)} ms)`);
  // The moves answered with a draft first: γ outside the reference curves'.
  const drafted = result.gammas.filter((g) => g.draft && g.exact && ![0, 0.5, 1, 2].includes(g.gamma));
  if (drafted.length) {
    const m = (f) => median(drafted.map(f)).toFixed(1);
    console.log(`lab: ${drafted.length} moves to a γ outside {0, 0.5, 1, 2}, medians: the draft ${m((g) => g.draft.totalMs)} ms in the worker (${m((g) => g.draft.ms)} ms computing, ${m((g) => g.draft.drawMs ?? 0)} ms drawing); the exact pass ${m((g) => g.exact.passMs)} ms in the worker (${m((g) => g.exact.slices)} slices over ${m((g) => g.exact.wallMs)} ms), then ${m((g) => g.exact.totalMs)} ms to summarise and draw it; the exact summary shown ${m((g) => g.shown)} ms after the move`);
  } else {
    console.log(`lab: no move was answered with a draft (${result.rows.toLocaleString('en-US')} rows: at most ${(1 << 15).toLocaleString('en-US')} a class are summarised at once)`);
  }
} finally {
  await browser.close();
}
