// Registers Portico's service worker (see /sw.js): installable, with an offline page. Nothing
// else happens here; a browser without service workers simply goes without.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  });
}
