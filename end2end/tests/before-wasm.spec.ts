import { expect, Page, test } from "@playwright/test";
import { SHOP, expectSameDocument, markDocument, newRegularButton, waitForHydration } from "./helpers";

// The register works before its wasm has arrived, and without JavaScript at all: every
// action is a real form that the browser posts, and the page that comes back shows what it
// did. Once the wasm is there, the same controls act without a reload.

/** A name of this run's own, so the tablet and phone runs do not meet each other's. */
const named = (base: string, project: string) => `${base}${project === "phone" ? "📱" : ""}`;

const texts = {
  "ja-JP": {
    pinOf: (name: string) => `${name}さんのPIN`,
    search: "お名前か読みで探す（ひらがな・カタカナ・ローマ字）",
    found: "見つかった常連さん",
    newRegular: "＋ 新しい常連さん",
    nickname: "ニックネーム",
    reading: "読み（かな・任意）",
    paper: "紙のカードのスタンプ数（任意）",
    cameWith: "一緒に来た常連さん（任意）",
    paperOutOfRange: "0から9までの整数で入力してください。",
    add: "登録してチェックイン",
    welcome: (name: string) => `${name}さん、いらっしゃいませ`,
    already: (name: string) => `${name}さんはもうチェックイン済みです`,
    undo: "取り消す",
    undone: "チェックインを取り消しました。記録には取り消しとして残ります。",
    left: (name: string) => `${name}さんが帰った`,
    inTheShop: /いま店内/,
    lock: "ロックする",
    locked: "ロック中",
    wrongPin: "PINが違います。",
    tooLong: "40文字以内で入力してください。",
  },
  "en-US": {
    pinOf: (name: string) => `PIN for ${name}`,
    search: "Find by name or reading (kana or romaji)",
    found: "Regulars found",
    newRegular: "+ New regular",
    nickname: "Nickname",
    reading: "Reading (kana, optional)",
    paper: "Stamps on their paper card (optional)",
    cameWith: "Came with (optional)",
    paperOutOfRange: "Please enter a whole number from 0 to 9.",
    add: "Add and check in",
    welcome: (name: string) => `Welcome, ${name}`,
    already: (name: string) => `${name} is checked in already`,
    undo: "Undo",
    undone: "The check-in was undone",
    left: (name: string) => `${name} left`,
    inTheShop: /In the shop now/,
    lock: "Lock",
    locked: "Locked",
    wrongPin: "That PIN is not right.",
    tooLong: "Please keep it to 40 characters.",
  },
};
type Texts = (typeof texts)["ja-JP"];

/** Unlocks with the PIN typed into the keypad's field, as the tablet's own number pad does. */
async function unlockByField(page: Page, t: Texts, pin: string) {
  await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
  const keypad = page.getByRole("group", { name: t.pinOf(SHOP.owner) });
  await keypad.getByLabel(t.pinOf(SHOP.owner)).fill(pin);
  await keypad.getByRole("button", { name: "OK" }).click();
}

/** The register's flows, each a form post and a new page: nothing here needs the wasm. */
async function registerFlows(page: Page, t: Texts, name: string) {
  await page.goto("/");
  await unlockByField(page, t, "000000");
  await expect(page.getByRole("alert")).toHaveText(t.wrongPin);
  await unlockByField(page, t, SHOP.ownerPin);
  await expect(page.getByRole("button", { name: t.lock })).toBeVisible();

  // Bad input comes back on the form, with what was typed; nobody is added.
  await newRegularButton(page, t.newRegular).click();
  await page.getByLabel(t.nickname).fill("あ".repeat(41));
  await page.getByLabel(t.paper).fill("99");
  await page.getByRole("button", { name: t.add }).click();
  await expect(page.getByText(t.tooLong)).toBeVisible();
  await expect(page.getByText(t.paperOutOfRange)).toBeVisible();
  await expect(page.getByLabel(t.nickname)).toHaveValue("あ".repeat(41));
  await expect(page.getByLabel(t.paper)).toHaveValue("99");

  // Searched first: what was typed is carried over into the new regular's form.
  await page.getByLabel(t.search).fill(name);
  await page.getByLabel(t.search).press("Enter");
  await expect(page.getByLabel(t.search)).toHaveValue(name);
  await newRegularButton(page, t.newRegular).click();
  await expect(page.getByLabel(t.nickname)).toHaveValue(name);
  await page.getByRole("button", { name: t.add }).click();
  await expect(page.getByRole("status").filter({ hasText: t.welcome(name) })).toBeVisible();
  const shop = page.getByRole("region", { name: t.inTheShop });
  await expect(shop.getByRole("link", { name, exact: true })).toBeVisible();

  await page.getByRole("button", { name: t.undo }).click();
  await expect(page.getByText(t.undone)).toBeVisible();
  await expect(shop.getByRole("link", { name, exact: true })).toHaveCount(0);

  await page.getByLabel(t.search).fill(name);
  await page.getByLabel(t.search).press("Enter");
  await page.getByRole("list", { name: t.found }).getByRole("button", { name: new RegExp(name) }).click();
  await expect(page.getByRole("status").filter({ hasText: t.welcome(name) })).toBeVisible();
  await page.getByLabel(t.search).fill(name);
  await page.getByLabel(t.search).press("Enter");
  await page.getByRole("list", { name: t.found }).getByRole("button", { name: new RegExp(name) }).click();
  await expect(page.getByRole("status").filter({ hasText: t.already(name) })).toBeVisible();

  // A newcomer who came with them: chosen from the people in the shop, on a plain form too.
  const friend = `${name}2`;
  await newRegularButton(page, t.newRegular).click();
  await page.getByLabel(t.nickname).fill(friend);
  await page.getByLabel(t.cameWith).selectOption({ label: name });
  await page.getByRole("button", { name: t.add }).click();
  await expect(page.getByRole("status").filter({ hasText: t.welcome(friend) })).toBeVisible();
  await page.getByRole("link", { name: friend, exact: true }).first().click();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await page.goto("/");

  // "Left" tapped in the list of everyone comes back to that list.
  await page.goto("/?present=all");
  await shop.getByRole("button", { name: t.left(name) }).click();
  await expect(shop.getByRole("link", { name, exact: true })).toHaveCount(0);
  await expect(page).toHaveURL(/\/\?present=all$/);

  await page.getByRole("button", { name: t.lock }).click();
  await expect(page.getByRole("status")).toHaveText(t.locked);
}

