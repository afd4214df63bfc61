import { expect, Page, test } from "@playwright/test";
import { newRegularButton, unlockAsOwner, waitForHydration } from "./helpers";

// A paper card carried over: a newcomer brings the stamps of the shop's old paper card, or the
// owner carries them over later on the regular's card. Once only; stamps, never visits.

/** A name of this run's own, so the tablet and phone runs do not meet each other's. */
const named = (base: string, project: string) => `${base}${project === "phone" ? "📱" : ""}`;

const texts = {
  "ja-JP": {
    search: "お名前か読みで探す（ひらがな・カタカナ・ローマ字）",
    newRegular: "＋ 新しい常連さん",
    nickname: "ニックネーム",
    paper: "紙のカードのスタンプ数（任意）",
    add: "登録してチェックイン",
    welcome: (name: string) => `${name}さん、いらっしゃいませ`,
    outOfRange: "0から9までの整数で入力してください。",
    nobody: "見つかりません。新しい常連さんですか？",
    stamps: (n: number) => `スタンプ ${n}/10`,
    seeCard: "カードを見る",
    stampCard: "スタンプカード",
    carried: (n: number) => `引き継ぎ · 紙のカードのスタンプ${n}個 · みどり`,
    carryOver: "紙のスタンプカードを引き継ぐ",
    paperOnCard: "紙のカードのスタンプ数",
    carry: "引き継ぐ",
    visits: "来店1回",
  },
  "en-US": {
    search: "Find by name or reading (kana or romaji)",
    newRegular: "+ New regular",
    nickname: "Nickname",
    paper: "Stamps on their paper card (optional)",
    add: "Add and check in",
    welcome: (name: string) => `Welcome, ${name}`,
    outOfRange: "Please enter a whole number from 0 to 9.",
    nobody: "Nobody found. A new regular?",
    stamps: (n: number) => `Stamps ${n}/10`,
    seeCard: "Open their card",
    stampCard: "Stamp card",
    carried: (n: number) => `Carried over · ${n} stamps from a paper card · みどり`,
    carryOver: "Carry over a paper card",
    paperOnCard: "Stamps on their paper card",
    carry: "Carry over",
    visits: "1 visit",
  },
};
type Texts = (typeof texts)["ja-JP"];

async function openRegister(page: Page) {
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
}

async function addNewRegular(page: Page, t: Texts, name: string, paper: string) {
  await page.getByLabel(t.search).fill(name);
  await newRegularButton(page, t.newRegular).click();
  await page.getByLabel(t.nickname).fill(name);
  await page.getByLabel(t.paper).fill(paper);
  await page.getByRole("button", { name: t.add }).click();
}

for (const locale of ["ja-JP", "en-US"] as const) {
  test.describe(`a paper card (${locale})`, () => {
    test.use({ locale });
    const t = texts[locale];

    test("a newcomer's paper card of 6 stamps is carried over with their first check-in", async ({ page }, info) => {
      // Names that no other run's search finds (romaji finds かみや as "kamiya").
      const phone = info.project.name === "phone";
      const name = locale === "ja-JP" ? (phone ? "ほしの" : "かみや") : phone ? "Paper Quinn" : "Paper Pat";
      await openRegister(page);
      // A full card's worth is not a paper card to carry: refused, and nobody is added.
      await addNewRegular(page, t, name, "10");
      await expect(page.getByText(t.outOfRange)).toBeVisible();
      await expect(page.getByLabel(t.paper)).toHaveAttribute("aria-invalid", "true");
      await page.getByLabel(t.search).fill(name);
      await expect(page.getByText(t.nobody)).toBeVisible();

      // Put right on the form, which stayed open with what was typed; full-width digits, as
      // a Japanese keyboard types them.
      await expect(page.getByLabel(t.nickname)).toHaveValue(name);
      await page.getByLabel(t.paper).fill("６");
      await page.getByRole("button", { name: t.add }).click();
      await expect(page.getByRole("status").filter({ hasText: t.welcome(name) })).toBeVisible();
      await expect(page.getByRole("img", { name: t.stamps(7) })).toBeVisible();

      await page.getByRole("link", { name: t.seeCard }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
      const card = page.getByRole("region", { name: t.stampCard });
      await expect(card.getByRole("listitem").filter({ hasText: t.carried(6) })).toBeVisible();
      await expect(page.getByText(t.visits)).toBeVisible();
      // Carried over once: the owner is not offered it again.
      await expect(page.locator("summary", { hasText: t.carryOver })).toHaveCount(0);
    });

    test("the owner carries a paper card over later, once", async ({ page }, info) => {
      const name = named(locale === "ja-JP" ? "あとで" : "Later", info.project.name);
      await openRegister(page);
      await addNewRegular(page, t, name, "");
      await expect(page.getByRole("img", { name: t.stamps(1) })).toBeVisible();
      await page.getByRole("link", { name: t.seeCard }).click();
      await waitForHydration(page);

      const card = page.getByRole("region", { name: t.stampCard });
      await card.locator("summary", { hasText: t.carryOver }).click();
      await card.getByLabel(t.paperOnCard, { exact: true }).fill("0");
      await card.getByRole("button", { name: t.carry, exact: true }).click();
      await expect(card.getByText(locale === "ja-JP" ? "1から9までの整数で入力してください。" : "Please enter a whole number from 1 to 9.")).toBeVisible();
      await card.getByLabel(t.paperOnCard, { exact: true }).fill("3");
      await card.getByRole("button", { name: t.carry, exact: true }).click();
      await expect(card.getByRole("listitem").filter({ hasText: t.carried(3) })).toBeVisible();
      await expect(card.getByRole("img", { name: t.stamps(4) })).toBeVisible();
      await expect(card.locator("summary", { hasText: t.carryOver })).toHaveCount(0);
      await expect(page.getByText(t.visits)).toBeVisible();
    });
  });
}
