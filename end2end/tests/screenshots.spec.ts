import { test } from "@playwright/test";
import { SHOP, tapPin, unlockAsOwner, waitForHydration } from "./helpers";

// Pictures of every screen, for a person to look at (end2end/screenshots/, not committed).
for (const locale of ["ja-JP", "en-GB"]) {
  for (const colorScheme of ["light", "dark"] as const) {
    test.describe(`screenshots ${locale} ${colorScheme}`, () => {
      test.use({ locale, colorScheme });
      const shot = (name: string, project: string) =>
        `screenshots/${project}-${name}-${locale}-${colorScheme}.png`;

      test("lock, keypad, register", async ({ page }, testInfo) => {
        await page.goto("/");
        await waitForHydration(page);
        await page.screenshot({ path: shot("lock", testInfo.project.name), fullPage: true });
        await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
        await tapPin(page, "1111");
        await page.getByRole("alert").waitFor();
        await page.screenshot({ path: shot("keypad-wrong-pin", testInfo.project.name), fullPage: true });
        await page.getByRole("group", { name: "言語 / Language" }).getByRole("button", { name: "日本語" }).click();
        await tapPin(page, SHOP.ownerPin);
        await page.getByRole("button", { name: "ロックする" }).waitFor();
        await page.screenshot({ path: shot("register", testInfo.project.name), fullPage: true });
      });

      test("register after a check-in, a regular's card, settings", async ({ page }, testInfo) => {
        await page.goto("/");
        await waitForHydration(page);
        await unlockAsOwner(page);
        await page.getByLabel(/お名前か読みで探す|Find by name or reading/).fill("yu");
        await page
          .getByRole("list", { name: /見つかった常連さん|Regulars found/ })
          .getByRole("button", { name: /ゆー。/ })
          .first()
          .click();
        await page.getByRole("status").filter({ hasText: /ゆー。/ }).waitFor();
        await page.screenshot({ path: shot("register-checked-in", testInfo.project.name), fullPage: true });
        if (testInfo.project.name === "tablet" && locale === "ja-JP" && colorScheme === "light") {
          // The README's first picture: the register's check-in on a tablet, as staff see it
          // (the panel alone: "in the shop now" beside it holds the other tests' regulars).
          await page
            .getByRole("region", { name: "チェックイン" })
            .screenshot({ path: "../docs/images/register-tablet-ja.png" });
        }
        await page.getByRole("link", { name: /^たろう/ }).first().click();
        await page.getByRole("heading", { level: 1 }).waitFor();
        await waitForHydration(page);
        await page.screenshot({ path: shot("regular", testInfo.project.name), fullPage: true });
        await page.getByRole("link", { name: /編集する|Edit/ }).click();
        await waitForHydration(page);
        await page.screenshot({ path: shot("regular-edit", testInfo.project.name), fullPage: true });
        await page.goto("/settings");
        await waitForHydration(page);
        await page.screenshot({ path: shot("settings", testInfo.project.name), fullPage: true });
        await page.goto("/settings/data");
        await waitForHydration(page);
        await page.screenshot({ path: shot("data-care", testInfo.project.name), fullPage: true });
        await page.goto("/settings/audit");
        await waitForHydration(page);
        await page.screenshot({ path: shot("audit", testInfo.project.name), fullPage: true });
      });

      test("introduce: suggestions, a pair, an introduction", async ({ page }, testInfo) => {
        await page.goto("/");
        await waitForHydration(page);
        await unlockAsOwner(page);
        await page.getByRole("link", { name: /^(写真のゆう.*さんを紹介する|Introduce 写真のゆう.*)$/ }).first().click();
        await page.getByRole("heading", { name: /おすすめ|could meet/ }).waitFor();
        await waitForHydration(page);
        await page.screenshot({ path: shot("introduce-suggestions", testInfo.project.name), fullPage: true });
        await page.getByRole("link", { name: /^(絵描きのれん.*さんを選ぶ|Choose 絵描きのれん.*)$/ }).first().click();
        await page.getByRole("heading", { name: /話のきっかけ|What they could talk about/ }).waitFor();
        await page.screenshot({ path: shot("introduce-pair", testInfo.project.name), fullPage: true });
        await page.getByRole("link", { name: /カードを見る|See their card/ }).first().click();
        await page.getByRole("heading", { name: /ここで出会った人|Met here/ }).waitFor();
        await page.screenshot({ path: shot("regular-met", testInfo.project.name), fullPage: true });
        await page.getByRole("link", { name: /^(その後|Follow up)$/ }).first().click();
        await page.getByRole("heading", { name: /これまでの記録|History/ }).waitFor();
        await waitForHydration(page);
        await page.screenshot({ path: shot("introduction", testInfo.project.name), fullPage: true });
      });

      test("not found", async ({ page }, testInfo) => {
        await page.goto("/no/such/page");
        await waitForHydration(page);
        await page.screenshot({ path: shot("not-found", testInfo.project.name), fullPage: true });
      });
    });
  }
}
