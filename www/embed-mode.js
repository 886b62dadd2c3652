// What the address decides before the first paint: embed mode (`embed=1`),
// the control groups an author hides (`hide=gamma,alpha,…`), the theme
// (`theme=light|dark|auto`) and the presentation mode (`present=1`), as
// attributes of the root element that the stylesheet reads. A classic script
// in the head, so that it runs before the body is laid out: an embed never
// shows the page's chrome, the wrong colours or the wrong sizes, even for a
// moment. The theme and the presentation mode are the explorer's parameters
// (src/params.rs), which it reads and keeps in step once it has loaded; here
// they are only looked at early. An invalid theme is ignored, with a note in
// self.focalLossView.problems for the lab page (the explorer's schema notes
// it on the explorer's).
//
// Embedded in a frame, the page also tells its parent its height, so that
// the host can size the iframe to it and it never scrolls inside a post
// (the parent's side is in the README, "An iframe").
//
// On the explorer's page it also starts compiling the explorer's wasm (named
// by the script's data-wasm), so that the compiling runs while the page is
// parsed and laid out, not after its modules have run; mount.js takes the
// compiled module from there (or compiles it itself if this failed).
(() => {
  const wasm = document.currentScript?.dataset.wasm;
  if (wasm && typeof WebAssembly === 'object' && WebAssembly.compileStreaming) {
    const compiling = WebAssembly.compileStreaming(fetch(new URL(wasm, document.baseURI)));
    // A failure here is mount.js's to explain, when it compiles again.
    compiling.catch(() => {});
    self[Symbol.for('focal-loss-explorer.wasm')] = compiling;
  }
})();
(() => {
  const q = new URLSearchParams(location.search);
  const root = document.documentElement;
  // The groups an author may hide; `controls` hides them all.
  const groups = ['gamma', 'alpha', 'star', 'axes', 'charts', 'presets', 'view', 'share', 'text', 'controls', 'legend'];
  const hide = (q.get('hide') || '').slice(0, 200).split(',').filter((h) => groups.includes(h));
  if (hide.length) root.dataset.hide = hide.join(' ');
  // The theme: light or dark, or auto (the visitor's).
  const view = { theme: null, problems: [] };
  self.focalLossView = view;
  const theme = q.get('theme');
  if (theme === 'light' || theme === 'dark' || theme === 'auto') view.theme = theme;
  else if (theme !== null) {
    const shown = theme.slice(0, 24).replace(/[^\x20-\x7e]/g, '?');
    view.problems.push(`theme = “${shown}” is not one of light, dark, auto and is ignored`);
  }
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  const present = q.get('present');
  if (present === '1' || present === 'true' || present === '') root.classList.add('present');
  if (q.get('embed') !== '1') return;
  root.classList.add('embed');
  if (window.parent === window || typeof ResizeObserver !== 'function') return;

  // The document's full height in CSS px, whenever it changes. Posted to any
  // origin: the height of the explorer is no secret, and the page cannot know
  // its host's origin. The parent checks where the message comes from.
  let sent = 0;
  let asked = 0;
  const post = (always) => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === sent && !always) return;
    sent = height;
    if (innerHeight !== height) asked = height;
    window.parent.postMessage({ type: 'focal-loss-explorer:height', height }, '*');
  };
  new ResizeObserver(() => post(false)).observe(root);
  // Once more when everything has loaded, for a parent whose listener came late.
  addEventListener('load', () => post(true));
  // Once the frame has taken a height it was asked for, the host follows the
  // page's height: the frame needs no scrollbar of its own, and must not get
  // one for a moment either (a classic scrollbar narrows the page, which
  // makes the charts shorter, which could make the scrollbar needless).
  addEventListener('resize', () => {
    if (asked && innerHeight === asked) root.classList.add('sized');
  });
})();
