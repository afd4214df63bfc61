import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3950";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
for (const [w, h] of [[1280, 800], [390, 844]]) {
  for (const locale of ["ja-JP", "en-US"]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(base + "/");
    await page.waitForSelector("body[data-hydrated=true]");
    await page.getByRole("button", { name: /店長/ }).first().click();
    const pin = page.locator("input[type=password], input[name=pin]").first();
    await pin.fill("123456");
    await page.getByRole("button", { name: "OK" }).click();
    await page.waitForTimeout(800);
    const tag = `${w}-${locale}`;
    await page.locator("summary.button--wide").click();
    await page.waitForTimeout(300);
    await page.locator("#field-came_with").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/form-${tag}.png` });
    const name = locale === "ja-JP" ? `はじめ${w}` : `Newbie ${w}`;
    await page.locator("input[name=nickname]").fill(name);
    const options = await page.locator("#field-came_with option").allTextContents();
    await page.locator("#field-came_with").selectOption({ index: 2 });
    await page.locator(".new-regular button[type=submit].button--primary").click();
    await page.waitForSelector(".checked-in__thanked");
    await page.locator(".checked-in").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/result-${tag}.png` });
    await page.locator(".checked-in__actions a").first().click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `/tmp/shots/card-${tag}.png`, fullPage: false });
    await page.goto(base + "/insights?period=year");
    await page.waitForTimeout(1500);
    await page.locator("#bringers-title").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/insights-${tag}.png` });
    await page.locator("#community-title").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/graph-${tag}.png` });
    console.log(tag, options.length, options.slice(0, 4));
    await ctx.close();
  }
}
await browser.close();
