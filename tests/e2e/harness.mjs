// Shared set-up of the end-to-end tests: a browser of the engine under test
// (ENGINE: chromium, firefox or webkit) and a page of the served dist/ that
// records every console error and page error. Chromium is driven by
// playwright-core; Firefox and WebKitGTK over WebDriver, behind the same
// part of Playwright's API (engines/webdriver.mjs), so each test is written
// once and runs in all three.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { HUNG, launchWebDriver } from './engines/webdriver.mjs';

export const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8000/';

/** The engine under test. */
export const ENGINE = process.env.ENGINE || 'chromium';
export const ENGINES = ['chromium', 'firefox', 'webkit'];
if (!ENGINES.includes(ENGINE)) throw new Error(`ENGINE must be one of ${ENGINES.join(', ')}, got ${ENGINE}`);

/**
 * For `test(name, options, fn)`: skips the test outside `engines`, saying
 * why, so a run's report lists what was not run where.
 */
export function onlyIn(engines, why) {
  return engines.includes(ENGINE) ? {} : { skip: `${ENGINE}: ${why}` };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch() {
  if (ENGINE !== 'chromium') return launchWebDriver(ENGINE);
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * Opens `path` (relative to BASE_URL) in a new page and waits until the
 * explorer says it is ready. `errors` collects console errors and page errors.
 */
export async function openPage(browser, path = '', options = {}) {
  const { waitReady = true, beforeGoto, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  let errors = [];
  if (ENGINE === 'chromium') {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  } else {
    // The page object moves the errors its page recorded here after every command.
    errors = page.errors;
  }
  if (beforeGoto) await beforeGoto(page);
  await page.goto(new URL(path, BASE_URL).href);
  if (waitReady) {
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    // The page draws its first frame, then hands the charts to a worker.
    await page.evaluate(() => window.focalLossExplorer && window.focalLossExplorer.settled());
  }
  return { context, page, errors };
}

/**
 * Runs `body` (a test that opens its own pages), and once more if
 * WebKitGTK's web process crashed or its browser hung under it.
 *
 * The crash: WebKitGTK 2.50's JavaScriptCore now and then dies while a
 * worker runs wasm in its in-place interpreter. The kernel logs a segfault
 * in the interpreter's dispatch, at an address whose low 32 bits are
 * 0x46505845, the magic number the kernel writes at the end of a signal
 * frame's saved registers, read back as the interpreter's program counter.
 * It is the engine's crash, not the page's (no script of a page can reach
 * it). Here it struck about one read of a million rows in 20, and one run
 * of the training panel's tests in three (the lab trains in a worker).
 *
 * The hang: about one WebKitGTK run of the whole suite in three had one
 * WebDriver command that never answered (a different test each time: the
 * schema's controls, a five-line CSV), where the test passes at once when
 * run again. The WebDriver layer gives every command a deadline and stops
 * the browser's processes when it passes.
 *
 * Either is reported in the output; a second one, or any other failure,
 * fails the test. Other engines run `body` once.
 */
async function onceMoreIfWebKitFailed(body) {
  try {
    return await body();
  } catch (e) {
    const message = String(e?.message);
    if (ENGINE !== 'webkit' || !(/page crash/.test(message) || message.includes(HUNG))) throw e;
    console.log(`# webkit: ${message.split('\n')[0]}; the test runs once more on a fresh page`);
    return await body();
  }
}

/**
 * node:test's `test(name, [options], fn)`, each test run through
 * onceMoreIfWebKitFailed: the tests import it from here.
 */
export function test(name, ...rest) {
  const body = rest.pop();
  return nodeTest(name, ...rest, (t) => onceMoreIfWebKitFailed(() => body(t)));
}

/**
 * One browser for a test file: launched before its tests, closed after
 * them. Returns `withPage(body, path, options)`, which opens `path` (see
 * openPage), runs `body(page)`, then checks that nothing was logged as an
 * error, and `browser()` for a test that opens its own pages.
 */
export function sharedBrowser() {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  async function withPage(body, path = '', options = {}) {
    const { context, page, errors } = await openPage(browser, path, options);
    try {
      await body(page);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  return { withPage, browser: () => browser };
}

/**
 * Resolves once the input so far has been drawn: after the next two
 * animation frames, after the hand-over to the drawing worker and the
 * worker's last frame (when there is one: the page's, and each custom
 * element's), and after two frames more for the worker's canvases to
 * reach the page.
 */
export function frames(page) {
  return page.evaluate(async () => {
    const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await twoFrames();
    const fle = window.focalLossExplorer;
    if (fle) await fle.settled();
    // Custom elements on the page: each draws in a worker of its own.
    const elements = [...document.querySelectorAll('focal-loss-explorer')].filter((e) => typeof e.settled === 'function');
    await Promise.all(elements.map((e) => e.settled()));
    if ((fle && fle.drawnBy === 'worker') || elements.length) await twoFrames();
  });
}
