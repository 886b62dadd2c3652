// 10,000 γ moves in a row, as fast as input events come: afterwards the last
// move is the one on screen (parameters, number field, legend and the pixels
// of the moving curves, compared with a fresh page set to the same γ), and
// the drawing explorer's wasm memory has not grown since the warm-up.
import assert from 'node:assert/strict';
import { frames, launch, onlyIn, openPage, test } from './harness.mjs';
import { canvasInfo, chartPixels, differingPixels } from './lib.mjs';

const MOVES = 10000;
const BATCH = 50; // input events between two awaited frames
const LAST = 3.17;
const WARM_UP = 1000; // moves before the memory is read the first time

/** The γ of move i: spread over the slider's range, ending at LAST. */
function gammaOf(i) {
  return i === MOVES - 1 ? LAST : ((i * 37) % 501) / 100;
}

test(`after ${MOVES} γ moves in a row the last one is on screen`, { timeout: 180000, ...onlyIn(['chromium'], 'the slow checks run in one engine') }, async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser);
    const started = Date.now();
    let warm = 0;
    for (let start = 0; start < MOVES; start += BATCH) {
      if (start === WARM_UP) warm = await page.evaluate(() => window.focalLossExplorer.drawingMemory());
      const values = [];
      for (let i = start; i < Math.min(MOVES, start + BATCH); i++) values.push(String(gammaOf(i)));
      await page.evaluate((vs) => {
        const el = document.getElementById('gamma-range');
        for (const v of vs) {
          el.value = v;
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }, values);
      await frames(page);
    }
    await frames(page);
    console.log(`${MOVES} moves in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The drawing explorer's memory stops growing after the warm-up.
    const end = await page.evaluate(() => window.focalLossExplorer.drawingMemory());
    assert.ok(warm > 0, `no wasm memory read after the warm-up (${warm})`);
    assert.equal(end, warm, `the drawing wasm memory grew from ${warm} to ${end} bytes after the warm-up`);
    assert.equal(await page.evaluate(() => window.focalLossExplorer.drawnBy), 'worker', 'Chromium draws in the worker');

    const shown = await page.evaluate(() => ({
      params: window.focalLossExplorer.explorer.params().gamma,
      state: window.focalLossExplorer.state.gamma,
      slider: document.getElementById('gamma-range').value,
      number: document.getElementById('gamma').value,
      legend: [...document.querySelectorAll('figure[data-chart="loss"] .legend li')].map((li) => li.textContent.trim()),
    }));
    assert.equal(shown.params, LAST, 'explorer.params().gamma is not the last value');
    assert.equal(shown.state, LAST, 'the page state is not the last value');
    assert.equal(Number(shown.slider), LAST, 'the slider moved away from the last value');
    assert.equal(shown.number, String(LAST), 'the γ number field does not show the last value');
    assert.ok(
      shown.legend.includes(`FL (γ = ${LAST})`),
      `the loss legend does not name FL (γ = ${LAST}): ${JSON.stringify(shown.legend)}`,
    );

    // A fresh page moved once, by the slider, to the same γ.
    const fresh = await openPage(browser);
    await fresh.page.locator('#gamma-range').fill(String(LAST));
    await frames(fresh.page);
    assert.equal(await fresh.page.evaluate(() => window.focalLossExplorer.explorer.params().gamma), LAST);
    for (const chart of ['loss', 'gradient']) {
      const a = await chartPixels(page, chart, ['front']);
      const b = await chartPixels(fresh.page, chart, ['front']);
      assert.deepEqual([a.width, a.height], [b.width, b.height], `${chart}: the front canvases differ in size`);
      // Drawn: the front shows curves where the back has none.
      const { ink } = await canvasInfo(page, chart, 'front');
      assert.ok(ink > 1000, `${chart}: the front canvas is (nearly) empty: ${ink} pixels drawn`);
      const n = differingPixels(a.data, b.data);
      assert.equal(n, 0, `${chart}: ${n} of ${a.width * a.height} front-canvas pixels differ from a fresh page at γ = ${LAST}`);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(fresh.errors, []);
  } finally {
    await browser.close();
  }
});
