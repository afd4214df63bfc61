import { expect, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration, newRegularButton } from "./helpers";

// Text that closes a textarea and adds elements stays text in every textarea: as the server
// renders the form, as the browser renders it after a link, and after "save" unchanged.
// Server-side, server/tests/api/markup.rs checks the same on every page.
test.use({ locale: "ja-JP" });

/** Closes the textarea, then adds a paragraph and a refresh to another site. */
const MARKUP = `</textarea><p id="injected">x</p><meta http-equiv="refresh" content="0;url=https://evil.example/">`;
/** A link's label of the same kind, within the label's 40 characters (and without `://`). */
const LABEL = `</textarea><p id="injected">x</p>`;

/** Errors in the console, uncaught errors, and requests to another host, from now on. */
function watch(page: Page, baseURL: string): string[] {
  const problems: string[] = [];
  const own = new URL(baseURL).host;
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http") && url.host !== own) problems.push(`request: ${request.url()}`);
  });
  return problems;
}

async function expectNothingAdded(page: Page) {
  await expect(page.locator("#injected")).toHaveCount(0);
  await expect(page.locator("meta[http-equiv]")).toHaveCount(0);
}

test("a regular's notes and link label with markup stay text in their textareas and save unchanged", async ({ page, baseURL }, info) => {
  const problems = watch(page, baseURL!);
  const nickname = `メモ確認${info.project.name === "phone" ? "📱" : "🖥"}`;
  const notesText = `${MARKUP}\n二行目 & <b>太字</b>`;
  const linksText = `${LABEL} @markup_test`;
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）").fill(nickname);
  await newRegularButton(page).click();
  await page.getByLabel("ニックネーム").fill(nickname);
  await page.getByRole("button", { name: "登録してチェックイン" }).click();
  await page.getByRole("region", { name: /いま店内/ }).getByRole("link", { name: nickname, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(nickname);
  const card = page.url();

  // The form as the browser renders it, after a link.
  await page.getByRole("link", { name: "編集する" }).click();
  const notes = page.getByLabel("スタッフメモ（お客さまの画面には出ません）");
  const links = page.getByLabel("リンク（1行に1つ：名前 https://… か @instagram）");
  await notes.fill(notesText);
  await links.fill(linksText);
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page).toHaveURL(card);
  await expect(page.getByText("二行目 & <b>太字</b>")).toBeVisible();
  await expectNothingAdded(page);

  // The form as the server renders it, then hydrated; saved again as it is.
  for (let round = 0; round < 2; round++) {
    await page.goto(`${card}/edit`);
    await waitForHydration(page);
    await expectNothingAdded(page);
    await expect(notes).toHaveValue(notesText);
    await expect(links).toHaveValue(linksText);
    await page.getByRole("button", { name: "保存する" }).click();
    await expect(page).toHaveURL(card);
  }

  // And rendered in the browser again: the same text.
  await page.getByRole("link", { name: "編集する" }).click();
  await expect(notes).toHaveValue(notesText);
  await expect(links).toHaveValue(linksText);
  await expectNothingAdded(page);
  expect(problems).toEqual([]);
});

test("the privacy notice with markup stays text in its textarea and saves unchanged", async ({ page, baseURL }) => {
  const problems = watch(page, baseURL!);
  const notice = `${MARKUP}\n<b>そのまま</b> & 続き`;
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  // The data care screen as the browser renders it, after two links.
  await page.getByRole("link", { name: "設定" }).click();
  await page.getByRole("link", { name: "データの管理" }).click();
  const form = page.getByRole("region", { name: "プライバシーについて" }).getByRole("form", { name: "日本語の文" });
  const japanese = form.getByRole("textbox", { name: "日本語の文" });
  await japanese.fill(notice);
  await form.getByRole("button", { name: "保存する" }).click();
  await expect(form.getByRole("status")).toHaveText("保存しました。");

  // As the server renders them, then hydrated; saved again as it is.
  for (let round = 0; round < 2; round++) {
    await page.reload();
    await waitForHydration(page);
    await expectNothingAdded(page);
    await expect(japanese).toHaveValue(notice);
    await expect(form.getByText("いまはお店で書いた文です。")).toBeVisible();
    await form.getByRole("button", { name: "保存する" }).click();
    await expect(form.getByRole("status")).toHaveText("保存しました。");
  }

  // And rendered in the browser again: the same text.
  await page.getByRole("link", { name: "レジに戻る" }).click();
  await page.getByRole("link", { name: "設定" }).click();
  await page.getByRole("link", { name: "データの管理" }).click();
  await expect(japanese).toHaveValue(notice);
  await expectNothingAdded(page);

  // The next run starts from the default text, as privacy.spec.ts expects.
  await form.getByRole("button", { name: "標準の文に戻す" }).click();
  await expect(form.getByRole("status")).toHaveText("標準の文に戻しました。");
  expect(problems).toEqual([]);
});
