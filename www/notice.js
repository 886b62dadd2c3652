// A dismissible notice at the top of the page, for adjusted link values and
// for runtime errors. Text only: nothing reaches innerHTML.

export function showNotice(text) {
  const box = document.getElementById('notice');
  const p = document.getElementById('notice-text');
  if (!box || !p) return;
  p.textContent = text;
  box.hidden = false;
  const close = document.getElementById('notice-close');
  close.onclick = () => {
    box.hidden = true;
  };
}
