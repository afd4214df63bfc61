import { expect, test } from "@playwright/test";
import { SHOP, tapPin, unlockAsOwner, waitForHydration } from "./helpers";

// The owner's settings: the idle lock, who waits after wrong PINs, and the audit log (a screen
// of its own beside them).
test.use({ locale: "ja-JP" });

test("the owner sets the idle lock; a bad value is refused; the change is in the audit log", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await page.getByRole("link", { name: "設定" }).click();
  await waitForHydration(page);
  const kiosk = page.getByRole("region", { name: "自動ロック" });
  const minutes = kiosk.getByLabel("ロックまでの時間（1〜30分）");
  await expect(minutes).toHaveValue("2");

  await minutes.fill("0");
  await kiosk.getByRole("button", { name: "保存する" }).click();
  await expect(kiosk.getByText("1から30までの整数で入力してください。")).toBeVisible();

  await minutes.fill("5");
  await kiosk.getByRole("button", { name: "保存する" }).click();
  await expect(kiosk.getByRole("status")).toHaveText("保存しました。");
  await page.getByRole("link", { name: "操作の記録" }).click();
  const log = page.getByRole("region", { name: "操作の記録" });
  // The newest entry is on top.
  await expect(log.getByRole("row").nth(1)).toContainText("自動ロック：2分 → 5分");
  await expect(log.getByRole("row").nth(1)).toContainText(SHOP.owner);

  // Back to two minutes: the kiosk tests count on it.
  await page.getByRole("link", { name: "設定" }).click();
  await expect(minutes).toHaveValue("5");
  await minutes.fill("2");
  await kiosk.getByRole("button", { name: "保存する" }).click();
  await expect(kiosk.getByRole("status")).toHaveText("保存しました。");
  await page.getByRole("link", { name: "操作の記録" }).click();
  await expect(log.getByRole("row").nth(1)).toContainText("自動ロック：5分 → 2分");
});

test("the owner sees a member waiting after wrong PINs and lets them try again", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("button", { name: SHOP.staff, exact: true }).click();
  for (let n = 0; n < 5; n++) {
    await tapPin(page, "9999");
    await expect(page.getByRole("alert")).toBeVisible();
  }
  await expect(page.getByRole("alert")).toContainText("秒");

  await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
  await tapPin(page, SHOP.ownerPin);
  await page.getByRole("link", { name: "設定" }).click();
  await waitForHydration(page);
  const waits = page.getByRole("region", { name: "PINの入力ミス" });
  await expect(waits.getByRole("listitem").filter({ hasText: SHOP.staff })).toContainText("5回続けて入力ミス");
  await waits.getByRole("button", { name: `${SHOP.staff}の待機を解除` }).click();
  await expect(waits.getByText("待たされている人や端末はありません。")).toBeVisible();
  await page.getByRole("link", { name: "操作の記録" }).click();
  await expect(page.getByRole("region", { name: "操作の記録" }).getByRole("row").filter({ hasText: "待機を解除" }).first()).toBeVisible();

  await page.getByRole("link", { name: "レジに戻る" }).click();
  await page.getByRole("button", { name: "ロックする" }).click();
  await page.getByRole("button", { name: SHOP.staff, exact: true }).click();
  await tapPin(page, SHOP.staffPin);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${SHOP.staff}さん、おつかれさまです`);
});
