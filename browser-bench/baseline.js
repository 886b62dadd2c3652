// The benchmark's baseline: the explorer's loss and gradient charts computed
// by plain JavaScript and redrawn completely on one Canvas 2D per chart
// (canvas-charts.js) inside one requestAnimationFrame per batch of input
// events.

import { drawCharts } from './canvas-charts.js';
import { fmt } from './curves.js';

let gamma = Number(document.getElementById('gamma-range').value);

function draw() {
  frame = 0;
  drawCharts(gamma);
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
