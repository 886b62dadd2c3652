// The page's transfer size: every response the explorer page loads from the
// served dist/ (html, js, css, wasm, icon), as Chromium requests them, each
// compressed with gzip -9, must total at most 100 kB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { launch, openPage, frames, BASE_URL } from './harness.mjs';

const BUDGET = 100 * 1024;

/** The size after `gzip -9` (the gzip tool itself; zlib where it is missing). */
function gzip9(bytes) {
  try {
    return execFileSync('gzip', ['-9', '-c', '-n'], { input: bytes, maxBuffer: 1 << 26 }).length;
  } catch {
    return gzipSync(bytes, { level: 9 }).length;
  }
}

test('the page loads at most 100 kB with gzip -9 (html, js, css and wasm)', async () => {
  const browser = await launch();
  try {
    const urls = new Set();
    const { context, page, errors } = await openPage(browser, '', {
      beforeGoto: (p) => p.on('request', (r) => urls.add(r.url())),
    });
    await frames(page);
    // Wait for the writes that follow the first frame (formulas, URL).
    await page.waitForTimeout(300);
    await context.close();
    const root = new URL(BASE_URL);
    const rows = [];
    for (const url of [...urls].sort()) {
      const u = new URL(url);
      if (u.origin !== root.origin) continue;
      const file = decodeURIComponent(u.pathname.slice(root.pathname.length)) || 'index.html';
      const res = await fetch(u.origin + u.pathname);
      assert.equal(res.status, 200, `${file}: HTTP ${res.status}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      rows.push({ file, bytes: bytes.length, gzip: gzip9(bytes) });
    }
    const total = rows.reduce((a, r) => a + r.gzip, 0);
    const width = Math.max(...rows.map((r) => r.file.length));
    const lines = rows.map((r) => `  ${r.file.padEnd(width)}  ${String(r.bytes).padStart(7)}  ${String(r.gzip).padStart(7)}`);
    console.log(
      `transfer size, gzip -9 (bytes):\n  ${'file'.padEnd(width)}  ${'raw'.padStart(7)}  ${'gzip -9'.padStart(7)}\n${lines.join('\n')}\n`
        + `  ${'total'.padEnd(width)}  ${String(rows.reduce((a, r) => a + r.bytes, 0)).padStart(7)}  ${String(total).padStart(7)}`
        + `  (${(total / 1024).toFixed(1)} kB of ${BUDGET / 1024} kB)`,
    );
    assert.ok(rows.some((r) => r.file.endsWith('.wasm')), 'the wasm was not counted');
    assert.ok(rows.some((r) => r.file === 'index.html' || r.file === ''), 'the html was not counted');
    assert.ok(rows.length >= 8, `only ${rows.length} files were counted`);
    assert.ok(
      total <= BUDGET,
      `the page transfers ${total} bytes with gzip -9 (${(total / 1024).toFixed(1)} kB), over the budget of ${BUDGET} bytes by ${total - BUDGET}`,
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
