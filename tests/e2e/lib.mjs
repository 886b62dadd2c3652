// Helpers shared by the end-to-end tests (on top of harness.mjs): reading the
// canvases' pixels, the legends, the readouts and the explorer's parameters.
import { ENGINE, frames } from './harness.mjs';

/**
 * A fingerprint of a chart's canvas (`layer` "back" or "front"): a hash of
 * its RGBA pixels, how many are not transparent, how many differ from the
 * top-left pixel (the background on the back layer), its sizes, and (on the
 * front) its ink: the pixels where it shows something the back does not,
 * which are the moving curves whether the front is a transparent layer
 * (the page draws) or the whole chart composed (the worker draws).
 */
export function canvasInfo(page, chart, layer = 'front') {
  return page.evaluate(async ([chart, layer]) => {
    const canvasOf = (l) => document.querySelector(`figure[data-chart="${chart}"] canvas.${l}`);
    const c = canvasOf(layer);
    const out = {
      width: c.width,
      height: c.height,
      cssWidth: c.getBoundingClientRect().width,
      cssHeight: c.getBoundingClientRect().height,
      hash: 0,
      opaque: 0,
      notBackground: 0,
      ink: 0,
      corner: [0, 0, 0, 0],
    };
    if (!c.width || !c.height) return out;
    // What a canvas shows, whether the page draws it or a worker does (a
    // canvas handed to a worker has no context of its own on the page).
    const read = async (canvas) => {
      const copy = new OffscreenCanvas(canvas.width, canvas.height).getContext('2d');
      copy.drawImage(await createImageBitmap(canvas), 0, 0);
      return copy.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const d = await read(c);
    const b = layer === 'front' ? await read(canvasOf('back')) : null;
    let h = 0x811c9dc5;
    const [r0, g0, b0, a0] = [d[0], d[1], d[2], d[3]];
    out.corner = [r0, g0, b0, a0];
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] !== 0) out.opaque++;
      if (d[i] !== r0 || d[i + 1] !== g0 || d[i + 2] !== b0 || d[i + 3] !== a0) out.notBackground++;
      if (b && d[i + 3] !== 0 && (d[i] !== b[i] || d[i + 1] !== b[i + 1] || d[i + 2] !== b[i + 2])) out.ink++;
      h = Math.imul(h ^ d[i] ^ (d[i + 1] << 8) ^ (d[i + 2] << 16) ^ (d[i + 3] << 24), 16777619);
    }
    out.hash = h >>> 0;
    return out;
  }, [chart, layer]);
}

/**
 * The RGBA pixels of a chart's `layers`, each drawn over the last: the whole
 * chart as shown by default, ['front'] for its front canvas alone. As a
 * Buffer, with the canvas size.
 */
export async function chartPixels(page, chart, layers = ['back', 'front']) {
  const { width, height, base64 } = await page.evaluate(async ([kind, layers]) => {
    const canvases = layers.map((l) => document.querySelector(`figure[data-chart="${kind}"] canvas.${l}`));
    const { width: w, height: h } = canvases[0];
    // What the canvases show, whether the page draws them or a worker does.
    const copy = new OffscreenCanvas(w, h).getContext('2d');
    for (const c of canvases) copy.drawImage(await createImageBitmap(c), 0, 0);
    const data = copy.getImageData(0, 0, w, h).data;
    let s = '';
    for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: w, height: h, base64: btoa(s) };
  }, [chart, layers]);
  return { width, height, data: Buffer.from(base64, 'base64') };
}

/** How many pixels of two RGBA buffers differ by more than `tolerance` in a channel. */
export function differingPixels(a, b, tolerance = 0) {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let k = 0; k < 4; k++) {
      if (Math.abs(a[i + k] - b[i + k]) > tolerance) {
        n++;
        break;
      }
    }
  }
  return n;
}

/** The explorer's parameters, as a plain object. */
export function params(page) {
  return page.evaluate(() => ({ ...window.focalLossExplorer.explorer.params() }));
}

/** The names in a chart's HTML legend. */
export function legendNames(page, chart) {
  return page.locator(`figure[data-chart="${chart}"] .legend .name`).allTextContents();
}

/** A chart's readout box: its x line and rows of {name, value}. */
export function readoutRows(page, chart) {
  return page.evaluate((chart) => {
    const r = document.querySelector(`figure[data-chart="${chart}"] .readout`);
    return {
      hidden: r.hidden,
      x: r.querySelector('.x')?.textContent ?? '',
      rows: [...r.querySelectorAll('.row')].map((row) => ({
        name: row.querySelector('.name').textContent,
        value: row.querySelector('.value').textContent,
        ratio: row.querySelector('.ratio')?.textContent ?? '',
      })),
      text: r.textContent,
    };
  }, chart);
}

/**
 * Parses a number as the page formats it: a true minus sign, "∞", and
 * "1.23 × 10⁻⁷" for very small or large values.
 */
export function parseShown(s) {
  const sup = { '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
  const t = s.trim().replace(/−/g, '-');
  if (t === '∞') return Infinity;
  if (t === '-∞') return -Infinity;
  const m = t.match(/^(-?[\d.]+)\s*×\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/);
  if (m) return Number(m[1]) * 10 ** Number([...m[2]].map((c) => sup[c]).join(''));
  return Number(t);
}

/** Sets a range or number input through Playwright (input + change) and waits for the redraw. */
export async function setValue(page, selector, value) {
  await page.locator(selector).fill(String(value));
  await page.locator(selector).dispatchEvent('change');
  await frames(page);
}

/**
 * Calls a function of the JavaScript API (pkg/focal_loss_explorer.js, which
 * the page itself does not load: it uses the smaller pkg/explorer.js) from
 * inside the page, initialising the module on first use.
 */
export function api(page, name, ...args) {
  return page.evaluate(async ([name, args]) => {
    const m = await import(new URL('pkg/focal_loss_explorer.js', document.baseURI).href);
    await m.default();
    return m[name](...args);
  }, [name, args]);
}

/** Text of the whole page that a person could read. */
export function bodyText(page) {
  return page.evaluate(() => document.body.innerText);
}

/** Words that must never reach the page: a computation went wrong. */
export const BAD_WORDS = /\b(NaN|undefined|Infinity|null)\b/;

