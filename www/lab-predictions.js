// The "Your predictions" panel: wires its controls to the lab's worker
// (www/lab-worker.js), which reads the file, summarises it and draws the
// charts; this module writes the numbers it gets back into the panel's text
// and tables. γ and α moves are coalesced: one request is in flight at a
// time, and only the latest (γ, α) is asked for next. On many rows the
// worker answers a move with a draft of the charts first: the numbers shown
// stay the last exact ones (the summary is `aria-busy` meanwhile) until the
// exact summary follows.

const GAMMA = { min: 0, max: 20, slider: 5, fallback: 2 };
const ALPHA = { min: 0, max: 1, fallback: 0.25 };
const CHARTS = ['negatives', 'positives', 'weights'];

// The worker cannot draw into canvases handed over in WebKit, whose web
// process crashes when a worker draws into them (see www/painter.js); there,
// and wherever a canvas cannot be handed to a worker, the page draws the
// scene the worker sends, with the lab's wasm on the page.
const WORKER_DRAWS = navigator.vendor !== 'Apple Computer, Inc.'
  && typeof OffscreenCanvasRenderingContext2D === 'function'
  && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';

// ---- numbers for people -------------------------------------------------

const SUP = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** `v` with `sig` significant digits: plain from 0.0001 to 99999, else "m × 10ⁿ". */
function num(v, sig = 4) {
  if (v === Infinity || v === 'Infinity') return '∞';
  if (typeof v !== 'number' || Number.isNaN(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e5) return String(Number(v.toPrecision(sig))).replace('-', '−');
  const [m, e] = v.toExponential(sig - 1).split('e');
  return `${String(Number(m)).replace('-', '−')} × 10${[...String(Number(e))].map((c) => SUP[c]).join('')}`;
}

/** A share as a percentage: "12.3%", "< 0.01%" for a tiny one. */
function pct(v) {
  if (typeof v !== 'number' || Number.isNaN(v)) return '—';
  if (v > 0 && v < 1e-4) return '< 0.01%';
  return `${num(v * 100, v >= 0.1 ? 3 : 2)}%`;
}

const count = (n) => n.toLocaleString('en-US');

/** JSON from the wasm: non-finite numbers come as strings. */
const revive = (k, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v);

// ---- the link ------------------------------------------------------------

/** γ and α from the link, clamped, with what was adjusted. */
function readLink(q) {
  const problems = [];
  let gamma = GAMMA.fallback;
  let alpha = null;
  if (q.has('gamma')) {
    const raw = q.get('gamma');
    const v = Number(raw);
    const shown = raw.slice(0, 24).replace(/[^\x20-\x7e]/g, '?');
    if (raw.trim() === '' || !Number.isFinite(v)) problems.push(`γ = “${shown}” is not a number; γ is ${GAMMA.fallback}`);
    else if (v < GAMMA.min || v > GAMMA.max) {
      gamma = Math.min(GAMMA.max, Math.max(GAMMA.min, v));
      problems.push(`γ = ${shown} is outside ${GAMMA.min}–${GAMMA.max}; γ is ${gamma}`);
    } else gamma = v;
  }
  if (q.has('alpha') && q.get('alpha') !== 'off') {
    const raw = q.get('alpha');
    const v = Number(raw);
    const shown = raw.slice(0, 24).replace(/[^\x20-\x7e]/g, '?');
    if (raw.trim() === '' || !Number.isFinite(v)) problems.push(`α = “${shown}” is not a number; α is off`);
    else if (v < ALPHA.min || v > ALPHA.max) {
      alpha = Math.min(ALPHA.max, Math.max(ALPHA.min, v));
      problems.push(`α = ${shown} is outside 0–1; α is ${alpha}`);
    } else alpha = v;
  }
  return { gamma, alpha, problems };
}

// ---- the panel -----------------------------------------------------------

export function mount(section, page) {
  const $ = (id) => section.querySelector(`#${id}`);
  const el = {
    drop: $('pred-drop'), file: $('pred-file'), sample: $('pred-sample'), text: $('pred-text'), paste: $('pred-paste'),
    mode: $('pred-mode'), columns: $('pred-columns'), scoreCol: $('pred-score-col'), labelCol: $('pred-label-col'),
    gammaRange: $('pred-gamma-range'), gamma: $('pred-gamma'), weighted: $('pred-weighted'),
    alphaRange: $('pred-alpha-range'), alpha: $('pred-alpha'),
    status: $('pred-status-text'), progress: $('pred-progress'), error: $('pred-error'),
    summary: $('pred-summary'), source: $('pred-source'), charts: $('pred-charts'), exportJson: $('pred-export-json'),
  };
  const link = readLink(page.query);
  const state = {
    gamma: link.gamma,
    alpha: link.alpha ?? ALPHA.fallback,
    weighted: link.alpha !== null,
    /** The last file or text read, to read again with other columns or mode. */
    source: null,
    sourceName: '',
    /** The columns chosen by the visitor (−1: by the reader). */
    score: -1,
    label: -1,
    hasData: false,
  };
  const api = {
    problems: link.problems,
    summary: null,
    outcome: null,
    timing: null,
    /** Readings finished (shown or refused), for tests. */
    readsDone: 0,
    drawnBy: WORKER_DRAWS ? 'worker' : 'page',
    /** Whether a draft is shown and its exact numbers are yet to come. */
    exactOwed: false,
    /** Scenes the worker drew or sent, drafts and exact ones (its count). */
    drawn: { drafts: 0, exact: 0 },
    /** The worker's times for the last draft and the last exact summary (ms). */
    lastDraft: null,
    lastExact: null,
    settled,
  };

  // ---- the worker and its answers ----
  const worker = new Worker(new URL('./lab-worker.js', import.meta.url), { type: 'module' });
  let nextId = 1;
  const waiting = new Map();
  const ask = (message, transfer = []) => new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject, onProgress: message.onProgress });
    delete message.onProgress;
    worker.postMessage({ ...message, id }, transfer);
  });
  worker.onmessage = ({ data }) => {
    if (data.exact) {
      exactArrived(data);
      return;
    }
    const w = waiting.get(data.id);
    if (!w) return;
    if (data.progress) {
      w.onProgress?.(data.progress);
      return;
    }
    waiting.delete(data.id);
    if (data.error) w.reject(new Error(data.error));
    else w.resolve(data);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    showStatus(`The lab's worker stopped: ${e.message || 'it could not start'}. Reload the page to try again.`);
  };

  // ---- the charts: drawn by the worker, or on the page ----
  const figures = Object.fromEntries(CHARTS.map((k) => [k, section.querySelector(`[data-lab-chart="${k}"]`)]));
  let pageCharts = null;
  const chartsReady = (async () => {
    if (WORKER_DRAWS) {
      const canvases = Object.fromEntries(CHARTS.map((k) => [k, figures[k].querySelector('canvas').transferControlToOffscreen()]));
      await ask({ canvases }, Object.values(canvases));
    } else {
      const { default: init, LabCharts } = await import('../pkg/lab.js');
      await init();
      pageCharts = new LabCharts();
      for (const k of CHARTS) pageCharts.attach(k, figures[k].querySelector('canvas'));
    }
    setDark(page.isDark());
  })();
  const setDark = (dark) => (pageCharts ? pageCharts.setDark(dark) : worker.postMessage({ dark }));
  page.onThemeChange(setDark);
  const resize = (kind, width, height) => {
    const dpr = window.devicePixelRatio || 1;
    if (pageCharts) pageCharts.resize(kind, width, height, dpr);
    else worker.postMessage({ resize: kind, width, height, dpr });
  };
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) {
      const kind = e.target.closest('[data-lab-chart]').dataset.labChart;
      const { width, height } = e.contentRect;
      if (width > 0 && height > 0) resize(kind, width, height);
    }
  });
  chartsReady.then(() => {
    for (const k of CHARTS) observer.observe(figures[k].querySelector('.plot'));
  });

  // ---- status and errors ----
  function showStatus(text) {
    el.status.textContent = text;
  }
  function showError(outcome) {
    const e = outcome.error;
    const kept = {
      previous: 'The predictions shown before are still shown.',
      partial: `The ${count(e.rowsRead)} rows read before the error are shown.`,
      none: '',
    }[outcome.kept] || '';
    el.error.replaceChildren();
    const strong = document.createElement('strong');
    strong.textContent = `${state.sourceName} could not be read: `;
    el.error.append(strong, `${e.message}. ${kept}`);
    el.error.hidden = false;
  }

  // ---- the columns, when the reader found a header or could not choose ----
  function showColumns(layout) {
    if (!layout) {
      el.columns.hidden = true;
      return;
    }
    const names = layout.header ?? Array.from({ length: layout.columns }, (_, i) => `column ${i + 1}`);
    for (const [select, chosen] of [[el.scoreCol, layout.score], [el.labelCol, layout.label]]) {
      select.replaceChildren(...names.map((n, i) => {
        const o = document.createElement('option');
        o.value = String(i);
        o.textContent = layout.header ? `${i + 1}: ${n}` : n;
        o.selected = i === chosen;
        return o;
      }));
    }
    el.columns.hidden = layout.columns <= 2 && !state.columnsAsked;
  }

  // ---- reading ----
  let readings = 0;
  async function read(source, name) {
    const mine = ++readings;
    state.source = source;
    state.sourceName = name;
    el.error.hidden = true;
    el.progress.hidden = false;
    el.progress.removeAttribute('value');
    showStatus(`Reading ${name}…`);
    const t0 = performance.now();
    let outcome;
    let timing;
    try {
      const answer = await ask({
        read: { source, mode: el.mode.value, score: state.score, label: state.label },
        onProgress: ({ bytes, total, rows }) => {
          if (mine !== readings) return;
          if (total) {
            el.progress.max = total;
            el.progress.value = bytes;
          }
          showStatus(`Reading ${name}… ${count(rows)} rows so far.`);
        },
      });
      outcome = answer.outcome;
      timing = answer.timing;
    } catch (e) {
      outcome = { ok: false, error: { message: e.message, rowsRead: 0 }, kept: state.hasData ? 'previous' : 'none', layout: null };
    }
    if (mine !== readings) return;
    el.progress.hidden = true;
    api.outcome = outcome;
    if (outcome.layout) showColumns(outcome.layout);
    if (!outcome.ok) {
      showError(outcome);
      // Columns the reader could not choose: the visitor chooses.
      if (outcome.layout && /choose the|no header/.test(outcome.error.message)) {
        state.columnsAsked = true;
        el.columns.hidden = false;
      }
    }
    if (outcome.ok || outcome.kept === 'partial') {
      state.hasData = true;
      api.timing = { ...timing, pageMs: performance.now() - t0 };
      // New predictions: a draft of the ones before owes nothing more.
      owe(false);
      await requestSummary();
      if (outcome.ok) showStatus(`Read ${count(outcome.rows)} rows of ${name}.`);
      else showStatus(`Showing the ${count(outcome.error.rowsRead)} rows of ${name} read before the error.`);
    } else if (!state.hasData) {
      showStatus('No predictions yet: drop a file, choose one, paste text or load the sample.');
    } else {
      showStatus('The predictions shown before are still shown.');
    }
    api.readsDone++;
  }

  // ---- γ and α: one request in flight, the latest next ----
  let inFlight = null;
  let wanted = false;
  let exactWaiters = [];
  const params = () => ({ gamma: state.gamma, alpha: state.weighted ? state.alpha : -1 });
  /** Asks for the summary at the current (γ, α): now when nothing is in flight, else next. */
  function requestSummary() {
    wanted = true;
    return pump();
  }
  function pump() {
    if (inFlight || !wanted || !state.hasData) return inFlight;
    wanted = false;
    inFlight = (async () => {
      await chartsReady;
      const answer = await ask({ params: params() });
      if (answer.drawn) api.drawn = answer.drawn;
      if (answer.scene && pageCharts) drawOnPage(answer);
      if (answer.draft) {
        // The charts show a draft; the numbers stay the last exact ones.
        api.lastDraft = { ms: answer.ms, drawMs: answer.drawMs, totalMs: answer.totalMs, drawnAt: answer.drawnAt, startedAt: answer.startedAt };
        owe(true);
      } else {
        if (answer.summary) show(JSON.parse(answer.summary, revive));
        api.lastMs = answer.ms;
        owe(false);
      }
    })().catch((e) => showStatus(`The summary failed: ${e.message}`)).finally(() => {
      inFlight = null;
      if (wanted) pump();
    });
    return inFlight;
  }

  /**
   * Whether exact numbers are owed for a draft on show; meanwhile the
   * numbers shown (the summary, and the tables under the charts) are busy.
   */
  const figuresShown = [el.summary, section.querySelector('#pred-hardest'), section.querySelector('#pred-weights')];
  function owe(owed) {
    api.exactOwed = owed;
    for (const f of figuresShown) {
      if (owed) f.setAttribute('aria-busy', 'true');
      else f.removeAttribute('aria-busy');
    }
    if (!owed) {
      const waiters = exactWaiters;
      exactWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Draws a scene the worker sent, on the page; notes when (for tests). */
  function drawOnPage(answer) {
    const t = performance.now();
    pageCharts.drawScene(answer.scene);
    answer.drawMs = performance.now() - t;
    answer.drawnAt = performance.timeOrigin + performance.now();
  }

  /** The exact summary that follows a draft, once the worker's pass is done. */
  function exactArrived(data) {
    if (data.drawn) api.drawn = data.drawn;
    if (data.error) {
      showStatus(`The summary failed: ${data.error}`);
    } else {
      if (data.scene && pageCharts) drawOnPage(data);
      show(JSON.parse(data.summary, revive));
      api.lastExact = { passMs: data.passMs, slices: data.slices, wallMs: data.wallMs, ms: data.ms, drawMs: data.drawMs, totalMs: data.totalMs };
      api.lastMs = (data.passMs ?? 0) + data.ms;
    }
    owe(false);
  }

  /** Resolves once every move so far has been summarised and drawn, exactly. */
  async function settled() {
    await chartsReady;
    for (;;) {
      while (inFlight || wanted) await inFlight;
      if (!api.exactOwed) return;
      await new Promise((r) => exactWaiters.push(r));
    }
  }

  // ---- the numbers ----
  function rows(tbody, data) {
    tbody.replaceChildren(...data.map((cells) => {
      const tr = document.createElement('tr');
      cells.forEach((c, i) => {
        const td = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) td.scope = 'row';
        if (c && typeof c === 'object') {
          td.textContent = c.text;
          if (c.value !== undefined) td.dataset.value = String(c.value);
        } else td.textContent = c;
        tr.append(td);
      });
      return tr;
    }));
  }
  const exact = (value, text) => ({ value, text });

  function show(s) {
    api.summary = s;
    el.summary.hidden = false;
    el.charts.hidden = false;
    const a = s.alpha === null ? 'unweighted' : `α = ${num(s.alpha, 3)}`;
    section.querySelector('#pred-params').textContent = `Focal loss at γ = ${num(s.gamma, 3)}, ${a}; cross-entropy is the same loss at γ = 0, unweighted.`;
    const kind = s.kind === 'logit' ? 'logits' : 'probabilities';
    el.source.textContent = `${state.sourceName}: ${count(s.rows)} predictions${s.partial ? ' (read before an error)' : ''}, scores read as ${kind}.`;
    const n = s.negatives;
    const p = s.positives;
    rows(section.querySelector('#pred-counts tbody'), [
      ['negatives (label 0)', exact(n.count, count(n.count)), pct(1 - s.positiveFraction), exact(n.easy, `${count(n.easy)} (${pct(n.count ? n.easy / n.count : 0)})`)],
      ['positives (label 1)', exact(p.count, count(p.count)), pct(s.positiveFraction), exact(p.easy, `${count(p.easy)} (${pct(p.count ? p.easy / p.count : 0)})`)],
    ]);
    const sh = s.easyNegativeShares;
    rows(section.querySelector('#pred-shares tbody'), [
      ['loss', exact(sh.ceLoss, pct(sh.ceLoss)), exact(sh.flLoss, pct(sh.flLoss))],
      ['gradient magnitude', exact(sh.ceGrad, pct(sh.ceGrad)), exact(sh.flGrad, pct(sh.flGrad))],
    ]);
    const r = s.reductions;
    rows(section.querySelector('#pred-reductions tbody'), [
      ['mean', exact(r.ceMean, num(r.ceMean, 6)), exact(r.flMean, num(r.flMean, 6))],
      ['sum', exact(r.ceSum, num(r.ceSum, 6)), exact(r.flSum, num(r.flSum, 6))],
    ]);
    // Figure 4 in numbers: the share of each class's loss from its hardest examples.
    const hardest = section.querySelector('#pred-hardest');
    const fr = s.hardestFractions;
    const head = document.createElement('tr');
    for (const t of ['γ', ...fr.map((f) => `negatives, hardest ${pct(f)}`), ...fr.map((f) => `positives, hardest ${pct(f)}`)]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t;
      head.append(th);
    }
    hardest.tHead.replaceChildren(head);
    const gammas = (n.hardest.length ? n.hardest : p.hardest).map((h) => h.gamma);
    rows(hardest.tBodies[0], gammas.map((g, i) => [
      i === gammas.length - 1 ? `${num(g, 3)} (chosen)` : num(g, 3),
      ...fr.map((_, j) => (n.hardest[i] ? pct(n.hardest[i].shares[j]) : '—')),
      ...fr.map((_, j) => (p.hardest[i] ? pct(p.hardest[i].shares[j]) : '—')),
    ]));
    const low = s.weightLowestDecade;
    rows(section.querySelector('#pred-weights tbody'), [
      [`below 10${[...String(low)].map((c) => SUP[c]).join('')}`, count(n.weightsBelow), count(p.weightsBelow)],
      ...n.weightDecades.map((c, i) => {
        const e = low + i;
        const sup = (x) => (x === 0 ? '1' : `10${[...String(x)].map((ch) => SUP[ch]).join('')}`);
        return [`${sup(e)} to ${sup(e + 1)}`, count(c), count(p.weightDecades[i])];
      }),
    ]);
  }

  // ---- controls ----
  function syncControls() {
    el.gammaRange.value = String(Math.min(GAMMA.slider, state.gamma));
    el.gamma.value = String(state.gamma);
    el.weighted.checked = state.weighted;
    el.alphaRange.disabled = el.alpha.disabled = !state.weighted;
    el.alphaRange.value = el.alpha.value = String(state.alpha);
  }
  function writeLink() {
    const parts = [`gamma=${state.gamma}`];
    if (state.weighted) parts.push(`alpha=${state.alpha}`);
    page.writeLink('predictions', parts.join('&'));
  }
  function changed() {
    syncControls();
    writeLink();
    requestSummary();
  }
  const clampTo = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  el.gammaRange.addEventListener('input', () => {
    state.gamma = Number(el.gammaRange.value);
    changed();
  });
  el.gamma.addEventListener('change', () => {
    const v = Number(el.gamma.value);
    if (el.gamma.value.trim() !== '' && Number.isFinite(v)) state.gamma = clampTo(v, GAMMA.min, GAMMA.max);
    changed();
  });
  el.weighted.addEventListener('change', () => {
    state.weighted = el.weighted.checked;
    changed();
  });
  el.alphaRange.addEventListener('input', () => {
    state.alpha = Number(el.alphaRange.value);
    changed();
  });
  el.alpha.addEventListener('change', () => {
    const v = Number(el.alpha.value);
    if (el.alpha.value.trim() !== '' && Number.isFinite(v)) state.alpha = clampTo(v, ALPHA.min, ALPHA.max);
    changed();
  });

  // A new file chooses its columns afresh; a new column or mode reads the
  // same file again.
  const readNew = (source, name) => {
    state.score = -1;
    state.label = -1;
    state.columnsAsked = false;
    return read(source, name);
  };
  el.file.addEventListener('change', () => {
    const f = el.file.files[0];
    if (f) readNew(f, f.name);
    el.file.value = '';
  });
  el.sample.addEventListener('click', () => {
    readNew({ url: new URL('sample-predictions.csv', import.meta.url).href }, 'the sample');
  });
  el.paste.addEventListener('click', () => readNew(el.text.value, 'the pasted text'));
  for (const [select, key] of [[el.scoreCol, 'score'], [el.labelCol, 'label']]) {
    select.addEventListener('change', () => {
      state.score = Number(el.scoreCol.value);
      state.label = Number(el.labelCol.value);
      state[key] = Number(select.value);
      if (state.source !== null) read(state.source, state.sourceName);
    });
  }
  el.mode.addEventListener('change', () => {
    if (state.source !== null) read(state.source, state.sourceName);
  });
  // Both dragenter and dragover are cancelled: that makes the zone a drop target.
  for (const type of ['dragenter', 'dragover']) {
    el.drop.addEventListener(type, (e) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      el.drop.classList.add('over');
    });
  }
  el.drop.addEventListener('dragleave', () => el.drop.classList.remove('over'));
  el.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    el.drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) readNew(f, f.name);
  });

  // ---- exports ----
  const download = (blob, name) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  };
  const fileStem = () => `focal-loss-lab_gamma-${state.gamma}${state.weighted ? `_alpha-${state.alpha}` : ''}`;
  // An export is of the exact summary at the latest (γ, α): after a move,
  // once its exact numbers are in.
  const exportJson = async () => {
    await settled();
    return (await ask({ exportJson: true })).json;
  };
  el.exportJson.addEventListener('click', async () => {
    const json = await exportJson();
    download(new Blob([json], { type: 'application/json' }), `${fileStem()}_summary.json`);
  });
  api.exportJson = exportJson;
  api.exportChart = async (chart, format) => {
    await settled();
    const box = figures[chart].querySelector('.plot').getBoundingClientRect();
    const width = Math.max(320, Math.round(box.width));
    const height = Math.max(200, Math.round(box.height));
    if (pageCharts) {
      if (format === 'svg') return new Blob([pageCharts.svg(chart, width, height)], { type: 'image/svg+xml' });
      const c = document.createElement('canvas');
      pageCharts.drawInto(chart, c, width, height, 2);
      return new Promise((r) => c.toBlob(r, 'image/png'));
    }
    const answer = await ask({ exportChart: { chart, format, width, height } });
    return format === 'svg' ? new Blob([answer.svg], { type: 'image/svg+xml' }) : answer.png;
  };
  for (const k of CHARTS) {
    for (const b of figures[k].querySelectorAll('[data-export]')) {
      b.addEventListener('click', async () => {
        const format = b.dataset.export;
        download(await api.exportChart(k, format), `${fileStem()}_${k}.${format}`);
      });
    }
  }

  syncControls();
  writeLink();
  ask({ ping: true }).then(
    () => showStatus('No predictions yet: drop a file, choose one, paste text or load the sample.'),
    (e) => showStatus(`The lab could not start: ${e.message}`),
  );
  return api;
}
