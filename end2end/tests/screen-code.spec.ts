import { expect, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration } from "./helpers";

// Every screen but the register has its code in wasm files of its own, fetched when the
// screen is first opened (docs/architecture.md: "Each screen's code, loaded when it is first opened").
test.use({ locale: "ja-JP" });

const SCREEN_CODE = /\/pkg\/(split_|chunk_)[^/]*\.wasm$/;

test("the register needs no screen's code; the settings fetch theirs when opened", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (request) => {
    if (SCREEN_CODE.test(request.url())) fetched.push(request.url());
  });
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  expect(fetched).toEqual([]);

  await page.getByRole("link", { name: "設定" }).click();
  await expect(page.getByRole("region", { name: "自動ロック" })).toBeVisible();
  expect(fetched.some((url) => url.includes("settings_page_view"))).toBe(true);

  // The data care screen beside the settings has code of its own, fetched when it opens.
  expect(fetched.some((url) => url.includes("data_care_page_view"))).toBe(false);
  await page.getByRole("link", { name: "データの管理" }).click();
  await expect(page.getByRole("region", { name: "バックアップ" })).toBeVisible();
  expect(fetched.some((url) => url.includes("data_care_page_view"))).toBe(true);
});

test("when a screen's code cannot be fetched, the screen comes from the server instead", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  // The shop's Wi-Fi drops the first request for a screen's code.
  let dropped = 0;
  await page.route(SCREEN_CODE, (route) => {
    if (dropped === 0) {
      dropped += 1;
      return route.abort("connectionreset");
    }
    return route.continue();
  });

  await page.getByRole("link", { name: "設定" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await waitForHydration(page);
  const kiosk = page.getByRole("region", { name: "自動ロック" });
  await expect(kiosk.getByLabel("ロックまでの時間（1〜30分）")).toHaveValue("2");
  expect(dropped).toBe(1);

  // The page works: back to the register by its link.
  await page.getByRole("link", { name: "レジに戻る" }).click();
  await expect(page).toHaveURL(/\/$/);
});
