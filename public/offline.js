// The offline page asks the box every two seconds whether it answers again, and goes back to
// the page the tablet was on the moment it does. (Opened as itself, at /offline.html, it
// stands in for no page and waits for nothing.)
(function () {
  if (location.pathname === "/offline.html") return;
  const status = () => document.getElementById("offline-status");
  let tries = 0;
  async function check() {
    tries += 1;
    try {
      const answer = await fetch("/healthz", { cache: "no-store" });
      if (answer.ok) {
        location.reload();
        return;
      }
    } catch (_) {
      // Still unreachable.
    }
    const line = status();
    if (line && tries % 5 === 0) {
      line.textContent = "まだつながりません（" + tries * 2 + " 秒）/ Still offline";
    }
    setTimeout(check, 2000);
  }
  window.addEventListener("online", () => check());
  setTimeout(check, 2000);
})();
