// What the explorer page transfers: every same-origin response Chromium
// requests while it loads the page and draws its first frame, each measured
// raw and with gzip -9. Shared by the size test and the benchmark.
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

/** The size after `gzip -9` (the gzip tool itself; zlib where it is missing). */
export function gzip9(bytes) {
  try {
    return execFileSync('gzip', ['-9', '-c', '-n'], { input: bytes, maxBuffer: 1 << 26 }).length;
  } catch {
    return gzipSync(bytes, { level: 9 }).length;
  }
}

/**
 * Loads `baseUrl` in a new context of `browser` and returns one row per file
 * it requested: { file, raw, gzip }, sorted by file.
 */
export async function pageTransfer(browser, baseUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const urls = new Set();
  page.on('request', (r) => urls.add(r.url()));
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  // The writes that follow the first frame (formulas, URL) come shortly after.
  await page.waitForTimeout(300);
  await context.close();
  const root = new URL(baseUrl);
  const rows = [];
  for (const url of [...urls].sort()) {
    const u = new URL(url);
    if (u.origin !== root.origin) continue;
    const file = decodeURIComponent(u.pathname.slice(root.pathname.length)) || 'index.html';
    const res = await fetch(u.origin + u.pathname);
    if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    rows.push({ file, raw: bytes.length, gzip: gzip9(bytes) });
  }
  return rows;
}
