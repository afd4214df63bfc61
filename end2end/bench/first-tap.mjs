// First working tap: how soon after navigation a tap on "+ New regular" opens its form.
//
// For each CPU throttling rate and each load: a new browser context (a tablet, 1280×800 with
// touch) holding the owner's session, the HTTP cache off, the CPU slowed by the rate. The clock
// starts as the register is navigated to; from then on "+ New regular" is tapped every 50 ms
// until the text field "Nickname" is visible. A tap may navigate (the button may work before
// the wasm arrives, as a plain form), so the taps go on across navigations. A load gives up
// after 15 s and counts as null.
//
// The floor is measured the same way in the same run: a bare page with the same disclosure and
// field, no CSS and no script, fulfilled by the browser itself at BASE_URL/__floor (so the
// server's time is not in it). It is what navigation, first paint and the tap cost here.
//
//   node end2end/bench/first-tap.mjs BASE_URL SESSION_COOKIE [RATES] [LOADS]
//
// BASE_URL is the server (http://127.0.0.1:PORT), SESSION_COOKIE the value of a signed-in
// `joren_session` cookie, RATES the throttling rates separated by commas (default 1,4,6), LOADS
// the loads at each rate (default 5). JOREN_CHROMIUM names the browser (default
// /usr/bin/chromium). Prints {"RATE": [ms or null, ...], ..., "floor": {"RATE": [...], ...}}
// on stdout; progress on stderr.

import { chromium } from "@playwright/test";

const TAP_EVERY_MS = 50;
const GIVE_UP_MS = 15_000;
/// How long one tap may wait for the button to be there and ready before it is given up.
const TAP_TIMEOUT_MS = 250;
/// How often the page is asked whether the form shows.
const LOOK_EVERY_MS = 10;

const [baseUrl, session, ratesArg = "1,4,6", loadsArg = "5"] = process.argv.slice(2);
if (!baseUrl || !session) {
  console.error("usage: first-tap.mjs BASE_URL SESSION_COOKIE [RATES] [LOADS]");
  process.exit(2);
}
const rates = ratesArg.split(",").map(Number);
const loads = Number(loadsArg);
if (rates.some((rate) => !(rate >= 1)) || !(loads >= 1)) {
  console.error(`bad rates (${ratesArg}) or loads (${loadsArg})`);
  process.exit(2);
}

// As end2end/playwright.config.ts launches it.
const browser = await chromium.launch({
  executablePath: process.env.JOREN_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const FLOOR_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>floor</title>
<details><summary>+ New regular</summary><label for="nickname">Nickname</label><input id="nickname"></details>`;

/// One load at `rate`: milliseconds from the navigation's start to the form shown, or null.
/// `floor`: the bare page instead of the register.
async function firstTap(rate, floor) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    hasTouch: true,
  });
  try {
    await context.addCookies([{ name: "joren_session", value: session, url: baseUrl }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });

    const address = floor ? `${baseUrl}/__floor` : baseUrl;
    if (floor) {
      await page.route(address, (route) =>
        route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: FLOOR_PAGE }),
      );
    }
    // A disclosure (it opens without script), or a button in builds before it was one.
    const button = page
      .locator("summary, button")
      .filter({ hasText: /^[＋+] (新しい常連さん|New regular)$/ });
    const nickname = page.getByLabel(/^(ニックネーム|Nickname)$/);
    const started = performance.now();
    const deadline = started + GIVE_UP_MS;
    let shownAt = null;
    const going = () => shownAt === null && performance.now() < deadline;
    // The form is looked for on its own, not between taps: a tap may wait for a button that
    // the form has just replaced. (A locator's waitFor polls every 500 ms after a while.)
    const watch = async () => {
      while (going()) {
        if (await nickname.isVisible().catch(() => false)) {
          shownAt = performance.now();
        } else {
          await sleep(LOOK_EVERY_MS);
        }
      }
    };
    const tap = async () => {
      let nextTap = performance.now();
      while (going()) {
        await sleep(nextTap - performance.now());
        if (!going()) break;
        nextTap += TAP_EVERY_MS;
        // Errors are expected: no button yet, or its page gone to a navigation.
        await button.click({ timeout: TAP_TIMEOUT_MS }).catch(() => {});
        nextTap = Math.max(nextTap, performance.now());
      }
    };
    await page.goto(address, { waitUntil: "commit", timeout: GIVE_UP_MS }).catch(() => {});
    await Promise.all([watch(), tap()]);
    if (shownAt === null) {
      console.error(`rate ${rate}: no form within ${GIVE_UP_MS / 1000} s at ${page.url()}`);
      return null;
    }
    return Math.round(shownAt - started);
  } finally {
    await context.close();
  }
}

const results = { floor: {} };
try {
  for (const rate of rates) {
    results[rate] = [];
    results.floor[rate] = [];
    // The register's loads and the floor's take turns, so that both see the machine alike.
    for (let load = 0; load < loads; load++) {
      for (const floor of [false, true]) {
        const ms = await firstTap(rate, floor);
        (floor ? results.floor : results)[rate].push(ms);
        const what = floor ? "floor" : "register";
        console.error(`${what}, CPU slowed ${rate}×, load ${load + 1} of ${loads}: ${ms === null ? "gave up" : `${ms} ms`}`);
      }
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
