import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { expect, Locator, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration } from "./helpers";

// Flow 5 of the product brief, on a regular's card: their links as QR codes that a phone
// really reads, shown only with their consent.
test.use({ locale: "ja-JP" });

const named = (base: string, project: string) => `${base}${project === "phone" ? "📱" : ""}`;

/** Photographs the QR code on the page and decodes it with zbarimg, as a phone camera would. */
function decode(png: string): string {
  return execFileSync("zbarimg", ["--quiet", "--raw", png], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

async function shoot(code: Locator, name: string): Promise<string> {
  const file = path.join(os.tmpdir(), `joren-qr-${name}-${Date.now()}.png`);
  await code.screenshot({ path: file });
  return file;
}

async function editCard(page: Page) {
  await page.getByRole("link", { name: "編集する" }).click();
  await waitForHydration(page);
}

test("a creator's links become QR codes that decode to their addresses, only with consent", async ({ page }, info) => {
  const ren = named("写真家のれん", info.project.name);
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(ren);
  await page.getByRole("button", { name: "＋ 新しい常連さん" }).click();
  await page.getByLabel("ニックネーム").fill(ren);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await page.getByRole("region", { name: /いま店内/ }).getByRole("link", { name: ren, exact: true }).click();

  await editCard(page);
  await page.getByLabel("リンク（1行に1つ：名前 https://… か @instagram）").fill("@Ren_Photo\nhttps://ren-photo.example/works?lang=ja&year=2026");
  await page.getByRole("button", { name: "保存する" }).click();
  const links = page.getByRole("region", { name: "リンクとQRコード" });
  await expect(links).toContainText("@Ren_Photo");
  await expect(links.getByRole("img")).toHaveCount(0);
  await expect(links).toContainText("同意したときだけ");

  await editCard(page);
  await page.getByLabel("リンクやQRコードを見せてもよい").check();
  await page.getByRole("button", { name: "保存する" }).click();
  const instagram = links.getByRole("img", { name: "@Ren_Photo のQRコード" });
  await expect(instagram).toBeVisible();
  expect(decode(await shoot(instagram, "instagram"))).toBe("https://www.instagram.com/ren_photo/");
  const portfolio = links.getByRole("img", { name: /ren-photo\.example/ });
  expect(decode(await shoot(portfolio, "portfolio"))).toBe("https://ren-photo.example/works?lang=ja&year=2026");
  await page.screenshot({ path: `screenshots/${info.project.name}-regular-links-ja-JP-light.png`, fullPage: true });

  // Withdrawn consent: no QR code any more.
  await editCard(page);
  await page.getByLabel("リンクやQRコードを見せてもよい").uncheck();
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(links).toContainText("@Ren_Photo");
  await expect(links.getByRole("img")).toHaveCount(0);
});
