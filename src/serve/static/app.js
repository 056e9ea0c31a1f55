// Storyline web app: small enhancements only; every page works without this file.
// A cited sentence reached from a citation gets the keyboard focus, so screen readers read it first.
document.addEventListener('DOMContentLoaded', () => {
  const cited = document.querySelector('mark.cited');
  if (cited && location.hash === `#${cited.id}`) cited.focus({ preventScroll: false });
});
