// The JavaScript API of the built package: from Node (initSync with the wasm
// bytes) and from a plain <script type="module"> in the browser (init()).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BASE_URL, launch, openPage, test } from './harness.mjs';

const JS = 'pkg/focal_loss_explorer.js';
const WASM = 'pkg/focal_loss_explorer_bg.wasm';

let api;
let tmp;

/** The package from DIST (a dist/ directory) or fetched from BASE_URL. */
async function loadPackage() {
  let dir = process.env.DIST;
  if (!dir) {
    tmp = await mkdtemp(join(tmpdir(), 'fle-api-'));
    dir = tmp;
    await mkdir(join(dir, 'pkg'));
    for (const f of [JS, WASM]) {
      const res = await fetch(new URL(f, BASE_URL));
      assert.equal(res.status, 200, `GET ${f}`);
      await writeFile(join(dir, f), Buffer.from(await res.arrayBuffer()));
    }
  }
  const mod = await import(pathToFileURL(join(dir, JS)).href);
  const bytes = await readFile(join(dir, WASM));
  mod.initSync({ module: bytes });
  return mod;
}

/** torchvision's sigmoid_focal_loss for one element, in plain JS doubles. */
function torchvisionElem(x, t, alpha, gamma) {
  const p = 1 / (1 + Math.exp(-x));
  const ce = Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
  const pt = p * t + (1 - p) * (1 - t);
  let loss = ce * (1 - pt) ** gamma;
  if (alpha >= 0) loss *= alpha * t + (1 - alpha) * (1 - t);
  return loss;
}

