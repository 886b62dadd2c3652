// uPlot drawing the explorer's default view: two charts of two curves each,
// fixed axes as the explorer's, every move recomputed in JavaScript and
// redrawn with setData(data) inside one requestAnimationFrame.

import uPlot from './vendor/uPlot.esm.js';
import { CHARTS, POINTS, THEME, fmt } from './curves.js';

let gamma = Number(document.getElementById('gamma-range').value);

const charts = [...document.querySelectorAll('.plot')].map((plot) => {
  const spec = CHARTS[plot.dataset.chart];
  const r = plot.getBoundingClientRect();
  const data = () => {
    const xs = new Float64Array(POINTS);
    const ce = new Float64Array(POINTS);
    const fl = new Float64Array(POINTS);
    spec.sample(gamma, xs, ce, fl);
    // uPlot wants finite values or null.
    const clean = (ys) => Array.from(ys, (v) => (Number.isFinite(v) ? v : null));
    return [Array.from(xs), clean(ce), clean(fl)];
  };
  const names = spec.names(gamma);
  const u = new uPlot({
    width: r.width,
    height: r.height,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: spec.x }, y: { range: spec.y } },
    axes: [{ label: spec.xTitle }, { label: spec.yTitle }],
    series: [
      {},
      { label: names[0], stroke: THEME.ce, width: 2 },
      { label: names[1], stroke: THEME.fl, width: 3 },
    ],
  }, data(), plot);
  return { u, data };
});

function draw() {
  frame = 0;
  for (const c of charts) c.u.setData(c.data());
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
