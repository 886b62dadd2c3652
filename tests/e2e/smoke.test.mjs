// The served page loads with no console error and the γ slider redraws the
// loss chart. The other end-to-end tests build on this.
import assert from 'node:assert/strict';
import { launch, openPage, test } from './harness.mjs';

test('the page loads from dist/ and moving γ changes the chart pixels', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser);
    const canvas = page.locator('figure[data-chart="loss"] canvas.front');
    const before = await canvas.screenshot();
    await page.locator('#gamma-range').fill('0.5');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await canvas.screenshot();
    assert.notDeepEqual(before, after, 'the FL curve did not move');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
