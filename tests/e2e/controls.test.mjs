// Every control changes what it should: the explorer's parameters, the
// canvases' pixels, the legends, the readout and the sentence.
import assert from 'node:assert/strict';
import { frames, sharedBrowser, test } from './harness.mjs';
import { canvasInfo, legendNames, params, readoutRows, setValue } from './lib.mjs';

const { withPage } = sharedBrowser();

const value = (page, sel) => page.locator(sel).inputValue();

test('γ slider and γ number field', () => withPage(async (page) => {
  assert.equal((await params(page)).gamma, 2);
  const before = await canvasInfo(page, 'loss', 'front');
  assert.ok(before.ink > 500, 'the FL curve is drawn at load');
  await setValue(page, '#gamma-range', 0.5);
  assert.equal((await params(page)).gamma, 0.5);
  assert.equal(await value(page, '#gamma'), '0.5', 'the number field follows the slider');
  const moved = await canvasInfo(page, 'loss', 'front');
  assert.notEqual(moved.hash, before.hash, 'the FL curve did not move');
  assert.ok((await legendNames(page, 'loss')).includes('FL (γ = 0.5)'));

  // Beyond the slider: the number field takes up to 20, the slider pins at 5.
  await setValue(page, '#gamma', 12);
  assert.equal((await params(page)).gamma, 12);
  assert.equal(await value(page, '#gamma-range'), '5');
  assert.ok((await legendNames(page, 'loss')).includes('FL (γ = 12)'));
  assert.notEqual((await canvasInfo(page, 'loss', 'front')).hash, moved.hash);
  // Past 20 it is clamped to 20, and the field shows what is in use.
  await setValue(page, '#gamma', 35);
  assert.equal((await params(page)).gamma, 20);
  assert.equal(await value(page, '#gamma'), '20');
  // The slider takes over again.
  await setValue(page, '#gamma-range', 3);
  assert.equal((await params(page)).gamma, 3);
  assert.equal(await value(page, '#gamma'), '3');
}));

test('every control takes its limits and first value from the parameters\' schema', () => withPage(async (page) => {
  const { controls, schema, pressed } = await page.evaluate(() => ({
    schema: window.focalLossExplorer.schema,
    pressed: [...document.querySelectorAll('[data-pressed-by]')].map((b) => b.dataset.pressedBy),
    controls: [...document.querySelectorAll('input[data-param], output[data-param], select[data-param]')].map((c) => ({
      id: c.id, param: c.dataset.param, type: c.type, min: c.min, max: c.max, step: c.step, value: c.value, checked: c.checked, text: c.textContent,
    })),
  }));
  const fields = Object.fromEntries(schema.map((f) => [f.name, f]));
  assert.ok(controls.length >= 14, `${controls.length} controls`);
  const seen = new Set();
  for (const c of controls) {
    const f = fields[c.param];
    assert.ok(f, `${c.id} names no parameter (${c.param})`);
    seen.add(c.param);
    if (c.type === 'range') {
      assert.deepEqual([c.min, c.max, c.step, c.value].map(Number), [f.sliderMin, f.sliderMax, f.step, f.default], c.id);
    } else if (c.type === 'number') {
      assert.deepEqual([c.min, c.max, c.step, c.value].map(Number), [f.min, f.max, f.step, f.default], c.id);
    } else if (c.type === 'checkbox') {
      assert.equal(c.checked, f.kind === 'charts' ? f.default[c.value] : f.default, c.id);
    } else if (c.type === 'output') {
      assert.equal(Number(c.text), f.default, c.id);
    } else if (f.kind === 'switch') {
      assert.equal(c.value, f.words[Number(f.default)], c.id);
    } else {
      assert.equal(c.value, String(f.default), c.id);
    }
  }
  // Every parameter a visitor sets has a control (the Figure 1 overlay is
  // its preset's pressed button; the theme follows the page).
  for (const name of pressed) seen.add(name);
  const settable = schema.filter((f) => f.name !== 'dark').map((f) => f.name);
  assert.deepEqual(settable.filter((n) => !seen.has(n)), []);
}));

