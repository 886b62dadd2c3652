// Where the charts are drawn: the page draws the first frame, then hands the
// charts to a worker when the engine can give it canvases (Chromium,
// Firefox); it keeps drawing them itself when it cannot (no OffscreenCanvas,
// or a worker that does not start) and in WebKit, whose web process crashes
// when a worker draws into handed-over canvases. Both draw the same pixels
// and answer input.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, ENGINE, launch, onlyIn, openPage, frames, test } from './harness.mjs';
import { canvasInfo, chartPixels, differingPixels, readoutRows } from './lib.mjs';


/** The front layers' fingerprints at γ = `gamma`, set through the γ field. */
async function frontsAt(page, gamma) {
  await page.locator('#gamma').fill(String(gamma));
  await page.locator('#gamma').dispatchEvent('change');
  await frames(page);
  return [await canvasInfo(page, 'loss', 'front'), await canvasInfo(page, 'gradient', 'front')];
}

/** The page after `prepare(page)`, with what it drew at γ = 2 and γ = 3.5. */
async function drawnPage(prepare, allowed = () => false, path = 'index.html') {
  const { context, page, errors } = await openPage(browser, 'about:blank', { waitReady: false });
  if (prepare) await prepare(page);
  await page.goto(new URL(path, BASE_URL).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  await page.evaluate(() => window.focalLossExplorer.settled());
  const drawnBy = await page.evaluate(() => window.focalLossExplorer.drawnBy);
  const at2 = await frontsAt(page, 2);
  const at35 = await frontsAt(page, 3.5);
  const back = await canvasInfo(page, 'loss', 'back');
  const shown = [await chartPixels(page, 'loss'), await chartPixels(page, 'gradient')];
  return { context, page, drawnBy, at2, at35, back, shown, errors: errors.filter((e) => !allowed(e)) };
}

/**
 * How many pixels of two charts differ by more than `tolerance` in a channel
 * (the worker composes the curves over the axes on one canvas, the page
 * stacks two canvases: the blending may round differently).
 */
function differing(a, b, tolerance) {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  return differingPixels(a.data, b.data, tolerance);
}

let browser;
let worker;
before(async () => {
  browser = await launch();
  worker = await drawnPage(null);
});
after(async () => {
  await worker?.context.close();
  await browser?.close();
});

test('WebKit draws the charts on the page: its worker path crashes the web process', onlyIn(['webkit'], 'the WebKit exception'), async () => {
  assert.equal(worker.drawnBy, 'page');
  assert.equal(await worker.page.evaluate(() => navigator.vendor), 'Apple Computer, Inc.');
  for (const f of [...worker.at2, ...worker.at35]) assert.ok(f.ink > 1000, `a front layer is (nearly) empty: ${f.ink}`);
  assert.notEqual(worker.at2[0].hash, worker.at35[0].hash, 'γ did not move the loss curve');
  assert.deepEqual(worker.errors, []);
});

test('the charts are drawn in a worker: the page holds no context of its canvases', onlyIn(['chromium', 'firefox'], 'WebKit draws on the page'), async () => {
  assert.equal(worker.drawnBy, 'worker');
  const handedOver = await worker.page.evaluate(() => {
    const c = document.querySelector('figure[data-chart="loss"] canvas.front');
    try {
      c.getContext('2d');
      return false;
    } catch (e) {
      return e.name === 'InvalidStateError';
    }
  });
  assert.equal(handedOver, true, 'the front canvas still has a context on the page');
  for (const f of [...worker.at2, ...worker.at35]) assert.ok(f.ink > 1000, `a front layer is (nearly) empty: ${f.ink}`);
  assert.ok(worker.back.notBackground > 10000, 'the axes are not drawn');
  assert.notEqual(worker.at2[0].hash, worker.at35[0].hash, 'γ did not move the loss curve');
  assert.notEqual(worker.at2[1].hash, worker.at35[1].hash, 'γ did not move the gradient curve');
  // Readouts come from the page's own explorer, which keeps the sizes.
  await worker.page.locator('figure[data-chart="loss"] .plot').hover({ position: { x: 400, y: 100 } });
  const readout = await readoutRows(worker.page, 'loss');
  assert.equal(readout.hidden, false, 'no readout on hover');
  assert.ok(readout.rows.length >= 2 && readout.rows.every((r) => /^\d/.test(r.value)), JSON.stringify(readout));
  assert.deepEqual(worker.errors, []);
});

test('without OffscreenCanvas the page draws the same pixels itself', onlyIn(['chromium'], 'needs a script before the page (not in classic WebDriver)'), async () => {
  const page = await drawnPage((p) => p.addInitScript(() => {
    delete HTMLCanvasElement.prototype.transferControlToOffscreen;
  }));
  try {
    assert.equal(page.drawnBy, 'page');
    assert.equal(page.back.hash, worker.back.hash, 'the axes differ from the worker');
    for (const i of [0, 1]) {
      const n = differing(page.shown[i], worker.shown[i], 2);
      console.log(`chart ${i}: ${n} pixels differ by more than 2; ${differing(page.shown[i], worker.shown[i], 0)} at all`);
      assert.equal(n, 0, `chart ${i}: ${n} pixels differ from the worker's`);
    }
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context.close();
  }
});

test('a worker that cannot load leaves the page drawing, with no other error', async () => {
  // The test server answers 404 for the worker's script under /without-worker/.
  const page = await drawnPage(
    null,
    (e) => /^console: Failed to load resource/.test(e),
    'without-worker/index.html',
  );
  try {
    assert.equal(page.drawnBy, 'page');
    for (const i of [0, 1]) assert.equal(differing(page.shown[i], worker.shown[i], 2), 0);
    assert.deepEqual(page.errors, []);
    assert.equal(await page.page.locator('#notice').isVisible(), false, 'a notice for a worker the visitor never needed');
  } finally {
    await page.context.close();
  }
});
