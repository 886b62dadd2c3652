// The explorer in an iframe of a blog post: it fits a 600–760 px column with
// its γ control and charts in view and nothing overlapping, it tells its host
// its height (the README's snippet, in fixtures/blog-iframe.js, sizes the
// iframe to it, so it never scrolls inside the post), it takes theme= before
// the first paint, and neither the page nor the embed moves while it loads
// on a slow network.
//
// The hosts are tests/e2e/fixtures/blog-iframe*.html, served at /fixtures/
// under the same strict Content-Security-Policy as the explorer; /slow/
// serves everything again with each response delayed.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ENGINE, launch, openPage, test } from './harness.mjs';

const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const README_SRC = '../index.html?gamma=2&alpha=0.25&embed=1&hide=star,axes,presets';

let browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Opens a host page and waits until its iframe's explorer has drawn and the
 * iframe has taken the height its page reported. `column` sets the width of
 * the post's column; `src` replaces the iframe's address (relative to the
 * host page).
 */
async function openHost(path, { column, src, ...options } = {}) {
  const opened = await openPage(browser, path, { viewport: { width: 1280, height: 900 }, waitReady: false, ...options });
  const { page } = opened;
  const drawn = () => {
    const win = document.querySelector('iframe').contentWindow;
    // Drawn, and the formulas (written shortly after) are in.
    const loadedFrom = win.performance.getEntriesByType('navigation')[0]?.name;
    if (window.expectedFrameUrl && loadedFrom !== window.expectedFrameUrl) return false;
    return win.document.body?.dataset.ready === 'true' && win.document.querySelector('#formulas math') !== null;
  };
  // The page of the host's own src first (a lazy iframe does not hold up the
  // host's load event), so that it cannot be taken for the new one.
  if (src) await page.waitForFunction(drawn);
  await page.evaluate(([column, src]) => {
    if (column) document.documentElement.style.setProperty('--column', `${column}px`);
    if (src) {
      const frame = document.querySelector('iframe');
      // The new document, told apart from the one it replaces (or from the
      // first one, still on its way) by the address it was loaded from.
      window.expectedFrameUrl = new URL(src, document.baseURI).href;
      frame.src = src;
    }
  }, [column, src]);
  await page.waitForFunction(drawn);
  await page.evaluate(() => document.querySelector('iframe').contentWindow.focalLossExplorer.settled());
  await page.waitForFunction(() => {
    const frame = document.querySelector('iframe');
    const height = frame.contentDocument.documentElement.getBoundingClientRect().height;
    return frame.style.height !== '' && frame.clientHeight === Math.ceil(height);
  });
  return opened;
}

/** Where the embedded explorer's parts are, in the iframe's own box. */
function geometry(page) {
  return page.evaluate(() => {
    const frame = document.querySelector('iframe');
    const doc = frame.contentDocument;
    const box = (e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const shown = (e) => e.getClientRects().length > 0;
    const name = (e) => e.dataset.controlGroup || (e.dataset.chart && `${e.dataset.chart} chart`) || e.id;
    // The panels (control groups, charts, the explanation, a notice), and
    // the parts of the γ row.
    const panels = [...doc.querySelectorAll('[data-control-group], figure.chart, #notice')].filter(shown);
    const gammaRow = ['#gamma-range', '#gamma', '[data-control-group="gamma"] legend'].map((s) => doc.querySelector(s));
    const overlaps = [];
    for (const list of [panels, gammaRow]) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = box(list[i]);
          const b = box(list[j]);
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
            overlaps.push(`${name(list[i]) || list[i].tagName} × ${name(list[j]) || list[j].tagName}`);
          }
        }
      }
    }
    return {
      frame: { width: frame.clientWidth, height: frame.clientHeight },
      documentHeight: doc.documentElement.getBoundingClientRect().height,
      scrollHeight: doc.documentElement.scrollHeight,
      clientHeight: doc.documentElement.clientHeight,
      scrollWidth: doc.documentElement.scrollWidth,
      clientWidth: doc.documentElement.clientWidth,
      gamma: box(doc.getElementById('gamma-range')),
      charts: [...doc.querySelectorAll('figure.chart')].filter(shown).map((f) => ({ name: f.dataset.chart, ...box(f), plot: box(f.querySelector('.plot')) })),
      overlaps,
    };
  });
}

