// Joren's service worker: it makes the kiosk installable and, when the box cannot be
// reached, shows a clear "offline — reconnecting" page instead of the browser's error.
//
// It never keeps personal data: pages and server answers always come from the network and
// are never stored. The only files it keeps are the offline page and what that page needs.

const CACHE = "joren-offline-1";
const OFFLINE_PAGE = "/offline.html";
const OFFLINE_FILES = [OFFLINE_PAGE, "/offline.css", "/offline.js", "/favicon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(OFFLINE_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// The offline files are fetched again once each time the worker wakes and a page loads, so
// that a new version of Joren brings its new offline page without a new worker.
let refreshed = false;

function refreshOfflineFiles() {
  if (refreshed) return;
  refreshed = true;
  caches.open(CACHE).then((cache) => cache.addAll(OFFLINE_FILES)).catch(() => {
    refreshed = false;
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    // A page: the network's answer, or the offline page when there is none.
    event.respondWith(
      fetch(request).then(
        (answer) => {
          refreshOfflineFiles();
          return answer;
        },
        () => caches.match(OFFLINE_PAGE),
      ),
    );
    return;
  }
  const url = new URL(request.url);
  if (url.origin === self.location.origin && OFFLINE_FILES.includes(url.pathname)) {
    // The offline page's own files: fresh when the box answers, kept ones when it does not.
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
  // Everything else goes to the network as if there were no service worker.
});
