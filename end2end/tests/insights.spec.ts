import { expect, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";
import * as fs from "node:fs";

// Flow 7 of the product brief: the owner's insights, as pictures drawn on the server, for a
// period of their choosing, each chart's numbers as CSV.

async function checkInSomeoneNew(page: Page, nickname: string) {
  await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${nickname}さん、いらっしゃいませ` })).toBeVisible();
}

test.describe("in Japanese", () => {
  test.use({ locale: "ja-JP" });

  test("the owner sees today's visit in the charts, chooses a year, and downloads the numbers", async ({ page }, info) => {
    await page.goto("/");
    await waitForHydration(page);
    await unlockAsOwner(page);
    await checkInSomeoneNew(page, `グラフ${info.project.name === "phone" ? "📱" : "🖥"}`);
    await page.getByRole("link", { name: "お店のようす" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "お店のようす" })).toBeVisible();
    await waitForHydration(page);

    // Every chart is a picture with a name a screen reader reads out.
    for (const name of ["1日ごとの来店数", "混む曜日と時間", "月ごとのご紹介とその後"]) {
      await expect(page.getByRole("img", { name })).toBeVisible();
    }
    // The community graph: a picture once someone was introduced, else a sentence.
    await expect(page.getByRole("heading", { name: "ここで出会った人たち" })).toBeVisible();
    await expect(page.getByRole("img", { name: /^はじめての方とリピーター/ })).toBeVisible();
    const visits = page.locator(".insights__total").filter({ hasText: "来店" }).first();
    await expect(visits.locator("dd")).not.toHaveText("0");

    // A year, through the period form (a plain GET form).
    await page.getByLabel("期間").selectOption("year");
    await page.getByRole("button", { name: "表示する" }).click();
    await expect(page).toHaveURL(/period=year/);
    await expect(page.getByRole("img", { name: "週ごと", exact: false }).first()).toBeVisible();

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "数字をCSVで" }).first().click();
    const file = await (await download).path();
    const text = fs.readFileSync(file!, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain("day,visits");
    expect(text.trim().split("\n")).toHaveLength(366);

    // Regulars not seen lately: today's newcomer is not among them; the weeks are a plain
    // GET form that keeps the period, and the page says why there is no way to message them.
    const notSeen = page.getByRole("region", { name: "しばらくお見えでない常連さん" });
    await expect(notSeen).toBeVisible();
    await expect(notSeen).toContainText("連絡先も持っていません");
    await expect(notSeen).not.toContainText("グラフ");
    await notSeen.getByLabel("最後のご来店から").selectOption("2");
    await notSeen.getByRole("button", { name: "一覧を更新" }).click();
    await expect(page).toHaveURL(/weeks=2/);
    await expect(page).toHaveURL(/period=year/);
    await expect(page.getByRole("region", { name: "しばらくお見えでない常連さん" })).toContainText("この2週間お見えでない方");
    // And the period form keeps the weeks.
    await page.getByLabel("期間").selectOption("month");
    await page.getByRole("button", { name: "表示する" }).click();
    await expect(page).toHaveURL(/period=month/);
    await expect(page).toHaveURL(/weeks=2/);
  });

  test("a period whose first day comes after its last is refused in words", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await unlockAsOwner(page);
    await page.goto("/insights?period=custom&from=2026-11-02&to=2026-11-01");
    await expect(page.getByRole("alert")).toHaveText("最初の日が最後の日より後になっています。");
  });
});

test.describe("in English", () => {
  test.use({ locale: "en-GB" });

  test("the charts speak English", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await unlockAsOwner(page);
    await page.goto("/insights?period=week");
    await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
    await expect(page.getByRole("img", { name: "Visits per day" })).toBeVisible();
    await expect(page.getByRole("img", { name: "Busy hours by weekday" })).toBeVisible();
  });
});
