// Firefox and WebKitGTK for the end-to-end tests, driven over W3C WebDriver
// (geckodriver, WebKitWebDriver) by npm's selenium-webdriver, behind the
// same small surface of Playwright's API that the tests use with Chromium:
// browser.newContext, context.newPage/close, page.goto/evaluate/
// waitForFunction/locator/keyboard/mouse/screenshot, and locators'
// click/fill/check/textContent/isVisible/… So each test is written once and
// runs in all three engines.
//
// Every context is a WebDriver session of its own, with its own driver
// process: a fresh profile, and the device pixel ratio and colour scheme
// that Firefox and WebKitGTK take only at start-up. Errors: classic
// WebDriver reports no console messages, so the test server inserts a
// script into every page (engines/error-hook.js) that records them, and the
// page object moves them into the test's `errors` after every command.

import { execFileSync } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { createServer } from 'node:net';
import { Builder, Capabilities, Key, Origin } from 'selenium-webdriver';
import { DriverService } from 'selenium-webdriver/remote/index.js';

const DEFAULT_TIMEOUT = 15000;

// The driver's own timeouts bound scripts and page loads at 60 s, but a
// browser that stops answering holds other commands (starting a session,
// input actions, a screenshot, quitting) for ever. Each is given a
// deadline past the driver's own, so a hung browser fails its test in
// seconds with the command named, instead of the whole file at the
// runner's timeout.
const COMMAND_DEADLINE = 90000;
const SESSION_DEADLINE = 60000;
const QUIT_DEADLINE = 15000;

/** The words every deadline's error holds: the harness looks for them. */
export const HUNG = 'did not answer';

