import { BrowserContext, expect, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";

// Two tablets at one register: what one does shows on the other at once (live updates), and a
// tablet that lost the network says so and catches up when it is back.
test.use({ locale: "ja-JP" });

const inTheShop = (page: Page) => page.getByRole("region", { name: /いま店内/ });
const reconnecting = (page: Page) => page.getByRole("status").filter({ hasText: "接続が切れました。つなぎ直しています…" });

/** A second tablet: a browser context of its own (its own cookie), the same size and language. */
async function secondTablet(context: BrowserContext, page: Page): Promise<Page> {
  const browser = context.browser()!;
  const second = await browser.newContext({
    baseURL: new URL(page.url()).origin,
    locale: "ja-JP",
    viewport: page.viewportSize(),
    hasTouch: true,
  });
  return second.newPage();
}

/** "+ new regular" at the register: the person is added and checked in. */
async function addAndCheckIn(page: Page, nickname: string) {
  await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${nickname}さん、いらっしゃいませ` })).toBeVisible();
}

test("a check-in on one tablet shows on the other at once; a dropped network is said and caught up", async ({ context, page }, info) => {
  const nickname = `ライブの${info.project.name === "phone" ? "ほの" : "あき"}`;
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);

  const other = await secondTablet(context, page);
  // The other tablet's clock is stopped once it shows the register: its 30-second re-read
  // cannot fire, so only a live update can bring the check-in to it.
  await other.clock.install();
  await other.goto("/");
  await waitForHydration(other);
  await unlockAsOwner(other);
  await expect(inTheShop(other).getByRole("heading", { name: /いま店内/ })).toBeVisible();
  await other.clock.pauseAt(Date.now() + 2_000);

  await addAndCheckIn(page, nickname);
  await expect(inTheShop(other).getByRole("link", { name: nickname, exact: true })).toBeVisible();

  // The other tablet loses the network: it says so, in words, while it tries again.
  await other.clock.resume();
  await other.context().setOffline(true);
  await expect(reconnecting(other)).toBeVisible();
  await other.screenshot({ path: `screenshots/${info.project.name}-register-reconnecting-ja-JP-light.png`, fullPage: true });

  // Meanwhile the person leaves at the first tablet; back online, the other catches up.
  await inTheShop(page).getByRole("button", { name: `${nickname}さんが帰った` }).click();
  await expect(inTheShop(page).getByRole("link", { name: nickname, exact: true })).toHaveCount(0);
  await other.context().setOffline(false);
  await expect(reconnecting(other)).toHaveCount(0);
  await expect(inTheShop(other).getByRole("link", { name: nickname, exact: true })).toHaveCount(0);
  await other.context().close();
});

test("a change made while a tablet was loading the register shows there once its live updates open", async ({ context, page }, info) => {
  const nickname = `ロード中の${info.project.name === "phone" ? "すず" : "かえ"}`;
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);

  const other = await secondTablet(context, page);
  await other.goto("/");
  await waitForHydration(other);
  await unlockAsOwner(other);
  // The other tablet reloads; its live updates open three seconds after its page was read
  // (a slow network). Its clock is stopped then, so its 30-second re-read cannot help.
  await other.route("**/events", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  });
  await other.clock.install();
  await other.reload();
  await waitForHydration(other);
  await other.clock.pauseAt(Date.now() + 2_000);

  await addAndCheckIn(page, nickname);
  await expect(inTheShop(other).getByRole("link", { name: nickname, exact: true })).toBeVisible({ timeout: 8_000 });
  await inTheShop(page).getByRole("button", { name: `${nickname}さんが帰った` }).click();
  await other.context().close();
});
