// The lab page: its notices, its link and its panels. Each panel is a
// section of lab.html wired by a module of its own (www/lab-NAME.js) that
// exports mount(section, page); this module only gives them the page's
// services: a notice, the link's parameters, and the theme.
import { writeLink } from './url-state.js';
import { mount as mountPredictions } from './lab-predictions.js';
import { mount as mountTrain } from './lab-train.js';

const PANELS = { predictions: mountPredictions, train: mountTrain };

// A dismissible notice at the top of the page (adjusted link values).
function showNotice(text) {
  const box = document.getElementById('notice');
  document.getElementById('notice-text').textContent = text;
  box.hidden = false;
  document.getElementById('notice-close').onclick = () => {
    box.hidden = true;
  };
}

/** Whether the charts are dark: the address's theme, else the visitor's. */
function isDark() {
  const theme = document.documentElement.dataset.theme;
  if (theme) return theme === 'dark';
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

/** The panels' keys in the link, each panel writing its own. */
const linkParts = {};

const page = {
  query: new URLSearchParams(location.search),
  notice: showNotice,
  isDark,
  onThemeChange(f) {
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => f(isDark()));
  },
  /** A panel's part of the link (`name=value&…`), written at once. */
  writeLink(panel, query) {
    linkParts[panel] = query;
    // A valid theme is the lab page's own key (www/embed-mode.js applied it).
    const theme = globalThis.focalLossView?.theme;
    writeLink([...Object.values(linkParts), theme && `theme=${theme}`].filter(Boolean).join('&'));
  },
};

const problems = [...(globalThis.focalLossView?.problems ?? [])];
const mounted = Object.entries(PANELS).map(([name, mount]) => {
  const section = document.querySelector(`[data-panel="${name}"]`);
  return section ? mount(section, page) : null;
});
for (const m of mounted) if (m?.problems) problems.push(...m.problems);
if (problems.length) showNotice(`Some values in the link were adjusted: ${problems.join('; ')}.`);

// For tests and the curious: each panel's handle.
window.focalLossLab = Object.fromEntries(Object.keys(PANELS).map((name, i) => [name, mounted[i]]));
document.body.dataset.ready = 'true';