function assertInside(g, what) {
  const inside = (b) => b.left >= 0 && b.top >= 0 && b.right <= g.frame.width + 0.5 && b.bottom <= g.frame.height + 0.5;
  assert.ok(inside(g.gamma), `${what}: the γ slider ${JSON.stringify(g.gamma)} is outside the iframe ${JSON.stringify(g.frame)}`);
  for (const c of g.charts) assert.ok(inside(c), `${what}: the ${c.name} chart ${JSON.stringify(c)} is outside the iframe ${JSON.stringify(g.frame)}`);
  assert.deepEqual(g.overlaps, [], `${what}: parts overlap`);
  assert.ok(g.scrollHeight <= g.clientHeight, `${what}: the iframe scrolls inside (${g.scrollHeight} px in ${g.clientHeight})`);
  assert.ok(g.scrollWidth <= g.clientWidth, `${what}: the iframe scrolls sideways (${g.scrollWidth} px in ${g.clientWidth})`);
  assert.equal(g.frame.height, Math.ceil(g.documentHeight), `${what}: the iframe is not as tall as its document`);
}

/** The luminance of a colour, 0 to 255. */
const luminance = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/** The embedded page's background and the top-left pixel of its loss chart. */
function colours(page) {
  return page.evaluate(async () => {
    const win = document.querySelector('iframe').contentWindow;
    const doc = win.document;
    const canvas = doc.querySelector('figure[data-chart="loss"] canvas.back');
    // What the canvas shows, whether the page or a worker draws it.
    const bitmap = await win.createImageBitmap(canvas);
    const copy = new OffscreenCanvas(canvas.width, canvas.height).getContext('2d');
    copy.drawImage(bitmap, 0, 0);
    return {
      body: win.getComputedStyle(doc.body).backgroundColor.match(/\d+/g).map(Number),
      chart: [...copy.getImageData(0, 0, 1, 1).data],
      text: win.getComputedStyle(doc.body).color.match(/\d+/g).map(Number),
    };
  });
}

