import { expect, Page, test } from "@playwright/test";
import { markDocument, expectSameDocument, unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";

// Flows 1-3 of the product brief at the register: check-in, loyalty, in the shop now.
test.use({ locale: "ja-JP" });

/** A name of this run's own, so the tablet and phone runs do not meet each other's. */
const named = (base: string, project: string) => `${base}${project === "phone" ? "📱" : ""}`;

async function openRegister(page: Page) {
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
}

const search = (page: Page) => page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）");
const inTheShop = (page: Page) => page.getByRole("region", { name: /いま店内/ });

async function addAndCheckIn(page: Page, nickname: string, reading: string) {
  await search(page).fill(reading || nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  await page.getByLabel("読み（かな・任意）").fill(reading);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${nickname}さん、いらっしゃいませ` })).toBeVisible();
}

async function setStampRules(page: Page, stamps: string, gap: string) {
  await page.goto("/settings");
  await waitForHydration(page);
  await page.getByLabel(/^1枚のスタンプ数/).fill(stamps);
  await page.getByLabel(/^次のスタンプまでの間隔/).fill(gap);
  await page.getByRole("region", { name: "スタンプカード" }).getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("region", { name: "スタンプカード" }).getByRole("status")).toHaveText("保存しました。");
}

test("a new regular is checked in at once, found again by kana, katakana and romaji, and leaves", async ({ page }, info) => {
  const yu = named("ゆー。", info.project.name);
  await openRegister(page);
  await markDocument(page);
  await addAndCheckIn(page, yu, "ゆう");
  await expect(page.getByRole("img", { name: /^スタンプ 1\// })).toBeVisible();
  await expect(inTheShop(page).getByRole("link", { name: yu, exact: true })).toBeVisible();
  await expect(search(page)).toHaveValue("");

  for (const typed of ["ゆう", "ユウ", "yu"]) {
    await search(page).fill(typed);
    await expect(page.getByRole("list", { name: "見つかった常連さん" }).getByRole("button", { name: new RegExp(yu) })).toBeVisible();
  }
  // A second tap: already here, no second stamp.
  await page.getByRole("list", { name: "見つかった常連さん" }).getByRole("button", { name: new RegExp(yu) }).click();
  await expect(page.getByRole("status").filter({ hasText: `${yu}さんはもうチェックイン済みです` })).toBeVisible();

  await inTheShop(page).getByRole("button", { name: `${yu}さんが帰った` }).click();
  await expect(inTheShop(page).getByRole("link", { name: yu, exact: true })).toHaveCount(0);
  await expectSameDocument(page);
});

test("a full card earns the reward, staff hand it over, and the ledger keeps both", async ({ page }, info) => {
  const ken = named("Ken", info.project.name);
  await openRegister(page);
  await setStampRules(page, "2", "0");
  await page.goto("/");
  await waitForHydration(page);

  await addAndCheckIn(page, ken, "");
  await expect(page.getByRole("img", { name: "スタンプ 1/2" })).toBeVisible();
  await inTheShop(page).getByRole("button", { name: `${ken}さんが帰った` }).click();
  await expect(inTheShop(page).getByRole("link", { name: ken, exact: true })).toHaveCount(0);

  await search(page).fill("ken");
  await page.getByRole("list", { name: "見つかった常連さん" }).getByRole("button", { name: new RegExp(ken) }).click();
  await expect(page.getByRole("img", { name: "スタンプ 2/2" })).toBeVisible();
  const reward = page.getByRole("group", { name: "特典" });
  await expect(reward).toContainText("ドリンク1杯無料");
  await reward.getByRole("button", { name: "特典を渡した" }).click();
  await expect(page.getByText("特典を渡しました。記録しました。")).toBeVisible();

  // The check-in whose reward was handed over cannot be undone any more.
  await page.getByRole("button", { name: "取り消す" }).click();
  await expect(page.getByText("このスタンプの特典はもう渡したので取り消せません。")).toBeVisible();

  await page.getByRole("link", { name: "カードを見る" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ken);
  const rewards = page.getByRole("region", { name: "スタンプカード" });
  await expect(rewards.getByRole("listitem").filter({ hasText: "利用" })).toBeVisible();
  await expect(rewards.getByRole("listitem").filter({ hasText: "獲得" })).toBeVisible();

  await setStampRules(page, "10", "240");
});

test("a mistaken check-in is undone, kept in the history and marked", async ({ page }, info) => {
  const hana = named("はなこ", info.project.name);
  await openRegister(page);
  await addAndCheckIn(page, hana, "はなこ");
  await page.getByRole("button", { name: "取り消す" }).click();
  await expect(page.getByText("チェックインを取り消しました。記録には取り消しとして残ります。")).toBeVisible();
  await expect(inTheShop(page).getByRole("link", { name: hana, exact: true })).toHaveCount(0);

  await search(page).fill("hanako");
  await page.getByRole("list", { name: "見つかった常連さん" }).getByRole("button", { name: new RegExp(hana) }).waitFor();
  await page.goto("/");
  await waitForHydration(page);
  await search(page).fill("はなこ");
  const found = page.getByRole("list", { name: "見つかった常連さん" }).getByRole("button", { name: new RegExp(hana) });
  await expect(found).toContainText("0/10");
});

test("bad input on a new regular is named on the form and adds nobody", async ({ page }) => {
  await openRegister(page);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill("あ".repeat(200));
  await page.getByLabel("読み（かな・任意）").fill("yu");
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await expect(page.getByText("40文字以内で入力してください。")).toBeVisible();
  await expect(page.getByText("読みはひらがなかカタカナで入力してください（例：ゆう）。")).toBeVisible();
  await expect(page.getByLabel("ニックネーム")).toHaveAttribute("aria-invalid", "true");
  await search(page).fill("ぬぬぬ");
  await expect(page.getByText("見つかりません。新しい常連さんですか？")).toBeVisible();
});

test("a regular's profile is edited: tagline, tags, links, consents; a bad link is refused", async ({ page }, info) => {
  const taro = named("たろう", info.project.name);
  await openRegister(page);
  await addAndCheckIn(page, taro, "たろう");
  await page.getByRole("link", { name: "カードを見る" }).click();
  await page.getByRole("link", { name: "編集する" }).click();
  await waitForHydration(page);
  await page.getByLabel(/^ひとこと/).fill("日本を歩いて縦断した写真家");
  await page.getByLabel(/^好きなこと/).fill("写真、旅、コーヒー");
  await page.getByLabel("できること").fill("写真撮影");
  await page.getByLabel("リンク（1行に1つ：名前 https://… か @instagram）").fill("javascript:alert(1)");
  await page.getByLabel("ほかの常連さんに紹介してもよい").check();
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("javascript: のリンクは使えません。http(s):// だけです。")).toBeVisible();

  await page.getByLabel("リンク（1行に1つ：名前 https://… か @instagram）").fill("@yu_photo");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(taro);
  const profile = page.getByRole("region", { name: "プロフィール" });
  await expect(profile).toContainText("日本を歩いて縦断した写真家");
  await expect(profile.getByRole("listitem").filter({ hasText: "コーヒー" })).toBeVisible();
  // Links without the consent to show them: the address, and no QR code.
  const links = page.getByRole("region", { name: "リンクとQRコード" });
  await expect(links).toContainText("@yu_photo");
  await expect(links.getByRole("img")).toHaveCount(0);
  await expect(profile.getByRole("list", { name: "同意" })).toContainText("紹介: 同意あり");
  await expect(profile.getByRole("list", { name: "同意" })).toContainText("リンクの表示: 同意なし");
});

test("a slow answer to an earlier search never replaces the answer to a newer one", async ({ page }) => {
  await openRegister(page);
  // The answer to "k" is held back until after the answer to "ke" has arrived.
  await page.route("**/api/search_regulars", async (route) => {
    if (new URLSearchParams(route.request().postData() ?? "").get("query") === "k") {
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    await route.continue();
  });
  const found = page.getByRole("list", { name: "見つかった常連さん" });
  await search(page).pressSequentially("ke");
  await expect(found.getByRole("button", { name: /^Ken/ }).first()).toBeVisible();
  // "k" would also find はなこ (hanako); its late answer must not be shown.
  await page.waitForTimeout(2000);
  await expect(found.getByRole("button", { name: /はなこ/ })).toHaveCount(0);
  await expect(search(page)).toHaveValue("ke");
});

test("the top bar takes one row, and the search and the list are in view", async ({ page }) => {
  await openRegister(page);
  const bar = await page.getByRole("banner").boundingBox();
  expect(bar!.height, "one row of buttons").toBeLessThan(80);
  await expect(search(page)).toBeInViewport();
  await expect(page.getByRole("button", { name: "ロックする" })).toBeVisible();
});

test("\"+ new regular\" opens a fresh form each time: what was typed and the last try's problems are gone", async ({ page }, info) => {
  await openRegister(page);
  await markDocument(page);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill("あ".repeat(41));
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await expect(page.getByText("40文字以内で入力してください。")).toBeVisible();
  await page.getByRole("button", { name: "やめる" }).click();
  await expect(page.getByLabel("ニックネーム")).toBeHidden();

  const name = named("ひらく", info.project.name);
  await search(page).fill(name);
  await newRegularButton(page).click();
  await expect(page.getByLabel("ニックネーム")).toHaveValue(name);
  await expect(page.getByText("40文字以内で入力してください。")).toHaveCount(0);
  await expect(page.getByLabel("ニックネーム")).toHaveAttribute("aria-invalid", "false");
  await expectSameDocument(page);
});
