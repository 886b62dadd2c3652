// Failure and edge states: a missing .wasm must explain itself and show the
// static picture, and no setting of the controls may put NaN, undefined or
// Infinity into the page's text.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BASE_URL, ENGINE, launch, onlyIn, openPage, frames, test } from './harness.mjs';
import { BAD_WORDS, bodyText } from './lib.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);

let browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Console errors that a failed .wasm request itself causes (and nothing else). */
const isWasmResourceError = (e) => /^console: Failed to load resource/.test(e);

/**
 * Opens the page at `path` after `prepare(page)` has taken the wasm away (a
 * failed request, or no WebAssembly at all) and checks what the visitor sees.
 */
async function missingWasm(prepare, shot, path = 'index.html') {
  const { context, page, errors } = await openPage(browser, 'about:blank', { waitReady: false });
  try {
    await prepare(page);
    await page.goto(new URL(path, BASE_URL).href);
    await page.waitForSelector('#status.error', { timeout: 15000 });
    await page.waitForFunction(() => document.getElementById('fallback').complete);
    await frames(page);

    const status = page.locator('#status');
    assert.equal(await status.isVisible(), true, 'the status box is hidden');
    const text = await page.locator('#status-text').textContent();
    assert.match(text, /WebAssembly/, `the explanation does not mention WebAssembly: ${text}`);
    assert.doesNotMatch(text, /Loading/, 'the status still says it is loading');
    const img = await page.evaluate(() => {
      const i = document.getElementById('fallback');
      const r = i.getBoundingClientRect();
      return { hidden: i.hidden, natural: i.naturalWidth, width: r.width, height: r.height, alt: i.alt };
    });
    assert.equal(img.hidden, false, 'the fallback image is hidden');
    assert.ok(img.natural > 0, 'the fallback image did not load');
    // At 1280 px the picture takes the page's width, up to its own 720 px
    // (not the 300 px of the controls' column, where its labels are unreadable).
    assert.ok(img.width >= 600 && img.height >= 330, `the fallback image is ${img.width} × ${img.height}`);
    assert.ok(img.alt.length > 10, 'the fallback image has no alt text');
    // No empty chart frames next to it, and no "Something went wrong" notice.
    assert.equal(await page.locator('figure.chart:visible').count(), 0, 'empty charts are shown');
    assert.equal(await page.locator('#notice').isHidden(), true, 'a runtime error notice is shown');
    assert.notEqual(await page.evaluate(() => document.body.dataset.ready), 'true');
    await page.screenshot({ path: fileURLToPath(new URL(shot, ARTIFACTS)), fullPage: true });

    const pageErrors = errors.filter((e) => e.startsWith('page:'));
    assert.deepEqual(pageErrors, [], 'uncaught errors');
    assert.deepEqual(errors.filter((e) => !isWasmResourceError(e)), [], 'errors besides the failed request');
    // Nothing on the page is an empty box: every visible panel of the main
    // column says something or shows something.
    const empty = await page.evaluate(() => [...document.querySelectorAll('main > *')]
      .filter((e) => e.getClientRects().length > 0)
      .filter((e) => !e.innerText.trim() && !e.querySelector('img:not([hidden]), canvas, svg'))
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
    assert.deepEqual(empty, [], 'empty panels next to the explanation');
  } finally {
    await context.close();
  }
}

const INTERCEPTS = 'needs request interception or a script before the page (not in classic WebDriver)';

test('an aborted .wasm request shows an explanation and the fallback image', onlyIn(['chromium'], INTERCEPTS), () =>
  missingWasm((page) => page.route('**/*.wasm', (r) => r.abort()), 'wasm-aborted.png'));

test('a .wasm answered with 404 shows an explanation and the fallback image', () =>
  // The test server answers 404 for every .wasm under /without-wasm/.
  missingWasm(async () => {}, `${ENGINE}-wasm-404.png`, 'without-wasm/index.html'));

test('a browser without WebAssembly gets an explanation and the fallback image', onlyIn(['chromium'], INTERCEPTS), () =>
  missingWasm((page) => page.addInitScript(() => {
    delete globalThis.WebAssembly;
  }), 'no-webassembly.png'));

test('no NaN, undefined or Infinity in the page, whatever the controls say', async () => {
  const { context, page, errors } = await openPage(browser);
  try {
    const seen = new Set();
    let checks = 0;
    const check = async (what) => {
      checks++;
      const text = await bodyText(page);
      const m = text.match(BAD_WORDS);
      if (m) {
        const at = text.indexOf(m[0]);
        seen.add(`${what}: “…${text.slice(Math.max(0, at - 60), at + 20).replace(/\s+/g, ' ')}…”`);
      }
    };
    /** The readouts at both ends of every visible chart (keys sent in the page, for speed). */
    const readoutEnds = async (what) => {
      checks++;
      const texts = await page.evaluate(() => {
        const out = [];
        for (const fig of document.querySelectorAll('figure.chart:not([hidden])')) {
          const plot = fig.querySelector('.plot');
          plot.focus();
          for (const key of ['Home', 'End']) {
            plot.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
            const r = fig.querySelector('.readout');
            out.push(`${fig.dataset.chart} ${key}: ${r.hidden ? '(hidden)' : r.innerText}`);
          }
          plot.blur();
        }
        return out;
      });
      assert.ok(texts.length >= 4, `readouts: ${texts}`);
      for (const t of texts) {
        assert.doesNotMatch(t, /\(hidden\)/, `${what}: the readout is hidden after a key press: ${t}`);
        if (BAD_WORDS.test(t)) seen.add(`${what}, readout ${t.replace(/\s+/g, ' ')}`);
      }
    };
    /** Every value every chart's table has, at 101 points. */
    const tables = (what) => page.evaluate((what) => {
      const ex = window.focalLossExplorer.explorer;
      const bad = [];
      for (const k of ['loss', 'gradient', 'factor']) {
        const t = ex.table(k, 101);
        for (const row of t.rows) {
          for (const cell of row) if (/NaN|undefined|Infinity/.test(cell)) bad.push(`${what}, ${k} table: ${row.join(' | ')}`);
        }
        for (const r of ex.legend(k)) if (/NaN|undefined|Infinity/.test(r.name)) bad.push(`${what}, ${k} legend: ${r.name}`);
      }
      if (/NaN|undefined|Infinity/.test(ex.formulasMathml())) bad.push(`${what}: formulas`);
      return bad.slice(0, 3);
    }, what);
    const setNumber = async (id, v) => {
      await page.evaluate(([id, v]) => {
        const e = document.getElementById(id);
        e.disabled = false;
        e.value = String(v);
        e.dispatchEvent(new Event('input', { bubbles: true }));
        e.dispatchEvent(new Event('change', { bubbles: true }));
      }, [id, v]);
      // Input is applied at the next animation frame.
      await frames(page);
    };

    await page.locator('#show-factor').check();
    const sets = [
      { name: 'γ = 0', gamma: 0, weighted: false, star: false },
      { name: 'γ = 20, α = 1, FL* γ* = 0.1 β = −5', gamma: 20, weighted: true, alpha: 1, star: true, starGamma: 0.1, starBeta: -5 },
      { name: 'γ = 20, α = 0, FL* γ* = 5 β = 5', gamma: 20, weighted: true, alpha: 0, star: true, starGamma: 5, starBeta: 5 },
      { name: 'γ = 0, α = 0', gamma: 0, weighted: true, alpha: 0, star: true, starGamma: 2, starBeta: 1 },
    ];
    for (const s of sets) {
      await setNumber('gamma', s.gamma);
      if ((await page.locator('#weighted').isChecked()) !== s.weighted) await page.locator('#weighted').click();
      if (s.weighted) await setNumber('alpha', s.alpha);
      if ((await page.locator('#star').isChecked()) !== s.star) await page.locator('#star').click();
      if (s.star) {
        await setNumber('star-gamma', s.starGamma);
        await setNumber('star-beta', s.starBeta);
      }
      const p = await page.evaluate(() => ({ ...window.focalLossExplorer.explorer.params() }));
      assert.equal(p.gamma, s.gamma, `${s.name}: γ was not applied`);
      for (const axis of ['pt', 'p', 'x']) {
        for (const label of ['1', '0']) {
          for (const scale of ['linear', 'log']) {
            // All three selects in one round trip, as a person would leave them.
            await page.evaluate((values) => {
              for (const [id, v] of Object.entries(values)) {
                const e = document.getElementById(id);
                if (e.value !== v) {
                  e.value = v;
                  e.dispatchEvent(new Event('change', { bubbles: true }));
                }
              }
            }, { axis, label, scale });
            await frames(page);
            const shown = await page.evaluate(() => ({ ...window.focalLossExplorer.explorer.params() }));
            assert.deepEqual([shown.axis, String(shown.label), shown.logY], [axis, label, scale === 'log']);
            const what = `${s.name}, axis ${axis}, y = ${label}, ${scale}`;
            await check(what);
            for (const b of await tables(what)) seen.add(b);
            if (scale === 'linear') await readoutEnds(what);
          }
        }
      }
      // The page's own tables and formulas are written a moment later.
      await page.waitForTimeout(200);
      await check(`${s.name}, after the tables were written`);
    }
    for (const name of ['figure1', 'retinanet', 'ce', 'flstar', 'reset']) {
      await page.locator(`[data-preset="${name}"]`).click();
      await frames(page);
      await check(`preset ${name}`);
      await readoutEnds(`preset ${name}`);
    }
    for (const id of ['show-loss', 'show-gradient', 'show-factor', 'weighted', 'star']) {
      await page.locator(`#${id}`).click();
      await frames(page);
      await check(`${id} toggled`);
      await page.locator(`#${id}`).click();
      await frames(page);
      await check(`${id} toggled back`);
    }
    await page.waitForTimeout(200);
    await check('at the end');
    assert.ok(checks > 90, `only ${checks} checks ran`);
    assert.deepEqual([...seen].slice(0, 10), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
