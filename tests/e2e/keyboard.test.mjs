// The keyboard and the pointer: Tab order, the γ slider's keys, and the
// charts' readouts, whose numbers must be the API's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, frames } from './harness.mjs';
import { api, canvasInfo, params, parseShown, readoutRows } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function withPage(body) {
  const { context, page, errors } = await openPage(browser);
  try {
    await body(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

const activeId = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || '');

/** Relative agreement to the 4 significant digits the readout shows. */
function sameTo4(shown, exact) {
  const v = parseShown(shown);
  return Math.abs(v - exact) <= 5e-4 * Math.abs(exact) + 1e-300;
}

test('Tab reaches the γ slider and its keys change γ and redraw', () => withPage(async (page) => {
  let reached = false;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await activeId(page)) === 'gamma-range';
  }
  assert.ok(reached, 'the γ slider is not among the first Tab stops');
  const focusVisible = await page.evaluate(() => document.activeElement.matches(':focus-visible'));
  assert.ok(focusVisible, 'the focused slider shows a focus ring');

  let last = await canvasInfo(page, 'loss', 'front');
  const step = async (key, gamma) => {
    await page.keyboard.press(key);
    await frames(page);
    const p = await params(page);
    assert.ok(Math.abs(p.gamma - gamma) < 1e-9, `${key}: γ = ${p.gamma}, want ${gamma}`);
    assert.equal(await page.locator('#gamma').inputValue(), String(gamma), `${key}: the number field`);
    const now = await canvasInfo(page, 'loss', 'front');
    assert.notEqual(now.hash, last.hash, `${key} did not redraw the FL curve`);
    last = now;
  };
  await step('ArrowRight', 2.01);
  await step('ArrowLeft', 2);
  await step('ArrowLeft', 1.99);
  await step('Home', 0);
  await step('End', 5);
  assert.match(await page.locator('#sentence').textContent(), /FL = /);
}));

test('Tab goes from the last control to the loss chart', () => withPage(async (page) => {
  // The last control of the form, then the first chart's plot.
  const last = await page.evaluate(() => {
    const all = [...document.querySelectorAll('#controls input, #controls select, #controls button, #controls textarea')]
      .filter((e) => !e.disabled && e.checkVisibility());
    const el = all[all.length - 1];
    el.focus();
    return el.outerHTML.slice(0, 80);
  });
  await page.keyboard.press('Tab');
  // Past the charts' tool buttons, the plot of the loss chart.
  let onPlot = false;
  for (let i = 0; i < 4 && !onPlot; i++) {
    onPlot = await page.evaluate(() => document.activeElement.matches('figure[data-chart="loss"] .plot'));
    if (!onPlot) await page.keyboard.press('Tab');
  }
  assert.ok(onPlot, `Tab from ${last} does not reach the loss chart`);
  const r = await readoutRows(page, 'loss');
  assert.equal(r.hidden, false, 'focusing the chart by Tab shows the readout');
}));

