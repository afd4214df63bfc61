import { expect, test } from "@playwright/test";
import { expectSameDocument, markDocument, SHOP, tapPin, unlockAsOwner, waitForHydration } from "./helpers";

test.describe("lock screen", () => {
  test.use({ locale: "ja-JP" });

  test("shows the shop and its staff, nothing about any customer", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(SHOP.name);
    await expect(page.getByRole("status")).toHaveText("ロック中");
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await expect(page.getByRole("button", { name: SHOP.owner, exact: true })).toBeVisible();
  });

  test("a wrong PIN is refused, the right one unlocks, lock locks again", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await markDocument(page);

    await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
    const keypad = page.getByRole("group", { name: `${SHOP.owner}さんのPIN` });
    await expect(keypad).toBeVisible();
    await tapPin(page, "142858");
    await expect(page.getByRole("alert")).toHaveText("PINが違います。");
    await expect(keypad.getByText("0桁入力済み")).toBeAttached();

    await tapPin(page, SHOP.ownerPin);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${SHOP.owner}さん、おつかれさまです`);
    await expect(page.getByText("オーナー", { exact: true })).toBeVisible();
    await expectSameDocument(page);

    // Signed in stays signed in across a reload (the session is on the server) …
    await page.reload();
    await expect(page.getByRole("button", { name: "ロックする" })).toBeVisible();
    await waitForHydration(page);
    // … until someone locks the kiosk.
    await page.getByRole("button", { name: "ロックする" }).click();
    await expect(page.getByRole("status")).toHaveText("ロック中");
    await page.reload();
    await expect(page.getByRole("status")).toHaveText("ロック中");
  });

  test("a member of staff unlocks with their own PIN and has no owner's settings", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await page.getByRole("button", { name: SHOP.staff, exact: true }).click();
    await tapPin(page, SHOP.ownerPin);
    await expect(page.getByRole("alert")).toHaveText("PINが違います。");
    await tapPin(page, SHOP.staffPin);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${SHOP.staff}さん、おつかれさまです`);
    await expect(page.getByText("スタッフ", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "設定" })).toHaveCount(0);
    // Typing the address does not help either.
    await page.goto("/settings");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("オーナー専用の画面です");
    await expect(page.getByRole("button", { name: "追加する" })).toHaveCount(0);
  });

  test("the language switch changes the page without a reload and is kept", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    await markDocument(page);

    const switcher = page.getByRole("group", { name: "言語 / Language" });
    const english = switcher.getByRole("button", { name: "English" });
    await expect(switcher.getByRole("button", { name: "日本語" })).toHaveAttribute("aria-pressed", "true");

    await english.click();
    await expect(page.getByRole("status")).toHaveText("Locked");
    await expect(page.getByText("Tap your name, then enter your PIN")).toBeVisible();
    await expect(english).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expectSameDocument(page);

    // The choice is kept: the server renders the next visit in English.
    await page.reload();
    await expect(page.getByRole("status")).toHaveText("Locked");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    await waitForHydration(page);
    await switcher.getByRole("button", { name: "日本語" }).click();
    await expect(page.getByRole("status")).toHaveText("ロック中");
  });

  test("a hardware keyboard works on the keypad too", async ({ page }) => {
    await page.goto("/");
    await waitForHydration(page);
    // Tapping the name puts the focus on the keypad: the digits go there at once.
    await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
    await expect(page.getByRole("group", { name: `${SHOP.owner}さんのPIN` })).toBeVisible();
    await page.keyboard.type(SHOP.ownerPin);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "ロックする" })).toBeVisible();
  });
});

test("the kiosk locks itself after two minutes without a touch", async ({ page }) => {
  await page.clock.install();
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  const lockButton = page.getByRole("button", { name: /^(ロックする|Lock)$/ });

  await page.clock.runFor("01:50");
  await expect(lockButton).toBeVisible();
  // A touch starts the two minutes again.
  await page.mouse.click(640, 400);
  await page.clock.runFor("01:50");
  await expect(lockButton).toBeVisible();

  await page.clock.runFor("00:15");
  await expect(page.getByRole("status")).toHaveText(/^(ロック中|Locked)$/);
  await page.reload();
  await expect(page.getByRole("status")).toHaveText(/^(ロック中|Locked)$/);
});

test("an unknown address shows a page with a way back", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await waitForHydration(page);
  await page.getByRole("link", { name: /はじめの画面へ|Back to the start/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SHOP.name);
});

test("healthz answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});

test("the kiosk loads its own wasm, script and style, nothing else, and breaks no policy", async ({ page, baseURL }) => {
  const own = new URL(baseURL!).host;
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http") && url.host !== own) {
      foreign.push(request.url());
    }
  });
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  const wasm = page.waitForResponse((response) => response.url().endsWith(".wasm"));
  await page.goto("/");
  expect((await wasm).status()).toBe(200);
  await waitForHydration(page);
  // Unlocking runs a server function through the page's own scripts.
  await unlockAsOwner(page);
  expect(foreign).toEqual([]);
  // The page's policy allows its own hydration: nothing was blocked on the way.
  expect(violations).toEqual([]);
});
