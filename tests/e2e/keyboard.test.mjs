// The keyboard and the pointer: Tab order, the γ slider's keys, and the
// charts' readouts, whose numbers must be the API's.
import assert from 'node:assert/strict';
import { frames, openPage, sharedBrowser, test } from './harness.mjs';
import { api, canvasInfo, params, parseShown, readoutRows } from './lib.mjs';

const { withPage, browser } = sharedBrowser();

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
  for (let i = 0; i < 5 && !onPlot; i++) {
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
  const { context, page, errors } = await openPage(browser(), '', {
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

test('linked crosshairs: the gradient chart\'s logit x shows on the other charts at the same example', () => withPage(async (page) => {
  const sigma = (x) => 1 / (1 + Math.exp(-x));
  await page.evaluate(() => {
    const plot = document.querySelector('figure[data-chart="gradient"] .plot');
    plot.addEventListener('pointermove', (e) => {
      window.lastPointerX = e.clientX - plot.getBoundingClientRect().left;
    });
  });
  // The pointer at a fraction of the gradient chart's plotting area; its
  // logit x as the explorer maps it.
  const hoverGradient = async (fx) => {
    const plot = page.locator('figure[data-chart="gradient"] .plot');
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    const rect = await page.evaluate(() => window.focalLossExplorer.explorer.plotRect('gradient'));
    await page.mouse.move(box.x + rect.left + rect.width * fx, box.y + rect.top + rect.height * 0.5);
    await frames(page);
    return page.evaluate(() => window.focalLossExplorer.explorer.readout('gradient', window.lastPointerX).x);
  };
  // Where the loss chart's crosshair stands, in its plot, and what it reads.
  const lossSide = (chart) => page.evaluate((chart) => {
    const fig = document.querySelector(`figure[data-chart="${chart}"]`);
    const plot = fig.querySelector('.plot').getBoundingClientRect();
    const cross = fig.querySelector('.crosshair');
    return {
      hidden: cross.hidden || fig.querySelector('.readout').hidden,
      left: cross.getBoundingClientRect().left - plot.left,
      rect: window.focalLossExplorer.explorer.plotRect(chart),
      x: fig.querySelector('.readout .x')?.textContent ?? '',
      values: [...fig.querySelectorAll('.readout .value')].map((v) => v.textContent),
    };
  }, chart);

  for (const [label, fx] of [['1', 0.62], ['0', 0.3]]) {
    await page.locator('#label').selectOption(label);
    await frames(page);
    const x = await hoverGradient(fx);
    const pt = label === '1' ? sigma(x) : 1 - sigma(x);
    for (const chart of ['loss', 'factor']) {
      const s = await lossSide(chart);
      assert.equal(s.hidden, false, `y = ${label}: hovering the gradient chart shows no crosshair on the ${chart} chart`);
      assert.match(s.x, /^pt = /);
      assert.ok(sameTo4(s.x.slice(5), pt), `y = ${label}, x = ${x}: the ${chart} chart reads ${s.x}, want pt = ${pt}`);
      const want = s.rect.left + s.rect.width * pt;
      assert.ok(Math.abs(s.left - want) < 1.5, `y = ${label}: the ${chart} chart's crosshair at ${s.left} px, pt = ${pt} is at ${want} px`);
    }
    const loss = await lossSide('loss');
    const fl = await api(page, 'focalLossLogit', x, Number(label), 2);
    assert.ok(sameTo4(loss.values[1], fl), `y = ${label}: the loss chart's FL ${loss.values[1]}, the API's ${fl} at x = ${x}`);
  }

  // Leaving the chart hides every readout.
  await page.mouse.move(2, 2);
  await frames(page);
  for (const chart of ['loss', 'gradient', 'factor']) {
    assert.equal((await lossSide(chart)).hidden, true, `the ${chart} chart's readout stays after the pointer left`);
  }

  // Keyboard steps on the factor chart move the gradient chart's crosshair.
  const factor = page.locator('figure[data-chart="factor"] .plot');
  await factor.focus();
  await factor.press('End');
  await factor.press('Shift+ArrowLeft');
  await frames(page);
  const g = await readoutRows(page, 'gradient');
  assert.equal(g.hidden, false, 'keyboard steps on the factor chart show no readout on the gradient chart');
  // y = 0 still: pt = 0.9 is x = −logit(0.9).
  assert.ok(sameTo4(g.x.slice(4), -Math.log(0.9 / 0.1)), `the gradient chart reads ${g.x} for pt = 0.9, y = 0`);
  await factor.press('Escape');
  assert.equal((await readoutRows(page, 'gradient')).hidden, true, 'Escape leaves the linked readout');
}, '?charts=loss,gradient,factor'));

/**
 * The focusable elements in the order they are seen: the page's blocks (the
 * body's children, the layout's items, through `display: contents`) top to
 * bottom and, side by side, left to right; within a block, each row left to
 * right. Each element gets a `data-seen` number for the Tab walk.
 */
function seenOrder(page) {
  return page.evaluate(() => {
    scrollTo(0, 0);
    const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
      .filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({ visibilityProperty: true }) && !e.matches('.skip'));
    const block = (e) => {
      let b = document.body;
      for (;;) {
        const child = [...b.children].find((c) => c.contains(e));
        if (!child || child === e) return child ?? e;
        b = child;
        const style = getComputedStyle(b);
        if (style.display !== 'contents' && !b.classList.contains('layout')) return b;
      }
    };
    // Before `b`: wholly above it, or beside it on the left.
    const before = (a, b) => (a.bottom <= b.top + 2 ? -1 : b.bottom <= a.top + 2 ? 1 : a.left - b.left);
    const items = focusable.map((e) => ({ e, box: e.getBoundingClientRect(), block: block(e).getBoundingClientRect() }));
    items.sort((a, b) => before(a.block, b.block) || before(a.box, b.box));
    return items.map(({ e }, i) => {
      e.dataset.seen = String(i);
      return `${i} ${e.id || e.className || e.tagName} ${e.dataset.export ?? ''}`.trim();
    });
  });
}

// Weighted, with y = 0 and FL*: the longest formulas.
test('Tab follows the screen at 360, 800 and 1280 px, and nothing is wider than a 360 px screen', () => withPage(async (page) => {
  for (const width of [360, 800, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await frames(page);
    if (width === 360) {
      const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((e) => e.checkVisibility() && !e.closest('.visually-hidden, .skip'))
        .filter((e) => {
          const r = e.getBoundingClientRect();
          const scrolls = e.clientWidth > 0 && !e.matches('input, textarea') && e.scrollWidth > e.clientWidth + 1;
          return scrolls || r.right > innerWidth + 0.5 || r.left < -0.5;
        })
        .map((e) => `${e.tagName}#${e.id}.${e.className} ${e.scrollWidth}/${e.clientWidth}`));
      assert.deepEqual(wide, [], 'wider than its box or the 360 px screen');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the page scrolls sideways');
    }
    const seen = await seenOrder(page);
    await page.evaluate(() => {
      document.activeElement?.blur();
      scrollTo(0, 0);
    });
    const tabbed = [];
    for (let i = 0; i < seen.length + 3; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => document.activeElement?.dataset?.seen ?? (document.activeElement?.matches('.skip') ? 'skip' : 'none'));
      if (at === 'skip') continue;
      if (at === 'none' || tabbed.includes(Number(at))) break;
      tabbed.push(Number(at));
    }
    assert.deepEqual(tabbed.map((i) => seen[i]), seen, `at ${width} px the Tab order is not the order on screen`);
  }
}, '?gamma=1.25&alpha=0.25&y=0&star=1&charts=loss,gradient,factor'));
