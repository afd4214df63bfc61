import AxeBuilder from "@axe-core/playwright";
import { expect, Locator, Page } from "@playwright/test";

/** The shop the first start creates; every other test signs in to it. */
export const SHOP = { name: "珈琲 ゆるり", owner: "みどり", ownerPin: "142857", staff: "さくら", staffPin: "2718" };

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

/** Types a PIN on the on-screen keypad, as staff do. */
export async function tapPin(page: Page, pin: string) {
  const keypad = page.getByRole("group", { name: /PIN/ });
  for (const digit of pin) {
    await keypad.getByRole("button", { name: digit, exact: true }).click();
  }
  await keypad.getByRole("button", { name: "OK" }).click();
}

/** From the lock screen: taps the owner's name and enters the PIN. */
export async function unlockAsOwner(page: Page) {
  await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
  await tapPin(page, SHOP.ownerPin);
  await expect(page.getByRole("button", { name: /^(ロックする|Lock)$/ })).toBeVisible();
}

/** axe-core's serious and critical findings on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/**
 * "+ New regular" on the register. It is a disclosure (`<summary>`), so that it opens its form
 * before the wasm has arrived without a page load. Screen readers call it a button; Playwright's
 * roles leave `<summary>` out, so it is found as the summary that says it.
 */
export function newRegularButton(page: Page, text = "＋ 新しい常連さん"): Locator {
  return page.locator("summary", { hasText: text });
}

/** Waits until a server started by a test answers at `url` (its `/healthz`). */
export async function waitUntilUp(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}
