import { test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// Pictures of every screen, for a person to look at (end2end/screenshots/, not committed).
const screens = [
  { name: "lock", path: "/" },
  { name: "not-found", path: "/no/such/page" },
];

for (const screen of screens) {
  for (const locale of ["ja-JP", "en-GB"]) {
    for (const scheme of ["light", "dark"] as const) {
      test(`screenshot ${screen.name} ${locale} ${scheme}`, async ({ browser }, testInfo) => {
        const context = await browser.newContext({
          locale,
          colorScheme: scheme,
          viewport: testInfo.project.use.viewport ?? undefined,
        });
        const page = await context.newPage();
        await page.goto(screen.path);
        await waitForHydration(page);
        await page.screenshot({
          path: `screenshots/${testInfo.project.name}-${screen.name}-${locale}-${scheme}.png`,
          fullPage: true,
        });
        await context.close();
      });
    }
  }
}
