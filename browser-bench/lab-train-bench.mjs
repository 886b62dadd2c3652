// The training panel's benchmark (run by `cargo xtask bench`, after lab-bench.mjs):
// lab.html trains the default run (20,000 points, 1:1000) for STEPS steps in
// headless Chromium, and this prints the training steps per second (wall
// time from the first step to the last), the worker's time split between
// training and frames, and the page's main-thread busy share meanwhile (CDP
// Performance.getMetrics TaskDuration over the wall time); then, while a
// long run trains, how soon a γ move reaches the screen.
//
// Environment: BASE_URL (the served dist/ root, required), CHROMIUM.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const { CHROMIUM_ARGS } = await import(new URL('../tests/e2e/harness.mjs', import.meta.url));

const STEPS = 1000;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  await page.goto(new URL(`lab.html?steps=${STEPS}`, process.env.BASE_URL).href);
  await page.waitForFunction(() => window.focalLossLab?.train?.figures?.step >= 1, null, { timeout: 60000 });
  const t0 = Date.now();
  const busy0 = await task();
  const step0 = await page.evaluate(() => window.focalLossLab.train.figures.step);
  await page.evaluate(() => window.focalLossLab.train.stopped);
  const wall = (Date.now() - t0) / 1000;
  const busy = (await task()) - busy0;
  const { timing, frames, drawnBy } = await page.evaluate(() => JSON.parse(JSON.stringify(window.focalLossLab.train)));
  const steps = STEPS - step0;
  console.log(`lab: ${steps} training steps of 3 models on 20,000 points in ${wall.toFixed(2)} s: ${(steps / wall).toFixed(0)} steps/s`
    + ` (target ≥ 60); worker: ${(timing.train / timing.steps).toFixed(2)} ms/step training,`
    + ` ${(timing.frame / frames).toFixed(1)} ms/frame × ${frames} frames (drawn by the ${drawnBy});`
    + ` main thread busy ${((busy / wall) * 100).toFixed(1)} % of the time`);

  // A γ move while the lab trains: the time from the move to the next frame,
  // beside a frame with no move, over 40 moves (the figure the end-to-end
  // test leaves to this benchmark).
  await page.goto(new URL('lab.html?steps=100000', process.env.BASE_URL).href);
  await page.waitForFunction(() => window.focalLossLab?.train?.figures?.step > 20, null, { timeout: 60000 });
  const { answers, idle } = await page.evaluate(async () => {
    const range = document.getElementById('train-gamma-range');
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const answers = [];
    const idle = [];
    for (let i = 0; i < 40; i += 1) {
      await frame();
      let t0 = performance.now();
      await frame();
      idle.push(performance.now() - t0);
      t0 = performance.now();
      range.value = String(0.5 + (i % 9) * 0.5);
      range.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      answers.push(performance.now() - t0);
    }
    return { answers, idle };
  });
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log(`lab: a γ move while training is on screen at the next frame, ${q(answers, 0.5).toFixed(1)} ms after the move`
    + ` (median; p95 ${q(answers, 0.95).toFixed(1)}, max ${Math.max(...answers).toFixed(1)});`
    + ` a frame without a move: ${q(idle, 0.5).toFixed(1)} ms (median; max ${Math.max(...idle).toFixed(1)})`);
} finally {
  await browser.close();
}
