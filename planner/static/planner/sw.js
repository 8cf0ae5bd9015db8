/* Imiquimod Planner's service worker, served at /sw.js (planner/views.py) so that it covers
   the whole site.

   - Today and each plan's page: network first; the last copy loaded is kept and shown when
     the network fails, with a note saying it is offline and when the copy was loaded.
   - Static files: cache first when their name carries a content hash (production), network
     first otherwise (development), so a changed stylesheet is never stale online.
   - Everything else, and every request that is not a GET, goes straight to the server and
     is never kept.
   - Logging in, signing up, logging out or deleting the account drops every kept page, so the
     next person on this device never sees the last one's nights (the log-out response also
     sends Clear-Site-Data). */

importScripts("/static/planner/push-sw.js"); // reminder notifications (planner/reminders)

const VERSION = "1";
const PAGES = `planner-pages-v${VERSION}`;
const STATIC = `planner-static-v${VERSION}`;
const OFFLINE_PAGES = [/^\/today\/$/, /^\/plans\/[0-9a-f-]{36}\/$/];
const WHO_CHANGES = /^\/accounts\/(login|logout|signup|delete)\//;
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;
const LOADED_AT = "X-Planner-Loaded-At";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(dropOtherVersions().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (WHO_CHANGES.test(url.pathname)) {
    event.waitUntil(forgetPages());
    return; // the browser itself sends it
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && isOfflinePage(url)) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/static/")) {
    const hashed = HASHED.test(url.pathname);
    event.respondWith(hashed ? cacheFirst(request) : staticNetworkFirst(request));
  }
});

// A page loaded before this worker controlled it (the very first visit): keep it and its
// static files now, not only from the next visit on.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "loaded") event.waitUntil(keepFirstVisit(data));
});

function isOfflinePage(url) {
  return OFFLINE_PAGES.some((pattern) => pattern.test(url.pathname));
}

async function dropOtherVersions() {
  const names = await caches.keys();
  const ours = [PAGES, STATIC];
  await Promise.all(names.filter((n) => !ours.includes(n)).map((n) => caches.delete(n)));
}

function forgetPages() {
  return caches.delete(PAGES);
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await keepPage(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request, { cacheName: PAGES, ignoreVary: true });
    if (kept) return markedOffline(kept);
    throw error;
  }
}

async function keepPage(request, response) {
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding"); // the body below is already decoded
  headers.delete("Content-Length");
  headers.set(LOADED_AT, new Date().toISOString());
  const copy = new Response(await response.blob(), { status: response.status, headers });
  await (await caches.open(PAGES)).put(request, copy);
}

// The kept page with a note at the top of <main>: offline, and when this copy was loaded.
async function markedOffline(kept) {
  const loaded = new Date(kept.headers.get(LOADED_AT));
  const note =
    `<p class="note offline-mark" role="status"><strong>Offline:</strong> showing what was ` +
    `loaded ${whenLoaded(loaded)}. Buttons work again once you are back online.</p>`;
  const html = (await kept.text()).replace(/<main\b[^>]*>/, (main) => main + note);
  const headers = new Headers(kept.headers);
  headers.delete("Content-Length");
  return new Response(html, { status: 200, headers });
}

// "at 21:04" today, "on Tue 3 Mar at 21:04" another day, in this device's own time.
function whenLoaded(date) {
  const pad = (n) => String(n).padStart(2, "0");
  const time = `at ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (date.toDateString() === new Date().toDateString()) return time;
  const options = { weekday: "short", day: "numeric", month: "short" };
  const day = date.toLocaleDateString("en-GB", options);
  return `on ${day.replace(",", "")} ${time}`;
}

async function cacheFirst(request) {
  const kept = await caches.match(request, { cacheName: STATIC });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await keepStatic(request, response.clone());
  return response;
}

async function staticNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await keepStatic(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request, { cacheName: STATIC });
    if (kept) return kept;
    throw error;
  }
}

// One copy per file: a new deploy's site.<hash>.css replaces the last one's.
async function keepStatic(request, response) {
  const cache = await caches.open(STATIC);
  const file = unhashed(request.url);
  const older = (await cache.keys()).filter((kept) => unhashed(kept.url) === file);
  await Promise.all(older.map((kept) => cache.delete(kept)));
  await cache.put(request, response);
}

function unhashed(href) {
  return new URL(href).pathname.replace(/\.[0-9a-f]{12}(\.[a-z0-9]+)$/, "$1");
}

async function keepFirstVisit({ page, assets }) {
  const origin = self.location.origin;
  const ours = (href) => {
    try {
      return new URL(href).origin === origin;
    } catch {
      return false;
    }
  };
  const isStatic = (href) => ours(href) && new URL(href).pathname.startsWith("/static/");
  const files = (assets || []).filter(isStatic);
  const keepFile = async (href) => {
    const response = await fetch(href).catch(() => null);
    if (response && response.ok) await keepStatic(new Request(href), response);
  };
  await Promise.all(files.map(keepFile));
  if (!ours(page) || !isOfflinePage(new URL(page))) return;
  // A redirect here means the person is no longer logged in: nothing to keep.
  const response = await fetch(page, { credentials: "same-origin", redirect: "error" }).catch(
    () => null,
  );
  if (response && response.ok) await keepPage(new Request(page), response);
}
