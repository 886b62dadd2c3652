// The explorer's loss and gradient charts done the plain way, for the
// benchmark's baseline and floor pages. Plain JavaScript computes the curves on every move (1024 points
// each, the formulas as written) and one Canvas 2D per chart is redrawn
// completely (background, grid, axes, tick labels, titles, curves, legend)
// inside one requestAnimationFrame per batch of input events.
//
// Geometry, fonts, colours and stroke widths follow the explorer's charts so
// that the two pages draw about the same pixels.

import {
  CHARTS, MARGIN, MARGIN_RIGHT, POINTS, THEME, TICK_FONT, TITLE_FONT, X_LABEL_AREA, Y_LABEL_AREA, fmt,
} from './curves.js';

/** Tick positions: the roundest step (1, 2 or 5 × 10^k) giving ≤ `max` ticks. */
function ticks(lo, hi, max) {
  const raw = (hi - lo) / (max - 1);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = 10 * p;
  for (const m of [1, 2, 5, 10]) {
    if (m * p >= raw - 1e-12) {
      step = m * p;
      break;
    }
  }
  const out = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) out.push(k * step);
  return { values: out, step };
}

function tickText(v) {
  const s = String(Math.round(v * 1e6) / 1e6);
  return s === '-0' ? '0' : s.replace('-', '−');
}

const dpr = window.devicePixelRatio || 1;

const surfaces = [...document.querySelectorAll('.plot')].map((plot) => {
  const canvas = plot.querySelector('canvas');
  const r = plot.getBoundingClientRect();
  canvas.width = Math.round(r.width * dpr);
  canvas.height = Math.round(r.height * dpr);
  return { spec: CHARTS[plot.dataset.chart], canvas, ctx: canvas.getContext('2d'), w: r.width, h: r.height };
});

function drawChart(s, gamma) {
  const { spec, ctx, w, h } = s;
  // Fresh arrays and fresh samples on every frame: the naive way.
  const xs = new Float64Array(POINTS);
  const ce = new Float64Array(POINTS);
  const fl = new Float64Array(POINTS);
  spec.sample(gamma, xs, ce, fl);

  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, w, h);

  const left = MARGIN + Y_LABEL_AREA;
  const top = MARGIN;
  const right = w - MARGIN_RIGHT;
  const bottom = h - MARGIN - X_LABEL_AREA;
  const [x0, x1] = spec.x;
  const [y0, y1] = spec.y;
  const px = (x) => left + ((x - x0) / (x1 - x0)) * (right - left);
  const py = (y) => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);

  if (spec.shade) {
    ctx.fillStyle = THEME.shade;
    ctx.fillRect(px(0.5), top, right - px(0.5), bottom - top);
  }

  // Grid: four light lines between bold ones, then the bold ones.
  const xt = ticks(x0, x1, 11);
  const yt = ticks(y0, y1, 11);
  ctx.lineWidth = 1;
  ctx.strokeStyle = THEME.gridMinor;
  ctx.beginPath();
  for (let k = Math.ceil(x0 / (xt.step / 5) - 1e-9); (k * xt.step) / 5 <= x1 + 1e-9; k++) {
    const X = Math.round(px((k * xt.step) / 5)) + 0.5;
    ctx.moveTo(X, top);
    ctx.lineTo(X, bottom);
  }
  for (let k = Math.ceil(y0 / (yt.step / 5) - 1e-9); (k * yt.step) / 5 <= y1 + 1e-9; k++) {
    const Y = Math.round(py((k * yt.step) / 5)) + 0.5;
    ctx.moveTo(left, Y);
    ctx.lineTo(right, Y);
  }
  ctx.stroke();
  ctx.strokeStyle = THEME.grid;
  ctx.beginPath();
  for (const v of xt.values) {
    const X = Math.round(px(v)) + 0.5;
    ctx.moveTo(X, top);
    ctx.lineTo(X, bottom);
  }
  for (const v of yt.values) {
    const Y = Math.round(py(v)) + 0.5;
    ctx.moveTo(left, Y);
    ctx.lineTo(right, Y);
  }
  ctx.stroke();

  // Axes with outward tick marks.
  ctx.strokeStyle = THEME.axis;
  ctx.beginPath();
  ctx.moveTo(left + 0.5, top);
  ctx.lineTo(left + 0.5, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  for (const v of xt.values) {
    const X = Math.round(px(v)) + 0.5;
    ctx.moveTo(X, bottom);
    ctx.lineTo(X, bottom + 5);
  }
  for (const v of yt.values) {
    const Y = Math.round(py(v)) + 0.5;
    ctx.moveTo(left - 5, Y);
    ctx.lineTo(left, Y);
  }
  ctx.stroke();

  // Tick labels and axis titles.
  ctx.fillStyle = THEME.text;
  ctx.font = `${TICK_FONT}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xt.values) ctx.fillText(tickText(v), px(v), bottom + 8);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yt.values) ctx.fillText(tickText(v), left - 8, py(v));
  ctx.font = `${TITLE_FONT}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(spec.xTitle, (left + right) / 2, h - MARGIN);
  ctx.save();
  ctx.translate(MARGIN + TITLE_FONT, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(spec.yTitle, 0, 0);
  ctx.restore();
  if (spec.shade) {
    ctx.fillStyle = THEME.shadeText;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText('well-classified examples (pt > 0.5)', px(0.52), py(y1 * 0.94));
  }

  // The curves, clipped to the plotting area.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.clip();
  const span = y1 - y0;
  const curve = (ys, color, width) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < POINTS; i++) {
      const y = ys[i];
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      // Far outside the band is as good as just outside it.
      const Y = py(Math.min(y1 + span, Math.max(y0 - span, y)));
      if (pen) ctx.lineTo(px(xs[i]), Y);
      else ctx.moveTo(px(xs[i]), Y);
      pen = true;
    }
    ctx.stroke();
  };
  curve(ce, THEME.ce, 2);
  curve(fl, THEME.fl, 3);
  ctx.restore();

  // Legend, upper right.
  const names = spec.names(gamma);
  ctx.font = `${TICK_FONT}px sans-serif`;
  const textW = Math.max(...names.map((n) => ctx.measureText(n).width));
  const boxW = textW + 44;
  const boxH = names.length * 18 + 10;
  const bx = right - boxW - 8;
  const by = top + 8;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(bx, by, boxW, boxH);
  ctx.strokeStyle = THEME.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(bx + 0.5, by + 0.5, boxW, boxH);
  names.forEach((n, i) => {
    const y = by + 14 + i * 18;
    ctx.strokeStyle = i === 0 ? THEME.ce : THEME.fl;
    ctx.lineWidth = i === 0 ? 2 : 3;
    ctx.beginPath();
    ctx.moveTo(bx + 8, y);
    ctx.lineTo(bx + 28, y);
    ctx.stroke();
    ctx.fillStyle = THEME.text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(n, bx + 36, y);
  });
}

/** Draws every `.plot` of the page completely, for `gamma`. */
export function drawCharts(gamma) {
  for (const s of surfaces) drawChart(s, gamma);
}
