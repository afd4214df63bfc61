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

test("a slow \"left\" shows as busy on its own row; the other rows stay usable, and a second tap sends nothing", async ({ page }, info) => {
  const names = ["ひだり", "みぎ"].map((name) => `${name}${info.project.name === "phone" ? "ほ" : "た"}`);
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  const inTheShop = page.getByRole("region", { name: /いま店内/ });
  for (const nickname of names) {
    await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(nickname);
    await newRegularButton(page).click();
    await page.getByLabel("ニックネーム").fill(nickname);
    await page.getByRole("button", { name: "登録してチェックイン" }).click();
    await expect(inTheShop.getByRole("link", { name: nickname, exact: true })).toBeVisible();
  }

  let sent = 0;
  page.on("request", (request) => {
    if (request.url().includes("/api/mark_left")) sent += 1;
  });
  await slowDown(page, "mark_left", 1500);
  const [first, second] = names.map((nickname) => inTheShop.getByRole("button", { name: `${nickname}さんが帰った` }));
  await first.click();
  await expect(first).toHaveAttribute("aria-busy", "true");
  await expect(first).toBeDisabled();
  // A second tap on the busy row (forced past its disabled state, as a quick finger may be).
  await first.evaluate((button) => button.closest("form")?.requestSubmit());
  await expect(second).toBeEnabled();
  await expect(second).not.toHaveAttribute("aria-busy", "true");
  await expect(inTheShop.getByRole("link", { name: names[0], exact: true })).toHaveCount(0);
  expect(sent, "one request for the row tapped twice").toBe(1);

  // The other row works as ever, and the shop is left as later tests expect.
  await second.click();
  await expect(inTheShop.getByRole("link", { name: names[1], exact: true })).toHaveCount(0);
});
