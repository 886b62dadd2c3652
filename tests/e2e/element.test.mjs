// <focal-loss-explorer> in a blog post whose host sends a strict
// Content-Security-Policy (the test server sends it on every response):
// styled without inline styles, bounded even without its stylesheet, and
// sized from its attributes before its wasm (and, with the host stylesheet,
// before its script) arrives, so the post's text never moves.
//
// The host pages are tests/e2e/fixtures/blog-element*.html, served at
// /fixtures/; under /slow/ every response is delayed, as on a slow network.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, openPage, test } from './harness.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);
// Screenshots are named by engine (the harness reads ENGINE too).
const ENGINE = process.env.ENGINE || 'chromium';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser;
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser.close();
});

/** Resolves once every element on the page has drawn. */
function allReady(page) {
  return page.waitForFunction(() => {
    const all = [...document.querySelectorAll('focal-loss-explorer')];
    return all.length > 0 && all.every((e) => e.dataset.ready === 'true');
  });
}

/** Two animation frames: what was asked for is on screen. */
function frames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Each element's border-box height, by id. */
function heights(page) {
  return page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('focal-loss-explorer')].map((e) => [e.id, e.getBoundingClientRect().height]),
  ));
}

/** The top of the paragraph after the first element, in page coordinates. */
function textBelow(page) {
  return page.evaluate(() => document.getElementById('after').getBoundingClientRect().top + window.scrollY);
}

/** The layout shifts so far (Chromium's Layout Instability API), or null
 * where the engine has none. */
function layoutShift(page) {
  return page.evaluate(() => new Promise((resolve) => {
    if (!(PerformanceObserver.supportedEntryTypes || []).includes('layout-shift')) {
      resolve(null);
      return;
    }
    const entries = [];
    const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ type: 'layout-shift', buffered: true });
    // Buffered entries arrive in the observer's first callback.
    setTimeout(() => {
      observer.disconnect();
      const counted = entries.filter((e) => !e.hadRecentInput);
      resolve({ cls: counted.reduce((a, e) => a + e.value, 0), shifts: counted.length });
    }, 200);
  }));
}

/** What a chart inside an element shows: box and canvas sizes, legend rows. */
function chartBoxes(page, id) {
  return page.evaluate((id) => {
    const root = document.getElementById(id).shadowRoot;
    return [...root.querySelectorAll('figure.chart:not([hidden])')].map((f) => {
      const plot = f.querySelector('.plot').getBoundingClientRect();
      const canvas = f.querySelector('canvas.front');
      const legend = f.querySelector('.legend');
      return {
        kind: f.dataset.chart,
        width: plot.width,
        height: plot.height,
        canvasWidth: canvas.width,
        canvasHeight: canvas.height,
        canvasCssHeight: canvas.getBoundingClientRect().height,
        reservedRows: Number(getComputedStyle(legend).getPropertyValue('--rows')),
        items: legend.children.length,
        legendHeight: legend.getBoundingClientRect().height,
      };
    });
  }, id);
}

test('under a strict CSP the element is styled by an adopted stylesheet, with no inline style', async () => {
  const { context, page, errors } = await openPage(browser, 'fixtures/blog-element.html', {
    viewport: DESKTOP, deviceScaleFactor: 2, waitReady: false,
  });
  await allReady(page);
  await frames(page);
  const styling = await page.evaluate(() => [...document.querySelectorAll('focal-loss-explorer')].map((e) => ({
    inlineStyles: e.shadowRoot.querySelectorAll('style').length,
    adopted: e.shadowRoot.adoptedStyleSheets.length,
    rules: e.shadowRoot.adoptedStyleSheets[0]?.cssRules.length ?? 0,
    frame: getComputedStyle(e.shadowRoot.querySelector('.wrap')).borderTopStyle,
    display: getComputedStyle(e).display,
  })));
  for (const s of styling) {
    assert.equal(s.inlineStyles, 0, 'no <style> in the shadow root');
    assert.equal(s.adopted, 1, 'one adopted stylesheet');
    assert.ok(s.rules > 20, `the stylesheet applies (${s.rules} rules)`);
    assert.equal(s.frame, 'solid', 'the frame is drawn');
    assert.equal(s.display, 'block');
  }
  // The issue: without its styles the element grew to 33,610 px. Each plot
  // is now 16:9 of its width, and its canvases match it at the DPR.
  const width = await page.evaluate(() => document.getElementById('top').getBoundingClientRect().width);
  assert.ok(width > 600 && width <= 680, `the element fills the 680 px column (${width} px)`);
  const boxes = await chartBoxes(page, 'top');
  assert.deepEqual(boxes.map((b) => b.kind), ['loss', 'gradient']);
  for (const b of boxes) {
    assert.ok(Math.abs(b.height - b.width * 9 / 16) < 1, `${b.kind}: ${b.width}×${b.height} is 16:9`);
    assert.equal(b.canvasWidth, Math.round(b.width * 2), `${b.kind}: the canvas is twice the box's width`);
    assert.equal(b.canvasHeight, Math.round(b.height * 2));
    assert.ok(Math.abs(b.canvasCssHeight - b.height) < 0.5, `${b.kind}: the canvas fills its box`);
    assert.equal(b.items, b.reservedRows, `${b.kind}: the legend has the rows reserved for it`);
  }
  const { top } = await heights(page);
  assert.ok(top < 1000, `the element is ${top} px tall`);
  await page.screenshot({ path: new URL(`element-${ENGINE}-light-1280-dpr2.png`, ARTIFACTS).pathname });
  assert.deepEqual(errors, [], 'no CSP violation, no error');
  await context.close();
});

