import { expect, Locator, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";

// Progress: an action that takes longer than 100 ms shows a spinner on the control that
// started it, and a page that takes as long shows a bar along the top. The server's answers
// are held back here, so both can be seen.
test.use({ locale: "ja-JP" });

/** Holds back every answer of one server function for `ms`. */
async function slowDown(page: Page, endpoint: string, ms: number) {
  await page.route(`**/api/${endpoint}*`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

/** The spinner is drawn by the control's ::after; once shown its opacity is 1. */
const spinnerOpacity = (control: Locator) =>
  control.evaluate((element) => getComputedStyle(element, "::after").opacity);

test("a slow check-in shows a spinner on its button, and a slow page a bar along the top", async ({ page }, info) => {
  const nickname = `まちの${info.project.name === "phone" ? "ほ" : "た"}`;
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);

  await slowDown(page, "add_regular_and_check_in", 1500);
  await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  const add = page.getByRole("button", { name: "登録してチェックイン" });
  await add.click();
  await expect(add).toHaveAttribute("aria-busy", "true");
  await expect(add).toBeDisabled();
  await expect.poll(() => spinnerOpacity(add)).toBe("1");
  await expect(page.getByRole("status").filter({ hasText: `${nickname}さん、いらっしゃいませ` })).toBeVisible();

  const inTheShop = page.getByRole("region", { name: /いま店内/ });

  // A page that is slow to load: the bar shows while it loads, and goes when it is there.
  await slowDown(page, "get_regular", 1500);
  await inTheShop.getByRole("link", { name: nickname, exact: true }).click();
  const bar = page.getByRole("progressbar", { name: "読み込み中" });
  await expect(bar).toBeVisible();
  await expect(page.getByRole("heading", { name: nickname, level: 1 })).toBeVisible();
  await expect(bar).toHaveCount(0);

  // The person leaves, so later tests find the shop as they expect.
  await page.goBack();
  await expect(inTheShop.getByRole("button", { name: `${nickname}さんが帰った` })).toBeVisible();
  await inTheShop.getByRole("button", { name: `${nickname}さんが帰った` }).click();
  await expect(inTheShop.getByRole("link", { name: nickname, exact: true })).toHaveCount(0);
});
