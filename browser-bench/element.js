// Says when the element has drawn, as the other pages of the benchmark do.
await customElements.whenDefined('focal-loss-explorer');
const element = document.querySelector('focal-loss-explorer');
await element.settled();
document.body.dataset.ready = 'true';
