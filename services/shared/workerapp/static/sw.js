// The app shell and the forms' description load without a connection:
// every same-origin GET goes to the network first and falls back to what
// was cached; a page of the app falls back to the shell.
const SHELL = "soshub-shell-v1";
const DATA = "soshub-data";
const PRECACHE = [
  "/app/login", "/app/api/forms", "/app/static/app.css", "/app/static/app.js", "/app/static/api.js",
  "/app/static/form.js", "/app/static/hetu.js", "/app/static/i18n.js", "/app/static/pages.js",
  "/app/static/queue.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== SHELL && n !== DATA).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("message", (event) => {
  if (event.data === "logout") event.waitUntil(caches.delete(DATA));
});

async function networkFirst(request) {
  const url = new URL(request.url);
  const shellAsset = url.pathname.startsWith("/app/static/") || url.pathname === "/app/api/forms";
  try {
    const response = await fetch(request);
    if (response.ok && url.pathname !== "/app/api/me") {
      const copy = response.clone();
      caches.open(shellAsset ? SHELL : DATA).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreVary: true });
    if (cached) return cached;
    if (request.mode === "navigate") return caches.match("/app/login");
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(networkFirst(event.request));
});