test('a focused chart shows a readout that the arrow keys move', () => withPage(async (page) => {
  const plot = page.locator('figure[data-chart="loss"] .plot');
  assert.equal(await plot.getAttribute('tabindex'), '0');
  await plot.focus();
  await frames(page);
  let r = await readoutRows(page, 'loss');
  assert.equal(r.hidden, false, 'the readout is hidden on focus');
  assert.equal(r.x, 'pt = 0.9');
  assert.deepEqual(r.rows.map((row) => row.name), ['CE', 'FL (γ = 2)']);
  const ce = await api(page, 'crossEntropy', 0.9, 1);
  const fl = await api(page, 'focalLoss', 0.9, 1, 2);
  assert.ok(sameTo4(r.rows[0].value, ce), `CE shown ${r.rows[0].value}, API ${ce}`);
  assert.ok(sameTo4(r.rows[1].value, fl), `FL shown ${r.rows[1].value}, API ${fl}`);
  assert.equal(await page.locator('figure[data-chart="loss"] .crosshair').isVisible(), true);

  const before = r.text;
  await page.keyboard.press('ArrowRight');
  r = await readoutRows(page, 'loss');
  assert.notEqual(r.text, before, 'ArrowRight did not move the readout');
  assert.equal(r.x, 'pt = 0.91');
  assert.ok(sameTo4(r.rows[0].value, await api(page, 'crossEntropy', 0.91, 1)));
  await page.keyboard.press('Shift+ArrowLeft');
  r = await readoutRows(page, 'loss');
  assert.equal(r.x, 'pt = 0.81');
  await page.keyboard.press('Home');
  r = await readoutRows(page, 'loss');
  assert.equal(r.x, 'pt = 0');
  assert.equal(r.rows[0].value, '∞', 'CE at pt = 0 is infinite');
  await page.keyboard.press('End');
  r = await readoutRows(page, 'loss');
  assert.equal(r.x, 'pt = 1');
  assert.deepEqual(r.rows.map((row) => row.value), ['0', '0']);

  // The readout follows γ while it is shown.
  await page.evaluate(() => {
    const g = document.getElementById('gamma');
    g.value = '0';
    g.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await frames(page);
  r = await readoutRows(page, 'loss');
  assert.deepEqual(r.rows.map((row) => row.name), ['CE', 'FL (γ = 0)']);

  await plot.press('Escape');
  assert.equal((await readoutRows(page, 'loss')).hidden, true, 'Escape hides the readout');

  // The gradient chart starts in the middle (x = 0).
  await page.locator('figure[data-chart="gradient"] .plot').focus();
  r = await readoutRows(page, 'gradient');
  assert.equal(r.x, 'x = 0');
  const g = await api(page, 'crossEntropyLogitGrad', 0, 1);
  assert.ok(sameTo4(r.rows[0].value, g), `dCE/dx shown ${r.rows[0].value}, API ${g}`);
}));

test('hovering a chart reads every curve at that x, as the API computes it', () => withPage(async (page) => {
  await page.evaluate(() => {
    const plot = document.querySelector('figure[data-chart="loss"] .plot');
    plot.addEventListener('pointermove', (e) => {
      window.lastPointerX = e.clientX - plot.getBoundingClientRect().left;
    });
  });
  // Moves the pointer to a fraction of the loss chart's plotting area.
  const hoverAt = async (fx, fy) => {
    const plot = page.locator('figure[data-chart="loss"] .plot');
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    const rect = await page.evaluate(() => window.focalLossExplorer.explorer.plotRect('loss'));
    const at = { x: box.x + rect.left + rect.width * fx, y: box.y + rect.top + rect.height * fy };
    await page.mouse.move(at.x, at.y);
    return at;
  };
  const at = await hoverAt(0.5, 0.5);
  await frames(page);
  const r = await readoutRows(page, 'loss');
  assert.equal(r.hidden, false, 'no readout on hover');
  const exact = await page.evaluate(() => window.focalLossExplorer.explorer.readout('loss', window.lastPointerX));
  assert.ok(Math.abs(exact.x - 0.5) < 0.01, `the middle of the plot is pt = ${exact.x}`);
  assert.equal(r.x, `pt = ${exact.xText}`);
  assert.ok(sameTo4(r.x.slice(5), exact.x), `x shown ${r.x}, exact ${exact.x}`);
  const ce = await api(page, 'crossEntropy', exact.x, 1);
  const fl = await api(page, 'focalLoss', exact.x, 1, 2);
  assert.equal(r.rows.length, 2);
  assert.ok(sameTo4(r.rows[0].value, ce), `CE shown ${r.rows[0].value}, API ${ce}`);
  assert.ok(sameTo4(r.rows[1].value, fl), `FL shown ${r.rows[1].value}, API ${fl}`);
  // The crosshair sits under the pointer.
  const cross = await page.locator('figure[data-chart="loss"] .crosshair').boundingBox();
  assert.ok(Math.abs(cross.x - at.x) < 2, `the crosshair is at ${cross.x}, the pointer at ${at.x}`);

  // With the Figure 1 family and FL*, every curve has a row with its value.
  await page.locator('[data-preset="figure1"]').click();
  await page.locator('#star').check();
  await frames(page);
  await hoverAt(0.25, 0.5);
  await frames(page);
  const r2 = await readoutRows(page, 'loss');
  const x2 = (await page.evaluate(() => window.focalLossExplorer.explorer.readout('loss', window.lastPointerX))).x;
  const names = r2.rows.map((row) => row.name);
  assert.deepEqual(names, ['CE (γ = 0)', 'γ = 0.5', 'γ = 1', 'γ = 2', 'γ = 5', 'FL (γ = 2)', 'FL* (γ = 2, β = 1)']);
  const gammas = [0, 0.5, 1, 2, 5, 2];
  for (let i = 0; i < gammas.length; i++) {
    const want = await api(page, 'focalLoss', x2, 1, gammas[i]);
    assert.ok(sameTo4(r2.rows[i].value, want), `${names[i]} shown ${r2.rows[i].value}, API ${want}`);
  }
  const star = await api(page, 'focalLossStar', x2, 1, 2, 1);
  assert.ok(sameTo4(r2.rows[6].value, star), `FL* shown ${r2.rows[6].value}, API ${star}`);

  // Leaving with the mouse hides it.
  await page.mouse.move(2, 2);
  await frames(page);
  assert.equal((await readoutRows(page, 'loss')).hidden, true, 'the readout stays after the pointer left');
}));

test('on a 360 px phone the readout shows every value whole', async () => {
  const { context, page, errors } = await openPage(browser, '', {
    viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  try {
    await page.locator('#star').check();
    await frames(page);
    for (const [chart, key] of [['loss', null], ['loss', 'Home'], ['gradient', null]]) {
      const plot = page.locator(`figure[data-chart="${chart}"] .plot`);
      await plot.focus();
      if (key) await plot.press(key);
      const fit = await page.evaluate((chart) => {
        const fig = document.querySelector(`figure[data-chart="${chart}"]`);
        const box = fig.querySelector('.readout').getBoundingClientRect();
        const plotBox = fig.querySelector('.plot').getBoundingClientRect();
        return {
          box: [box.left, box.right],
          plot: [plotBox.left, plotBox.right],
          cut: [...fig.querySelectorAll('.readout .row')]
            .map((row) => ({ text: row.textContent, r: row.querySelector('.value').getBoundingClientRect() }))
            .filter(({ r }) => r.right > box.right + 0.5 || r.left < box.left - 0.5)
            .map(({ text }) => text),
        };
      }, chart);
      assert.deepEqual(fit.cut, [], `${chart}${key ? ` after ${key}` : ''}: values cut off by the readout box ${fit.box}`);
      assert.ok(fit.box[0] >= fit.plot[0] - 0.5 && fit.box[1] <= fit.plot[1] + 0.5, `${chart}: the readout ${fit.box} leaves the plot ${fit.plot}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
