import { expect, Page, test } from "@playwright/test";
import { newRegularButton, unlockAsOwner, waitForHydration } from "./helpers";

// Who brought whom: "+ new regular" records the regular a newcomer came with (one of the people
// in the shop now), the owner's thank-you stamp goes onto that regular's card once, and both
// cards show it.

const texts = {
  "ja-JP": {
    search: "お名前か読みで探す（ひらがな・カタカナ・ローマ字）",
    newRegular: "＋ 新しい常連さん",
    nickname: "ニックネーム",
    cameWith: "一緒に来た常連さん（任意）",
    add: "登録してチェックイン",
    welcome: (name: string) => `${name}さん、いらっしゃいませ`,
    thanked: (name: string) => `${name}さんにお礼のスタンプを押しました（2/10）`,
    seeCard: "カードを見る",
    stampCard: "スタンプカード",
    cameWithRow: "一緒に来た常連さん",
    broughtRow: "連れてきた新しいお客さん",
    ledger: "お礼のスタンプ · 新しいお客さんを連れてきたお礼に1つ · みどり",
    stamps: "スタンプ 2/10",
    settingsRules: "スタンプカード",
    perCard: /^1枚のスタンプ数/,
    gap: /^次のスタンプまでの間隔/,
    thankYou: "新しいお客さんを連れてきた常連さんに、お礼のスタンプを1つ押す（新しいお客さん1人につき1回）",
    save: "保存する",
    saved: "保存しました。",
  },
  "en-US": {
    search: "Find by name or reading (kana or romaji)",
    newRegular: "+ New regular",
    nickname: "Nickname",
    cameWith: "Came with (optional)",
    add: "Add and check in",
    welcome: (name: string) => `Welcome, ${name}`,
    thanked: (name: string) => `A thank-you stamp for ${name}: 2/10`,
    seeCard: "Open their card",
    stampCard: "Stamp card",
    cameWithRow: "Came with",
    broughtRow: "Brought",
    ledger: "Thank-you stamp · 1 stamp for bringing a newcomer · みどり",
    stamps: "Stamps 2/10",
    settingsRules: "Stamp card",
    perCard: /^Stamps per card/,
    gap: /^Minutes between two stamps/,
    thankYou: "Thank a regular who brings a newcomer with one stamp (once per newcomer)",
    save: "Save",
    saved: "Saved.",
  },
};
type Texts = (typeof texts)["ja-JP"];

async function thankYouStampOn(page: Page, t: Texts) {
  await page.goto("/settings");
  await waitForHydration(page);
  const rules = page.getByRole("region", { name: t.settingsRules });
  await rules.getByLabel(t.perCard).fill("10");
  await rules.getByLabel(t.gap).fill("240");
  await rules.getByLabel(t.thankYou).check();
  await rules.getByRole("button", { name: t.save }).click();
  await expect(rules.getByRole("status")).toHaveText(t.saved);
  await page.goto("/");
  await waitForHydration(page);
}

async function addNewRegular(page: Page, t: Texts, name: string, cameWith?: string) {
  await page.getByLabel(t.search).fill(name);
  await newRegularButton(page, t.newRegular).click();
  await page.getByLabel(t.nickname).fill(name);
  if (cameWith) {
    await page.getByLabel(t.cameWith).selectOption({ label: cameWith });
  }
  await page.getByRole("button", { name: t.add }).click();
  await expect(page.getByRole("status").filter({ hasText: t.welcome(name) })).toBeVisible();
}

for (const locale of ["ja-JP", "en-US"] as const) {
  test.describe(`who brought whom (${locale})`, () => {
    test.use({ locale });
    const t = texts[locale];

    test("a newcomer brought by a regular thanks them with a stamp, shown on both cards", async ({ page }, info) => {
      const phone = info.project.name === "phone";
      const [bringer, newcomer] =
        locale === "ja-JP"
          ? phone
            ? ["つれてくる", "はじめて"]
            : ["ゆきお", "はなえ"]
          : phone
            ? ["Bringer Bo", "Newcomer Nia"]
            : ["Bringer Bea", "Newcomer Ned"];
      await page.goto("/");
      await waitForHydration(page);
      await unlockAsOwner(page);
      await thankYouStampOn(page, t);

      await addNewRegular(page, t, bringer);
      await addNewRegular(page, t, newcomer, bringer);
      // The result says the thank-you, with the bringer's card after it.
      await expect(page.getByRole("status").filter({ hasText: t.thanked(bringer) })).toBeVisible();

      await page.getByRole("link", { name: t.seeCard }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(newcomer);
      const cameWith = page.getByRole("definition").filter({ has: page.getByRole("link", { name: bringer }) });
      await expect(page.getByRole("term").filter({ hasText: t.cameWithRow })).toBeVisible();
      await cameWith.getByRole("link", { name: bringer }).click();

      await expect(page.getByRole("heading", { level: 1 })).toHaveText(bringer);
      await expect(page.getByRole("term").filter({ hasText: t.broughtRow })).toBeVisible();
      await expect(page.getByRole("link", { name: newcomer })).toBeVisible();
      const card = page.getByRole("region", { name: t.stampCard });
      await expect(card.getByRole("listitem").filter({ hasText: t.ledger })).toBeVisible();
      await expect(card.getByRole("img", { name: t.stamps })).toBeVisible();
    });
  });
}
