// The explorer's look, as a teacher needs it: the theme switch and the
// presentation mode (both parameters of the schema, so the link, the
// element's attributes and the JS API take them), legends whose lines are
// their curves' (colour, width, dashes), and every curve a legend names
// visible on its canvas, also where one lies on another (FL at γ = 0 on CE,
// FL on its γ in Figure 1).
import assert from 'node:assert/strict';
import { openPage, frames, sharedBrowser, test } from './harness.mjs';
import { chartPixels, params } from './lib.mjs';

const shared = sharedBrowser();

/** The explorer's legend of a chart, and what the page's legend shows. */
function legends(page, chart) {
  return page.evaluate((chart) => {
    const fle = window.focalLossExplorer.explorer;
    const wasm = fle.legend(chart).map((i) => ({ name: i.name, color: i.color, width: i.width, dash: [...i.dash] }));
    const shown = [...document.querySelectorAll(`figure[data-chart="${chart}"] .legend li`)].map((li) => {
      const sw = li.querySelector('.swatch');
      const cs = getComputedStyle(sw);
      return {
        name: li.querySelector('.name').textContent,
        color: sw.dataset.color,
        dash: sw.dataset.dash,
        height: parseFloat(cs.height),
        image: cs.backgroundImage,
        background: cs.backgroundColor,
      };
    });
    return { wasm, shown };
  }, chart);
}

const hex = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

/** How many pixels of a chart are within 6 of `color` in every channel. */
function pixelsOf({ data }, color) {
  const [r, g, b] = hex(color);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - r) <= 6 && Math.abs(data[i + 1] - g) <= 6 && Math.abs(data[i + 2] - b) <= 6) n++;
  }
  return n;
}

