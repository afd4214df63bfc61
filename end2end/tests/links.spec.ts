import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { expect, Locator, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration, newRegularButton, waitUntilUp } from "./helpers";

// Flow 5 of the product brief: a creator's links as QR codes that a phone really reads, only
// with their consent; short links that count scans; the public card; the printable card.
test.use({ locale: "ja-JP" });

const named = (base: string, project: string) => `${base}${project === "phone" ? "📱" : ""}`;

/** Reads the QR code in a picture with zbarimg, as a phone camera would. */
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

const PORTFOLIO = "https://ren-photo.example/works?lang=ja&year=2026";

/** A new creator with two links, checked in; leaves the page on their card. */
async function newCreator(page: Page, name: string, consent: boolean) {
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(name);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(name);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await page.getByRole("region", { name: /いま店内/ }).getByRole("link", { name, exact: true }).click();
  await editCard(page);
  await page.getByLabel(/^ひとこと/).fill("商店街のお店を撮る写真家");
  await page.getByLabel("リンク（1行に1つ：名前 https://… か @instagram）").fill(`@Ren_Photo\nポートフォリオ ${PORTFOLIO}`);
  if (consent) await page.getByLabel("リンクやQRコードを見せてもよい").check();
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
}

test("a creator's QR codes are short links that redirect and count, only with consent", async ({ page, browser, baseURL }, info) => {
  const ren = named("写真家のれん", info.project.name);
  await newCreator(page, ren, false);
  const links = page.getByRole("region", { name: "リンクとQRコード" });
  await expect(links).toContainText("@Ren_Photo");
  await expect(links).toContainText("ポートフォリオ");
  await expect(links.getByRole("img")).toHaveCount(0);
  await expect(links).toContainText("同意したときだけ");

  await editCard(page);
  await page.getByLabel("リンクやQRコードを見せてもよい").check();
  await page.getByRole("button", { name: "保存する" }).click();
  const instagram = links.getByRole("img", { name: "Instagram（@Ren_Photo）のQRコード" });
  await expect(instagram).toBeVisible();
  const portfolio = links.getByRole("img", { name: `ポートフォリオ（${PORTFOLIO}）のQRコード` });
  const shortLink = new RegExp(`^${baseURL}/q/[2-9a-km-np-z]{8}$`);
  const instagramCode = decode(await shoot(instagram, "instagram"));
  expect(instagramCode).toMatch(shortLink);
  const portfolioCode = decode(await shoot(portfolio, "portfolio"));
  expect(portfolioCode).toMatch(shortLink);
  await page.screenshot({ path: `screenshots/${info.project.name}-regular-links-ja-JP-light.png`, fullPage: true });

  // A phone scans: the short link redirects to the address, sets no cookie, and counts.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "ja-JP" });
  const scanned = await phone.request.get(portfolioCode, { maxRedirects: 0 });
  expect(scanned.status()).toBe(302);
  expect(scanned.headers()["location"]).toBe(PORTFOLIO);
  expect(scanned.headers()["set-cookie"]).toBeUndefined();
  await page.reload();
  await expect(links.getByRole("listitem").filter({ hasText: "ポートフォリオ" })).toContainText("読み取り1回");
  await expect(links.getByRole("listitem").filter({ hasText: "@Ren_Photo" })).toContainText("読み取り0回");

  // The public card, on the phone: name, tagline and links, and no cookie.
  const publicCard = await links.getByRole("link", { name: /\/c\// }).getAttribute("href");
  const card = await phone.newPage();
  await card.goto(publicCard!);
  await expect(card.getByRole("heading", { level: 1, name: ren })).toBeVisible();
  await expect(card.getByText("商店街のお店を撮る写真家")).toBeVisible();
  await expect(card.getByRole("link", { name: /ポートフォリオ/ })).toHaveAttribute("href", PORTFOLIO);
  await expect(card.getByText("珈琲 ゆるり の常連さん")).toBeVisible();
  expect(await phone.cookies()).toEqual([]);
  await card.screenshot({ path: `screenshots/${info.project.name}-public-card-ja-JP-light.png`, fullPage: true });
  if (info.project.name === "tablet") {
    // The README's second picture: what a regular's phone opens from the creator's QR code.
    await card.screenshot({ path: "../docs/images/creator-card-phone-ja.png" });
  }
  const gone = await card.goto(`${baseURL}/q/zzzzzzzz`);
  expect(gone?.status()).toBe(404);
  await expect(card.getByRole("heading", { name: "見つかりません" })).toBeVisible();
  await phone.close();

  // Withdrawn consent: no QR code any more, and the short link leads nowhere.
  await editCard(page);
  await page.getByLabel("リンクやQRコードを見せてもよい").uncheck();
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(links).toContainText("@Ren_Photo");
  await expect(links.getByRole("img")).toHaveCount(0);
  expect((await page.request.get(portfolioCode, { maxRedirects: 0 })).status()).toBe(404);
});

test("without a public address the QR code carries the link itself", async ({ page, baseURL }, info) => {
  test.skip(info.project.name !== "tablet", "one server of its own is enough");
  const ren = "直リンクのれん";
  await newCreator(page, ren, true);
  const cardPath = new URL(page.url()).pathname;
  // The same program over the same database, without JOREN_PUBLIC_URL.
  const port = Number(new URL(baseURL!).port) + 1;
  const server = startServer(port);
  try {
    await waitUntilUp(`http://127.0.0.1:${port}/healthz`);
    await page.goto(`http://127.0.0.1:${port}${cardPath}`);
    await waitForHydration(page);
    const links = page.getByRole("region", { name: "リンクとQRコード" });
    const portfolio = links.getByRole("img", { name: `ポートフォリオ（${PORTFOLIO}）のQRコード` });
    expect(decode(await shoot(portfolio, "direct"))).toBe(PORTFOLIO);
    const instagram = links.getByRole("img", { name: "Instagram（@Ren_Photo）のQRコード" });
    expect(decode(await shoot(instagram, "direct-instagram"))).toBe("https://www.instagram.com/ren_photo/");
    await expect(links.getByRole("link", { name: /\/c\// })).toHaveCount(0);
  } finally {
    server.kill("SIGTERM");
  }
});

test("the printable card prints at its size and downloads as a PNG whose QR code scans", async ({ page, baseURL }, info) => {
  const ren = named("名刺のれん", info.project.name);
  await newCreator(page, ren, true);
  await page.getByRole("link", { name: "印刷用カード" }).click();
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${ren}さんの印刷用カード`);
  await expect(page.getByRole("img", { name: "印刷用カード：Instagram" })).toBeVisible();
  await expect(page.getByRole("img", { name: "印刷用カード：プロフィールとリンク" })).toBeVisible();
  await page.screenshot({ path: `screenshots/${info.project.name}-print-a6-ja-JP-light.png`, fullPage: true });

  await page.getByRole("link", { name: "名刺サイズ" }).click();
  await expect(page.getByRole("link", { name: "名刺サイズ" })).toHaveAttribute("aria-current", "page");
  const sheet = page.getByRole("listitem").filter({ has: page.getByRole("img", { name: "印刷用カード：ポートフォリオ" }) });
  const downloading = page.waitForEvent("download");
  await sheet.getByRole("link", { name: "PNGで保存" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^joren-card-\d+-\d-meishi\.png$/);
  const png = path.join(os.tmpdir(), `joren-card-${Date.now()}.png`);
  await download.saveAs(png);
  expect(decode(png)).toMatch(new RegExp(`^${baseURL}/q/[2-9a-km-np-z]{8}$`));
  await page.screenshot({ path: `screenshots/${info.project.name}-print-meishi-ja-JP-light.png`, fullPage: true });

  if (info.project.name === "tablet") {
    // On paper: one card per sheet, each sheet the card's own size (91 × 55 mm).
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "印刷する" })).toBeHidden();
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const boxes = [...pdf.toString("latin1").matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
    expect(boxes.length).toBe(3);
    for (const [, width, height] of boxes) {
      expect(Number(width) * (25.4 / 72)).toBeCloseTo(91, 0);
      expect(Number(height) * (25.4 / 72)).toBeCloseTo(55, 0);
    }
    await page.emulateMedia({ media: "screen" });
  }
});

function startServer(port: number): ChildProcess {
  const root = path.resolve(__dirname, "../..");
  const env = { ...process.env };
  delete env.JOREN_PUBLIC_URL;
  return spawn(process.env.JOREN_BIN ?? path.join(root, "target/release/joren"), [], {
    stdio: "ignore",
    env: {
      ...env,
      JOREN_ADDR: `127.0.0.1:${port}`,
      JOREN_DATABASE_URL: `sqlite://${path.join(process.env.JOREN_E2E_DATA!, "joren.db")}`,
      JOREN_SITE_ROOT: path.join(root, "target/site"),
      JOREN_LOG: "warn",
    },
  });
}
