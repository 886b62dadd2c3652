// A drag is drawn in draft: at half the screen's resolution (at least one
// device pixel per CSS px) while moves come in quick succession, which
// quarters the pixels to rasterise and composite on a 2× screen. The frame
// on screen 200 ms after the last move is the full one: pixel for pixel what
// a fresh page at that γ draws. Screenshots of a frame mid-drag and of the
// settled one land in tests/e2e/artifacts/ (ENGINE-drag-*.png).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ENGINE, launch, openPage, test } from './harness.mjs';
import { chartPixels, differingPixels } from './lib.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const artifact = (name) => fileURLToPath(new URL(`${ENGINE}-${name}.png`, ARTIFACTS));

let browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Drags γ on the page's slider: `steps` input events of +0.01, one every
 * `every` ms, each awaited until on screen. Resolves with whether each
 * frame was a draft, the time since the move before each, and the DPR.
 */
function drag(page, steps, every) {
  return page.evaluate(async ([steps, every]) => {
    const range = document.getElementById('gamma-range');
    const fle = window.focalLossExplorer;
    const drafts = [];
    const gaps = [];
    let last = -Infinity;
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      gaps.push(t - last);
      last = t;
      range.value = String(Math.round((range.valueAsNumber + 0.01) * 100) / 100);
      range.dispatchEvent(new Event('input', { bubbles: true }));
      await fle.drawn();
      drafts.push(fle.drafting);
      const left = every - (performance.now() - t);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
    }
    // A frame slower than the drag's window (a busy machine) ends the drag
    // in full: then up to three more quick pairs of moves (-0.01, +0.01,
    // so that γ ends where it was) make its last frame a draft again.
    for (let pair = 0; pair < 3 && !fle.drafting; pair++) {
      for (const d of [-0.01, 0.01]) {
        range.value = String(Math.round((range.valueAsNumber + d) * 100) / 100);
        range.dispatchEvent(new Event('input', { bubbles: true }));
        await fle.drawn();
      }
    }
    // The last frame of the drag, still a draft: where a worker composes the
    // chart on its front canvas, the axes' side of that frame (left of the
    // plot, where no curve goes) must be the back layer, scaled to the
    // draft's size.
    let edge = null;
    const plot = document.querySelector('figure[data-chart="loss"] .plot.composed');
    if (fle.drafting && plot) {
      const [front, back] = await Promise.all(['front', 'back'].map((l) => createImageBitmap(plot.querySelector(`canvas.${l}`))));
      const w = front.width;
      const h = front.height;
      if (w < back.width) {
        // The plot starts 70 CSS px in (margin and y label area, src/chart.rs).
        const x = Math.floor((66 * w) / plot.getBoundingClientRect().width);
        const read = (draw) => {
          const c = new OffscreenCanvas(w, h).getContext('2d');
          draw(c);
          return c.getImageData(0, 0, x, h).data;
        };
        const base64 = (data) => {
          let t = '';
          for (let i = 0; i < data.length; i += 0x8000) t += String.fromCharCode(...data.subarray(i, i + 0x8000));
          return btoa(t);
        };
        edge = {
          shown: base64(read((c) => c.drawImage(front, 0, 0))),
          want: base64(read((c) => c.drawImage(back, 0, 0, w, h))),
        };
      }
    }
    return { drafts, gaps, dpr: window.devicePixelRatio, edge };
  }, [steps, every]);
}

const wait = (page, ms) => page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), ms);

