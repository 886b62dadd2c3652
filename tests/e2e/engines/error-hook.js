// Loaded first by every HTML page that the WebDriver engines (Firefox,
// WebKitGTK) open: the test server inserts it. Classic WebDriver reports no
// console messages, so this records what Chromium's DevTools would: console
// errors, uncaught errors, unhandled rejections, resources that failed to
// load and Content-Security-Policy violations, in one list on the top
// window that the harness reads after every command.
(() => {
  let sink;
  try {
    sink = window.top.__testErrors ??= [];
  } catch {
    sink = [];
  }
  window.__testErrors = sink;
  const where = window === window.top ? '' : ' (in a frame)';
  const push = (s) => sink.push(s + where);
  const text = (v) => (v instanceof Error ? v.message : String(v));
  const original = console.error;
  console.error = function (...args) {
    push(`console: ${args.map(text).join(' ')}`);
    return original.apply(this, args);
  };
  // A document on its way out (its frame navigated elsewhere) has its
  // loads cancelled: WebKit reports those as failed, Chromium does not.
  let leaving = false;
  addEventListener('pagehide', () => {
    leaving = true;
  });
  addEventListener('error', (e) => {
    // "ResizeObserver loop completed with undelivered notifications" is a
    // notice the engine raises itself, with no exception behind it (the
    // observer hears of the rest a frame later); Chromium's DevTools do not
    // report it either.
    if (e instanceof ErrorEvent && !e.error && /^ResizeObserver loop/.test(e.message)) return;
    if (e instanceof ErrorEvent) push(`page: ${e.message}`);
    else if (e.target && e.target !== window && !leaving) {
      const t = e.target;
      push(`console: Failed to load resource: ${t.currentSrc || t.src || t.href || t.tagName}`);
    }
  }, true);
  addEventListener('unhandledrejection', (e) => push(`page: ${text(e.reason)}`));
  document.addEventListener('securitypolicyviolation', (e) => {
    push(`console: Refused by the Content-Security-Policy (${e.violatedDirective}): ${e.blockedURI || 'inline'}`);
  });
})();