/** `promise`, or an Error naming `what` once `ms` have passed. */
function withDeadline(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} ${HUNG} in ${ms / 1000} s (the browser hung)`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** pid → parent pid of every process, read from /proc. */
function parents() {
  const map = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // "pid (name) state ppid …", where the name may hold spaces.
      map.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone since the listing.
    }
  }
  return map;
}

/** `root` and every process below it. */
function processTree(root) {
  const map = parents();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of map) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** The driver process this process started with `--port=PORT`. */
function driverPid(port) {
  for (const [pid, ppid] of parents()) {
    if (ppid !== process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(`--port=${port}`)) return pid;
    } catch {
      // Gone since the listing.
    }
  }
  return null;
}

/**
 * Kills a driver and everything it started (the browser and its content
 * processes), which would otherwise outlive a driver killed before its
 * session ended, and take the CPU from the tests after it.
 */
function killTree(root, known = []) {
  if (!root) return;
  for (const pid of new Set([...known, ...processTree(root)])) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** The driver of every session not closed yet. */
const liveDrivers = new Set();
let signalsHandled = false;

/**
 * When the test runner stops this file (its timeout, or ^C), the drivers'
 * browsers go with it.
 */
function handleSignals() {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]]) {
    process.on(signal, () => {
      for (const pid of liveDrivers) killTree(pid);
      process.exit(code);
    });
  }
}

/** A free TCP port on loopback, for a driver of its own. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The X windows of WebKitGTK's MiniBrowser. The virtual display has no
 * window manager to give a new window the input focus, and without it the
 * page never has focus (no :focus, no :focus-visible): xdotool gives it.
 */
function browserWindows() {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--class', 'MiniBrowser'], { encoding: 'utf8', timeout: 5000 })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

function focusWindow(id) {
  try {
    execFileSync('xdotool', ['windowfocus', '--sync', id], { timeout: 5000 });
  } catch {
    // A window that is gone (its browser crashed): the next command says so.
  }
}

/**
 * What each engine needs to start: its driver and the capabilities of a
 * session with the given device pixel ratio and colour scheme.
 */
const ENGINES = {
  firefox: {
    driver: () => process.env.GECKODRIVER || 'geckodriver',
    driverArgs: (port) => [`--port=${port}`, '--host=127.0.0.1'],
    env: () => ({}),
    capabilities({ deviceScaleFactor = 1, colorScheme = 'light', width, height }) {
      return {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: process.env.FIREFOX || '/usr/bin/firefox-esr',
          args: ['-headless', `--width=${width}`, `--height=${height}`],
          prefs: {
            'layout.css.devPixelsPerPx': String(deviceScaleFactor),
            // 0: dark, 1: light.
            'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
            'ui.systemUsesDarkTheme': colorScheme === 'dark' ? 1 : 0,
            // Closed network: no update checks, telemetry or remote settings.
            'app.update.enabled': false,
            'browser.shell.checkDefaultBrowser': false,
            'datareporting.policy.dataSubmissionEnabled': false,
            'toolkit.telemetry.enabled': false,
            'network.captive-portal-service.enabled': false,
            'network.connectivity-service.enabled': false,
            'browser.safebrowsing.malware.enabled': false,
            'browser.safebrowsing.phishing.enabled': false,
            // Downloads go nowhere: the tests read exports from the page.
            'browser.download.folderList': 2,
            'browser.download.dir': '/tmp',
          },
        },
      };
    },
  },
  webkit: {
    driver: () => process.env.WEBKIT_WEBDRIVER || 'WebKitWebDriver',
    driverArgs: (port) => [`--port=${port}`, '--host=127.0.0.1'],
    // WebKitGTK takes its scale and theme from GTK's environment.
    env: ({ deviceScaleFactor = 1, colorScheme = 'light' }) => ({
      GDK_SCALE: String(deviceScaleFactor),
      GTK_THEME: colorScheme === 'dark' ? 'Adwaita:dark' : 'Adwaita',
    }),
    capabilities() {
      return {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {
          binary: process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      };
    },
  },
};

/** Playwright's key names to WebDriver's. */
const KEYS = {
  ArrowLeft: Key.ARROW_LEFT,
  ArrowRight: Key.ARROW_RIGHT,
  ArrowUp: Key.ARROW_UP,
  ArrowDown: Key.ARROW_DOWN,
  Home: Key.HOME,
  End: Key.END,
  PageUp: Key.PAGE_UP,
  PageDown: Key.PAGE_DOWN,
  Tab: Key.TAB,
  Enter: Key.ENTER,
  Escape: Key.ESCAPE,
  Backspace: Key.BACK_SPACE,
  Delete: Key.DELETE,
  Space: ' ',
  Shift: Key.SHIFT,
  Control: Key.CONTROL,
  Alt: Key.ALT,
  Meta: Key.META,
};

// Values cross the wire as JSON text, with markers for what JSON cannot
// hold (undefined, NaN, ±Infinity), so that `evaluate` returns what the
// page's function returned, as Playwright's does.
function encode(value) {
  return JSON.stringify(value === undefined ? { __undefined: 1 } : value, (_, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { __number: String(v) };
    if (v === undefined) return { __undefined: 1 };
    return v;
  });
}
function decode(text) {
  if (text === null || text === undefined) return undefined;
  return JSON.parse(text, (_, v) => {
    if (v && typeof v === 'object' && '__number' in v) return Number(v.__number);
    if (v && typeof v === 'object' && '__undefined' in v) return undefined;
    return v;
  });
}

// The page side of `evaluate`: runs with the function's source inlined (an
// `eval` of it would be refused by the page's Content-Security-Policy),
// then hands back its value and the errors recorded since the last call.
const PAGE_CODECS = `
// ASCII only: WebKitWebDriver fails to parse some results with other
// characters in them ("Could not parse script result").
const __encode = (value) => JSON.stringify(value === undefined ? { __undefined: 1 } : value, (_, v) => {
  if (typeof v === 'number' && !Number.isFinite(v)) return { __number: String(v) };
  if (v === undefined) return { __undefined: 1 };
  if (v instanceof Node) return { __node: v.nodeName };
  return v;
}).replace(/[\u007f-\uffff]/g, (c) => '\\\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const __decode = (text) => JSON.parse(text, (_, v) => {
  if (v && typeof v === 'object' && '__number' in v) return Number(v.__number);
  if (v && typeof v === 'object' && '__undefined' in v) return undefined;
  return v;
});
const __errors = () => (window.__testErrors ? window.__testErrors.splice(0) : []);
`;

// The result is also kept on the page (the last one only), so that a
// result WebKitWebDriver loses on the way ("Could not parse script result")
// can be read again without running the function twice.
function script(fnSource) {
  return `${PAGE_CODECS}
