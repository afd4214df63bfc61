import { expect, Page } from "@playwright/test";

/** Waits until the browser has taken over the server-rendered page (hydration is done). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Marks the current document so a test can prove that a click did not reload it. */
export async function markDocument(page: Page) {
  await page.evaluate(() => ((window as any).__jorenMark = "same-document"));
}

export async function expectSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as any).__jorenMark)).toBe("same-document");
}
