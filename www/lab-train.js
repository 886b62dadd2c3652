// The training panel: wires its controls to its worker
// (www/lab-train-worker.js), which trains the three models and draws the
// charts (or sends their scenes for this page to draw where a worker cannot
// draw); this module writes the figures it gets back into the panel's text
// and table, and keeps the link up to date.

const CHARTS = ['map-ce', 'map-alpha-ce', 'map-fl', 'loss', 'ap', 'cdf-negatives', 'cdf-positives'];

// As in the predictions panel: WebKit's web process crashes when a worker
// draws into handed-over canvases (see www/painter.js), so there, and
// wherever a canvas cannot be handed over, the page draws.
const WORKER_DRAWS = navigator.vendor !== 'Apple Computer, Inc.'
  && typeof OffscreenCanvasRenderingContext2D === 'function'
  && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';

const DEFAULTS = { seed: 1, steps: 300, imbalance: 1000, lr: 0.01, prior: true, gamma: 2, alpha: 0.25 };
const IMBALANCES = [10, 100, 1000];
const RATES = [0.001, 0.003, 0.01, 0.03, 0.1];
/** Where the page draws: no chart drawn this long (ms) after a control moves. */
const QUIET_MS = 200;

/** `v` rounded to `digits` decimals, or a dash. */
const fixed = (v, digits = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');
const percent = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '—');