const __done = arguments[arguments.length - 1];
const __id = arguments[1];
const __finish = (r) => {
  const text = __encode(r);
  window.__testLast = { id: __id, text };
  __done(text);
};
Promise.resolve()
  .then(() => (${fnSource})(__decode(arguments[0])))
  .then(
    (v) => __finish({ ok: v, errors: __errors() }),
    (e) => __finish({ error: String(e && e.stack ? e.message + '\\n' + e.stack : e), errors: __errors() }),
  );`;
}

let evaluations = 0;

// Locators run in the page: a selector (CSS, which like Playwright's
// pierces open shadow roots, plus Playwright's `:visible`), an operation
// and its arguments.
const LOCATE = `(query) => {
  // As Playwright's: a box of some size, rendered (not inside a closed
  // <details>, say), and not visibility: hidden.
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return false;
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    return getComputedStyle(el).visibility !== 'hidden';
  };
  // CSS that pierces open shadow roots, the root's own included.
  const deepAll = (root, sel) => {
    const out = [...root.querySelectorAll(sel)];
    if (root.shadowRoot) out.push(...deepAll(root.shadowRoot, sel));
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepAll(el.shadowRoot, sel));
    return out;
  };
  let found = [document];
  for (const part of query.chain) {
    const onlyVisible = part.endsWith(':visible');
    const sel = onlyVisible ? part.slice(0, -':visible'.length) : part;
    found = found.flatMap((root) => deepAll(root, sel)).filter((el, i, all) => all.indexOf(el) === i);
    if (onlyVisible) found = found.filter(visible);
  }
  if (query.nth !== undefined) found = found.slice(query.nth, query.nth + 1);
  const el = found[0];
  const args = query.args || [];
  const fire = (type) => el.dispatchEvent(new Event(type, { bubbles: true }));
  switch (query.op) {
    case 'count': return found.length;
    case 'exists': return !!el;
    case 'allTextContents': return found.map((e) => e.textContent);
  }
  if (!el) return { missing: true };
  switch (query.op) {
    case 'textContent': return { value: el.textContent };
    case 'innerText': return { value: el.innerText };
    case 'inputValue': return { value: el.value };
    case 'getAttribute': return { value: el.getAttribute(args[0]) };
    case 'isVisible': return { value: visible(el) };
    case 'isChecked': return { value: !!el.checked };
    case 'isEnabled': return { value: !el.disabled };
    case 'actionable': return { value: visible(el) && !el.disabled };
    case 'boundingBox': {
      const r = el.getBoundingClientRect();
      return { value: r.width || r.height ? { x: r.x, y: r.y, width: r.width, height: r.height } : null };
    }
    case 'center': {
      // Scrolled to the middle of the viewport, and measured once the
      // layout has stopped moving (a chart that appears above it, say).
      el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const at = () => {
        const r = el.getBoundingClientRect();
        return { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) };
      };
      return (async () => {
        let last = at();
        for (let i = 0; i < 20; i++) {
          await frame();
          const now = at();
          if (now.x === last.x && now.y === last.y) break;
          el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
          last = at();
        }
        return { value: last };
      })();
    }
    case 'focus': el.focus(); return { value: null };
    case 'scrollIntoViewIfNeeded': el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' }); return { value: null };
    case 'fill': {
      el.focus();
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, args[0]);
      fire('input');
      return { value: null };
    }
    case 'selectOption': {
      const want = [].concat(args[0]).map((w) => (typeof w === 'object' ? w.value ?? w.label : w));
      const option = [...el.options].find((o) => want.includes(o.value) || want.includes(o.label));
      if (!option) return { error: 'no option ' + want.join(', ') };
      el.value = option.value;
      fire('input');
      fire('change');
      return { value: [option.value] };
    }
    case 'dispatchEvent': fire(args[0]); return { value: null };
    case 'evaluate': return { value: null };
  }
  return { error: 'unknown locator operation ' + query.op };
}`;

class Keyboard {
  constructor(page) {
    this.page = page;
  }

  /** Presses a key or a chord such as 'Shift+Tab', as Playwright spells them. */
  async press(combo) {
    const keys = combo === '+' ? ['+'] : combo.split('+').map((k) => KEYS[k] ?? k);
    let actions = this.page.driver.actions();
    for (const k of keys) actions = actions.keyDown(k);
    for (const k of [...keys].reverse()) actions = actions.keyUp(k);
    await actions.perform();
    await this.page.drain();
  }

  async type(text) {
    await this.page.driver.actions().sendKeys(text).perform();
    await this.page.drain();
  }
}

class Mouse {
  constructor(page) {
    this.page = page;
  }

  async move(x, y) {
    await this.page.driver.actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).perform();
    await this.page.drain();
  }

  async click(x, y) {
    await this.page.driver.actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).click().perform();
    await this.page.drain();
  }
}

class Locator {
  constructor(page, chain, nth) {
    this.page = page;
    this.chain = chain;
    this.nth = nth;
  }

  locator(selector) {
    return new Locator(this.page, [...this.chain, selector]);
  }

  first() {
    return new Locator(this.page, this.chain, 0);
  }

  nth(i) {
    return new Locator(this.page, this.chain, i);
  }

  run(op, ...args) {
    return this.page.evaluate(LOCATE, { chain: this.chain, nth: this.nth, op, args }, true);
  }

  /** Runs `op` once the element exists (and, for actions, is visible and enabled), as Playwright waits. */
  async act(op, args = [], { actionable = false, timeout = DEFAULT_TIMEOUT } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      const ready = actionable ? await this.run('actionable') : await this.run('exists');
      const ok = actionable ? ready && ready.value : ready;
      if (ok) {
        const r = await this.run(op, ...args);
        if (r && r.error) throw new Error(`${op} on ${this.chain.join(' ')}: ${r.error}`);
        if (r && !r.missing) return r.value;
      }
      if (Date.now() > end) {
        throw new Error(`locator ${this.chain.join(' ')}: ${op} timed out after ${timeout} ms (element ${actionable ? 'not visible and enabled' : 'not found'})`);
      }
      await sleep(50);
    }
  }

  async count() {
    return this.run('count');
  }

  async allTextContents() {
    return this.run('allTextContents');
  }

  textContent(o) {
    return this.act('textContent', [], o);
  }

  innerText(o) {
    return this.act('innerText', [], o);
  }

  inputValue(o) {
    return this.act('inputValue', [], o);
  }

  getAttribute(name, o) {
    return this.act('getAttribute', [name], o);
  }

  async isVisible() {
    const r = await this.run('isVisible');
    return !!(r && r.value);
  }

  async isHidden() {
    return !(await this.isVisible());
  }

  isChecked(o) {
    return this.act('isChecked', [], o);
  }

  isEnabled(o) {
    return this.act('isEnabled', [], o);
  }

  async isDisabled(o) {
    return !(await this.isEnabled(o));
  }

  boundingBox(o) {
    return this.act('boundingBox', [], o);
  }

  focus(o) {
    return this.act('focus', [], o);
  }

  scrollIntoViewIfNeeded(o) {
    return this.act('scrollIntoViewIfNeeded', [], o);
  }

  /** Focuses the element and presses `key` on it. */
  async press(key, o) {
    await this.focus(o);
    await this.page.keyboard.press(key);
  }

  fill(value, o) {
    return this.act('fill', [String(value)], { ...o, actionable: true });
  }

  selectOption(value, o) {
    return this.act('selectOption', [value], { ...o, actionable: true });
  }

  dispatchEvent(type, o) {
    return this.act('dispatchEvent', [type], o);
  }

  /**
   * Sets the files of an `<input type="file">`, as Playwright's does: paths,
   * or `{ name, mimeType, buffer }` objects (written to a temporary folder
   * first). WebDriver's element send keys takes the files' paths, one a line.
   */
  async setInputFiles(files, o) {
    const paths = [];
    for (const f of [].concat(files)) {
      if (typeof f === 'string') {
        paths.push(resolvePath(f));
      } else {
        const dir = await mkdtemp(join(tmpdir(), 'e2e-files-'));
        const path = join(dir, f.name);
        await writeFile(path, f.buffer);
        paths.push(path);
      }
    }
    await (await this.element(o)).sendKeys(paths.join('\n'));
    await this.page.drain();
  }

  /** The element itself, as a WebDriver reference (for clicks and element screenshots). */
  async element(o) {
    await this.act('exists', [], o);
    return this.page.driver.executeScript(
      `const chain = arguments[0];
       let found = [document];
       const deepAll = (root, sel) => {
         const out = [...root.querySelectorAll(sel)];
         if (root.shadowRoot) out.push(...deepAll(root.shadowRoot, sel));
         for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...deepAll(el.shadowRoot, sel));
         return out;
       };
       for (const sel of chain) found = found.flatMap((r) => deepAll(r, sel.replace(/:visible$/, '')));
       if (arguments[0].some((s) => s.endsWith(':visible'))) {
         found = found.filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
       }
       return found[arguments[1]];`,
      this.chain,
      this.nth ?? 0,
    );
  }

  /**
   * A real click on the element, as WebDriver's element click makes it.
   * The page scrolls it into view first: WebKitWebDriver's own scrolling
   * leaves some elements (in a sticky, scrolling column) "not
   * interactable". Then, if the driver still refuses, a pointer click at
   * the element's centre when that is in the viewport, or another try.
   */
  async click(o) {
    for (let attempt = 1; ; attempt++) {
      const { x, y } = await this.act('center', [], { ...o, actionable: true });
      try {
        await (await this.element(o)).click();
        break;
      } catch (e) {
        if (!['ElementNotInteractableError', 'ElementClickInterceptedError'].includes(e.name)) throw e;
        const [w, h] = await this.page.driver.executeScript('return [innerWidth, innerHeight]');
        if (x >= 0 && y >= 0 && x < w && y < h) {
          await this.page.driver.actions().move({ x, y, origin: Origin.VIEWPORT }).click().perform();
          break;
        }
        if (attempt === 4) throw e;
        await sleep(100);
      }
    }
    await this.page.drain();
  }

  /** Moves the mouse over the element: its centre, or `position` from its top-left corner. */
  async hover(o = {}) {
    const { x, y } = await this.act('center', [], { ...o, actionable: true });
    if (o.position) {
      const box = await this.boundingBox(o);
      await this.page.mouse.move(box.x + o.position.x, box.y + o.position.y);
    } else {
      await this.page.mouse.move(x, y);
    }
  }

  /** Clicks until the box is `want` (twice at most: a layout that moved under the first click). */
  async setChecked(want, o) {
    for (let i = 0; i < 2 && (await this.isChecked(o)) !== want; i++) await this.click(o);
    if ((await this.isChecked(o)) !== want) {
      throw new Error(`${want ? 'check' : 'uncheck'}: ${this.chain.join(' ')} did not become ${want ? 'checked' : 'unchecked'}`);
    }
  }

  check(o) {
    return this.setChecked(true, o);
  }

  uncheck(o) {
    return this.setChecked(false, o);
  }

  /** A PNG of the element, as WebDriver's element screenshot takes it. */
  async screenshot(o) {
    await this.act('center', [], o);
    return Buffer.from(await (await this.element(o)).takeScreenshot(), 'base64');
  }
}

class Page {
  constructor(context, driver, engine) {
    this.ctx = context;
    this.driver = driver;
    this.engine = engine;
    this.errors = [];
    this.keyboard = new Keyboard(this);
    this.mouse = new Mouse(this);
    this.viewport = null;
    // 'dialog' is never fired: an alert blocks the next WebDriver command,
    // which then fails the test.
    this.listeners = { console: [], pageerror: [], dialog: [] };
  }

  context() {
    return this.ctx;
  }

  /** Moves the errors the page recorded into this page's list. */
  record(list) {
    for (const e of list || []) {
      this.errors.push(e);
      const kind = e.startsWith('page:') ? 'pageerror' : 'console';
      for (const f of this.listeners[kind]) {
        if (kind === 'pageerror') f(new Error(e.slice('page: '.length)));
        else f({ type: () => 'error', text: () => e.slice('console: '.length) });
      }
    }
  }

  on(event, f) {
    if (!this.listeners[event]) throw new Error(`page.on('${event}') is not available in ${this.engine}`);
    this.listeners[event].push(f);
  }

  async drain() {
    try {
      const text = await this.driver.executeScript(`${PAGE_CODECS}\nreturn __encode(__errors());`);
      this.record(decode(text));
    } catch {
      // A page in the middle of navigating has nothing to read yet.
    }
  }

  async goto(url) {
    // Back to this page's window, should another context have taken the focus.
    if (this.ctx.window) focusWindow(this.ctx.window);
    await this.drain();
    await this.driver.get(url);
    await this.drain();
  }

  async reload() {
    await this.drain();
    await this.driver.navigate().refresh();
    await this.drain();
  }

  url() {
    return this.driver.getCurrentUrl();
  }

  /**
   * Runs `fn` (a function, or the source of one) in the page with `arg`,
   * awaiting it, and returns its value.
   */
  async evaluate(fn, arg, isSource = false) {
    const source = typeof fn === 'function' || isSource ? String(fn) : `() => (${fn})`;
    const id = ++evaluations;
    let text;
    try {
      text = await this.driver.executeAsyncScript(script(source), encode(arg), id);
    } catch (e) {
      if (!/Could not parse script result/.test(e.message)) throw e;
      text = await this.driver.executeScript('const l = window.__testLast; return l && l.id === arguments[0] ? l.text : null;', id);
      if (text === null) throw e;
    }
    const r = decode(text);
    this.record(r.errors);
    if (r.error !== undefined) throw new Error(`evaluate: ${r.error}`);
    return r.ok;
  }

  async waitForFunction(fn, arg, { timeout = 30000, polling = 50 } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await this.evaluate(fn, arg);
      if (v) return v;
      if (Date.now() > end) throw new Error(`waitForFunction timed out after ${timeout} ms: ${String(fn).slice(0, 200)}`);
      await sleep(typeof polling === 'number' ? polling : 50);
    }
  }

  async waitForSelector(selector, { timeout = 30000, state = 'attached' } = {}) {
    const loc = this.locator(selector);
    const end = Date.now() + timeout;
    for (;;) {
      const ok = state === 'visible' ? await loc.isVisible()
        : state === 'hidden' ? await loc.isHidden()
          : state === 'detached' ? (await loc.count()) === 0
            : (await loc.count()) > 0;
      if (ok) return;
      if (Date.now() > end) throw new Error(`waitForSelector ${selector} (${state}) timed out after ${timeout} ms`);
      await sleep(50);
    }
  }

  waitForTimeout(ms) {
    return sleep(ms);
  }

  locator(selector) {
    return new Locator(this, [selector]);
  }

  async addScriptTag({ content }) {
    // WebDriver's scripts are not subject to the page's policy.
    await this.driver.executeScript(content);
  }

  viewportSize() {
    return this.viewport;
  }

  /** Sizes the window so that its viewport is `width` × `height` CSS px. */
  async setViewportSize({ width, height }) {
    let w = width;
    let h = height;
    const inner = () => this.driver.executeScript('return [window.innerWidth, window.innerHeight]');
    for (let i = 0; i < 3; i++) {
      await this.driver.manage().window().setRect({ width: w, height: h });
      // A window may take its new size a moment after the command returns
      // (WebKitGTK's does): read until the size is the one asked for or
      // stops changing, so that a stale size does not skew the correction.
      let [iw, ih] = await inner();
      for (let t = 0; t < 20 && (iw !== width || ih !== height); t++) {
        await new Promise((r) => setTimeout(r, 50));
        const [nw, nh] = await inner();
        if (nw === iw && nh === ih) break;
        [iw, ih] = [nw, nh];
      }
      if (iw === width && ih === height) break;
      // The window's frame is never negative: the window is at least the viewport.
      w = Math.max(width, w + width - iw);
      h = Math.max(height, h + height - ih);
    }
    this.viewport = { width, height };
  }

  /** A PNG of the viewport, or of the whole page (`fullPage`) by growing the window to it. */
  async screenshot({ path, fullPage = false } = {}) {
    let png;
    if (fullPage && this.viewport) {
      const height = await this.driver.executeScript('return document.documentElement.scrollHeight');
      if (height > this.viewport.height) {
        const saved = this.viewport;
        await this.setViewportSize({ width: saved.width, height: Math.min(height, 8000) });
        // The grown window is painted a few frames later (WebKitGTK showed
        // the part below the old viewport black when shot at once).
        await this.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
          const frame = () => new Promise((r) => requestAnimationFrame(r));
          frame().then(frame).then(frame).then(() => done());`);
        png = Buffer.from(await this.driver.takeScreenshot(), 'base64');
        await this.setViewportSize(saved);
      }
    }
    png ??= Buffer.from(await this.driver.takeScreenshot(), 'base64');
    if (path) await writeFile(path, png);
    await this.drain();
    return png;
  }

  route() {
    throw new Error(`page.route is not available in ${this.engine} (classic WebDriver has no request interception)`);
  }

  addInitScript() {
    throw new Error(`page.addInitScript is not available in ${this.engine}`);
  }

  waitForEvent(name) {
    throw new Error(`page.waitForEvent('${name}') is not available in ${this.engine}`);
  }

  close() {
    return this.ctx.close();
  }
}

