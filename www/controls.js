// The page's controls: reading them into a state object and writing a state
// back into them. No math here: the wasm handle computes everything.

/** The defaults, as the page opens and as Reset restores them. */
export const DEFAULTS = Object.freeze({
  gamma: 2,
  alpha: 0.25,
  weighted: false,
  star: false,
  starGamma: 2,
  starBeta: 1,
  axis: 'pt',
  label: 1,
  logY: false,
  figure1: false,
  charts: Object.freeze({ loss: true, gradient: true, factor: false }),
});

/** The presets of the paper: each a change on top of the defaults. */
export const PRESETS = Object.freeze({
  figure1: { gamma: 2, weighted: false, star: false, axis: 'pt', label: 1, logY: false, figure1: true },
  retinanet: { gamma: 2, alpha: 0.25, weighted: true, figure1: false },
  ce: { gamma: 0, weighted: false, star: false, figure1: false },
  flstar: { gamma: 2, star: true, starGamma: 2, starBeta: 1, figure1: false },
  reset: {},
});

export const LIMITS = Object.freeze({
  gamma: [0, 20],
  alpha: [0, 1],
  starGamma: [0.1, 20],
  starBeta: [-10, 10],
});

export function cloneState(s) {
  return { ...s, charts: { ...s.charts } };
}

export function applyPreset(state, name) {
  const preset = PRESETS[name];
  if (!preset) return state;
  const base = name === 'reset' ? cloneState(DEFAULTS) : cloneState(state);
  return { ...base, ...preset, charts: { ...base.charts } };
}

/** The explorer's parameters of a page state (and the theme), by name. */
export function explorerParams(s, dark) {
  return {
    gamma: s.gamma, alpha: s.alpha, weighted: s.weighted, star: s.star,
    starGamma: s.starGamma, starBeta: s.starBeta, axis: s.axis, label: s.label,
    logY: s.logY, figure1: s.figure1, dark,
  };
}

const SETTERS = {
  gamma: 'setGamma', alpha: 'setAlpha', weighted: 'setWeighted', star: 'setStar',
  starGamma: 'setStarGamma', starBeta: 'setStarBeta', axis: 'setAxis', label: 'setLabel',
  logY: 'setLogY', figure1: 'setFigure1', dark: 'setDark',
};

/** Gives `explorer` the parameters in `params` (named as explorerParams names them). */
export function applyParams(explorer, params) {
  for (const [key, value] of Object.entries(params)) explorer[SETTERS[key]](value);
}

const $ = (id) => document.getElementById(id);

/** Shows a number the way a person would type it: no float noise. */
export function tidy(v) {
  return String(Math.round(v * 1e6) / 1e6);
}

/** Writes `state` into the controls (without firing events). Only what
 * differs is written: an unchanged write still costs a style recalc. */
export function writeControls(state) {
  const gammaRange = $('gamma-range');
  put(gammaRange, 'value', String(Math.min(state.gamma, Number(gammaRange.max))));
  setNumber($('gamma'), state.gamma);
  put($('weighted'), 'checked', state.weighted);
  put($('alpha-range'), 'value', String(state.alpha));
  setNumber($('alpha'), state.alpha);
  put($('alpha-range'), 'disabled', !state.weighted);
  put($('alpha'), 'disabled', !state.weighted);
  put($('star'), 'checked', state.star);
  put($('star-gamma'), 'value', String(state.starGamma));
  put($('star-beta'), 'value', String(state.starBeta));
  put($('star-gamma'), 'disabled', !state.star);
  put($('star-beta'), 'disabled', !state.star);
  put($('star-gamma-out'), 'textContent', tidy(state.starGamma));
  put($('star-beta-out'), 'textContent', tidy(state.starBeta));
  put($('axis'), 'value', state.axis);
  put($('label'), 'value', String(state.label));
  put($('scale'), 'value', state.logY ? 'log' : 'linear');
  for (const k of ['loss', 'gradient', 'factor']) put($(`show-${k}`), 'checked', state.charts[k]);
  for (const b of document.querySelectorAll('[data-preset]')) {
    const pressed = String(b.dataset.preset === 'figure1' && state.figure1);
    if (b.getAttribute('aria-pressed') !== pressed) b.setAttribute('aria-pressed', pressed);
  }
}

function put(el, prop, v) {
  if (el[prop] !== v) el[prop] = v;
}

function setNumber(input, v) {
  // Do not fight a visitor who is typing into the field.
  if (document.activeElement === input && Number(input.value) === v) return;
  put(input, 'value', tidy(v));
}

function clamp(v, [lo, hi]) {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * Wires the controls: `onChange(patch)` receives a partial state for every
 * input event; `onPreset(name)` a preset's name.
 */
export function bindControls(onChange, onPreset) {
  const num = (id, key, limits) => {
    const el = $(id);
    el.addEventListener('input', () => {
      const v = el.valueAsNumber;
      if (Number.isFinite(v)) onChange({ [key]: clamp(v, limits) }, false, id);
    });
    el.addEventListener('change', () => {
      // On leaving the field, show the value actually in use.
      const v = el.valueAsNumber;
      onChange(Number.isFinite(v) ? { [key]: clamp(v, limits) } : {}, true);
    });
  };
  num('gamma-range', 'gamma', LIMITS.gamma);
  num('gamma', 'gamma', LIMITS.gamma);
  num('alpha-range', 'alpha', LIMITS.alpha);
  num('alpha', 'alpha', LIMITS.alpha);
  num('star-gamma', 'starGamma', LIMITS.starGamma);
  num('star-beta', 'starBeta', LIMITS.starBeta);
  $('weighted').addEventListener('change', (e) => onChange({ weighted: e.target.checked }));
  $('star').addEventListener('change', (e) => onChange({ star: e.target.checked }));
  $('axis').addEventListener('change', (e) => onChange({ axis: e.target.value }));
  $('label').addEventListener('change', (e) => onChange({ label: Number(e.target.value) }));
  $('scale').addEventListener('change', (e) => onChange({ logY: e.target.value === 'log' }));
  for (const k of ['loss', 'gradient', 'factor']) {
    $(`show-${k}`).addEventListener('change', (e) => onChange({ charts: { [k]: e.target.checked } }));
  }
  for (const b of document.querySelectorAll('[data-preset]')) {
    b.addEventListener('click', () => onPreset(b.dataset.preset));
  }
}
