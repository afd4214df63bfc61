import { expect, test } from "@playwright/test";
import { expectSameDocument, markDocument, waitForHydration } from "./helpers";

test.describe("lock screen", () => {
  test("shows the shop and nothing personal, in Japanese for a Japanese browser", async ({ browser }) => {
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Joren");
    await expect(page.getByRole("status")).toHaveText("ロック中");
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await context.close();
  });

  test("the language switch changes the page without a reload and is kept", async ({ browser }) => {
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto("/");
    await waitForHydration(page);
    await markDocument(page);

    const switcher = page.getByRole("group", { name: "言語 / Language" });
    const english = switcher.getByRole("button", { name: "English" });
    await expect(switcher.getByRole("button", { name: "日本語" })).toHaveAttribute("aria-pressed", "true");

    await english.click();
    await expect(page.getByRole("status")).toHaveText("Locked");
    await expect(page.getByText("A shop where regulars meet.")).toBeVisible();
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
    await context.close();
  });

  test("an unknown address shows a page with a way back", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await waitForHydration(page);
    await page.getByRole("link", { name: /はじめの画面へ|Back to the start/ }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Joren");
  });
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
  expect(foreign).toEqual([]);
  // The page's policy allows its own hydration: nothing was blocked on the way.
  expect(violations).toEqual([]);
});