class Context {
  constructor(engine, options) {
    this.engine = engine;
    this.options = options;
    this.pages = [];
  }

  async start() {
    handleSignals();
    try {
      await this.startSession();
    } catch (e) {
      // Nothing of a session that did not start is left running. (A start
      // that hung is the harness's to run once more, with the test.)
      this.stop();
      throw e;
    }
  }

  async startSession() {
    const spec = ENGINES[this.engine];
    const viewport = this.options.viewport ?? { width: 1280, height: 900 };
    const port = await freePort();
    this.service = new DriverService(spec.driver(), {
      port,
      hostname: '127.0.0.1',
      args: spec.driverArgs(port),
      env: { ...process.env, ...spec.env(this.options) },
      // DRIVER_LOG=FILE keeps what the driver and the browser print, to
      // find out why a session ended.
      stdio: process.env.DRIVER_LOG ? ['ignore', openSync(process.env.DRIVER_LOG, 'a'), openSync(process.env.DRIVER_LOG, 'a')] : 'ignore',
    });
    const url = await this.service.start(30000);
    this.pid = driverPid(port);
    if (this.pid) liveDrivers.add(this.pid);
    const caps = new Capabilities(spec.capabilities({ ...this.options, ...viewport }));
    const before = this.engine === 'webkit' ? browserWindows() : [];
    this.driver = new Builder().usingServer(url).withCapabilities(caps).build();
    // The session is asked for in the background: wait for it here.
    await withDeadline(this.driver.getSession(), SESSION_DEADLINE, `${this.engine}: starting a WebDriver session`);
    // Every command, the page's and its elements' alike, goes through the
    // driver's execute: each gets a deadline there.
    const execute = this.driver.execute.bind(this.driver);
    this.driver.execute = (command) => withDeadline(execute(command), COMMAND_DEADLINE, `${this.engine}: the WebDriver command ${command.getName()}`);
    if (this.engine === 'webkit') {
      for (let i = 0; i < 50 && !this.window; i++) {
        this.window = browserWindows().find((w) => !before.includes(w));
        if (!this.window) await sleep(20);
      }
      if (!this.window) throw new Error('the MiniBrowser window did not appear');
      focusWindow(this.window);
    }
    await this.driver.manage().setTimeouts({ script: 60000, pageLoad: 60000 });
    this.viewport = viewport;
  }