for (const locale of ["ja-JP", "en-US"] as const) {
  test.describe(`without JavaScript (${locale})`, () => {
    test.use({ javaScriptEnabled: false, locale });

    test("unlock, search, + new regular, check in, undo, left and lock all work", async ({ page }, info) => {
      await registerFlows(page, texts[locale], named(locale === "ja-JP" ? "のえる" : "Noel", info.project.name));
    });
  });
}

/** Opens the register with every wasm request held back `ms`, and unlocks it before it comes. */
async function unlockWithTheWasmHeldBack(page: Page, t: Texts, ms: number) {
  await page.route("**/pkg/*.wasm", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
  await page.goto("/");
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await unlockByField(page, t, SHOP.ownerPin);
  await expect(page.getByRole("button", { name: t.lock })).toBeVisible();
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
}

test.describe("with the wasm held back five seconds", () => {
  test.use({ locale: "ja-JP" });

  test("every tap before it arrives is done once, and the page takes over when it comes", async ({ page }, info) => {
    const t = texts["ja-JP"];
    const name = named("まつ", info.project.name);
    await unlockWithTheWasmHeldBack(page, t, 5_000);

    // "+ New regular" opens its form in the page: no page load, no wasm.
    await markDocument(page);
    await newRegularButton(page, t.newRegular).click();
    await page.getByLabel(t.nickname).fill(name);
    await expectSameDocument(page);
    await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
    // A double tap before the wasm: one regular, one check-in.
    await page.getByRole("button", { name: t.add }).dblclick();
    await expect(page.getByRole("status").filter({ hasText: t.welcome(name) })).toBeVisible();
    await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");

    // The wasm arrives and takes over the same controls: no reload from here on.
    await waitForHydration(page);
    await page.evaluate(() => ((window as any).__jorenMark = "same-document"));
    await page.getByLabel(t.search).fill(name);
    await expect(page.getByRole("list", { name: t.found }).getByRole("button", { name: new RegExp(name) })).toHaveCount(1);
    const shop = page.getByRole("region", { name: t.inTheShop });
    await shop.getByRole("button", { name: t.left(name) }).click();
    await expect(shop.getByRole("link", { name, exact: true })).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).__jorenMark)).toBe("same-document");
  });
});

test.describe("with the wasm held back three seconds", () => {
  test.use({ locale: "en-US" });

  test("a new regular's form opened before it arrives stays open, with what was typed", async ({ page }, info) => {
    const t = texts["en-US"];
    const name = named("Rin", info.project.name);
    await unlockWithTheWasmHeldBack(page, t, 3_000);
    await markDocument(page);
    await newRegularButton(page, t.newRegular).click();
    await page.getByLabel(t.nickname).fill(name);

    await waitForHydration(page);
    await expect(page.getByLabel(t.nickname)).toHaveValue(name);
    await page.getByRole("button", { name: t.add }).click();
    await expect(page.getByRole("status").filter({ hasText: t.welcome(name) })).toBeVisible();
    // Taken over: the form closed itself after the check-in, and opens again, empty.
    await expect(page.getByLabel(t.nickname)).toBeHidden();
    await newRegularButton(page, t.newRegular).click();
    await expect(page.getByLabel(t.nickname)).toHaveValue("");
    await expectSameDocument(page);
  });
});