test('α: its hint teaches αt, moving α turns weighting on, the switch turns it off', () => withPage(async (page) => {
  const hint = await page.locator('#alpha-hint').textContent();
  assert.match(hint, /αt = α for y = 1 and 1 − α for y = 0/);
  assert.match(hint, /α = 0\.25 weights the rare positives down \(0\.25 against 0\.75\)/);
  assert.match(hint, /best α falls as γ rises \(Table 1a, 1b\)/);
  assert.match(hint, /Moving α turns weighting on; the switch turns it off/);
  const sw = page.locator('#weighted');
  assert.equal(await sw.getAttribute('aria-controls'), 'alpha-range alpha');
  assert.equal(await sw.getAttribute('aria-describedby'), 'alpha-hint');
  for (const id of ['alpha-range', 'alpha']) assert.equal(await page.locator(`#${id}`).count(), 1, `#${id} is controlled`);

  // No dead control: α is enabled while unweighted, and moving it weights.
  assert.equal(await page.locator('#alpha-range').isEnabled(), true, 'α is enabled while unweighted');
  assert.equal(await page.locator('#alpha').isEnabled(), true);
  assert.equal((await params(page)).weighted, false);
  const before = await canvasInfo(page, 'loss', 'front');
  await setValue(page, '#alpha-range', 0.75);
  let p = await params(page);
  assert.equal(p.weighted, true, 'moving the α slider turns weighting on');
  assert.equal(p.alpha, 0.75);
  assert.equal(await sw.isChecked(), true, 'and the switch shows it');
  assert.equal(await value(page, '#alpha'), '0.75');
  assert.ok((await legendNames(page, 'loss')).includes('FL (γ = 2, α = 0.75)'), 'the FL legend names α');
  const weighted = await canvasInfo(page, 'loss', 'front');
  assert.notEqual(weighted.hash, before.hash, 'α weighting did not change the FL curve');

  // The switch is the way to "off"; typing a value turns it on again.
  await sw.uncheck();
  await frames(page);
  assert.equal((await params(page)).weighted, false);
  assert.ok((await legendNames(page, 'loss')).includes('FL (γ = 2)'));
  assert.equal((await canvasInfo(page, 'loss', 'front')).hash, before.hash, 'unweighted again draws the same curve');
  await setValue(page, '#alpha', 0.5);
  p = await params(page);
  assert.equal(p.weighted, true, 'typing α turns weighting on');
  assert.equal(p.alpha, 0.5);
  assert.ok((await legendNames(page, 'loss')).includes('FL (γ = 2, α = 0.5)'));
  assert.notEqual((await canvasInfo(page, 'loss', 'front')).hash, weighted.hash, 'α did not move the curve');
}));

test('FL* switch and its sliders', () => withPage(async (page) => {
  assert.equal(await page.locator('#star-gamma').isDisabled(), true);
  const before = await canvasInfo(page, 'loss', 'front');
  await page.locator('#star').check();
  await frames(page);
  assert.equal((await params(page)).star, true);
  assert.ok((await legendNames(page, 'loss')).includes('FL* (γ = 2, β = 1)'), 'FL* is in the legend');
  assert.ok((await legendNames(page, 'gradient')).some((n) => n.startsWith('dFL*')), 'dFL*/dx is in the gradient legend');
  assert.equal(await page.locator('#star-gamma').isEnabled(), true);
  assert.equal(await page.locator('#star-beta').isEnabled(), true);
  const on = await canvasInfo(page, 'loss', 'front');
  assert.notEqual(on.hash, before.hash, 'FL* is not drawn');
  assert.ok(on.ink > before.ink, 'FL* adds pixels to the front layer');

  await setValue(page, '#star-gamma', 4);
  assert.equal((await params(page)).starGamma, 4);
  assert.equal(await page.locator('#star-gamma-out').textContent(), '4');
  assert.ok((await legendNames(page, 'loss')).includes('FL* (γ = 4, β = 1)'));
  const g4 = await canvasInfo(page, 'loss', 'front');
  assert.notEqual(g4.hash, on.hash, 'γ* did not move FL*');

  await setValue(page, '#star-beta', -2);
  assert.equal((await params(page)).starBeta, -2);
  assert.equal(await page.locator('#star-beta-out').textContent(), '-2');
  assert.ok((await legendNames(page, 'loss')).some((n) => /^FL\* \(γ = 4, β = [−-]2\)$/.test(n)));
  assert.notEqual((await canvasInfo(page, 'loss', 'front')).hash, g4.hash, 'β did not move FL*');

  await page.locator('#star').uncheck();
  await frames(page);
  assert.ok(!(await legendNames(page, 'loss')).some((n) => n.startsWith('FL*')));
}));

