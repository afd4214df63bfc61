import { expect, Page, test } from "@playwright/test";
import { SHOP, tapPin, unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";
import * as fs from "node:fs";

// Flow 8 of the product brief, at the tablet: a regular's own data on request, their
// erasure, and the daily backup.
test.use({ locale: "ja-JP" });

const search = (page: Page) => page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）");

/** Adds a regular at the register, checks them in, and opens their card. */
async function addAndOpenCard(page: Page, nickname: string) {
  await search(page).fill(nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${nickname}さん、いらっしゃいませ` })).toBeVisible();
  await page.getByRole("link", { name: "カードを見る" }).click();
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: nickname })).toBeVisible();
}

test("the owner shows a regular their own data, as a page and a JSON file, then erases it", async ({ page }, info) => {
  const nickname = `消去テスト${info.project.name === "phone" ? "📱" : "🖥"}`;
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await addAndOpenCard(page, nickname);

  const theirs = page.getByRole("region", { name: "ご本人のデータ" });
  await theirs.getByRole("link", { name: "ご本人のデータを見る" }).click();
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(nickname);
  const visits = page.getByRole("region", { name: "来店" });
  await expect(visits.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("region", { name: "操作の記録" }).getByRole("row").nth(1)).toContainText("常連さんを登録");

  // The page's print button opens the browser's print dialog (counted here instead).
  await page.evaluate(() => {
    (window as any).__printed = 0;
    window.print = () => void (window as any).__printed++;
  });
  await page.getByRole("button", { name: "印刷する" }).click();
  expect(await page.evaluate(() => (window as any).__printed)).toBe(1);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "JSONでダウンロード" }).click();
  const file = await (await download).path();
  const data = JSON.parse(fs.readFileSync(file!, "utf8"));
  expect(data.regular.profile.nickname).toBe(nickname);
  expect(data.visits).toHaveLength(1);

  await page.getByRole("link", { name: "カードに戻る" }).click();
  await waitForHydration(page);
  const erase = page.getByRole("region", { name: "ご本人のデータ" });
  await expect(erase.getByRole("button", { name: "消去する（元に戻せません）" })).toBeHidden();
  await erase.getByText("このお客さまのデータを消去…").click();
  await erase.getByRole("button", { name: "消去する（元に戻せません）" }).click();
  await expect(page).toHaveURL(/\/$/);
  await waitForHydration(page);
  await search(page).fill(nickname);
  await expect(page.getByText("見つかりません。新しい常連さんですか？")).toBeVisible();

  await page.goto("/settings/audit");
  await waitForHydration(page);
  const log = page.getByRole("region", { name: "操作の記録" });
  await expect(log.getByRole("row").filter({ hasText: "個人データを消去" }).first()).toContainText(SHOP.owner);
  await expect(log).not.toContainText(nickname);
});

test("staff see no erasure and no data page on a regular's card", async ({ page }, info) => {
  const nickname = `スタッフ確認${info.project.name === "phone" ? "📱" : "🖥"}`;
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("button", { name: SHOP.staff, exact: true }).click();
  await tapPin(page, SHOP.staffPin);
  await addAndOpenCard(page, nickname);
  await expect(page.getByRole("region", { name: "ご本人のデータ" })).toHaveCount(0);
  await expect(page.getByText("このお客さまのデータを消去…")).toHaveCount(0);
});

test("the owner turns the daily backup on, a bad hour is refused, and backs up now", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await page.goto("/settings/data");
  await waitForHydration(page);
  const backups = page.getByRole("region", { name: "バックアップ" });
  await backups.getByLabel("毎日バックアップする").check();
  await backups.getByLabel("時刻（0〜23時、お店の時間）").fill("24");
  await backups.getByRole("button", { name: "保存する" }).click();
  await expect(backups.getByRole("alert")).toHaveText("時刻は0から23までの整数で入力してください。");

  await backups.getByLabel("時刻（0〜23時、お店の時間）").fill("4");
  await backups.getByLabel("残しておく数（1〜365）").fill("7");
  await backups.getByRole("button", { name: "保存する" }).click();
  await expect(backups.getByLabel("毎日バックアップする")).toBeChecked();
  await expect(backups.getByLabel("残しておく数（1〜365）")).toHaveValue("7");

  await backups.getByRole("button", { name: "今すぐバックアップ" }).click();
  await expect(backups.getByRole("status").filter({ hasText: "バックアップしました" })).toContainText(/joren-\d{4}-\d\d-\d\d-\d{6}\.db/);
  await expect(backups.getByText(/前回のバックアップ：/)).toBeVisible();
  await page.getByRole("link", { name: "操作の記録" }).click();
  await expect(page.getByRole("region", { name: "操作の記録" }).getByRole("row").nth(1)).toContainText("毎日4時にバックアップ・7個残す");
});
