// The training panel's worker: it owns the lab (pkg/lab.js's LabTrainer),
// trains in fixed chunks of steps while playing, and after a chunk (at most
// ten times a second, and always at the run's last step) draws the
// charts into the canvases the page handed over, or sends their scenes for
// the page to draw where a worker cannot draw. What is shown at a step never
// depends on the clock: the clock only decides which steps are shown.
import init, { LabTrainer, TrainCharts } from '../pkg/lab.js';

/** Steps per chunk, and the pause after a chunk (ms), by speed. */
const SPEEDS = {
  slow: { chunk: 1, pause: 100 },
  medium: { chunk: 2, pause: 30 },
  fast: { chunk: 10, pause: 0 },
};
/** At most one frame per this many ms while training. */
const FRAME_MS = 100;

let trainer = null;
let charts = null;
let drawHere = false;
let playing = false;
let speed = SPEEDS.fast;
let timer = 0;
let lastFrame = -Infinity;
/** Busy time (ms) in training and in frames since the last frame. */
let busy = { train: 0, frame: 0, steps: 0 };

const started = init().then(() => {
  trainer = new LabTrainer();
  charts = new TrainCharts();
});

/** Sends (or draws) the charts and the figures of the step the lab is at. */
function frame(reason) {
  const t0 = performance.now();
  const figures = JSON.parse(trainer.figures());
  const scene = trainer.scene();
  const message = { frame: figures, playing, reason };
  const transfer = [];
  if (drawHere) {
    charts.drawScene(scene);
  } else {
    message.scene = scene;
    transfer.push(scene.buffer);
  }
  busy.frame += performance.now() - t0;
  message.timing = busy;
  busy = { train: 0, frame: 0, steps: 0 };
  lastFrame = performance.now();
  postMessage(message, transfer);
}

function tick() {
  timer = 0;
  if (!playing) return;
  const t0 = performance.now();
  const took = trainer.step(speed.chunk);
  busy.train += performance.now() - t0;
  busy.steps += took;
  if (trainer.finished) playing = false;
  if (!playing || performance.now() - lastFrame >= FRAME_MS) frame(playing ? 'step' : 'finished');
  if (playing) timer = setTimeout(tick, speed.pause);
}

function play(on) {
  playing = on && !trainer.finished;
  if (playing && !timer) timer = setTimeout(tick, 0);
  if (!playing) {
    clearTimeout(timer);
    timer = 0;
  }
}

async function handle(data) {
  await started;
  try {
    if (data.canvases) {
      for (const [name, canvas] of Object.entries(data.canvases)) charts.attach(name, canvas);
      drawHere = true;
    } else if (data.resize) {
      charts.resize(data.resize, data.width, data.height, data.dpr);
    } else if (data.dark !== undefined) {
      charts.setDark(data.dark);
    } else if (data.settings) {
      const s = data.settings;
      const reset = trainer.configure(s.seed, s.imbalance, s.prior, s.lr, s.gamma, s.alpha ?? -1, s.steps);
      if (data.play !== undefined) play(data.play);
      else if (trainer.finished) play(false);
      frame(reset ? 'reset-settings' : 'settings');
    } else if (data.play !== undefined) {
      play(data.play);
      if (!playing) frame('paused');
    } else if (data.step) {
      play(false);
      trainer.step(data.step);
      frame('step');
    } else if (data.reset) {
      trainer.reset();
      frame('reset');
    } else if (data.speed) {
      speed = SPEEDS[data.speed] ?? SPEEDS.fast;
    } else if (data.history) {
      postMessage({ history: [0, 1, 2].map((k) => ({ loss: trainer.lossHistory(k), ap: trainer.apHistory(k) })) });
    }
  } catch (e) {
    postMessage({ error: String(e && e.message ? e.message : e) });
  }
}

onmessage = ({ data }) => handle(data);
