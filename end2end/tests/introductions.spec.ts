import { expect, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";

// Flows 4 and 6 of the product brief: introduce two people in the shop from a suggestion,
// then record what the introduction led to.
test.use({ locale: "ja-JP" });

const named = (base: string, project: string) => `${base}${project === "phone" ? "📱" : ""}`;
const search = (page: Page) => page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）");
const inTheShop = (page: Page) => page.getByRole("region", { name: /いま店内/ });

/** "+ new regular", then their card: what they offer or look for, and consent to introductions. */
async function regularWhoMayMeet(page: Page, nickname: string, field: "できること" | "探していること", tags: string, link?: string) {
  await page.goto("/");
  await waitForHydration(page);
  await search(page).fill(nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${nickname}さん、いらっしゃいませ` })).toBeVisible();
  await inTheShop(page).getByRole("link", { name: nickname, exact: true }).click();
  await page.getByRole("link", { name: "編集する" }).click();
  await waitForHydration(page);
  await page.getByLabel(field).fill(tags);
  await page.getByLabel("ほかの常連さんに紹介してもよい").check();
  if (link) {
    await page.getByLabel("リンク（1行に1つ：名前 https://… か @instagram）").fill(link);
    await page.getByLabel("リンクやQRコードを見せてもよい").check();
  }
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("heading", { level: 1, name: nickname })).toBeVisible();
}

test("staff introduce two regulars in the shop from a suggestion, then record what it led to", async ({ page }, info) => {
  const yu = named("写真のゆう", info.project.name);
  const hana = named("パン屋のはな", info.project.name);
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await regularWhoMayMeet(page, yu, "できること", "photography", "@yu_photo");
  await regularWhoMayMeet(page, hana, "探していること", "photos for my shop");
  // Someone else she could meet, for the screenshots of the introduce screen.
  await regularWhoMayMeet(page, named("絵描きのれん", info.project.name), "探していること", "photography lessons");

  // From "in the shop now": introduce ゆう, and see whom she could meet.
  await page.goto("/");
  await waitForHydration(page);
  await inTheShop(page).getByRole("link", { name: `${yu}さんを紹介する` }).click();
  const suggestions = page.getByRole("region", { name: `${yu}さんへのおすすめ` });
  const choose = page.getByRole("link", { name: `${hana}さんを選ぶ` });
  const suggestion = suggestions.getByRole("listitem").filter({ has: choose });
  await expect(suggestion).toContainText(`${yu}さんの「photography」を、${hana}さんが探しています（「photos for my shop」）`);
  await suggestion.getByRole("link", { name: `${hana}さんを選ぶ` }).click();

  // Both side by side, what they could talk about, then "Introduce".
  await expect(page.getByRole("region", { name: hana })).toContainText("photos for my shop");
  const points = page.getByRole("region", { name: "話のきっかけ" });
  await expect(points).toContainText("photography");
  await waitForHydration(page);
  await points.getByLabel(/^メモ/).fill("写真展の話で盛り上がった");
  await points.getByRole("button", { name: "紹介した" }).click();

  // The introduction: when, by whom, and the follow-up.
  await expect(page.getByRole("heading", { level: 1, name: /と/ })).toContainText(yu);
  await expect(page.getByText("写真展の話で盛り上がった")).toBeVisible();
  await expect(page.getByText("まだ記録がありません")).toBeVisible();
  // Her portfolio, there and then, for the other to scan.
  const share = page.getByRole("region", { name: "スマホで読み取ってもらう" });
  await expect(share.getByRole("heading", { name: `${yu}さんのリンク` })).toBeVisible();
  await expect(share.getByRole("img", { name: "Instagram（@yu_photo）のQRコード" })).toBeVisible();
  const followUp = page.getByRole("region", { name: "その後を記録する" });
  await followUp.getByRole("radio", { name: "一緒に仕事をした" }).check();
  await followUp.getByLabel(/^メモ/).fill("新メニューの写真を撮った");
  await followUp.getByRole("button", { name: "記録する" }).click();
  await expect(page.getByRole("status").filter({ hasText: "記録しました。" })).toBeVisible();
  const history = page.getByRole("region", { name: "これまでの記録" });
  await expect(history).toContainText("一緒に仕事をした");
  await expect(history).toContainText("新メニューの写真を撮った");

  // The outcome can change later; the earlier one is kept.
  await followUp.getByRole("radio", { name: "お客さんになった" }).check();
  await followUp.getByRole("button", { name: "記録する" }).click();
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").first()).toContainText("お客さんになった");

  // Her card shows whom she met here, and what it led to.
  await page.getByRole("link", { name: hana, exact: true }).click();
  const met = page.getByRole("region", { name: "ここで出会った人" });
  await expect(met.getByRole("link", { name: yu, exact: true })).toBeVisible();
  await expect(met).toContainText("お客さんになった");

  // A second try shows when they met instead of introducing them again.
  await page.goto("/");
  await waitForHydration(page);
  await inTheShop(page).getByRole("link", { name: `${hana}さんを紹介する` }).click();
  await expect(page.getByRole("region", { name: `${hana}さんへのおすすめ` }).getByText(yu)).toHaveCount(0);
  // Found by name this time, rather than from the list.
  const picker = page.getByRole("region", { name: "ほかの人を選ぶ" });
  await waitForHydration(page);
  await picker.getByLabel("名前・読みで探す").fill(yu);
  await picker.getByRole("button", { name: "探す" }).click();
  await picker.getByRole("list").first().getByRole("link", { name: new RegExp(yu) }).click();
  await expect(page.getByRole("status").filter({ hasText: "出会っています" })).toBeVisible();
  await expect(page.getByRole("button", { name: "紹介した" })).toHaveCount(0);
});