for (const scheme of ['light', 'dark']) {
  test(`a drag is drawn in draft, and 200 ms after it the full frame is on screen (${scheme})`, async () => {
    const { context, page, errors } = await openPage(browser, '?gamma=2', { deviceScaleFactor: 2, colorScheme: scheme });
    try {
      const { drafts, gaps, dpr, edge } = await drag(page, 25, 40);
      // The first move alone is drawn in full at once. A move within the
      // drag's window (150 ms) of the one before is a draft on a screen of
      // more than one device pixel per CSS px, but for a frame that took
      // longer than the settling time (a slow engine on a busy machine),
      // after which the full frame is drawn.
      const what = `DPR ${dpr}; drafts ${drafts.join(' ')}; ms since the move before ${gaps.map((g) => Math.round(g)).join(' ')}`;
      assert.equal(drafts[0], false, 'a lone move is drawn in full');
      const quick = drafts.filter((_, i) => i > 0 && gaps[i] < 150 && dpr > 1);
      // An engine too slow to make five quick moves in a row makes no drag.
      // Elsewhere frames on a loaded machine can take longer than the
      // settling time (185–477 ms seen in Firefox in CI), and each such frame
      // ends the drag: there the share is reported, not asserted.
      if (ENGINE === 'chromium' && quick.length >= 5) assert.ok(quick.filter(Boolean).length >= 0.6 * quick.length, what);
      if (ENGINE === 'chromium') assert.ok(quick.length >= 12, `a drag in Chromium comes in quick moves: ${what}`);
      console.log(`# ${ENGINE} ${scheme}: ${what}`);
      if (edge) {
        // The strip holds the y axis's title and tick labels: a blank or
        // misplaced copy of the back would not match it.
        const [shown, want] = [edge.shown, edge.want].map((b) => Buffer.from(b, 'base64'));
        const pixels = want.length / 4;
        const ink = differingPixels(want, Buffer.alloc(want.length).fill(want.subarray(0, 4)), 32);
        assert.ok(ink > 0.01 * pixels, `the axes' side of the back has text: ${ink} of ${pixels} pixels`);
        const off = differingPixels(shown, want, 2);
        assert.equal(off, 0, `the draft frame's axes' side differs from the back layer in ${off} of ${pixels} pixels`);
      } else if (ENGINE === 'chromium') {
        assert.fail('Chromium composes its charts in a worker: the last frame of a drag should be a draft to check');
      }
      await page.screenshot({ path: artifact(`drag-${scheme}-mid`) });

      await wait(page, 200);
      assert.equal(await page.evaluate(() => window.focalLossExplorer.drafting), false, 'still a draft 200 ms after the last move');
      const gamma = await page.locator('#gamma-range').inputValue();
      assert.equal(gamma, '2.25');
      assert.equal(await page.evaluate(() => window.focalLossExplorer.state.gamma), 2.25, "the explorer's γ");
      const shown = [await chartPixels(page, 'loss'), await chartPixels(page, 'gradient')];
      await page.screenshot({ path: artifact(`drag-${scheme}-settled`) });

      const fresh = await openPage(browser, `?gamma=${gamma}`, { deviceScaleFactor: 2, colorScheme: scheme });
      try {
        const full = [await chartPixels(fresh.page, 'loss'), await chartPixels(fresh.page, 'gradient')];
        const late = [await chartPixels(page, 'loss'), await chartPixels(page, 'gradient')];
        for (const [i, kind] of ['loss', 'gradient'].entries()) {
          assert.deepEqual([shown[i].width, shown[i].height], [full[i].width, full[i].height], `${kind}: the settled frame's size`);
          const off = differingPixels(shown[i].data, full[i].data);
          // Later, once everything has settled: whether a difference was a
          // frame that came late, or a wrong one.
          const offLater = differingPixels(late[i].data, full[i].data);
          if (off) {
            const { writeFile } = await import('node:fs/promises');
            const raw = (p, name) => writeFile(artifact(name).replace(/\.png$/, `-${p.width}x${p.height}.rgba`), p.data);
            await raw(shown[i], `drag-${scheme}-${kind}-shown`);
            await raw(full[i], `drag-${scheme}-${kind}-full`);
          }
          assert.equal(off, 0, `${kind}: the frame 200 ms after the drag differs from a full draw at γ = ${gamma} in ${off} pixels (${offLater} a moment later)`);
        }
        assert.deepEqual(fresh.errors, []);
      } finally {
        await fresh.context.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('a move on its own, long after the last, is drawn in full at once', async () => {
  const { context, page, errors } = await openPage(browser, '?gamma=2', { deviceScaleFactor: 2 });
  try {
    const { drafts } = await drag(page, 3, 400);
    assert.deepEqual(drafts, [false, false, false]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