  /**
   * Stops the driver and its browser, whatever state they are in, and
   * the processes of `known` (a browser's content process that its
   * browser left behind when it quit is no longer below the driver).
   */
  stop(known = []) {
    killTree(this.pid, known);
    liveDrivers.delete(this.pid);
    this.pid = null;
    this.service?.kill().catch(() => {});
    this.service = null;
    this.driver = null;
    this.window = null;
  }

  async newPage() {
    if (this.pages.length) throw new Error(`one page per context in ${this.engine}`);
    const page = new Page(this, this.driver, this.engine);
    await page.setViewportSize(this.viewport);
    this.pages.push(page);
    return page;
  }

  grantPermissions() {
    throw new Error(`context.grantPermissions is not available in ${this.engine}`);
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    const known = this.pid ? processTree(this.pid) : [];
    try {
      if (this.driver) await withDeadline(this.driver.quit(), QUIT_DEADLINE, `${this.engine}: quitting the session`);
    } catch (e) {
      // A session that cannot quit is stopped: the test has its verdict.
      console.log(`# ${e.message}; its processes are stopped`);
    } finally {
      this.stop(known);
    }
  }
}

/** A browser of `engine` ('firefox' or 'webkit'), as Playwright's Browser for the tests. */
export function launchWebDriver(engine) {
  if (!ENGINES[engine]) throw new Error(`unknown engine ${engine}`);
  const contexts = new Set();
  return {
    engine,
    async newContext(options = {}) {
      const context = new Context(engine, options);
      await context.start();
      contexts.add(context);
      return context;
    },
    async close() {
      await Promise.all([...contexts].map((c) => c.close()));
    },
  };
}