const SLOW_LOADS = [
  ['desktop, light', 'slow/fixtures/blog-element.html', DESKTOP, 'light', 1],
  ['phone, light', 'slow/fixtures/blog-element.html', PHONE, 'light', 2],
  ['desktop, dark', 'slow/fixtures/blog-element-dark.html', DESKTOP, 'dark', 1],
  ['phone, dark', 'slow/fixtures/blog-element-dark.html', PHONE, 'dark', 2],
];

for (const [name, path, viewport, colorScheme, deviceScaleFactor] of SLOW_LOADS) {
  test(`on a slow network the post's text does not move (${name})`, async () => {
    const { context, page, errors } = await openPage(browser, path, {
      viewport, colorScheme, deviceScaleFactor, waitReady: false,
    });
    // The page has loaded (the element's script with it); its wasm is still
    // on the way.
    const textBefore = await textBelow(page);
    const heightsBefore = await heights(page);
    await allReady(page);
    await frames(page);
    const textAfter = await textBelow(page);
    const heightsAfter = await heights(page);
    assert.ok(Math.abs(textAfter - textBefore) < 0.5, `the text below moved from ${textBefore} to ${textAfter} px`);
    for (const id of Object.keys(heightsBefore)) {
      assert.ok(Math.abs(heightsAfter[id] - heightsBefore[id]) < 0.5, `#${id} went from ${heightsBefore[id]} to ${heightsAfter[id]} px`);
    }
    const shift = await layoutShift(page);
    if (shift) assert.ok(shift.cls <= 0.01, `cumulative layout shift ${shift.cls} in ${shift.shifts} shifts`);
    // Each caption names its figure whole: the figure alone where the whole
    // caption does not fit its line (a phone), never cut.
    const captions = await page.evaluate(() => [...document.getElementById('top').shadowRoot.querySelectorAll('figure:not([hidden]) figcaption')]
      .map((f) => ({ text: f.querySelector('.sub').textContent, fits: f.scrollWidth <= f.clientWidth + 1 })));
    assert.ok(captions.length >= 2, 'the captions');
    for (const c of captions) {
      assert.ok(c.fits, `the caption "${c.text}" is cut`);
      assert.match(c.text, /the paper's Figure \d/);
    }
    const dark = await page.evaluate(() => getComputedStyle(document.getElementById('top').shadowRoot.querySelector('.wrap')).backgroundColor);
    assert.equal(dark === 'rgb(22, 27, 34)', colorScheme === 'dark', `the element's background is ${dark}`);
    const file = `element-${ENGINE}-${name.replace(/\W+/g, '-')}.png`;
    await page.screenshot({ path: new URL(file, ARTIFACTS).pathname });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`the host stylesheet reserves each element's final height before its script arrives (${name})`, async () => {
    // A host that loads the element's script on request: until the click
    // the elements are undefined, sized by www/focal-loss-explorer.css.
    const { context, page, errors } = await openPage(browser, 'slow/fixtures/blog-element-lazy.html', {
      viewport, waitReady: false,
    });
    assert.equal(await page.evaluate(() => customElements.get('focal-loss-explorer')), undefined);
    const reserved = await heights(page);
    const textReserved = await textBelow(page);
    await page.locator('#load').click();
    await page.waitForFunction(() => customElements.get('focal-loss-explorer') !== undefined);
    const defined = await heights(page);
    await allReady(page);
    await frames(page);
    const drawn = await heights(page);
    assert.ok(Object.keys(reserved).length >= 7);
    for (const id of Object.keys(reserved)) {
      assert.ok(reserved[id] > 200, `#${id} reserves ${reserved[id]} px`);
      assert.ok(Math.abs(defined[id] - reserved[id]) < 0.5, `#${id}: ${reserved[id]} px reserved, ${defined[id]} px when defined`);
      assert.ok(Math.abs(drawn[id] - reserved[id]) < 0.5, `#${id}: ${reserved[id]} px reserved, ${drawn[id]} px when drawn`);
      for (const b of await chartBoxes(page, id)) {
        assert.equal(b.items, b.reservedRows, `#${id} ${b.kind}: ${b.items} legend items in ${b.reservedRows} reserved rows`);
      }
    }
    assert.ok(Math.abs(await textBelow(page) - textReserved) < 0.5, 'the text at the end has not moved');
    await page.screenshot({ path: new URL(`element-${ENGINE}-lazy-${name}.png`, ARTIFACTS).pathname });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the γ slider moves the chart, and the longer legend moves nothing', async () => {
  const { context, page, errors } = await openPage(browser, 'fixtures/blog-element.html', {
    viewport: PHONE, waitReady: false,
  });
  await allReady(page);
  const legend = () => page.evaluate(() => document.getElementById('top').shadowRoot.querySelector('figure[data-chart="loss"] .legend').textContent);
  // What the front canvas shows, whether the page or a worker draws it.
  const front = () => page.evaluate(async () => {
    const c = document.getElementById('top').shadowRoot.querySelector('figure[data-chart="loss"] canvas.front');
    const copy = new OffscreenCanvas(c.width, c.height).getContext('2d');
    copy.drawImage(await createImageBitmap(c), 0, 0);
    return [...copy.getImageData(0, 0, c.width, c.height).data].join();
  });
  const before = { legend: await legend(), front: await front(), text: await textBelow(page) };
  assert.match(before.legend, /γ = 2, α = 0\.25/);
  await page.evaluate(() => document.getElementById('top').shadowRoot.querySelector('input[type="range"]').focus());
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await frames(page);
  assert.match(await legend(), /γ = 2\.03, α = 0\.25/);
  assert.equal(await page.evaluate(() => document.getElementById('top').shadowRoot.querySelector('output').textContent), '2.03');
  assert.notEqual(await front(), before.front, 'the curve moved');
  assert.ok(Math.abs(await textBelow(page) - before.text) < 0.5, 'the text below stays put');
  // A live attribute change redraws too, and shows or hides the slider.
  await page.evaluate(() => document.getElementById('top').removeAttribute('controls'));
  await frames(page);
  assert.equal(await page.evaluate(() => document.getElementById('top').shadowRoot.querySelector('.control').hidden), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an element taken out of the post and put back elsewhere draws again, and its slider still works', async () => {
  const { context, page, errors } = await openPage(browser, 'fixtures/blog-element.html', {
    viewport: DESKTOP, waitReady: false,
  });
  await allReady(page);
  // What the loss chart shows: pixels unlike its corner (the background).
  const ink = () => page.evaluate(async () => {
    const c = document.getElementById('top').shadowRoot.querySelector('figure[data-chart="loss"] canvas.front');
    const copy = new OffscreenCanvas(c.width, c.height).getContext('2d');
    copy.drawImage(await createImageBitmap(c), 0, 0);
    const d = copy.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) n++;
    return n;
  });
  const before = await ink();
  assert.ok(before > 1000, `the chart is drawn (${before} pixels)`);
  await page.evaluate(() => {
    const e = document.getElementById('top');
    e.remove();
    document.getElementById('after').after(e);
  });
  await allReady(page);
  await frames(page);
  const after = await ink();
  assert.ok(after > 1000, `the chart is drawn again (${after} pixels)`);
  await page.evaluate(() => document.getElementById('top').shadowRoot.querySelector('input[type="range"]').focus());
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await frames(page);
  assert.equal(await page.evaluate(() => document.getElementById('top').shadowRoot.querySelector('output').textContent), '2.05');
  assert.deepEqual(errors, []);
  await context.close();
});

test('without its stylesheet the element stays bounded: the script sets the plot geometry', async () => {
  const { context, page, errors } = await openPage(browser, 'fixtures/blog-element.html', {
    viewport: DESKTOP, waitReady: false,
  });
  await allReady(page);
  // As if the stylesheet had failed: drop it, and let the charts resize.
  await page.evaluate(() => {
    for (const e of document.querySelectorAll('focal-loss-explorer')) e.shadowRoot.adoptedStyleSheets = [];
  });
  for (let i = 0; i < 5; i++) await frames(page);
  const first = (await heights(page)).top;
  for (let i = 0; i < 20; i++) await frames(page);
  const { top } = await heights(page);
  // Unstyled, the value tables show as well: taller, but not growing.
  assert.equal(top, first, `the unstyled element went from ${first} to ${top} px`);
  assert.ok(top < 2500, `the unstyled element is ${top} px tall`);
  for (const b of await chartBoxes(page, 'top')) {
    assert.ok(Math.abs(b.height - b.width * 9 / 16) < 1, `${b.kind}: ${b.width}×${b.height} is still 16:9`);
    assert.ok(b.canvasHeight <= Math.ceil(b.height) && b.canvasWidth <= Math.ceil(b.width), `${b.kind}: the canvas (${b.canvasWidth}×${b.canvasHeight}) has not grown`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the element is styled by the page\'s own chart stylesheet, adopted, or linked where an engine cannot adopt one', async () => {
  const { context, page, errors } = await openPage(browser, 'fixtures/blog-element.html', {
    viewport: DESKTOP, waitReady: false,
  });
  await allReady(page);
  // The adopted sheet is www/explorer.css, the stylesheet of the page's
  // charts: one file for both.
  const same = await page.evaluate(async () => {
    const adopted = document.getElementById('top').shadowRoot.adoptedStyleSheets[0];
    const text = await (await fetch(new URL('../www/explorer.css', location.href))).text();
    const parsed = new CSSStyleSheet();
    parsed.replaceSync(text);
    const rules = (s) => [...s.cssRules].map((r) => r.cssText);
    return { adopted: rules(adopted), file: rules(parsed) };
  });
  assert.deepEqual(same.file, same.adopted, 'the adopted sheet is not www/explorer.css');
  // An element built where shadow roots cannot adopt a stylesheet.
  const fallback = await page.evaluate(async () => {
    delete ShadowRoot.prototype.adoptedStyleSheets;
    const e = document.createElement('focal-loss-explorer');
    for (const [k, v] of Object.entries({ id: 'linked', gamma: '2', alpha: '0.25', charts: 'loss,gradient', controls: 'gamma' })) e.setAttribute(k, v);
    document.getElementById('top').after(e);
    const link = e.shadowRoot.querySelector('link[rel="stylesheet"]');
    await new Promise((resolve, reject) => {
      if (link.sheet && link.sheet.cssRules.length) resolve();
      link.addEventListener('load', resolve);
      link.addEventListener('error', () => reject(new Error('explorer.css did not load')));
    });
    return { href: link.href, rules: link.sheet.cssRules.length };
  });
  assert.match(fallback.href, /\/www\/explorer\.css$/);
  assert.equal(fallback.rules, same.adopted.length);
  await allReady(page);
  await frames(page);
  const h = await heights(page);
  assert.ok(Math.abs(h.linked - h.top) < 0.5, `the linked element is ${h.linked} px, the adopted one ${h.top} px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the example page has no inline style and works under the CSP', async () => {
  const { context, page, errors } = await openPage(browser, 'www/embed-example.html', { waitReady: false });
  await allReady(page);
  const sources = await page.evaluate(async () => {
    const get = async (u) => (await fetch(new URL(u, location.href))).text();
    return { html: await get('embed-example.html'), js: await get('focal-loss-explorer.js') };
  });
  assert.doesNotMatch(sources.html, /<style|\sstyle=/i, 'embed-example.html has an inline style');
  assert.doesNotMatch(sources.js, /(createElement|el)\(['"]style['"]|setAttribute\(['"]style['"]|innerHTML/, 'the element writes an inline style');
  assert.equal(await page.evaluate(() => document.querySelectorAll('style').length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