test('x-axis, label and log-scale selects', () => withPage(async (page) => {
  const readoutX = async () => {
    await page.locator('figure[data-chart="loss"] .plot').focus();
    await frames(page);
    const r = await readoutRows(page, 'loss');
    await page.locator('#axis').focus();
    return r.x;
  };
  assert.match(await readoutX(), /^pt = /);
  const pt = await canvasInfo(page, 'loss', 'back');

  await page.locator('#axis').selectOption('x');
  await frames(page);
  assert.equal((await params(page)).axis, 'x');
  const x = await canvasInfo(page, 'loss', 'back');
  assert.notEqual(x.hash, pt.hash, 'the logit axis did not redraw the back layer');
  assert.match(await readoutX(), /^x = /, 'the readout names x');
  const sx = await page.evaluate(() => [0, 1].map((f) => window.focalLossExplorer.explorer.readoutAt('loss', f).x));
  assert.deepEqual(sx, [-5, 5]);

  await page.locator('#axis').selectOption('p');
  await frames(page);
  const p1 = await canvasInfo(page, 'loss', 'back');
  assert.notEqual(p1.hash, x.hash);
  assert.match(await readoutX(), /^p = /, 'the readout names p');

  // y = 0 on the p axis mirrors the curves.
  await page.locator('#label').selectOption('0');
  await frames(page);
  assert.equal((await params(page)).label, 0);
  const p0 = await canvasInfo(page, 'loss', 'back');
  assert.notEqual(p0.hash, p1.hash, 'the label did not redraw the p-axis chart');
  const ce = await page.evaluate(() => window.focalLossExplorer.explorer.readoutAt('loss', 0.9).rows[0].value);
  assert.ok(Math.abs(ce + Math.log(0.1)) < 1e-12, `CE at p = 0.9, y = 0 is −log 0.1, got ${ce}`);

  await page.locator('#scale').selectOption('log');
  await frames(page);
  assert.equal((await params(page)).logY, true);
  const log = await canvasInfo(page, 'loss', 'back');
  assert.notEqual(log.hash, p0.hash, 'the log scale did not redraw the axes');
  // The readout places the FL value on a log axis from 10 down to 1e-5:
  // (1 − log10 v) / 6 of the way down, far from where a linear 0..5 axis
  // would put it.
  const { depth, v } = await page.evaluate(() => {
    const ex = window.focalLossExplorer.explorer;
    const r = ex.plotRect('loss');
    const row = ex.readoutAt('loss', 0.9).rows[1];
    return { depth: (row.top - r.top) / r.height, v: row.value };
  });
  const logDepth = (1 - Math.log10(v)) / 6;
  assert.ok(Math.abs(depth - logDepth) < 0.01, `FL = ${v} is ${depth} of the way down, not ${logDepth}`);
  assert.ok(Math.abs(depth - (5 - v) / 5) > 0.1, 'the axis is not linear');
}));

test('chart toggles hide and show the figures', () => withPage(async (page) => {
  const hidden = (k) => page.locator(`figure[data-chart="${k}"]`).isHidden();
  assert.equal(await hidden('loss'), false);
  assert.equal(await hidden('gradient'), false);
  assert.equal(await hidden('factor'), true, 'the factor chart starts hidden');

  await page.locator('#show-factor').check();
  await frames(page);
  await frames(page);
  assert.equal(await hidden('factor'), false);
  const factor = await canvasInfo(page, 'factor', 'back');
  assert.ok(factor.width > 100, `the factor canvas has no size (${factor.width})`);
  assert.ok(factor.notBackground > 1000, 'the factor chart is blank after being shown');
  assert.ok((await canvasInfo(page, 'factor', 'front')).ink > 200, 'the factor curve is not drawn');
  assert.ok((await legendNames(page, 'factor')).some((n) => n.startsWith('(1 − pt)^γ')));

  await page.locator('#show-loss').uncheck();
  await page.locator('#show-gradient').uncheck();
  await frames(page);
  assert.equal(await hidden('loss'), true);
  assert.equal(await hidden('gradient'), true);

  await page.locator('#show-loss').check();
  await frames(page);
  await frames(page);
  assert.equal(await hidden('loss'), false);
  const loss = await canvasInfo(page, 'loss', 'back');
  assert.ok(loss.notBackground > 1000, 'the loss chart is blank after being shown again');
  // γ moved while the gradient chart was hidden: it must show the new curve.
  await setValue(page, '#gamma-range', 0);
  await page.locator('#show-gradient').check();
  await frames(page);
  await frames(page);
  assert.ok((await legendNames(page, 'gradient')).includes('dFL (γ = 0)/dx'), 'the gradient legend is stale');
}));

