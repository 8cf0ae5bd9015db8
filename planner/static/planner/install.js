// Registers the service worker that keeps Today and the plan pages for offline use
// (planner/static/planner/sw.js). Without it, or without JavaScript, the site works online.
(() => {
  if (!("serviceWorker" in navigator)) return;
  const worker = document.currentScript.dataset.worker;
  const firstVisit = !navigator.serviceWorker.controller; // this page did not come through it
  navigator.serviceWorker
    .register(worker, { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (!firstVisit || !registration.active) return;
      const assets = [...document.querySelectorAll("link[rel=stylesheet], script[src]")].map(
        (element) => element.href || element.src,
      );
      registration.active.postMessage({ type: "loaded", page: location.href, assets });
    })
    .catch(() => {}); // e.g. a private window that refuses workers: online only, as before
})();
