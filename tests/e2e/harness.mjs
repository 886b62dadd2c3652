// Shared set-up of the end-to-end tests: the system Chromium driven by
// playwright-core, a page of the served dist/ that records every console
// error and page error.
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8000/';

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
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
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
 * Resolves once the input so far has been drawn: after the next two
 * animation frames, after the hand-over to the drawing worker and the
 * worker's last frame (when there is one), and after two frames more for
 * the worker's canvases to reach the page.
 */
export function frames(page) {
  return page.evaluate(async () => {
    const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await twoFrames();
    const fle = window.focalLossExplorer;
    if (fle) await fle.settled();
    if (fle && fle.drawnBy === 'worker') await twoFrames();
  });
}
