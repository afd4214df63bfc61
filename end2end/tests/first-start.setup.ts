import { expect, test } from "@playwright/test";
import { SHOP, seriousViolations, waitForHydration } from "./helpers";

// Runs once, before the other tests: a new shop asks for its owner before anything else.
test.use({ locale: "ja-JP" });

test("first start: the owner names the shop, chooses a PIN, and lands at the register", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("はじめまして。お店の準備をしましょう");
  await waitForHydration(page);
  for (const [name, size] of [
    ["tablet", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `screenshots/${name}-first-start-ja-JP-light.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await seriousViolations(page), "the first start, by axe-core").toEqual([]);

  const shopName = page.getByLabel("お店の名前");
  const ownerName = page.getByLabel("オーナーのお名前（スタッフ一覧に表示）");
  const pin = page.getByLabel("PIN（6桁以上の数字）");
  const pinAgain = page.getByLabel("PIN（確認）");
  const start = page.getByRole("button", { name: "はじめる" });

  // Nothing filled in: each field says what it needs, and nothing is saved.
  await start.click();
  await expect(shopName).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("入力してください。").first()).toBeVisible();

  // A PIN too short for an owner.
  await shopName.fill(SHOP.name);
  await ownerName.fill(SHOP.owner);
  await pin.fill("1428");
  await pinAgain.fill("1428");
  await start.click();
  await expect(page.getByText("PINは6桁以上にしてください。")).toBeVisible();
  await page.screenshot({ path: "screenshots/tablet-first-start-errors-ja-JP-light.png", fullPage: true });
  expect(await seriousViolations(page), "the first start's errors, by axe-core").toEqual([]);

  // Two different PINs.
  await pin.fill(SHOP.ownerPin);
  await pinAgain.fill("142858");
  await start.click();
  await expect(page.getByText("確認用のPINが一致しません。")).toBeVisible();

  await pinAgain.fill(SHOP.ownerPin);
  await start.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${SHOP.owner}さん、おつかれさまです`);
  await expect(page.getByText(SHOP.name)).toBeVisible();

  // The owner adds a member of staff in the settings.
  await page.getByRole("link", { name: "設定" }).click();
  await expect(page.getByRole("heading", { name: "スタッフを追加" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("お名前（スタッフ一覧に表示）").fill(SHOP.staff);
  await page.getByLabel("PIN（4桁以上の数字）").fill("27");
  await page.getByLabel("PIN（確認）").fill("27");
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByText("PINは4桁以上にしてください。")).toBeVisible();
  await page.getByLabel("PIN（4桁以上の数字）").fill(SHOP.staffPin);
  await page.getByLabel("PIN（確認）").fill(SHOP.staffPin);
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("status")).toHaveText("追加しました。");
  await expect(page.getByRole("listitem").filter({ hasText: SHOP.staff })).toBeVisible();
  await expect(page.getByLabel("お名前（スタッフ一覧に表示）")).toHaveValue("");
  await page.screenshot({ path: "screenshots/tablet-settings-ja-JP-light.png", fullPage: true });
  await page.getByRole("link", { name: "レジに戻る" }).click();

  // Locking leaves the shop's sign and the staff picker.
  await page.getByRole("button", { name: "ロックする" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SHOP.name);
  await expect(page.getByRole("status")).toHaveText("ロック中");
  await expect(page.getByRole("button", { name: SHOP.owner, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: SHOP.staff, exact: true })).toBeVisible();
});
