import { execFileSync } from "node:child_process";
import * as path from "node:path";

import { expect, test } from "@playwright/test";
import { SHOP, seriousViolations, tapPin, waitForHydration } from "./helpers";

// One installation, two shops: the operator adds a bakery with `joren shop add`, and a tablet
// that opens /s/<slug> becomes the bakery's, while every other tablet stays at the café.
test.use({ locale: "ja-JP" });

const BAKERY = { name: "パン屋 こむぎ", owner: "けん", ownerPin: "271828" };

/** `joren shop ARGS…` over the server's own database, as the operator runs it. */
function joren_shop(...args: string[]): string {
  const dataDir = process.env.JOREN_E2E_DATA!;
  return execFileSync(path.join(dataDir, "install", "joren"), ["shop", ...args], {
    env: { ...process.env, JOREN_DATABASE_URL: `sqlite://${path.join(dataDir, "joren.db")}`, JOREN_LOG: "warn" },
    encoding: "utf8",
  });
}

test("a tablet opens another shop by its path, sets it up, and sees nothing of the café", async ({ page: bakery, browser, baseURL }, testInfo) => {
  // Each project (tablet, phone) adds a bakery of its own.
  const slug = `pan-ya-${testInfo.project.name}`;
  expect(joren_shop("add", slug)).toContain(`Added the shop '${slug}'`);

  await bakery.goto(`/s/${slug}`);
  await expect(bakery).toHaveURL(`${baseURL}/`);
  await expect(bakery.getByRole("heading", { level: 1 })).toHaveText("はじめまして。お店の準備をしましょう");
  await waitForHydration(bakery);
  await bakery.getByLabel("お店の名前").fill(BAKERY.name);
  await bakery.getByLabel("オーナーのお名前（スタッフ一覧に表示）").fill(BAKERY.owner);
  await bakery.getByLabel("PIN（6桁以上の数字）").fill(BAKERY.ownerPin);
  await bakery.getByLabel("PIN（確認）").fill(BAKERY.ownerPin);
  await bakery.getByRole("button", { name: "はじめる" }).click();
  await expect(bakery.getByRole("heading", { level: 1 })).toHaveText(`${BAKERY.owner}さん、おつかれさまです`);

  // The bakery's register knows none of the café's regulars.
  await bakery.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill("ゆう");
  await expect(bakery.getByText("見つかりません。新しい常連さんですか？")).toBeVisible();

  // The bakery's owner is told who backs the installation up, with no backup form.
  await bakery.getByRole("link", { name: "設定" }).click();
  await bakery.getByRole("link", { name: "データの管理" }).click();
  const backups = bakery.getByRole("region", { name: "バックアップ" });
  await expect(backups).toContainText("バックアップは運営する人が設定します");
  await expect(backups.getByLabel("毎日バックアップする")).toHaveCount(0);
  await expect(backups.getByRole("button", { name: "今すぐバックアップ" })).toHaveCount(0);
  await backups.scrollIntoViewIfNeeded();
  await bakery.screenshot({ path: `screenshots/${testInfo.project.name}-shops-bakery-backups-ja-JP-light.png` });

  // Locked, the bakery's tablet shows the bakery and its own staff only, after a reload too.
  await bakery.goto("/");
  await waitForHydration(bakery);
  await bakery.getByRole("button", { name: "ロックする" }).click();
  await bakery.reload();
  await expect(bakery.getByRole("heading", { level: 1 })).toHaveText(BAKERY.name);
  await expect(bakery.getByRole("button", { name: BAKERY.owner, exact: true })).toBeVisible();
  await expect(bakery.getByRole("button", { name: SHOP.owner, exact: true })).toHaveCount(0);
  await bakery.screenshot({ path: `screenshots/${testInfo.project.name}-shops-bakery-lock-ja-JP-light.png`, fullPage: true });
  expect(await seriousViolations(bakery), "the bakery's lock screen, by axe-core").toEqual([]);

  // Its owner's PIN opens the bakery again.
  await waitForHydration(bakery);
  await bakery.getByRole("button", { name: BAKERY.owner, exact: true }).click();
  await tapPin(bakery, BAKERY.ownerPin);
  await expect(bakery.getByRole("heading", { level: 1 })).toHaveText(`${BAKERY.owner}さん、おつかれさまです`);

  // A tablet that chose nothing is still at the café.
  const { viewport, hasTouch, isMobile } = testInfo.project.use;
  const elsewhere = await browser.newContext({ baseURL, locale: "ja-JP", viewport, hasTouch, isMobile });
  const cafe = await elsewhere.newPage();
  await cafe.goto("/");
  await expect(cafe.getByRole("heading", { level: 1 })).toHaveText(SHOP.name);
  await expect(cafe.getByRole("button", { name: SHOP.owner, exact: true })).toBeVisible();
  await expect(cafe.getByRole("button", { name: BAKERY.owner, exact: true })).toHaveCount(0);

  // A shop that is not served here is not found, and the tablet stays where it was.
  await bakery.goto("/s/no-such-shop");
  await expect(bakery.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
  await bakery.goto("/");
  await expect(bakery.getByRole("heading", { level: 1 })).toHaveText(`${BAKERY.owner}さん、おつかれさまです`);

  expect(joren_shop("list")).toContain(`${slug}\t${BAKERY.name}\t/s/${slug}\tset up`);
  await elsewhere.close();
});
