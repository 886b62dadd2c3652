// The benchmark's baseline: the explorer's loss and gradient charts done the
// plain way. Plain JavaScript computes the curves on every move (1024 points
// each, the formulas as written) and one Canvas 2D per chart is redrawn
// completely (background, grid, axes, tick labels, titles, curves, legend)
// inside one requestAnimationFrame per batch of input events.
//
// Geometry, fonts, colours and stroke widths follow the explorer's charts so
// that the two pages draw about the same pixels.

const POINTS = 1024;

// Sizes in CSS pixels, as the explorer's chart code uses them.
const MARGIN = 12;
const MARGIN_RIGHT = 18;
const X_LABEL_AREA = 46;
const Y_LABEL_AREA = 58;
const TICK_FONT = 12;
const TITLE_FONT = 13;

const THEME = {
  background: 'rgb(255, 255, 255)',
  text: 'rgb(33, 37, 41)',
  axis: 'rgb(90, 96, 104)',
  grid: 'rgb(222, 226, 230)',
  gridMinor: 'rgb(241, 243, 245)',
  shade: 'rgba(0, 158, 115, 0.10)',
  shadeText: 'rgb(0, 158, 115)',
  ce: 'rgb(0, 114, 178)',
  fl: 'rgb(213, 94, 0)',
};

const CHARTS = {
  loss: {
    x: [0, 1],
    y: [0, 5],
    xTitle: 'probability of ground truth class, pt',
    yTitle: 'loss',
    shade: true,
    names: (g) => ['CE', `FL (γ = ${fmt(g)})`],
    // CE = −log pt and FL = −(1 − pt)^γ log pt, against pt.
    sample(g, xs, ce, fl) {
      for (let i = 0; i < POINTS; i++) {
        const pt = i / (POINTS - 1);
        xs[i] = pt;
        ce[i] = -Math.log(pt);
        fl[i] = -Math.pow(1 - pt, g) * Math.log(pt);
      }
    },
  },
  gradient: {
    x: [-5, 5],
    y: [-1.05, 0.05],
    xTitle: 'logit x (true label y = 1)',
    yTitle: 'd loss / dx',
    shade: false,
    names: (g) => ['dCE/dx', `dFL (γ = ${fmt(g)})/dx`],
    // The paper's Appendix B, for y = 1: dCE/dx = pt − 1 and
    // dFL/dx = (1 − pt)^γ (γ pt log pt + pt − 1), with pt = σ(x).
    sample(g, xs, ce, fl) {
      for (let i = 0; i < POINTS; i++) {
        const x = -5 + (10 * i) / (POINTS - 1);
        const pt = 1 / (1 + Math.exp(-x));
        xs[i] = x;
        ce[i] = pt - 1;
        fl[i] = Math.pow(1 - pt, g) * (g * pt * Math.log(pt) + pt - 1);
      }
    },
  },
};

function fmt(v) {
  return String(Math.round(v * 1000) / 1000);
}

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

let gamma = Number(document.getElementById('gamma-range').value);
const dpr = window.devicePixelRatio || 1;

const surfaces = [...document.querySelectorAll('.plot')].map((plot) => {
  const canvas = plot.querySelector('canvas');
  const r = plot.getBoundingClientRect();
  canvas.width = Math.round(r.width * dpr);
  canvas.height = Math.round(r.height * dpr);
  return { spec: CHARTS[plot.dataset.chart], canvas, ctx: canvas.getContext('2d'), w: r.width, h: r.height };
});

function drawChart(s) {
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

function draw() {
  frame = 0;
  for (const s of surfaces) drawChart(s);
  document.getElementById('gamma-out').textContent = fmt(gamma);
}

let frame = 0;
const range = document.getElementById('gamma-range');
range.addEventListener('input', () => {
  const v = range.valueAsNumber;
  if (Number.isFinite(v)) gamma = v;
  if (!frame) frame = requestAnimationFrame(draw);
});

// The first frame, synchronously, as the explorer does.
draw();
document.body.dataset.ready = 'true';
window.baseline = { get gamma() { return gamma; } };
