import { test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// Pictures of every screen, for a person to look at (end2end/screenshots/, not committed).
const screens = [
  { name: "lock", path: "/" },
  { name: "not-found", path: "/no/such/page" },
];

for (const locale of ["ja-JP", "en-GB"]) {
  for (const colorScheme of ["light", "dark"] as const) {
    test.describe(`screenshots ${locale} ${colorScheme}`, () => {
      test.use({ locale, colorScheme });
      for (const screen of screens) {
        test(screen.name, async ({ page }, testInfo) => {
          await page.goto(screen.path);
          await waitForHydration(page);
          await page.screenshot({
            path: `screenshots/${testInfo.project.name}-${screen.name}-${locale}-${colorScheme}.png`,
            fullPage: true,
          });
        });
      }
    });
  }
}
