// Portico's service worker: it makes the portal installable and, without a connection, shows the
// offline page instead of an error. It keeps nothing that can hold health information: pages and
// every /api and /files answer go to the network and are never stored; only the site's own files
// (the WASM and JS under /pkg, the style sheet, icons, the manifest) and the offline page (the
// clinic's name and phone number) are kept, and only when the server did not mark them
// `no-store` (it marks everything that may carry PHI so). Online, those files too come from the
// network first, so a new release applies on the next visit; the copies serve only when offline.
// Sign-out's Clear-Site-Data ("storage") removes this worker and its cache.

const CACHE = 'portico-shell-v1';
const OFFLINE = '/offline';
const PRECACHE = [OFFLINE, '/pkg/portico.css', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/favicon.ico'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** The site's own files: the only requests whose answers may be kept. */
function isSiteFile(path) {
  return (
    path.startsWith('/pkg/') ||
    path.startsWith('/icons/') ||
    path === '/manifest.webmanifest' ||
    path === '/favicon.ico' ||
    path === OFFLINE
  );
}

function storable(response) {
  const control = response.headers.get('cache-control') || '';
  return response.ok && response.type === 'basic' && !/no-store/i.test(control);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Pages: the network only. Offline, the offline page, never a stored record.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (!isSiteFile(url.pathname)) return; // /api, /files and the rest: untouched, never stored.
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (storable(response)) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(() => caches.match(request).then((kept) => kept || Response.error())),
  );
});
