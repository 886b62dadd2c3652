// Screenshots at device pixel ratios 1 and 2, light and dark, and on a
// 360 × 780 phone, in each engine, saved to tests/e2e/artifacts/ as
// ENGINE-NAME.png (git-ignored) for people to look at. Each asserts that the loss chart is drawn, in the right theme, with
// a backing store of CSS size × devicePixelRatio. Then the paper's Figure 1
// in the light and dark themes (chosen in the link, whatever the browser's
// scheme) and in presentation mode, at 1280 and 390 px.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ENGINE, launch, openPage, frames, test } from './harness.mjs';
import { canvasInfo } from './lib.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);

let browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const PHONE = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true };

const cases = [
  { name: 'desktop-light-dpr1', dpr: 1, scheme: 'light' },
  { name: 'desktop-light-dpr2', dpr: 2, scheme: 'light' },
  { name: 'desktop-dark-dpr1', dpr: 1, scheme: 'dark' },
  { name: 'desktop-dark-dpr2', dpr: 2, scheme: 'dark' },
  { name: 'phone-360x780-light', dpr: 2, scheme: 'light', ...PHONE },
  { name: 'phone-360x780-dark', dpr: 3, scheme: 'dark', ...PHONE },
];

const LOOKS = [
  ['light', '?preset=figure1&theme=light', 'dark'],
  ['dark', '?preset=figure1&theme=dark', 'light'],
  ['present-light', '?preset=figure1&present=1&charts=loss,gradient', 'light'],
  ['present-dark', '?preset=figure1&present=1&theme=dark', 'light'],
];
for (const [look, query, scheme] of LOOKS) {
  for (const width of [1280, 390]) {
    const phone = width < 500 ? { isMobile: true, hasTouch: true } : {};
    cases.push({ name: `look-${look}-${width}`, query, dpr: 2, scheme, viewport: { width, height: 900 }, ...phone, dark: look.endsWith('dark') });
  }
}

const luminance = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

for (const c of cases) {
  test(`screenshot ${c.name}`, async () => {
    const { name, dpr, scheme, query = '', dark = scheme === 'dark', ...rest } = c;
    const { context, page, errors } = await openPage(browser, query, { deviceScaleFactor: dpr, colorScheme: scheme, ...rest });
    try {
      // Something to look at: FL* and the readout as well.
      if (!query) {
        await page.locator('#star').check();
        await page.locator('figure[data-chart="loss"] .plot').focus();
      }
      await frames(page);
      await page.waitForFunction(() => document.querySelector('#formulas math'));
      await page.evaluate(() => window.scrollTo(0, 0));

      const back = await canvasInfo(page, 'loss', 'back');
      const front = await canvasInfo(page, 'loss', 'front');
      const pixels = back.width * back.height;
      assert.ok(back.notBackground > pixels * 0.01, `the loss chart's back layer is blank (${back.notBackground} of ${pixels} pixels drawn)`);
      assert.ok(front.ink > pixels * 0.002, `the loss chart's curves are missing (${front.ink} pixels)`);
      // A backing store of CSS size × devicePixelRatio: crisp lines and text.
      assert.equal(await page.evaluate(() => window.devicePixelRatio), dpr);
      assert.ok(Math.abs(back.width - dpr * back.cssWidth) <= 1, `back canvas ${back.width} px for ${back.cssWidth} CSS px at DPR ${dpr}`);
      assert.ok(Math.abs(back.height - dpr * back.cssHeight) <= 1, `back canvas ${back.height} px tall for ${back.cssHeight} CSS px at DPR ${dpr}`);
      assert.equal(front.width, back.width);
      assert.equal(front.height, back.height);
      // The chart follows the colour scheme.
      const bg = luminance(back.corner);
      if (dark) assert.ok(bg < 60, `dark, but the chart background is ${back.corner}`);
      else assert.ok(bg > 200, `light, but the chart background is ${back.corner}`);
      // The chart's background matches the panel it sits in.
      const panel = await page.evaluate(() => getComputedStyle(document.querySelector('figure.chart')).backgroundColor);
      const [pr, pg, pb] = panel.match(/\d+/g).map(Number);
      assert.ok(Math.abs(luminance([pr, pg, pb]) - bg) < 25, `chart ${back.corner} on a ${panel} panel`);

      const path = fileURLToPath(new URL(`${ENGINE}-${name}.png`, ARTIFACTS));
      await page.screenshot({ path, fullPage: true });
      assert.ok((await stat(path)).size > 10000, 'the screenshot is suspiciously small');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
