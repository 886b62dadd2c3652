// The charts' DOM: stacked canvases sized to their box and the device pixel
// ratio, the HTML legend, the crosshair readout (pointer, touch and
// keyboard), and the visually hidden value tables. Values come from wasm.

const KINDS = ['loss', 'gradient', 'factor'];

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Writes a chart's caption whole where its one-line caption box (the
 * custom element's) has room, else only the figure it names ("the paper's
 * Figure 6 (Appendix B)", after the last colon), the whole in its tooltip.
 * A caption that wraps (the page's) always fits. Runs when the caption or
 * the chart's size changes, never on a slider move.
 */
function fitCaption(sub) {
  const full = sub.dataset.full;
  const set = (text, title) => {
    if (sub.textContent !== text) sub.textContent = text;
    if (sub.title !== title) sub.title = title;
  };
  set(full, '');
  const box = sub.closest('figcaption');
  const cut = full.lastIndexOf(': ');
  if (cut > 0 && box.scrollWidth > box.clientWidth + 1) set(full.slice(cut + 2), full);
}

/**
 * Every `figure.chart` under `root` (the document, or a custom element's
 * shadow root), attached to the explorer. `schedule` asks for a frame. The
 * explorer draws into the canvases until handOver() gives the charts to a
 * drawing worker (www/painter.js).
 */
export class Charts {
  constructor(explorer, root, schedule) {
    this.explorer = explorer;
    this.schedule = schedule;
    this.painter = null;
    this.charts = [];
    // Every listener goes with dispose().
    this.listening = new AbortController();
    this.observer = new ResizeObserver((entries) => {
      for (const e of entries) {
        const c = this.charts.find((x) => x.plot === e.target);
        if (c) this.size(c);
        const sub = c?.figure.querySelector('figcaption .sub[data-full]');
        if (sub) fitCaption(sub);
      }
      schedule();
    });
    for (const figure of root.querySelectorAll('figure.chart')) {
      if (KINDS.includes(figure.dataset.chart)) this.charts.push(this.attach(figure));
    }
    this.watchDpr();
  }

  attach(figure) {
    const kind = figure.dataset.chart;
    const plot = figure.querySelector('.plot');
    const c = {
      kind,
      figure,
      plot,
      back: plot.querySelector('canvas.back'),
      front: plot.querySelector('canvas.front'),
      legend: figure.querySelector('.legend'),
      crosshair: plot.querySelector('.crosshair'),
      readout: plot.querySelector('.readout'),
      table: figure.querySelector('table.data'),
      legendKey: '',
      active: null, // { fraction } or { x } while a readout shows
    };
    // The back layer paints its whole background: an opaque canvas is
    // cheaper to composite.
    c.back.getContext('2d', { alpha: false });
    this.explorer.attach(kind, c.back, c.front);
    this.size(c);
    this.observer.observe(plot);
    bindReadout(this.explorer, c, this.listening.signal, (r) => this.link(c, r));
    return c;
  }

  /** Gives the explorer (and the worker) a chart's size and the DPR. */
  size(c) {
    const r = c.plot.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.explorer.resize(c.kind, r.width, r.height, dpr);
    if (this.painter) this.painter.resize(c.kind, r.width, r.height, dpr);
  }

  /**
   * Draws the moving curves at half the screen's resolution (`on`), at
   * least one device pixel per CSS px, or at full resolution. A drag is
   * drawn in draft: on a screen of 2 device pixels per CSS px, a quarter of
   * the pixels to rasterise, copy and composite each frame; the axes keep
   * the screen's resolution. The frame drawn once the drag settles is the
   * full one. Returns whether the resolution changed.
   */
  draft(on) {
    const full = window.devicePixelRatio || 1;
    const want = on && full > 1 ? Math.max(1, full / 2) : null;
    if (want === (this.draftDpr ?? null)) return false;
    this.draftDpr = want;
    if (this.painter) this.painter.draft(want ?? 0);
    else this.explorer.draft(want ?? 0);
    return true;
  }

  /** Whether the charts are drawn in draft. */
  get drafting() {
    return this.draftDpr != null;
  }

  /** A change of devicePixelRatio (zoom, moving to another screen). */
  watchDpr() {
    const mq = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this.dprQuery = mq;
    mq.addEventListener('change', () => {
      if (this.dprQuery !== mq) return;
      for (const c of this.charts) this.size(c);
      this.schedule();
      this.watchDpr();
    }, { once: true });
  }

  /** Lets go of the charts: their listeners, and their canvases, which
   * give way to fresh ones (a canvas handed to a worker cannot be drawn
   * again), so that a new mount can take them. */
  dispose() {
    this.observer.disconnect();
    this.listening.abort();
    this.dprQuery = null;
    for (const c of this.charts) {
      hideReadout(c);
      c.plot.classList.remove('composed');
      for (const old of c.old || []) old.remove();
      const back = c.back.cloneNode();
      const front = c.front.cloneNode();
      c.back.replaceWith(back);
      c.front.replaceWith(front);
    }
  }

  /**
   * Gives the charts to `p`'s worker: fresh canvases, under the ones the
   * explorer has drawn, go to the worker (a canvas with a context cannot),
   * and the explorer keeps the sizes only, for readouts. The caller sends
   * the worker its first frame, then calls dropPageCanvases() once it is
   * drawn, so that the charts never show blank.
   */
  handOver(p) {
    this.painter = p;
    for (const c of this.charts) {
      const back = c.back.cloneNode();
      const front = c.front.cloneNode();
      c.back.before(back, front);
      c.old = [c.back, c.front];
      c.back = back;
      c.front = front;
      p.attach(c.kind, back, front);
      this.explorer.attach(c.kind);
      this.size(c);
    }
  }

  dropPageCanvases() {
    for (const c of this.charts) {
      for (const old of c.old || []) old.remove();
      c.old = null;
      // The worker composes the whole chart on the front canvas: the back
      // one is only its source, and need not be composited under it.
      c.plot.classList.add('composed');
    }
  }

  /**
   * Downloads a chart as PNG (twice the displayed resolution), SVG or CSV
   * (its values), drawn and named by `exporter`, an explorer of the full
   * module set to the parameters to export (the page's own module leaves
   * the exports out).
   */
  exportChart(kind, format, exporter) {
    const c = this.charts.find((x) => x.kind === kind);
    if (!c) return;
    const stem = exporter.fileStem(kind);
    const w = Math.max(320, Math.round(c.plot.clientWidth));
    const h = Math.max(180, Math.round(c.plot.clientHeight));
    if (format === 'csv') {
      download(new Blob([exporter.exportCsv(kind)], { type: 'text/csv' }), `${stem}.csv`);
    } else if (format === 'svg') {
      const svg = exporter.exportSvg(kind, w, h);
      download(new Blob([svg], { type: 'image/svg+xml' }), `${stem}.svg`);
    } else {
      const canvas = document.createElement('canvas');
      canvas.width = w * 2;
      canvas.height = h * 2;
      exporter.drawTo(kind, canvas, 2);
      canvas.toBlob((blob) => blob && download(blob, `${stem}.png`), 'image/png');
    }
  }

  /** Shows the charts `visible` ({loss, gradient, factor}) names. */
  layout(visible) {
    for (const c of this.charts) {
      const hide = !visible[c.kind];
      if (c.figure.hidden !== hide) c.figure.hidden = hide;
    }
  }

  refreshLegends() {
    for (const c of this.charts) {
      if (c.figure.hidden) continue;
      refreshLegend(this.explorer, c);
      // The caption follows the axis: the paper's figure it shows.
      const caption = this.explorer.caption(c.kind);
      const sub = c.figure.querySelector('figcaption .sub');
      if (sub && sub.dataset.full !== caption) {
        sub.dataset.full = caption;
        fitCaption(sub);
      }
    }
  }

  refreshReadouts() {
    for (const c of this.charts) if (c.active) this.link(c, showReadout(this.explorer, c));
  }

  /** Shows on every other visible chart the example `c`'s readout reads
   * (`r.logit`), or hides their readouts (`r` null). */
  link(c, r) {
    for (const o of this.charts) {
      if (o === c || o.active) continue;
      const linked = r && !o.figure.hidden ? this.explorer.readoutAtLogit(o.kind, r.logit) : null;
      if (linked) showReadout(this.explorer, o, linked);
      else if (!o.readout.hidden) hideReadout(o);
    }
  }

  refreshTables() {
    for (const c of this.charts) {
      if (!c.figure.hidden) refreshTable(this.explorer, c);
    }
  }
}

/** A legend swatch drawn as its curve is: colour, width and dashes. */
function paintSwatch(sw, { color, width, dash }) {
  let on = 0;
  const stops = dash.map((d, n) => {
    const from = on;
    on += d;
    return `${n % 2 ? 'transparent' : color} ${from}px ${on}px`;
  });
  sw.style.background = dash.length ? `repeating-linear-gradient(to right, ${stops.join(', ')})` : color;
  sw.style.height = `${width}px`;
  sw.dataset.color = color;
  sw.dataset.dash = dash.join(' ');
}

function refreshLegend(explorer, c) {
  const items = explorer.legend(c.kind);
  const key = items.map((i) => `${i.name}|${i.color}|${i.width}|${i.dash}`).join('\n');
  if (key === c.legendKey) return;
  c.legendKey = key;
  const lis = c.legend.children;
  if (lis.length === items.length) {
    // The same curves with new names (γ moved): change the text only.
    items.forEach((i, n) => {
      lis[n].lastChild.textContent = i.name;
      paintSwatch(lis[n].firstChild, i);
    });
    return;
  }
  c.legend.replaceChildren(...items.map((i) => {
    const li = el('li');
    const sw = el('span', 'swatch');
    paintSwatch(sw, i);
    li.append(sw, el('span', 'name', i.name));
    return li;
  }));
}

function refreshTable(explorer, c) {
  const t = explorer.table(c.kind, 11);
  const head = el('tr');
  for (const name of t.columns) {
    const th = el('th', '', name);
    th.scope = 'col';
    head.append(th);
  }
  c.table.tHead.replaceChildren(head);
  const rows = t.rows.map((r) => {
    const tr = el('tr');
    r.forEach((v, i) => {
      const cell = el(i === 0 ? 'th' : 'td', '', v);
      if (i === 0) cell.scope = 'row';
      tr.append(cell);
    });
    return tr;
  });
  c.table.tBodies[0].replaceChildren(...rows);
}

function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Shows a chart's readout: its own (`c.active`), or `given`, linked to
 * another chart's. Returns it. */
function showReadout(explorer, c, given) {
  const r = given ?? (c.active.x !== undefined
    ? explorer.readout(c.kind, c.active.x)
    : explorer.readoutAt(c.kind, c.active.fraction));
  // A linked readout is not announced: the chart in hand is.
  c.plot.classList.toggle('linked', !!given);
  c.readout.ariaLive = given ? 'off' : 'polite';
  c.crosshair.hidden = false;
  c.crosshair.style.transform = `translateX(${r.left ?? 0}px)`;
  const lines = [el('div', 'x', `${r.xName} = ${r.xText}`)];
  const dots = [];
  for (const row of r.rows) {
    const line = el('div', 'row');
    const sw = el('span', 'swatch');
    sw.style.background = row.color;
    line.append(sw, el('span', 'name', row.name), el('span', 'value', row.text));
    // Against CE, beside the value: "100× smaller".
    if (row.ratio) line.append(el('span', 'ratio', row.ratio));
    lines.push(line);
    // A dot where the curve crosses the crosshair (when it is in view).
    if (row.top !== undefined) {
      const dot = el('span', 'dot');
      dot.style.background = row.color;
      dot.style.top = `${row.top}px`;
      dots.push(dot);
    }
  }
  c.crosshair.replaceChildren(...dots);
  c.readout.replaceChildren(...lines);
  c.readout.hidden = false;
  // Beside the crosshair (right of it, left near the right edge), always
  // inside the plot; above or below the points it reads, away from them.
  const w = c.plot.clientWidth;
  const h = c.plot.clientHeight;
  const box = c.readout.offsetWidth;
  const tall = c.readout.offsetHeight;
  const x = r.left ?? 0;
  const right = x + 10 + box <= w - 4 || x < w / 2;
  const left = Math.max(4, Math.min(w - box - 4, right ? x + 10 : x - 10 - box));
  const tops = r.rows.map((row) => row.top).filter((t) => t !== undefined);
  const mid = tops.length ? tops.reduce((a, b) => a + b) / tops.length : h;
  // The x-axis' labels take the plot's last 46 px.
  const top = mid < h / 2 ? Math.max(4, h - 50 - tall) : 6;
  c.readout.style.transform = `translate(${left}px, ${top}px)`;
  return r;
}

function hideReadout(c) {
  c.active = null;
  c.crosshair.hidden = true;
  c.readout.hidden = true;
}

/** Where the readout stands now, as a fraction of the x-axis (the
 * pointer's through the explorer's one mapping). */
function fractionNow(explorer, c) {
  if (c.active && c.active.fraction !== undefined) return c.active.fraction;
  if (c.active && c.active.x !== undefined) return explorer.readout(c.kind, c.active.x).fraction;
  return c.kind === 'gradient' ? 0.5 : 0.9;
}

function bindReadout(explorer, c, signal, link) {
  const plot = c.plot;
  // This chart's readout, and the same example on the other charts.
  const show = () => link(showReadout(explorer, c));
  const hide = () => {
    hideReadout(c);
    link(null);
  };
  const on = (type, f) => plot.addEventListener(type, f, { signal });
  const fromPointer = (e) => {
    const rect = plot.getBoundingClientRect();
    c.active = { x: e.clientX - rect.left };
    show();
  };
  on('pointermove', fromPointer);
  on('pointerdown', fromPointer);
  on('pointerleave', (e) => {
    if (e.pointerType === 'mouse') hide();
  });
  on('focus', () => {
    c.active = { fraction: fractionNow(explorer, c) };
    show();
  });
  on('blur', hide);
  on('keydown', (e) => {
    const step = e.shiftKey ? 0.1 : 0.01;
    let f = fractionNow(explorer, c);
    switch (e.key) {
      case 'ArrowLeft': case 'ArrowDown': f -= step; break;
      case 'ArrowRight': case 'ArrowUp': f += step; break;
      case 'Home': f = 0; break;
      case 'End': f = 1; break;
      case 'Escape': hide(); return;
      default: return;
    }
    e.preventDefault();
    c.active = { fraction: Math.min(1, Math.max(0, Math.round(f * 1000) / 1000)) };
    show();
  });
}