test('the sentence says how much smaller FL is, at γ = 1 and γ = 2', () => withPage(async (page) => {
  const ce = -Math.log(0.9);
  const sig3 = (v) => String(Number(v.toPrecision(3)));
  assert.equal(sig3(ce), '0.105');
  const sentence = () => page.locator('#sentence').textContent();

  await setValue(page, '#gamma-range', 1);
  let s = await sentence();
  assert.ok(s.startsWith(`At pt = 0.9 (a well-classified example): FL = ${sig3(0.1 * ce)}, CE = ${sig3(ce)}: the factor (1 − pt)^γ makes it 10× smaller.`), s);
  // At pt = 0.1, (1 − 0.1)¹ = 0.9: FL is 1.11× smaller.
  assert.match(s, /At pt = 0\.1 \(a misclassified example\): FL = 2\.07, CE = 2\.3: the factor makes it 1\.11× smaller\./);

  await setValue(page, '#gamma-range', 2);
  s = await sentence();
  assert.match(s, /At pt = 0\.9[^.]*FL = 0\.00105, CE = 0\.105: the factor \(1 − pt\)\^γ makes it 100× smaller/);

  await setValue(page, '#gamma-range', 0);
  s = await sentence();
  assert.match(s, /At pt = 0\.9[^.]*FL = 0\.105, CE = 0\.105: the factor \(1 − pt\)\^γ is 1 \(γ = 0\): FL is CE/);
  assert.match(s, /never 100× or 1,000× smaller/, 'γ = 0 has no 100× point');
}));

/** The pt at which (1 − pt)^γ = 1/n, from the paper's formula. */
const pointOf = (gamma, n) => 1 - n ** (-1 / gamma);
/** The numbers after "at pt = " in the sentence. */
const pointsIn = (s) => [...s.matchAll(/(1,000|100)× smaller at pt = ([0-9.]+)/g)].map((m) => [m[1], Number(m[2])]);

