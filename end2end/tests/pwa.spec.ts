import { expect, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";

// The kiosk as a home-screen app: a manifest with icons, full screen, and an offline page
// instead of the browser's error, that never shows a kept copy of anyone's data.
test.use({ locale: "ja-JP" });

test("the kiosk is installable: a manifest for full screen, with PNG icons of the sizes it names", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const answer = await request.get(href!);
  expect(answer.ok()).toBe(true);
  expect(answer.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await answer.json();
  expect(manifest.display).toBe("fullscreen");
  expect(manifest.start_url).toBe("/");
  expect(manifest.name).toContain("Joren");
  type Icon = { src: string; sizes: string; type: string; purpose: string };
  const icons: Icon[] = manifest.icons;
  expect(icons.some((icon) => icon.purpose === "maskable")).toBe(true);
  for (const icon of icons.filter((icon) => icon.type === "image/png")) {
    const png = await request.get(icon.src);
    expect(png.ok(), icon.src).toBe(true);
    const bytes = await png.body();
    const [width, height] = icon.sizes.split("x").map(Number);
    // A PNG's size is in its header: width at byte 16, height at byte 20.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], icon.src).toEqual([width, height]);
  }
  for (const size of ["192x192", "512x512"]) {
    expect(icons.some((icon) => icon.sizes === size && icon.purpose === "any"), size).toBe(true);
  }
});

test("offline, a page says so and comes back by itself; a regular's card is never shown from a kept copy", async ({ page, context }, info) => {
  const nickname = `オフラインの${info.project.name === "phone" ? "すず" : "みお"}`;
  await page.goto("/");
  await waitForHydration(page);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await unlockAsOwner(page);
  await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await page.getByRole("region", { name: /いま店内/ }).getByRole("link", { name: nickname, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: nickname })).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("オフラインです");
  await expect(page.getByText("Offline — reconnecting…")).toBeVisible();
  await expect(page.getByText(nickname)).toHaveCount(0);
  await page.screenshot({ path: `screenshots/${info.project.name}-offline-ja-JP-light.png`, fullPage: true });

  await context.setOffline(false);
  await expect(page.getByRole("heading", { level: 1, name: nickname })).toBeVisible();
});
