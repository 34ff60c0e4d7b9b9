// The intranet page's own service worker: it keeps a copy of the page and of
// the Ecotone SDK it loads, so that the page opens again without a network
// (on a train, in a lift) and the writes its elements stored while offline
// show and leave once the network is back. It is the host page's business,
// not Ecotone's: an intranet that wants its pages to reload offline caches
// them as it likes. API calls (/api/) always go to the network: what the
// elements show offline comes from their own IndexedDB, per person.
const CACHE = 'intranet-shell-v1';

// On install: the page, and every file of the SDK (integrity.json lists them),
// so that parts loaded on first use (the durable outbox on the first write
// offline, comments, polls) are there when the network is not.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const listed = await fetch('/sdk/integrity.json').then((r) => (r.ok ? r.json() : {}), () => ({}));
      const files = Object.keys(listed).filter((f) => f.endsWith('.js')).map((f) => `/sdk/${f}`);
      await cache.addAll(['./', 'intranet.css', 'intranet.js', '/favicon.svg', ...files]).catch(() => undefined);
      await self.skipWaiting();
    })(),
  );
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  // Network first (a new SDK is picked up at once), the copy when the network fails.
  event.respondWith(
    fetch(event.request).then(
      (response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(event.request, copy)));
        }
        return response;
      },
      () => caches.match(event.request, { ignoreSearch: url.pathname.endsWith('/') }).then((cached) => cached ?? Response.error()),
    ),
  );
});