test('every legend line is its curve: colour, width and dashes', async () => {
  const { context, page, errors } = await openPage(shared.browser(), '?preset=figure1');
  try {
    const { wasm, shown } = await legends(page, 'loss');
    assert.equal(wasm.length, 6, JSON.stringify(wasm));
    assert.equal(shown.length, 6);
    wasm.forEach((w, i) => {
      const s = shown[i];
      assert.equal(s.name, w.name);
      assert.equal(s.color, w.color);
      assert.equal(s.dash, w.dash.join(' '), `${w.name}'s swatch is not dashed as its curve`);
      assert.ok(Math.abs(s.height - w.width) < 0.6, `${w.name}: swatch ${s.height} px high for a ${w.width} px line`);
      if (w.dash.length) assert.match(s.image, /repeating-linear-gradient/, `${w.name}: ${s.image}`);
      else assert.match(s.background, /rgb/);
    });
    // The family's dashes are all different; FL lies on γ = 2 and is dashed too.
    const dashes = wasm.slice(1, 5).map((w) => w.dash.join(' '));
    assert.equal(new Set(dashes).size, 4, dashes.join(' | '));
    assert.ok(wasm[5].dash.length > 0, 'FL on the γ = 2 curve is not dashed');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('every curve a legend names shows on its canvas: Figure 1 at γ = 2 and CE under FL at γ = 0', async () => {
  const { context, page, errors } = await openPage(shared.browser(), '?preset=figure1');
  try {
    const check = async (what) => {
      const pixels = await chartPixels(page, 'loss');
      const { wasm } = await legends(page, 'loss');
      // Figure 1 gives FL* and γ = 5 one grey, never both in one view here.
      for (const w of wasm) {
        const n = pixelsOf(pixels, w.color);
        assert.ok(n > 100, `${what}: “${w.name}” (${w.color}) shows in ${n} pixels`);
      }
    };
    await check('Figure 1 at γ = 2');
    await page.locator('button[data-preset="ce"]').click();
    await frames(page);
    assert.equal((await params(page)).gamma, 0);
    await check('γ = 0');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the theme control switches the page and the charts, and the link keeps it', async () => {
  const { context, page, errors } = await openPage(shared.browser(), '', { colorScheme: 'light' });
  try {
    const look = () => page.evaluate(() => {
      const c = getComputedStyle(document.querySelector('figure.chart'));
      return { panel: c.backgroundColor, theme: document.documentElement.dataset.theme ?? null, search: location.search };
    });
    const lum = (css) => {
      const [r, g, b] = css.match(/\d+/g).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const corner = async () => {
      const { data } = await chartPixels(page, 'loss', ['back']);
      return 0.2126 * data[0] + 0.7152 * data[1] + 0.0722 * data[2];
    };
    assert.ok(lum((await look()).panel) > 200);
    await page.locator('#theme').selectOption('dark');
    await frames(page);
    await page.waitForFunction(() => location.search.includes('theme=dark'));
    const dark = await look();
    assert.equal(dark.theme, 'dark');
    assert.ok(lum(dark.panel) < 60, `dark, but the panel is ${dark.panel}`);
    assert.ok((await corner()) < 60, 'dark, but the chart is light');
    assert.equal((await params(page)).theme, 'dark');
    // The legend's colours are the dark theme's.
    const { wasm } = await legends(page, 'loss');
    assert.equal(wasm[0].color, '#56b4e9');
    await page.locator('#theme').selectOption('auto');
    await frames(page);
    await page.waitForFunction(() => !location.search.includes('theme'));
    const auto = await look();
    assert.equal(auto.theme, null);
    assert.ok(lum(auto.panel) > 200, 'auto in a light browser, but the panel is dark');
    assert.ok((await corner()) > 200, 'auto in a light browser, but the chart is dark');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('theme=dark from the link and auto in a dark browser both paint dark', async () => {
  for (const [path, scheme] of [['?theme=dark', 'light'], ['', 'dark']]) {
    const { context, page, errors } = await openPage(shared.browser(), path, { colorScheme: scheme });
    try {
      const { data } = await chartPixels(page, 'loss', ['back']);
      assert.ok(0.2126 * data[0] + 0.7152 * data[1] + 0.0722 * data[2] < 60, `${path} in a ${scheme} browser`);
      assert.equal(await page.locator('#theme').inputValue(), path ? 'dark' : 'auto');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('presentation mode: from the link or the button, larger text and thicker lines, and in the link', async () => {
  const { context, page, errors } = await openPage(shared.browser(), '?gamma=1.5');
  try {
    const measure = () => page.evaluate(() => {
      const ex = window.focalLossExplorer.explorer;
      const legend = ex.legend('loss');
      return {
        present: document.documentElement.classList.contains('present'),
        pressed: document.getElementById('present').getAttribute('aria-pressed'),
        legendFont: parseFloat(getComputedStyle(document.querySelector('.legend')).fontSize),
        sentenceFont: parseFloat(getComputedStyle(document.getElementById('sentence')).fontSize),
        flWidth: legend[1].width,
        plot: ex.plotRect('loss'),
        search: location.search,
      };
    });
    const before = await measure();
    assert.equal(before.present, false);
    assert.equal(before.pressed, 'false');
    await page.locator('#present').click();
    await frames(page);
    await page.waitForFunction(() => location.search.includes('present=1'));
    const on = await measure();
    assert.equal(on.present, true);
    assert.equal(on.pressed, 'true');
    assert.ok(on.legendFont >= before.legendFont * 1.25, `legend ${before.legendFont} → ${on.legendFont} px`);
    assert.ok(on.sentenceFont >= before.sentenceFont * 1.25, `sentence ${before.sentenceFont} → ${on.sentenceFont} px`);
    assert.ok(on.flWidth >= before.flWidth * 1.5, `FL's line ${before.flWidth} → ${on.flWidth} px`);
    // Larger tick labels take more room: the plotting area starts further in.
    assert.ok(on.plot.left > before.plot.left + 10, `plot left ${before.plot.left} → ${on.plot.left}`);
    assert.match(on.search, /gamma=1\.5/);
    // The Share panel's link carries it.
    await page.locator('details[data-control-group="share"] summary').click();
    await page.waitForFunction(() => document.getElementById('share-link').value.includes('present=1'));
    // Reloaded from the link, the page starts in presentation mode, before the wasm too.
    const link = await page.evaluate(() => location.href);
    const { context: c2, page: p2, errors: e2 } = await openPage(shared.browser(), link.slice(link.indexOf('?')));
    try {
      const again = await p2.evaluate(() => ({
        present: document.documentElement.classList.contains('present'),
        param: window.focalLossExplorer.explorer.params().present,
      }));
      assert.deepEqual(again, { present: true, param: true });
      assert.deepEqual(e2, []);
    } finally {
      await c2.close();
    }
    await page.locator('#present').click();
    await frames(page);
    await page.waitForFunction(() => !location.search.includes('present'));
    assert.deepEqual((await measure()).plot, before.plot, 'off again, the chart is laid out as before');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the JS API takes the theme and the presentation mode', async () => {
  const { context, page, errors } = await openPage(shared.browser(), '');
  try {
    const changed = await page.evaluate(() => ({ ...window.focalLossExplorer.explorer.update({ theme: 'dark', present: true }) }));
    assert.deepEqual(changed, { theme: 'dark', present: true });
    await page.evaluate(() => window.focalLossExplorer.explorer.preset('reset'));
    const p = await params(page);
    assert.equal(p.theme, 'dark', 'reset keeps the theme');
    assert.equal(p.present, true, 'reset keeps the presentation mode');
    const schema = await page.evaluate(() => window.focalLossExplorer.schema.filter((f) => ['theme', 'present'].includes(f.name)).map((f) => [f.name, f.query, f.attribute]));
    assert.deepEqual(schema, [['theme', 'theme', 'theme'], ['present', 'present', 'present']]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/**
 * Each shown select of the page, and whether each of its options' text
 * fits the select's box beside its arrow: a select shows its chosen option
 * on one line and cuts what does not fit. The text is measured in the
 * select's own font; `arrow` CSS px are left for the arrow.
 */
function selectsCut(page, arrow) {
  return page.evaluate((arrow) => {
    const ctx = document.createElement('canvas').getContext('2d');
    const shown = (s) => s.getClientRects().length && s.options.length;
    return [...document.querySelectorAll('select')].filter(shown).map((s) => {
      const cs = getComputedStyle(s);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - arrow;
      const widest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
      return { id: s.id, room: Math.round(room), widest: Math.round(widest) };
    });
  }, arrow);
}

test('every select shows its options whole: desktop and phone, presentation mode and the lab too', async () => {
  const cut = [];
  const views = [['', 'theme'], ['?present=1', 'theme'], ['lab.html', 'train-speed']];
  for (const [[path, must], width] of views.flatMap((v) => [[v, 1280], [v, 390]])) {
    const { context, page, errors } = await openPage(shared.browser(), path, { viewport: { width, height: 900 } });
    try {
      // WebKitGTK's arrow takes the most room: 32 px (it cut "auto (your
      // system's)" to "auto (your systen" in a 156 px select).
      const selects = await selectsCut(page, 32);
      assert.ok(selects.some((s) => s.id === must), `${path}: ${JSON.stringify(selects)}`);
      for (const s of selects) {
        if (s.widest > s.room) cut.push(`${path || 'the default view'} at ${width} px: #${s.id} has ${s.room} px for its text, its widest option needs ${s.widest}`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(cut, []);
});
