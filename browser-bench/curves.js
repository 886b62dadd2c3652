// The curves every page of the benchmark draws: the explorer's default view
// (the loss chart's CE and FL against pt, the gradient chart's dCE/dx and
// dFL/dx against the logit, for y = 1), computed by plain JavaScript, 1024
// points a curve, and the explorer's light colours. The baseline, uPlot and
// Chart.js pages use these; the floor page draws them once.

export const POINTS = 1024;

// Sizes in CSS pixels, as the explorer's chart code uses them.
export const MARGIN = 12;
export const MARGIN_RIGHT = 18;
export const X_LABEL_AREA = 46;
export const Y_LABEL_AREA = 58;
export const TICK_FONT = 12;
export const TITLE_FONT = 13;

export const THEME = {
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

export const CHARTS = {
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
    y: [-1.575, 0.075],
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

export function fmt(v) {
  return String(Math.round(v * 1000) / 1000);
}

