// Chart.js drawing the explorer's default view: two line charts of two
// curves each, fixed axes as the explorer's, no animation, every move
// recomputed in JavaScript and redrawn with update('none') inside one
// requestAnimationFrame.

import { CHARTS, POINTS, THEME, fmt } from './curves.js';

const { Chart } = window;
let gamma = Number(document.getElementById('gamma-range').value);

function points(spec) {
  const xs = new Float64Array(POINTS);
  const ce = new Float64Array(POINTS);
  const fl = new Float64Array(POINTS);
  spec.sample(gamma, xs, ce, fl);
  const pts = (ys) => Array.from(xs, (x, i) => ({ x, y: Number.isFinite(ys[i]) ? ys[i] : null }));
  return [pts(ce), pts(fl)];
}

const charts = [...document.querySelectorAll('.plot')].map((plot) => {
  const spec = CHARTS[plot.dataset.chart];
  const canvas = plot.querySelector('canvas');
  const r = plot.getBoundingClientRect();
  canvas.width = r.width;
  canvas.height = r.height;
  const [ce, fl] = points(spec);
  const names = spec.names(gamma);
  const line = (label, data, color, width) => ({
    label, data, borderColor: color, borderWidth: width, pointRadius: 0, fill: false, tension: 0,
  });
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [line(names[0], ce, THEME.ce, 2), line(names[1], fl, THEME.fl, 3)] },
    options: {
      responsive: false,
      animation: false,
      parsing: false,
      normalized: true,
      events: [],
      scales: {
        x: { type: 'linear', min: spec.x[0], max: spec.x[1], title: { display: true, text: spec.xTitle } },
        y: { type: 'linear', min: spec.y[0], max: spec.y[1], title: { display: true, text: spec.yTitle } },
      },
      plugins: { legend: { display: true }, tooltip: { enabled: false } },
    },
  });
  return { chart, spec };
});

function draw() {
  frame = 0;
  for (const { chart, spec } of charts) {
    const [ce, fl] = points(spec);
    const names = spec.names(gamma);
    chart.data.datasets[0].data = ce;
    chart.data.datasets[1].data = fl;
    chart.data.datasets[1].label = names[1];
    chart.update('none');
  }
  document.getElementById('gamma-out').textContent = fmt(gamma);
}

let frame = 0;
const range = document.getElementById('gamma-range');
range.addEventListener('input', () => {
  const v = range.valueAsNumber;
  if (Number.isFinite(v)) gamma = v;
  if (!frame) frame = requestAnimationFrame(draw);
});

document.body.dataset.ready = 'true';
