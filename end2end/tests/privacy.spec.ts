import { expect, Page, test } from "@playwright/test";
import { SHOP, unlockAsOwner, waitForHydration } from "./helpers";

// The shop's privacy notice: anyone reads it from the lock screen; the owner edits it.
// Each test leaves the notice at its default text, for the next project's run.
test.use({ locale: "ja-JP" });

const DEFAULT_JA_START = `${SHOP.name}（以下「当店」）では、`;

/** The owner unlocks and opens the privacy notice's section of the data care screen. */
async function privacySettings(page: Page) {
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await page.getByRole("link", { name: "設定" }).click();
  await page.getByRole("link", { name: "データの管理" }).click();
  await expect(page).toHaveURL(/\/settings\/data$/);
  await waitForHydration(page);
  return page.getByRole("region", { name: "プライバシーについて" });
}

test("the lock screen links to the notice, whose default text names the shop", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "プライバシーについて" }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("プライバシーについて");
  const notice = page.getByRole("article");
  await expect(notice.getByText(SHOP.name, { exact: true })).toBeVisible();
  await expect(notice.getByText(DEFAULT_JA_START)).toBeVisible();
  for (const heading of ["お預かりする情報", "利用目的", "第三者への提供", "開示・訂正・利用停止・消去のご依頼"]) {
    await expect(notice.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  await expect(notice.getByRole("listitem").filter({ hasText: "ニックネーム" }).first()).toBeVisible();
  await expect(notice.getByText("店頭でスタッフにお声がけください")).toBeVisible();

  // The same switch as the lock screen's reads it in English.
  await waitForHydration(page);
  const switcher = page.getByRole("group", { name: "言語 / Language" });
  await switcher.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
  await expect(notice.getByText(`At ${SHOP.name} we keep a stamp card`)).toBeVisible();
  await expect(notice.getByRole("heading", { level: 2, name: "Seeing, correcting or deleting your information" })).toBeVisible();
  await switcher.getByRole("button", { name: "日本語" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("プライバシーについて");

  await page.getByRole("link", { name: "戻る" }).click();
  await expect(page.getByRole("status")).toHaveText("ロック中");
});

test("the owner writes the Japanese notice, customers read it as text, and the default comes back", async ({ page }) => {
  const privacy = await privacySettings(page);
  const form = privacy.getByRole("form", { name: "日本語の文" });
  const japanese = form.getByRole("textbox", { name: "日本語の文" });
  await expect(japanese).toHaveValue(new RegExp(`^${DEFAULT_JA_START}`));
  await expect(form.getByText("いまは標準の文です。")).toBeVisible();
  await expect(form.getByRole("button", { name: "標準の文に戻す" })).toBeDisabled();

  await japanese.fill("■ 当店のお約束\n<b>ニックネーム</b>だけをお預かりします。\n二行目もそのまま。\n\n・電話番号はお聞きしません");
  await form.getByRole("button", { name: "保存する" }).click();
  await expect(form.getByRole("status")).toHaveText("保存しました。");
  await expect(form.getByText("いまはお店で書いた文です。")).toBeVisible();
  await page.getByRole("link", { name: "操作の記録" }).click();
  const log = page.getByRole("region", { name: "操作の記録" });
  await expect(log.getByRole("row").nth(1)).toContainText("プライバシーについて（日本語）");
  await expect(log.getByRole("row").nth(1)).toContainText(SHOP.owner);
  await page.getByRole("link", { name: "データの管理" }).click();

  await privacy.getByRole("link", { name: "お客さま向けのページを見る" }).click();
  const notice = page.getByRole("article");
  await expect(notice.getByRole("heading", { level: 2, name: "当店のお約束" })).toBeVisible();
  // What the owner typed is shown as it is, never read as markup.
  await expect(notice.getByText("<b>ニックネーム</b>だけをお預かりします。")).toBeVisible();
  await expect(notice.locator("b")).toHaveCount(0);
  await expect(notice.getByRole("listitem")).toHaveText(["電話番号はお聞きしません"]);
  await expect(notice.getByText(DEFAULT_JA_START)).toHaveCount(0);
  // A customer's phone, without any session, reads the same.
  const phone = await page.context().browser()!.newContext({ locale: "ja-JP" });
  const phonePage = await phone.newPage();
  await phonePage.goto(new URL("/privacy", page.url()).toString());
  await expect(phonePage.getByRole("heading", { level: 2, name: "当店のお約束" })).toBeVisible();
  await phone.close();

  await page.goto("/settings/data");
  await waitForHydration(page);
  await form.getByRole("button", { name: "標準の文に戻す" }).click();
  await expect(form.getByRole("status")).toHaveText("標準の文に戻しました。");
  await expect(japanese).toHaveValue(new RegExp(`^${DEFAULT_JA_START}`));
  await expect(form.getByText("いまは標準の文です。")).toBeVisible();
  await expect(form.getByRole("button", { name: "標準の文に戻す" })).toBeDisabled();
  await page.getByRole("link", { name: "操作の記録" }).click();
  await expect(log.getByRole("row").nth(1)).toContainText("プライバシーについて（日本語）：標準の文に戻す");

  await page.goto("/privacy");
  await expect(page.getByRole("article").getByText(DEFAULT_JA_START)).toBeVisible();
  await expect(page.getByRole("heading", { name: "当店のお約束" })).toHaveCount(0);
});

test("an empty notice is refused next to its field, and nothing changes", async ({ page }) => {
  const privacy = await privacySettings(page);
  const form = privacy.getByRole("form", { name: "英語の文" });
  const english = form.getByRole("textbox", { name: "英語の文" });
  const before = await english.inputValue();
  expect(before).toContain(`At ${SHOP.name}`);

  await english.fill("  \n  ");
  await form.getByRole("button", { name: "保存する" }).click();
  await expect(english).toHaveAccessibleDescription("入力してください。");
  await expect(english).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("status")).toHaveCount(0);
  await page.getByRole("link", { name: "操作の記録" }).click();
  const log = page.getByRole("region", { name: "操作の記録" });
  await expect(log.getByRole("row").nth(1)).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "プライバシーについて（英語）" })).toHaveCount(0);

  // Read again: the English text is still the default, for the owner and for customers.
  await page.getByRole("link", { name: "データの管理" }).click();
  await waitForHydration(page);
  await expect(english).toHaveValue(before);
  await expect(english).toHaveAttribute("aria-invalid", "false");
  await expect(form.getByText("いまは標準の文です。")).toBeVisible();
  await page.goto("/privacy");
  await waitForHydration(page);
  await page.getByRole("group", { name: "言語 / Language" }).getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("article").getByText(`At ${SHOP.name} we keep a stamp card`)).toBeVisible();
});
