// The view lives in the URL: every parameter, kept in step with the controls
// through history.replaceState. A pasted link opens the same view. Values
// from the URL are parsed as numbers or matched against fixed words only;
// nothing from it reaches the DOM as markup or is ever executed.

import { LIMITS, cloneState } from './controls.js';

const MAX_LEN = 32;
const CHART_KEYS = ['loss', 'gradient', 'factor'];

/** The groups an author may hide with `hide=`; `controls` hides them all.
 * www/embed-mode.js applies them (and `embed=1`) before the first paint. */
export const HIDEABLE = ['gamma', 'alpha', 'star', 'axes', 'charts', 'presets', 'share', 'text', 'controls', 'legend'];

/** The values of `theme=`, which www/embed-mode.js applies; `auto` is the visitor's. */
export const THEMES = ['light', 'dark', 'auto'];

/** A short, printable excerpt of an untrusted value for a notice. */
function excerpt(v) {
  const s = String(v).replace(/[^\x20-\x7e]/g, '?');
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

function number(params, key, limits, problems) {
  if (!params.has(key)) return undefined;
  const raw = params.get(key);
  if (raw.length > MAX_LEN) {
    problems.push(`${key} was too long and is ignored`);
    return undefined;
  }
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) {
    problems.push(`${key} = “${excerpt(raw)}” is not a number and is ignored`);
    return undefined;
  }
  const [lo, hi] = limits;
  if (v < lo || v > hi) {
    const c = Math.min(hi, Math.max(lo, v));
    problems.push(`${key} = ${excerpt(raw)} is outside [${lo}, ${hi}] and was set to ${c}`);
    return c;
  }
  return v;
}

function word(params, key, allowed, problems) {
  if (!params.has(key)) return undefined;
  const raw = params.get(key);
  if (allowed.includes(raw)) return raw;
  problems.push(`${key} = “${excerpt(raw)}” is not one of ${allowed.join(', ')} and is ignored`);
  return undefined;
}

/**
 * Reads a state from a query string; returns { state, problems }. The keys of
 * the view rather than of the state (`theme`) are checked here too, so that
 * a bad one is reported with the rest.
 */
export function readUrlState(search, defaults) {
  const params = new URLSearchParams(search);
  const problems = [];
  const state = cloneState(defaults);
  const gamma = number(params, 'gamma', LIMITS.gamma, problems);
  if (gamma !== undefined) state.gamma = gamma;
  if (params.has('alpha')) {
    const raw = params.get('alpha');
    if (raw === 'off' || raw === 'none') state.weighted = false;
    else {
      const a = number(params, 'alpha', LIMITS.alpha, problems);
      if (a !== undefined) {
        state.alpha = a;
        state.weighted = true;
      }
    }
  }
  const star = word(params, 'star', ['0', '1'], problems);
  if (star !== undefined) state.star = star === '1';
  const sg = number(params, 'starGamma', LIMITS.starGamma, problems);
  if (sg !== undefined) state.starGamma = sg;
  const sb = number(params, 'starBeta', LIMITS.starBeta, problems);
  if (sb !== undefined) state.starBeta = sb;
  const axis = word(params, 'axis', ['pt', 'p', 'x'], problems);
  if (axis !== undefined) state.axis = axis;
  const y = word(params, 'y', ['0', '1'], problems);
  if (y !== undefined) state.label = Number(y);
  const scale = word(params, 'scale', ['linear', 'log'], problems);
  if (scale !== undefined) state.logY = scale === 'log';
  const preset = word(params, 'preset', ['figure1', 'none'], problems);
  if (preset !== undefined) state.figure1 = preset === 'figure1';
  if (params.has('charts')) {
    const raw = params.get('charts');
    const names = raw.length > 64 ? [] : raw.split(',').filter((n) => CHART_KEYS.includes(n));
    if (names.length === 0) {
      problems.push(`charts = “${excerpt(raw)}” names no chart (loss, gradient, factor) and is ignored`);
    } else {
      for (const k of CHART_KEYS) state.charts[k] = names.includes(k);
    }
  }
  word(params, 'theme', THEMES, problems);
  return { state, problems };
}

/** The query string of a state: only what differs from the defaults. */
function stateToQuery(state, defaults) {
  const q = new URLSearchParams();
  if (state.gamma !== defaults.gamma) q.set('gamma', String(state.gamma));
  if (state.weighted) q.set('alpha', String(state.alpha));
  if (state.star) q.set('star', '1');
  if (state.starGamma !== defaults.starGamma) q.set('starGamma', String(state.starGamma));
  if (state.starBeta !== defaults.starBeta) q.set('starBeta', String(state.starBeta));
  if (state.axis !== defaults.axis) q.set('axis', state.axis);
  if (state.label !== defaults.label) q.set('y', String(state.label));
  if (state.logY) q.set('scale', 'log');
  if (state.figure1) q.set('preset', 'figure1');
  const shown = CHART_KEYS.filter((k) => state.charts[k]);
  const dflt = CHART_KEYS.filter((k) => defaults.charts[k]);
  if (shown.join() !== dflt.join()) q.set('charts', shown.join(','));
  return q.toString();
}

/**
 * Puts the state into the address bar without adding history entries. The
 * keys of the view (embed, hide, a valid theme) stay as they were.
 */
export function writeUrlState(state, defaults, extra = '') {
  const q = stateToQuery(state, defaults);
  const keep = new URLSearchParams(location.search);
  const parts = [q];
  for (const k of ['embed', 'hide']) if (keep.has(k)) parts.push(`${k}=${encodeURIComponent(keep.get(k))}`);
  if (THEMES.includes(keep.get('theme'))) parts.push(`theme=${keep.get('theme')}`);
  if (extra) parts.push(extra);
  const query = parts.filter(Boolean).join('&');
  const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) {
    history.replaceState(null, '', url);
  }
}
