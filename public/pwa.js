// Installs Joren's service worker (see /sw.js): the home-screen app and its offline page.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Without it the kiosk still works; only the offline page is missing.
    });
  });
}