function close(a, b, rel = 1e-12) {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/** Asserts that `f` throws an Error whose message matches `re`. */
function throwsNaming(f, re) {
  let caught;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected an error matching ${re}`);
  assert.ok(caught instanceof Error, `threw a ${typeof caught}, not an Error: ${caught}`);
  assert.match(caught.message, re);
}

let browser;

before(async () => {
  api = await loadPackage();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('Node: pointwise values', () => {
  const ce = api.crossEntropy(0.9, 1);
  assert.ok(close(ce, -Math.log(0.9), 1e-15), `CE(0.9) = ${ce}`);
  const fl = api.focalLoss(0.9, 1, 2);
  assert.ok(close(fl, 0.01 * ce), `FL(0.9, γ = 2) = ${fl}, CE = ${ce}`);
  assert.equal(api.focalLoss(0.3, 1, 0), api.crossEntropy(0.3, 1), 'γ = 0 is cross-entropy');
  assert.ok(close(api.focalLoss(0.9, 1, 2, 0.25), 0.25 * fl), 'α weights y = 1 by α');
  assert.ok(close(api.focalLoss(0.1, 0, 2, 0.25), 0.75 * fl), 'α weights y = 0 by 1 − α');
  assert.equal(api.focalLoss(0.9, 1, 2, -1), fl, 'a negative α is unweighted');
  const x = Math.log(9);
  assert.ok(close(api.focalLossLogit(x, 1, 2), fl, 1e-12), 'logit form');
  assert.ok(close(api.crossEntropyLogitGrad(x, 1), 0.9 - 1, 1e-12), 'dCE/dx = pt − 1');
  assert.ok(close(api.modulatingFactor(0.9, 1, 2), 0.01, 1e-12));
  assert.ok(close(api.focalLossStarLogit(0.5, 1, 2, 1), Math.log1p(Math.exp(-2)) / 2, 1e-12), 'FL*');
  assert.equal(typeof api.version(), 'string');
});

test('Node: sigmoidFocalLoss with Float64Array and none/mean/sum', () => {
  const xs = new Float64Array([-3, -0.5, 0, 0.7, 2.5, 8]);
  const ts = new Float64Array([0, 1, 1, 0, 0.3, 1]);
  const want = [...xs].map((x, i) => torchvisionElem(x, ts[i], 0.25, 2));
  const none = api.sigmoidFocalLoss(xs, ts, 0.25, 2, 'none');
  assert.ok(none instanceof Float64Array, `reduction none gave ${Object.prototype.toString.call(none)}`);
  assert.equal(none.length, xs.length);
  none.forEach((v, i) => assert.ok(close(v, want[i], 1e-12), `element ${i}: ${v} vs ${want[i]}`));
  const sum = api.sigmoidFocalLoss(xs, ts, 0.25, 2, 'sum');
  const total = want.reduce((a, b) => a + b, 0);
  assert.equal(typeof sum, 'number');
  assert.ok(close(sum, total, 1e-12), `sum ${sum} vs ${total}`);
  const mean = api.sigmoidFocalLoss(xs, ts, 0.25, 2, 'mean');
  assert.ok(close(mean, total / xs.length, 1e-12), `mean ${mean}`);
  // Plain arrays work too, and α < 0 is unweighted.
  const plain = api.sigmoidFocalLoss([0.7], [1], -1, 2, 'sum');
  assert.ok(close(plain, api.focalLossLogit(0.7, 1, 2), 1e-15));
  const grad = api.sigmoidFocalLossGrad(xs, ts, 0.25, 2);
  assert.ok(grad instanceof Float64Array && grad.length === xs.length);
  const h = 1e-6;
  grad.forEach((g, i) => {
    const fd = (torchvisionElem(xs[i] + h, ts[i], 0.25, 2) - torchvisionElem(xs[i] - h, ts[i], 0.25, 2)) / (2 * h);
    assert.ok(Math.abs(g - fd) < 1e-6, `gradient ${i}: ${g} vs ${fd}`);
  });
});

test('Node: bad arguments throw Errors naming the argument', () => {
  throwsNaming(() => api.focalLoss(0.5, 1, -1), /gamma/);
  throwsNaming(() => api.focalLoss(0.5, 1, 2, 1.5), /alpha/);
  throwsNaming(() => api.crossEntropy(0.5, 2), /\by\b/);
  throwsNaming(() => api.crossEntropy(1.5, 1), /\bp\b/);
  throwsNaming(() => api.crossEntropy(Number.NaN, 1), /\bp\b/);
  throwsNaming(() => api.focalLossLogit(Number.NaN, 1, 2), /\bx\b/);
  throwsNaming(() => api.focalLossStar(0.5, 1, 0, 1), /gamma/);
  const xs = new Float64Array([0.1, 0.2, 0.3]);
  const ts = new Float64Array([1, 0, 1]);
  throwsNaming(() => api.sigmoidFocalLoss(xs, new Float64Array([1, 0]), 0.25, 2, 'none'), /logits and targets/);
  throwsNaming(() => api.sigmoidFocalLoss(new Float64Array([0, Number.NaN, 1]), ts, 0.25, 2, 'sum'), /logits/);
  throwsNaming(() => api.sigmoidFocalLoss(xs, ts, 0.25, -1, 'sum'), /gamma/);
  throwsNaming(() => api.sigmoidFocalLoss(xs, ts, 2, 2, 'sum'), /alpha/);
  throwsNaming(() => api.sigmoidFocalLoss(xs, ts, 0.25, 2, 'avg'), /reduction/);
  throwsNaming(() => api.sigmoidFocalLoss(xs, [1, 'a', 0], 0.25, 2, 'sum'), /targets/);
  // The module still works after an error.
  assert.ok(close(api.crossEntropy(0.5, 1), Math.LN2, 1e-15));
});

/**
 * A host page on the site's origin (tests/e2e/fixtures/, served under the
 * strict Content-Security-Policy like every page here).
 */
function hostPage(name) {
  return openPage(browser, `fixtures/${name}`, { waitReady: false });
}

test('browser: a plain <script type="module"> with init() as the README shows', async () => {
  const { context, page, errors } = await hostPage('api-readme.html');
  try {
    await page.waitForFunction(() => window.result, null, { timeout: 15000 });
    const r = await page.evaluate(() => window.result);
    assert.equal(r.initError, undefined, `init() with no argument failed: ${r.initError}`);
    assert.ok(close(r.fl, 0.01 * r.ce), `FL ${r.fl} vs CE ${r.ce}`);
    assert.equal(r.ce, api.crossEntropy(0.9, 1), 'the browser and Node agree');
    assert.ok(close(r.none[0], torchvisionElem(0.7, 1, 0.25, 2)));
    assert.ok(close(r.none[1], torchvisionElem(-1, 0, 0.25, 2)));
    assert.ok(close(r.mean, (r.none[0] + r.none[1]) / 2));
    assert.equal(r.error[0], true, 'the error is an Error');
    assert.match(r.error[1], /logits and targets/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('browser: import() of the module URL and init() with the wasm URL', async () => {
  const { context, page, errors } = await hostPage('blank.html');
  try {
    const r = await page.evaluate(async ([js, wasm]) => {
      const m = await import(js);
      await m.default({ module_or_path: new URL(wasm) });
      await m.default(); // a second init is a no-op
      let message = '';
      let isError = false;
      try { m.focalLoss(0.5, 1, 2, 3); } catch (e) { isError = e instanceof Error; message = String(e.message); }
      const xs = new Float64Array([2, -1, 0.5]);
      const ts = new Float64Array([1, 0, 1]);
      return {
        fl: m.focalLoss(0.25, 1, 2, 0.25),
        ce: m.crossEntropy(0.9, 1),
        fl9: m.focalLoss(0.9, 1, 2),
        none: Array.from(m.sigmoidFocalLoss(xs, ts, 0.25, 2, 'none')),
        isArray: m.sigmoidFocalLoss(xs, ts, 0.25, 2, 'none') instanceof Float64Array,
        sum: m.sigmoidFocalLoss(xs, ts, 0.25, 2, 'sum'),
        isError,
        message,
      };
    }, [new URL(JS, BASE_URL).href, new URL(WASM, BASE_URL).href]);
    assert.ok(close(r.fl, api.focalLoss(0.25, 1, 2, 0.25), 1e-15));
    assert.ok(close(r.fl9, 0.01 * r.ce), `FL ${r.fl9} vs CE ${r.ce}`);
    assert.ok(r.isArray, 'reduction none gives a Float64Array');
    [2, -1, 0.5].forEach((x, i) => assert.ok(close(r.none[i], torchvisionElem(x, [1, 0, 1][i], 0.25, 2))));
    assert.ok(close(r.sum, r.none.reduce((a, b) => a + b, 0)));
    assert.ok(r.isError, 'a bad α throws an Error');
    assert.match(r.message, /alpha/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
