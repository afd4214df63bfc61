import { expect, test } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";

import { expectSameDocument, markDocument, SHOP, tapPin, waitForHydration } from "./helpers";

// The server these tests reach was copied alone into an empty folder and started there (see
// playwright.config.ts): everything below comes from inside the one `joren` file.
test.describe("installed as one file", () => {
  test.use({ locale: "ja-JP" });

  test("the folder holds only the binary and the page hydrates from files inside it", async ({ page, request }) => {
    const installDir = path.join(process.env.JOREN_E2E_DATA!, "install");
    expect(fs.readdirSync(installDir)).toEqual(["joren"]);

    await page.goto("/");
    await waitForHydration(page);
    await markDocument(page);
    // A hydrated page answers a tap without loading a new document.
    await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
    await expect(page.getByRole("group", { name: `${SHOP.owner}さんのPIN` })).toBeVisible();
    await tapPin(page, "000000");
    await expect(page.getByRole("alert")).toHaveText("PINが違います。");
    await expectSameDocument(page);

    // The release names the site's files after their content …
    const stylesheet = await page.locator('link[rel="stylesheet"]').getAttribute("href");
    expect(stylesheet).toMatch(/^\/pkg\/joren\.[\w-]+\.css$/);
    const wasm = await page.locator('link[rel="preload"][as="fetch"]').getAttribute("href");
    expect(wasm).toMatch(/^\/pkg\/joren\.[\w-]+\.wasm$/);

    // … so a browser may keep them for a year; each comes precompressed when accepted.
    const brotli = await request.get(wasm!, { headers: { "accept-encoding": "br" } });
    expect(brotli.status()).toBe(200);
    expect(brotli.headers()["content-type"]).toBe("application/wasm");
    expect(brotli.headers()["content-encoding"]).toBe("br");
    expect(brotli.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    const gzip = await request.get(stylesheet!, { headers: { "accept-encoding": "gzip" } });
    expect(gzip.headers()["content-encoding"]).toBe("gzip");
    expect(gzip.headers()["content-type"]).toMatch(/^text\/css/);

    // Icons are asked for again each time, and cost nothing when unchanged.
    const icon = await request.get("/favicon.svg");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["cache-control"]).toBe("no-cache");
    const again = await request.get("/favicon.svg", { headers: { "if-none-match": icon.headers()["etag"] } });
    expect(again.status()).toBe(304);
  });
});