/** The run the link asks for, and what had to be adjusted. */
function readLink(q) {
  const problems = [];
  const s = { ...DEFAULTS };
  const number = (key, min, max, integer) => {
    if (!q.has(key)) return undefined;
    const v = Number(q.get(key));
    if (q.get(key).trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      problems.push(`${key} = ${q.get(key)} is not ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
      return undefined;
    }
    return v;
  };
  s.seed = number('seed', 0, 4294967295, true) ?? s.seed;
  s.steps = number('steps', 1, 100000, true) ?? s.steps;
  const imbalance = number('imbalance', 1, 1000, false);
  if (imbalance !== undefined) {
    if (IMBALANCES.includes(imbalance)) s.imbalance = imbalance;
    else problems.push(`imbalance = ${imbalance} is not one of ${IMBALANCES.join(', ')}`);
  }
  const lr = number('lr', 0, 1, false);
  if (lr !== undefined) {
    if (RATES.includes(lr)) s.lr = lr;
    else problems.push(`lr = ${lr} is not one of ${RATES.join(', ')}`);
  }
  if (q.has('prior')) s.prior = q.get('prior') !== '0';
  // The panel's own γ and α, else the page's (the predictions panel's,
  // whose own notice tells of its values out of range).
  const pageNumber = (key, max) => {
    const v = Number(q.get(key));
    return q.has(key) && q.get(key).trim() !== '' && Number.isFinite(v) ? Math.min(max, Math.max(0, v)) : undefined;
  };
  const pageGamma = pageNumber('gamma', 10) ?? DEFAULTS.gamma;
  const pageAlpha = !q.has('alpha') ? DEFAULTS.alpha : q.get('alpha') === 'off' ? null : pageNumber('alpha', 1) ?? DEFAULTS.alpha;
  s.gamma = q.has('tgamma') ? number('tgamma', 0, 10, false) ?? pageGamma : pageGamma;
  if (q.get('talpha') === 'off') s.alpha = null;
  else if (q.has('talpha')) s.alpha = number('talpha', 0, 1, false) ?? pageAlpha;
  else s.alpha = pageAlpha;
  return { settings: s, problems, pageGamma, pageAlpha };
}

export function mount(section, page) {
  const $ = (id) => section.querySelector(`#${id}`);
  const el = {
    play: $('train-play'), step: $('train-step'), reset: $('train-reset'), speed: $('train-speed'),
    steps: $('train-steps'), seed: $('train-seed'), gammaRange: $('train-gamma-range'), gamma: $('train-gamma'),
    weighted: $('train-weighted'), alpha: $('train-alpha'), imbalance: $('train-imbalance'), lr: $('train-lr'),
    prior: $('train-prior'), status: $('train-status'), table: $('train-table'), curveLink: $('train-curve-link'),
  };
  const link = readLink(page.query);
  const settings = link.settings;
  let alphaValue = settings.alpha ?? DEFAULTS.alpha;
  let playing = true;

  const api = {
    problems: link.problems.map((p) => `training: ${p}`),
    figures: null,
    frames: 0,
    drawnBy: WORKER_DRAWS ? 'worker' : 'page',
    timing: { train: 0, frame: 0, steps: 0, draw: 0 },
    /** Charts the page has still to draw (always 0 where the worker draws). */
    pending: () => stale.size,
    /** Resolves when the run has stopped (finished or paused) and is shown. */
    stopped: null,
    history: () => new Promise((resolve) => {
      historyWaiter = resolve;
      worker.postMessage({ history: true });
    }),
  };
  let historyWaiter = null;
  let stoppedResolve = null;
  const newStopped = () => {
    api.stopped = new Promise((resolve) => {
      stoppedResolve = resolve;
    });
  };
  newStopped();

  // ---- controls <-> settings ----
  function showSettings() {
    el.steps.value = String(settings.steps);
    el.seed.value = String(settings.seed);
    el.gammaRange.value = String(Math.min(5, settings.gamma));
    el.gamma.value = String(settings.gamma);
    el.weighted.checked = settings.alpha !== null;
    el.alpha.disabled = settings.alpha === null;
    el.alpha.value = String(alphaValue);
    el.imbalance.value = String(settings.imbalance);
    el.lr.value = String(settings.lr);
    el.prior.checked = settings.prior;
    el.curveLink.href = `index.html?gamma=${settings.gamma}`;
    el.curveLink.textContent = `See the curve of γ = ${settings.gamma} in the explorer`;
  }
  // The link holds what differs from a plain load of the page: the
  // defaults, with γ and α as the page's own `gamma` and `alpha` gave them.
  const base = { ...DEFAULTS, gamma: link.pageGamma, alpha: link.pageAlpha };
  function writeLink() {
    const show = (v) => (v === null ? 'off' : v);
    const parts = [['seed', 'seed'], ['steps', 'steps'], ['imbalance', 'imbalance'], ['lr', 'lr'],
      ['prior', 'prior'], ['tgamma', 'gamma'], ['talpha', 'alpha']]
      .filter(([, k]) => settings[k] !== base[k])
      .map(([key, k]) => `${key}=${k === 'prior' ? (settings.prior ? 1 : 0) : show(settings[k])}`);
    page.writeLink('train', parts.join('&'));
  }
  function showPlaying() {
    el.play.textContent = playing ? 'Pause' : 'Play';
    el.play.setAttribute('aria-pressed', String(playing));
  }

  // ---- the worker ----
  const worker = new Worker(new URL('./lab-train-worker.js', import.meta.url), { type: 'module' });
  let pageCharts = null;
  const figures = Object.fromEntries(CHARTS.map((k) => [k, section.querySelector(`[data-train-chart="${k}"]`)]));

  // Settings go one message at a time: while one is in flight (the worker
  // answers each with a frame) later moves only mark the settings dirty,
  // and the latest are sent with the answer. A slider drag never queues
  // up work in the worker.
  let inFlight = false;
  let dirty = null;
  const send = (extra = {}) => {
    if (inFlight) {
      dirty = { ...dirty, ...extra };
      return;
    }
    inFlight = true;
    worker.postMessage({ settings: { ...settings }, ...extra });
  };

  worker.onmessage = ({ data }) => {
    if (data.error) {
      el.status.textContent = `The training could not go on: ${data.error}.`;
      return;
    }
    if (data.history) {
      historyWaiter?.(data.history);
      return;
    }
    if (!data.frame) return;
    if (data.reason === 'settings' || data.reason === 'reset-settings') {
      inFlight = false;
      if (dirty) {
        const extra = dirty;
        dirty = null;
        send(extra);
      }
    }
    if (data.scene && pageCharts) {
      pageCharts.setScene(data.scene);
      for (const k of CHARTS) stale.add(k);
      schedule();
    }
    for (const k of ['train', 'frame', 'steps']) api.timing[k] += data.timing[k];
    playing = data.playing;
    showPlaying();
    showFigures(data.frame);
    api.frames += 1;
    if (!playing) stoppedResolve?.(data.frame);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    el.status.textContent = `The training worker stopped: ${e.message || 'it could not start'}. Reload the page to try again.`;
  };

  // Where the page draws, it draws one chart a frame, in turn, each from
  // the latest scene, and none for a moment after a control moves: a frame
  // never holds all seven charts' drawing, and a slider answers in the next
  // frame.
  const stale = new Set();
  let turn = 0;
  let quietUntil = 0;
  // The frame right after a control moves is the visitor's however long
  // frames take, and so are the next QUIET_MS. `moved` holds through every
  // callback of that frame and is cleared in the task after it.
  let moved = false;
  const form = section.querySelector('#train-controls');
  for (const type of ['input', 'pointerdown', 'keydown']) {
    form.addEventListener(type, () => {
      if (!pageCharts) return;
      quietUntil = performance.now() + QUIET_MS;
      if (moved) return;
      moved = true;
      requestAnimationFrame(() => setTimeout(() => { moved = false; }));
    }, { capture: true, passive: true });
  }
  let scheduled = false;
  function schedule() {
    if (scheduled || !stale.size) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      // While the visitor moves a control, the frames are theirs.
      if (moved || performance.now() < quietUntil) {
        setTimeout(schedule, Math.max(0, quietUntil - performance.now()));
        return;
      }
      for (let i = 0; i < CHARTS.length; i += 1) {
        const k = CHARTS[(turn + i) % CHARTS.length];
        if (stale.has(k)) {
          const t0 = performance.now();
          stale.delete(k);
          pageCharts.draw(k);
          api.timing.draw += performance.now() - t0;
          turn = (CHARTS.indexOf(k) + 1) % CHARTS.length;
          break;
        }
      }
      schedule();
    });
  }

  function showFigures(f) {
    api.figures = f;
    const state = f.step >= f.steps ? 'finished' : playing ? 'training' : 'paused';
    const ap = f.models.map((m) => `${m.name} ${fixed(m.ap)}`).join(', ');
    el.status.textContent = `Step ${f.step} of ${f.steps} (${state}). Held-out AP: ${ap}.`;
    const rows = f.models.map((m) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = m.name;
      const cells = [fixed(m.ap), m.divergedAt === null ? fixed(m.loss, 4) : `diverged at step ${m.divergedAt}`,
        percent(m.own[0]), percent(m.own[1])];
      tr.append(th, ...cells.map((c) => {
        const td = document.createElement('td');
        td.textContent = c;
        return td;
      }));
      return tr;
    });
    el.table.tBodies[0].replaceChildren(...rows);
  }

  (async () => {
    if (WORKER_DRAWS) {
      const canvases = Object.fromEntries(CHARTS.map((k) => [k, figures[k].querySelector('canvas').transferControlToOffscreen()]));
      worker.postMessage({ canvases }, Object.values(canvases));
    } else {
      const { default: init, TrainCharts } = await import('../pkg/lab.js');
      await init();
      pageCharts = new TrainCharts();
      for (const k of CHARTS) pageCharts.attach(k, figures[k].querySelector('canvas'));
    }
    setDark(page.isDark());
    const observer = new ResizeObserver((entries) => {
      for (const e of entries) {
        const kind = e.target.closest('[data-train-chart]').dataset.trainChart;
        const { width, height } = e.contentRect;
        if (width > 0 && height > 0) resize(kind, width, height);
      }
    });
    for (const k of CHARTS) observer.observe(figures[k].querySelector('.plot'));
    send({ play: true });
  })();

  function setDark(dark) {
    if (pageCharts) pageCharts.setDark(dark);
    else worker.postMessage({ dark });
  }
  page.onThemeChange(setDark);
  function resize(kind, width, height) {
    const dpr = window.devicePixelRatio || 1;
    if (pageCharts) pageCharts.resize(kind, width, height, dpr);
    else worker.postMessage({ resize: kind, width, height, dpr });
  }

  // ---- control events ----
  const changed = (extra) => {
    showSettings();
    writeLink();
    send(extra);
  };
  el.play.addEventListener('click', () => {
    playing = !playing;
    if (playing) newStopped();
    showPlaying();
    worker.postMessage({ play: playing });
  });
  el.step.addEventListener('click', () => {
    playing = false;
    showPlaying();
    worker.postMessage({ step: 1 });
  });
  el.reset.addEventListener('click', () => worker.postMessage({ reset: true }));
  el.speed.addEventListener('change', () => worker.postMessage({ speed: el.speed.value }));
  const gammaMoved = (v) => {
    if (!Number.isFinite(v) || v < 0 || v > 10) return;
    settings.gamma = v;
    changed();
  };
  el.gammaRange.addEventListener('input', () => gammaMoved(Number(el.gammaRange.value)));
  el.gamma.addEventListener('change', () => gammaMoved(Number(el.gamma.value)));
  el.weighted.addEventListener('change', () => {
    settings.alpha = el.weighted.checked ? alphaValue : null;
    changed();
  });
  el.alpha.addEventListener('change', () => {
    const v = Number(el.alpha.value);
    if (!Number.isFinite(v) || v < 0 || v > 1) return showSettings();
    alphaValue = v;
    settings.alpha = v;
    changed();
  });
  el.steps.addEventListener('change', () => {
    const v = Number(el.steps.value);
    if (!Number.isInteger(v) || v < 1 || v > 100000) return showSettings();
    settings.steps = v;
    changed();
  });
  el.seed.addEventListener('change', () => {
    const v = Number(el.seed.value);
    if (!Number.isInteger(v) || v < 0 || v > 4294967295) return showSettings();
    settings.seed = v;
    newStopped();
    changed({ play: true });
  });
  el.imbalance.addEventListener('change', () => {
    settings.imbalance = Number(el.imbalance.value);
    newStopped();
    changed({ play: true });
  });
  el.lr.addEventListener('change', () => {
    settings.lr = Number(el.lr.value);
    changed();
  });
  el.prior.addEventListener('change', () => {
    settings.prior = el.prior.checked;
    newStopped();
    changed({ play: true });
  });

  showSettings();
  showPlaying();
  writeLink();
  return api;
}