test('the paper\'s numbers: the 100× and 1,000× points move with γ, the ≤ 2^γ bound, α kept apart, guides, readout ratios', () => withPage(async (page) => {
  const sentence = () => page.locator('#sentence').textContent();
  let s = await sentence();
  // γ = 2: 100× at pt = 0.9, 1,000× at pt ≈ 0.968, at most 4× for pt ≤ 0.5.
  let points = pointsIn(s);
  assert.deepEqual(points.map((p) => p[0]), ['100', '1,000'], s);
  assert.ok(Math.abs(points[0][1] - pointOf(2, 100)) < 5e-4 && Math.abs(points[0][1] - 0.9) < 5e-4, s);
  assert.ok(Math.abs(points[1][1] - pointOf(2, 1000)) < 5e-4 && Math.abs(points[1][1] - 0.968) < 1e-3, s);
  assert.match(s, /at most 2\^γ = 4× smaller for pt ≤ 0\.5/);

  // γ = 3: the points move (1 − 100^(−1/3) ≈ 0.785, 1 − 1000^(−1/3) = 0.9), the bound is 8×.
  await setValue(page, '#gamma', 3);
  s = await sentence();
  points = pointsIn(s);
  assert.ok(Math.abs(points[0][1] - pointOf(3, 100)) < 5e-4, s);
  assert.ok(Math.abs(points[1][1] - pointOf(3, 1000)) < 5e-4, s);
  assert.match(s, /2\^γ = 8× smaller/);
  await setValue(page, '#gamma', 0.75);
  s = await sentence();
  points = pointsIn(s);
  assert.ok(Math.abs(points[0][1] - pointOf(0.75, 100)) < 5e-5, s);
  assert.ok(Math.abs(points[1][1] - pointOf(0.75, 1000)) < 5e-6, s);

  // RetinaNet (γ 2, α 0.25): the factor's 100× and α's 4× apart, not "400× smaller".
  await page.locator('[data-preset="retinanet"]').click();
  await frames(page);
  s = await sentence();
  assert.match(s, /At pt = 0\.9 \(a well-classified example\): FL = 0\.000263, CE = 0\.105: the factor \(1 − pt\)\^γ makes it 100× smaller, and α = 0\.25 weights it 4× less again/);
  assert.doesNotMatch(s, /400× smaller/);

  // The guides: drawn with the moving curves, and switched off by their checkbox (and in the link).
  const guides = page.locator('#guides');
  assert.equal(await guides.isChecked(), true, 'the guides show by default');
  const withGuides = await canvasInfo(page, 'loss', 'front');
  await guides.uncheck();
  await frames(page);
  await frames(page);
  assert.equal((await params(page)).guides, false);
  assert.match(await page.evaluate(() => location.search), /guides=0/);
  const without = await canvasInfo(page, 'loss', 'front');
  assert.notEqual(without.hash, withGuides.hash, 'the guides did not go');
  assert.ok(withGuides.notBackground > without.notBackground, 'the guides drew nothing');
  await guides.check();
  await frames(page);
  await frames(page);
  assert.equal((await canvasInfo(page, 'loss', 'front')).hash, withGuides.hash, 'the guides came back otherwise');

  // The readout: FL's ratio to CE beside its value (FL / CE = 0.25 · 0.1² at pt = 0.9).
  const plot = page.locator('figure[data-chart="loss"] .plot');
  await plot.focus();
  const r = await readoutRows(page, 'loss');
  assert.equal(r.x, 'pt = 0.9');
  const fl = r.rows.find((row) => row.name.startsWith('FL'));
  assert.equal(fl.ratio, `${1 / (0.25 * 0.01)}× smaller`);
  assert.equal(r.rows.find((row) => row.name === 'CE').ratio, '');
}));

test('captions name the paper\'s figure for the axis; the formulas say y = ±1', () => withPage(async (page) => {
  const caption = (chart) => page.locator(`figure[data-chart="${chart}"] figcaption .sub`).textContent();
  assert.match(await caption('loss'), /against pt.*Figure 1/);
  assert.match(await caption('gradient'), /Figure 6/);
  await page.locator('#axis').selectOption('x');
  await frames(page);
  assert.match(await caption('loss'), /logit x.*Figure 5/);
  assert.doesNotMatch(await caption('loss'), /Figure 1/);
  await page.locator('#axis').selectOption('p');
  await frames(page);
  assert.match(await caption('loss'), /predicted probability p; for label 1, pt = p/);

  // Appendix B's y is ±1: with label 0, the gradient says y = −1, never 0.
  const formulas = () => page.locator('#formulas').textContent();
  await page.waitForFunction(() => document.querySelector('#formulas math'));
  assert.match(await formulas(), /y=\+1/);
  assert.match(await page.locator('.explain .convention').textContent(), /label 0 is y = −1/);
  await page.locator('#label').selectOption('0');
  await frames(page);
  assert.match(await caption('loss'), /for label 0, pt = 1 − p/);
  await page.waitForFunction(() => /y=−1/.test(document.querySelector('#formulas').textContent));
  assert.doesNotMatch(await formulas(), /y=0/);
}));

/** The controls' values, read back from the DOM. */
function controls(page) {
  return page.evaluate(() => {
    const $ = (id) => document.getElementById(id);
    return {
      gammaRange: $('gamma-range').value,
      gamma: $('gamma').value,
      weighted: $('weighted').checked,
      alphaRange: $('alpha-range').value,
      alphaDisabled: $('alpha-range').disabled,
      figure5Pressed: document.querySelector('[data-preset="figure5"]').getAttribute('aria-pressed'),
      star: $('star').checked,
      starGamma: $('star-gamma').value,
      starBeta: $('star-beta').value,
      axis: $('axis').value,
      label: $('label').value,
      scale: $('scale').value,
      showLoss: $('show-loss').checked,
      showGradient: $('show-gradient').checked,
      showFactor: $('show-factor').checked,
      figure1Pressed: document.querySelector('[data-preset="figure1"]').getAttribute('aria-pressed'),
    };
  });
}

