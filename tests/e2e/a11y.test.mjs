// Accessibility: an axe-core audit in light and dark and on a phone, the
// accessible names of every control, and the size of touch targets.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { frames, onlyIn, sharedBrowser, test } from './harness.mjs';

const require = createRequire(import.meta.url);
const shared = sharedBrowser();
let axeSource;
before(async () => {
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});

// axe-core goes in as an inline script, which the served policy forbids:
// Chromium is told to let the test's own script in; over WebDriver,
// scripts the test runs are outside the page's policy anyway.
const withPage = (options, body) => shared.withPage(body, '', { bypassCSP: true, ...options });

/** Runs axe on the whole document; returns the violations, readable. */
async function audit(page) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join('')}`),
    }));
  });
  return violations;
}

/** Turns on everything the page can show: every chart, FL*, α, a readout, the formulas. */
async function showEverything(page) {
  await page.locator('#show-factor').check();
  await page.locator('#weighted').check();
  await page.locator('#star').check();
  await page.locator('[data-control-group="share"] summary').click();
  await frames(page);
  await page.locator('figure[data-chart="loss"] .plot').focus();
  await frames(page);
  // The formulas and tables are written shortly after a change.
  await page.waitForFunction(() => document.querySelector('#formulas math') && document.querySelector('figure[data-chart="factor"] tbody tr'));
}

const cases = [
  ['light, desktop', { colorScheme: 'light' }],
  ['dark, desktop', { colorScheme: 'dark' }],
  ['light, 360 px phone', { colorScheme: 'light', viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
];

for (const [name, options] of cases) {
  test(`axe finds no violations: ${name}`, () => withPage(options, async (page) => {
    const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
    assert.equal(dark, options.colorScheme === 'dark', 'the colour scheme was not applied');
    let v = await audit(page);
    assert.deepEqual(v, [], `at load:\n${JSON.stringify(v, null, 2)}`);
    await showEverything(page);
    v = await audit(page);
    assert.deepEqual(v, [], `with everything shown:\n${JSON.stringify(v, null, 2)}`);
  }));
}

test('every input, select and button has an accessible name', onlyIn(['chromium'], 'reads the accessibility tree over the DevTools protocol'), () => withPage({}, async (page) => {
  await showEverything(page);
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const roles = new Set(['slider', 'spinbutton', 'combobox', 'checkbox', 'switch', 'button', 'textbox']);
  const controls = nodes.filter((n) => !n.ignored && roles.has(n.role?.value));
  const unnamed = controls.filter((n) => !(n.name?.value || '').trim());
  assert.deepEqual(unnamed.map((n) => `${n.role.value} #${n.backendDOMNodeId}`), [], 'controls without a name');
  // Not vacuous: the tree holds the page's controls, with the names we expect.
  const named = (role) => controls.filter((n) => n.role.value === role).map((n) => n.name.value);
  assert.ok(named('slider').length >= 4, `sliders: ${named('slider')}`);
  assert.ok(named('slider').some((n) => n.includes('γ')), 'the γ slider is named by γ');
  assert.ok(named('spinbutton').length >= 2, `number fields: ${named('spinbutton')}`);
  assert.ok(named('combobox').includes('x-axis'), `selects: ${named('combobox')}`);
  assert.ok(named('button').includes('Reset'), `buttons: ${named('button')}`);

  // Cross-check from the DOM: every visible control is in the tree with a name.
  const domCount = await page.evaluate(() => [...document.querySelectorAll('input, select, button, textarea')]
    .filter((e) => e.checkVisibility() && e.type !== 'hidden').length);
  assert.ok(controls.length >= domCount, `${controls.length} named controls for ${domCount} in the DOM`);
}));

/** Controls whose touch target (the element or its label) is under 44 px tall. */
function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    const seen = [];
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    for (const e of document.querySelectorAll('input, select, button, textarea')) {
      if (!visible(e) || e.closest('.visually-hidden')) continue;
      // A checkbox is hit through its whole label.
      const target = e.type === 'checkbox' || e.type === 'radio' ? (e.closest('label') || e) : e;
      const r = target.getBoundingClientRect();
      seen.push(target.id || target.textContent.trim().slice(0, 20));
      if (r.height < 44 - 0.5) out.push(`${e.id || e.textContent.trim() || e.outerHTML.slice(0, 60)}: ${r.height.toFixed(1)} px tall`);
      if (e.tagName === 'BUTTON' && r.width < 44 - 0.5) out.push(`${e.id || e.textContent.trim()}: ${r.width.toFixed(1)} px wide`);
    }
    return { out, seen: seen.length };
  });
}

test('touch targets are at least 44 px: desktop and 360 px phone', async () => {
  for (const options of [{}, { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }]) {
    await withPage(options, async (page) => {
      await showEverything(page);
      const { out, seen } = await smallTargets(page);
      assert.ok(seen >= 19, `only ${seen} controls checked`);
      assert.deepEqual(out, [], `viewport ${page.viewportSize().width} px`);
    });
  }
});

test('no horizontal scrolling at 360 px', () => withPage({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true }, async (page) => {
  await showEverything(page);
  const { scroll, client, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getClientRects().length)
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`),
  }));
  assert.ok(scroll <= client, `the page is ${scroll} px wide in a ${client} px viewport: ${wide.join(', ')}`);
}));

test('the sentence, a live region, changes once a drag rests, not at every frame of it', () => withPage({}, async (page) => {
  await page.locator('#gamma-range').focus();
  // Twelve moves a frame apart: one drag. After its first frame the
  // sentence is written once the drag rests (its live region announced
  // once), to the last γ; earlier only where the drag paused (a frame 60 ms
  // or more after the one before, on a slow machine) or once a second.
  const { writes, during, slow, ms, after, want } = await page.evaluate(async () => {
    const sentence = document.getElementById('sentence');
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const slider = document.getElementById('gamma-range');
    const move = (i) => {
      slider.value = String(2 + 0.1 * (i + 1));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    };
    // The drag's first frame may write the sentence: the slow text comes at
    // least once a second, and the last came when the page settled.
    await frame();
    move(0);
    await frame();
    await new Promise((r) => setTimeout(r, 0));
    let writes = 0;
    const seen = new MutationObserver(() => { writes++; });
    seen.observe(sentence, { childList: true, characterData: true, subtree: true });
    const times = [performance.now()];
    for (let i = 1; i < 12; i++) {
      move(i);
      await frame();
      times.push(performance.now());
    }
    await new Promise((r) => setTimeout(r, 0));
    const during = writes;
    await window.focalLossExplorer.settled();
    await new Promise((r) => setTimeout(r, 0));
    seen.disconnect();
    const slow = times.slice(1).filter((t, i) => t - times[i] >= 58).length;
    return { writes, during, slow, ms: times.at(-1) - times[0], after: sentence.textContent, want: window.focalLossExplorer.explorer.sentence() };
  });
  const pauses = slow + Math.floor(ms / 1000);
  assert.ok(during <= pauses, `the sentence changed ${during} times during a drag of 12 moves in ${ms.toFixed(0)} ms (${slow} frames 58 ms or more apart)`);
  assert.ok(writes >= 1 && writes <= pauses + 1, `the sentence was written ${writes} times for one drag`);
  assert.equal(after, want);
  assert.match(after, /γ = 3\.2\b/, after);
}));
