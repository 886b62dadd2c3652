// The floor: the baseline's charts, drawn once at load; a γ move then only
// writes the slider's number, in one requestAnimationFrame, as every other
// page does.

import { drawCharts } from './canvas-charts.js';
import { fmt } from './curves.js';

let frame = 0;
const range = document.getElementById('gamma-range');
drawCharts(range.valueAsNumber);
range.addEventListener('input', () => {
  if (!frame) {
    frame = requestAnimationFrame(() => {
      frame = 0;
      document.getElementById('gamma-out').textContent = fmt(range.valueAsNumber);
    });
  }
});
document.body.dataset.ready = 'true';