async function preset(page, name) {
  await page.locator(`[data-preset="${name}"]`).click();
  await frames(page);
}

test('presets set their documented values', () => withPage(async (page) => {
  // Start away from every preset.
  await setValue(page, '#gamma-range', 3.3);
  await page.locator('#weighted').check();
  await setValue(page, '#alpha-range', 0.6);
  await page.locator('#axis').selectOption('x');
  await page.locator('#scale').selectOption('log');
  await frames(page);

  await preset(page, 'figure1');
  let p = await params(page);
  let c = await controls(page);
  assert.equal(p.gamma, 2);
  assert.equal(p.figure1, true);
  assert.equal(p.weighted, false);
  assert.equal(p.axis, 'pt');
  assert.equal(p.logY, false);
  assert.equal(c.gammaRange, '2');
  assert.equal(c.gamma, '2');
  assert.equal(c.axis, 'pt');
  assert.equal(c.scale, 'linear');
  assert.equal(c.figure1Pressed, 'true');
  const names = await legendNames(page, 'loss');
  for (const g of ['γ = 0.5', 'γ = 1', 'γ = 2', 'γ = 5']) assert.ok(names.includes(g), `${g} is missing from ${names}`);

  await preset(page, 'retinanet');
  p = await params(page);
  c = await controls(page);
  assert.equal(p.gamma, 2);
  assert.equal(p.alpha, 0.25);
  assert.equal(p.weighted, true);
  assert.equal(p.figure1, false);
  assert.equal(c.weighted, true);
  assert.equal(c.alphaRange, '0.25');
  assert.equal(c.alphaDisabled, false);
  assert.equal(c.figure1Pressed, 'false');
  assert.ok((await legendNames(page, 'loss')).includes('FL (γ = 2, α = 0.25)'));

  await preset(page, 'ce');
  p = await params(page);
  c = await controls(page);
  assert.equal(p.gamma, 0);
  assert.equal(p.weighted, false);
  assert.equal(c.gammaRange, '0');
  assert.equal(c.gamma, '0');
  assert.equal(c.weighted, false);

  await setValue(page, '#gamma-range', 4);
  await page.locator('#star').check();
  await setValue(page, '#star-gamma', 3);
  await setValue(page, '#star-beta', -1);
  await preset(page, 'flstar');
  p = await params(page);
  c = await controls(page);
  assert.equal(p.star, true);
  assert.equal(p.starGamma, 2);
  assert.equal(p.starBeta, 1);
  assert.equal(p.gamma, 2);
  assert.equal(c.star, true);
  assert.equal(c.starGamma, '2');
  assert.equal(c.starBeta, '1');
  assert.ok((await legendNames(page, 'loss')).includes('FL* (γ = 2, β = 1)'));

  await page.locator('#show-factor').check();
  await page.locator('#label').selectOption('0');
  await frames(page);
  await preset(page, 'reset');
  p = await params(page);
  c = await controls(page);
  assert.deepEqual(
    { ...p },
    {
      gamma: 2, alpha: 0.25, weighted: false, star: false, starGamma: 2, starBeta: 1, axis: 'pt', label: 1, logY: false, figure1: false, figure5: false, guides: true,
      charts: { loss: true, gradient: true, factor: false }, theme: 'auto', present: false, dark: false,
    },
  );
  assert.deepEqual(c, {
    gammaRange: '2', gamma: '2', weighted: false, alphaRange: '0.25', alphaDisabled: false, figure5Pressed: 'false',
    star: false, starGamma: '2', starBeta: '1', axis: 'pt', label: '1', scale: 'linear',
    showLoss: true, showGradient: true, showFactor: false, figure1Pressed: 'false',
  });
  assert.deepEqual(await legendNames(page, 'loss'), ['CE', 'FL (γ = 2)']);
}));