for (const column of [600, 680, 760]) {
  test(`in a ${column} px column the γ control and both charts are in the iframe, which is as tall as its page`, async () => {
    const { context, page, errors } = await openHost('fixtures/blog-iframe.html', { column });
    const g = await geometry(page);
    assert.equal(g.frame.width, column, 'the iframe takes the column\'s width');
    assertInside(g, `${column} px`);
    assert.deepEqual(g.charts.map((c) => c.name), ['loss', 'gradient']);
    // A layout for a column: γ right above the charts, which stand one under
    // the other at the column's width.
    const [loss, gradient] = g.charts;
    assert.ok(g.gamma.bottom <= loss.top && loss.top - g.gamma.bottom < 40, `γ (${g.gamma.bottom}) is not right above the charts (${loss.top})`);
    assert.ok(gradient.top >= loss.bottom, 'the charts stand one under the other');
    assert.ok(loss.plot.width >= column - 40, `the loss chart is ${loss.plot.width} px wide in a ${column} px column`);
    assert.ok(loss.plot.height >= 200, `the loss chart is ${loss.plot.height} px tall`);
    // The γ control and both charts fit in a laptop's screen at once.
    assert.ok(gradient.bottom - g.gamma.top <= 1000, `γ and the charts take ${gradient.bottom - g.gamma.top} px`);
    // The post goes on under the iframe.
    const after = await page.evaluate(() => {
      const f = document.querySelector('figure').getBoundingClientRect();
      return document.querySelector('figure + p').getBoundingClientRect().top - f.bottom;
    });
    assert.ok(after > 0, 'the paragraph after the iframe is under it');
    console.log(`${column} px column: the iframe is ${g.frame.height} px tall; γ and the charts end at ${Math.round(gradient.bottom)} px`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('with every control, in a 680 px column, nothing overlaps and nothing scrolls inside', async () => {
  const { context, page, errors } = await openHost('fixtures/blog-iframe.html', { src: '../index.html?embed=1&charts=loss,gradient,factor&star=1' });
  const g = await geometry(page);
  assertInside(g, 'every control');
  assert.equal(g.charts.length, 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('in a 1000 px column the charts stand side by side; on a phone, one under the other', async () => {
  const wide = await openHost('fixtures/blog-iframe-wide.html');
  const g = await geometry(wide.page);
  assert.equal(g.frame.width, 1000);
  assertInside(g, '1000 px');
  const [loss, gradient] = g.charts;
  assert.equal(loss.top, gradient.top, 'side by side');
  assert.ok(gradient.left >= loss.right);
  assert.deepEqual(wide.errors, []);
  await wide.context.close();

  const phone = await openHost('fixtures/blog-iframe.html', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const p = await geometry(phone.page);
  assertInside(p, 'a phone');
  assert.ok(p.charts[1].top >= p.charts[0].bottom, 'one under the other');
  assert.ok(p.gamma.bottom <= p.charts[0].top, 'γ above the charts');
  await phone.page.evaluate(() => document.querySelector('iframe').scrollIntoView());
  await phone.page.screenshot({ path: fileURLToPath(new URL(`${ENGINE}-iframe-phone-390.png`, ARTIFACTS)) });
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});

test('theme=dark paints the embed dark in a light browser, theme=light light in a dark one', async () => {
  const dark = await openHost('fixtures/blog-iframe-dark.html', { colorScheme: 'light' });
  const d = await colours(dark.page);
  assert.ok(luminance(d.body) < 60, `theme=dark, but the embed's background is ${d.body}`);
  assert.ok(luminance(d.text) > 180, `theme=dark, but the embed's text is ${d.text}`);
  assert.ok(luminance(d.chart) < 60, `theme=dark, but the chart's background is ${d.chart}`);
  assert.deepEqual(dark.errors, []);
  await dark.context.close();

  const light = await openHost('fixtures/blog-iframe.html', { colorScheme: 'dark', src: `${README_SRC}&theme=light` });
  const l = await colours(light.page);
  assert.ok(luminance(l.body) > 200, `theme=light, but the embed's background is ${l.body}`);
  assert.ok(luminance(l.text) < 80, `theme=light, but the embed's text is ${l.text}`);
  assert.deepEqual(light.errors, []);
  await light.context.close();
});

test('screenshots of the iframe in a blog post: 680 and 1000 px columns, light and dark, DPR 1 and 2', async () => {
  for (const [fixture, name] of [
    ['blog-iframe.html', '680-light'],
    ['blog-iframe-dark.html', '680-dark'],
    ['blog-iframe-wide.html', '1000-light'],
    ['blog-iframe-wide-dark.html', '1000-dark'],
  ]) {
    for (const dpr of [1, 2]) {
      const { context, page, errors } = await openHost(`fixtures/${fixture}`, { viewport: { width: 1280, height: 1800 }, deviceScaleFactor: dpr });
      await page.screenshot({ path: fileURLToPath(new URL(`${ENGINE}-iframe-${name}-dpr${dpr}.png`, ARTIFACTS)) });
      assert.deepEqual(errors, [], `${name} at DPR ${dpr}`);
      await context.close();
    }
  }
});

test('a bad theme is dropped with a notice; a good one stays in the link and the snippet', async () => {
  const bad = await openHost('fixtures/blog-iframe.html', { src: `${README_SRC}&theme=bogus` });
  const notice = await bad.page.evaluate(() => {
    const doc = document.querySelector('iframe').contentDocument;
    const box = doc.getElementById('notice');
    return { shown: !box.hidden && box.getClientRects().length > 0, text: doc.getElementById('notice-text').textContent, theme: doc.documentElement.dataset.theme };
  });
  assert.equal(notice.shown, true, 'no notice for theme=bogus');
  assert.match(notice.text, /theme/);
  assert.equal(notice.theme, undefined, 'the bad theme was applied');
  // The address drops it and keeps the rest.
  await bad.page.waitForFunction(() => {
    const search = document.querySelector('iframe').contentWindow.location.search;
    return !search.includes('theme') && search.includes('embed=1');
  });
  // Still sized to its page, notice and all.
  assertInside(await geometry(bad.page), 'with a notice');
  assert.deepEqual(bad.errors, []);
  await bad.context.close();

  const { context, page, errors } = await openPage(browser, '?gamma=1.5&theme=dark');
  await page.locator('[data-control-group="share"] summary').click();
  await page.waitForFunction(() => document.getElementById('share-embed').value.includes('gamma=1.5'));
  const link = await page.evaluate(() => document.getElementById('share-link').value);
  const snippet = await page.evaluate(() => document.getElementById('share-embed').value);
  assert.match(link, /theme=dark/);
  assert.doesNotMatch(link, /embed=1/);
  assert.match(snippet, /^<iframe src="[^"]*embed=1[^"]*theme=dark|^<iframe src="[^"]*theme=dark[^"]*embed=1/);
  assert.match(snippet, /width="100%"/, 'the snippet takes the column\'s width');
  assert.match(snippet, /focal-loss-explorer:height/, 'the snippet sizes the iframe to its page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the README\'s host script is the one the fixtures use and the Share panel gives', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### An iframe'));
  const script = section.match(/<script>\n([\s\S]*?)<\/script>/)[1];
  const fixture = await readFile(new URL('./fixtures/blog-iframe.js', import.meta.url), 'utf8');
  assert.ok(fixture.endsWith(script), 'fixtures/blog-iframe.js is not the README\'s script');
  const share = await readFile(new URL('../../www/share.js', import.meta.url), 'utf8');
  const lines = [...share.slice(share.indexOf('const HOST_SCRIPT'), share.indexOf("].join('\\n')")).matchAll(/^ {2}(['"])(.*)\1,$/gm)].map((m) => m[2]);
  assert.equal(lines.join('\n'), `<script>\n${script}</script>`, 'the Share panel\'s script is not the README\'s');
});

/** The cumulative layout shift of a document so far (null where the browser does not measure it). */
function layoutShift(page, inFrame) {
  return page.evaluate((inFrame) => new Promise((resolve) => {
    const win = inFrame ? document.querySelector('iframe').contentWindow : window;
    if (!(win.PerformanceObserver.supportedEntryTypes || []).includes('layout-shift')) {
      resolve(null);
      return;
    }
    let total = 0;
    const sources = [];
    new win.PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        total += e.value;
        sources.push(...e.sources.map((s) => `${s.node ? s.node.nodeName : '?'}: ${Math.round(s.previousRect.y)} → ${Math.round(s.currentRect.y)}`));
      }
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve({ total, sources }), 100);
  }), inFrame);
}

test('no layout shift while the page and the embed load on a slow network (CLS ≤ 0.01)', async () => {
  const cases = [
    ['the page at 1280 px', 'slow/index.html', { width: 1280, height: 900 }],
    ['the page at 390 px', 'slow/index.html', { width: 390, height: 844 }],
    ['the embed at 680 px', `slow/index.html${README_SRC.slice('../index.html'.length)}`, { width: 680, height: 900 }],
    ['the embed at 390 px', 'slow/index.html?embed=1', { width: 390, height: 844 }],
    ['the embed at 1000 px', 'slow/index.html?embed=1&theme=dark', { width: 1000, height: 800 }],
  ];
  for (const [what, path, viewport] of cases) {
    const { context, page, errors } = await openPage(browser, path, { viewport });
    const cls = await layoutShift(page, false);
    if (cls) {
      console.log(`CLS of ${what}: ${cls.total.toFixed(4)}`);
      assert.ok(cls.total <= 0.01, `CLS of ${what} is ${cls.total.toFixed(4)}: ${cls.sources.join('; ')}`);
    }
    assert.deepEqual(errors, [], what);
    await context.close();
  }
});

test('nothing in the embed moves while it loads in a blog post, in any engine', async () => {
  // The host is quick; the explorer in its iframe is slow. The host watches
  // the iframe's γ slider and charts on every frame until it is ready.
  const { context, page, errors } = await openPage(browser, 'fixtures/blog-iframe.html', { waitReady: false });
  // The host's own explorer first: the one to watch is the next.
  await page.waitForFunction(() => document.querySelector('iframe').contentDocument.body?.dataset.ready === 'true');
  const seen = await page.evaluate((src) => new Promise((resolve) => {
    const frame = document.querySelector('iframe');
    const expected = new URL(src, document.baseURI).href;
    frame.src = src;
    const snapshots = [];
    const start = performance.now();
    let readyAt = 0;
    const look = (t) => {
      const win = frame.contentWindow;
      const doc = win.document;
      if (win.performance.getEntriesByType('navigation')[0]?.name !== expected || !doc.body || ![...doc.styleSheets].some((s) => (s.href || '').endsWith('style.css'))) return;
      const parts = ['#gamma-range', '[data-chart="loss"] .plot', '[data-chart="gradient"] .plot'].map((s) => doc.querySelector(s));
      if (!parts.every(Boolean)) return;
      const key = parts.map((e) => {
        const r = e.getBoundingClientRect();
        return [r.left, r.top, r.width, r.height].map((v) => Math.round(v * 10) / 10).join(',');
      }).join(' | ');
      const loading = !doc.getElementById('status').hidden;
      const last = snapshots[snapshots.length - 1];
      if (!last || last.key !== key || last.loading !== loading) snapshots.push({ key, loading, t: Math.round(t) });
      if (doc.body.dataset.ready === 'true' && !readyAt) readyAt = t;
    };
    const sample = (t) => {
      try {
        look(t);
      } catch (e) {
        snapshots.push({ error: String(e) });
      }
      if ((readyAt && t - readyAt > 1000) || t - start > 20000) resolve(snapshots);
      else requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  }), `../slow/${README_SRC.slice(3)}`);
  assert.ok(seen.some((s) => s.loading), `the loading state was never seen: ${JSON.stringify(seen)}`);
  const keys = [...new Set(seen.map((s) => s.key))];
  assert.equal(keys.length, 1, `the γ slider and the charts moved while loading: ${JSON.stringify(seen)}`);
  const cls = await layoutShift(page, true);
  if (cls) {
    console.log(`CLS of the embed in a 680 px column: ${cls.total.toFixed(4)}`);
    assert.ok(cls.total <= 0.01, `CLS of the embed in its iframe is ${cls.total.toFixed(4)}: ${cls.sources.join('; ')}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
