// Teaching α and the paper's figures: both labels side by side, and
// presets that set their whole view (from any earlier state).
import assert from 'node:assert/strict';
import { frames, sharedBrowser, BASE_URL, test } from './harness.mjs';
import { api, BAD_WORDS, bodyText, canvasInfo, legendNames, parseShown, setValue } from './lib.mjs';

const { withPage } = sharedBrowser();

const value = (page, sel) => page.locator(sel).inputValue();

async function preset(page, name) {
  await page.locator(`[data-preset="${name}"]`).click();
  await frames(page);
}

const pressed = (page, name) => page.locator(`[data-preset="${name}"]`).getAttribute('aria-pressed');

test('both labels: y = 1 and y = 0 against p, each with its αt, in legends, table and sentence', () => withPage(async (page) => {
  await page.locator('#label').selectOption('both');
  await frames(page);
  assert.equal(await value(page, '#axis'), 'p', 'both labels are drawn against p');
  await setValue(page, '#alpha-range', 0.25);
  assert.deepEqual(await legendNames(page, 'loss'), [
    'CE, y = 1', 'CE, y = 0', 'FL (γ = 2, α = 0.25), y = 1', 'FL (γ = 2, α = 0.25), y = 0',
  ]);
  assert.deepEqual(await legendNames(page, 'gradient'), [
    'dCE/dx, y = 1', 'dCE/dx, y = 0', 'dFL (γ = 2, α = 0.25)/dx, y = 1', 'dFL (γ = 2, α = 0.25)/dx, y = 0',
  ]);
  assert.equal(new URLSearchParams(await page.evaluate(() => location.search)).get('y'), 'both');
  const table = (chart) => page.evaluate((chart) => {
    const t = document.querySelector(`figure[data-chart="${chart}"] table.data`);
    return {
      head: [...t.tHead.querySelectorAll('th')].map((c) => c.textContent),
      rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)),
    };
  }, chart);
  const near = (shown, want, what) => {
    const v = parseShown(shown);
    assert.ok(Math.abs(v - want) <= 5e-4 * Math.abs(want), `${what}: shown ${shown}, the API gives ${want}`);
  };
  const loss = await table('loss');
  assert.deepEqual(loss.head, ['p', 'CE, y = 1', 'CE, y = 0', 'FL (γ = 2, α = 0.25), y = 1', 'FL (γ = 2, α = 0.25), y = 0']);
  for (const row of loss.rows.slice(1, -1)) {
    const p = parseShown(row[0]);
    near(row[1], await api(page, 'crossEntropy', p, 1), `CE y = 1 at p = ${p}`);
    near(row[2], await api(page, 'crossEntropy', p, 0), `CE y = 0 at p = ${p}`);
    near(row[3], await api(page, 'focalLoss', p, 1, 2, 0.25), `FL y = 1 at p = ${p}`);
    near(row[4], await api(page, 'focalLoss', p, 0, 2, 0.25), `FL y = 0 at p = ${p}`);
  }
  const grad = await table('gradient');
  const xs = grad.rows.map((r) => parseShown(r[0]));
  // torchvision's sigmoid_focal_loss, one logit per row, for each label.
  for (const [col, y] of [[3, 1], [4, 0]]) {
    const g = Object.values(await api(page, 'sigmoidFocalLossGrad', xs, xs.map(() => y), 0.25, 2));
    assert.equal(g.length, xs.length);
    grad.rows.forEach((r, i) => near(r[col], g[i], `dFL/dx y = ${y} at x = ${xs[i]}`));
  }
  const sentence = await page.locator('#sentence').textContent();
  assert.match(sentence, /y = 0 is weighted by αt = 1 − α = 0\.75/);
  assert.doesNotMatch(await bodyText(page), BAD_WORDS);

  // The pt axis leaves the view (the classes differ there only by αt).
  await page.locator('#axis').selectOption('pt');
  await frames(page);
  assert.equal(await value(page, '#label'), '1');
  assert.deepEqual(await legendNames(page, 'loss'), ['CE', 'FL (γ = 2, α = 0.25)']);
}));

test('each preset, from a dirty view, sets its whole view (the link says it all)', () => withPage(async (page) => {
  // Every parameter away from its default, by a link (quicker than the controls).
  const dirty = async () => {
    await page.goto(new URL('?gamma=4.5&alpha=0.6&star=1&starGamma=3&starBeta=-1&axis=x&y=0&scale=log&preset=figure1&figure5=1&charts=loss,gradient,factor', BASE_URL).href);
    await page.waitForSelector('body[data-ready="true"]');
    await frames(page);
  };
  const search = () => page.evaluate(() => decodeURIComponent(location.search));
  const want = {
    figure1: '?preset=figure1&charts=loss,gradient,factor',
    retinanet: '?alpha=0.25&charts=loss,gradient,factor',
    ce: '?gamma=0&charts=loss,gradient,factor',
    flstar: '?star=1&axis=x&charts=loss,gradient,factor',
    figure5: '?axis=x&figure5=1&charts=loss,gradient,factor',
    reset: '',
  };
  for (const [name, query] of Object.entries(want)) {
    await dirty();
    assert.match(await search(), /starGamma=3.*scale=log/, 'the view is dirty');
    await preset(page, name);
    assert.equal(await search(), query, `${name} from a dirty view`);
  }
  // Figure 5 draws both FL* settings with CE and FL against the logit.
  await preset(page, 'figure5');
  assert.deepEqual(await legendNames(page, 'loss'), ['CE', 'FL (γ = 2)', 'FL* (γ = 2, β = 1)', 'FL* (γ = 4, β = 0)']);
  assert.equal(await pressed(page, 'figure5'), 'true');
  assert.equal(await value(page, '#axis'), 'x');
  const rows = await page.evaluate(() => [...document.querySelector('figure[data-chart="loss"] table.data').tBodies[0].rows]
    .map((r) => [...r.cells].map((c) => c.textContent)));
  for (const row of rows.filter((_, i) => i % 3 === 0)) {
    const x = parseShown(row[0]);
    for (const [col, g, b] of [[3, 2, 1], [4, 4, 0]]) {
      const want = await api(page, 'focalLossStarLogit', x, 1, g, b);
      const v = parseShown(row[col]);
      assert.ok(Math.abs(v - want) <= 5e-4 * want, `FL* (${g}, ${b}) at x = ${x}: ${row[col]} vs ${want}`);
    }
  }
  const back = await canvasInfo(page, 'loss', 'back');
  await preset(page, 'flstar');
  assert.notEqual((await canvasInfo(page, 'loss', 'back')).hash, back.hash, 'the overlay left the static layer');
}));
