import { expect, Page, test } from "@playwright/test";
import { SHOP, seriousViolations, tapPin, waitForHydration } from "./helpers";

// Every page, in both languages and both themes, checked by axe-core (WCAG 2.1 A and AA, and
// axe's best practices): no serious or critical violation. Pictures of each page are kept in
// screenshots/ for a person to look at.

/** Calls a server function with this tablet's session, as its page would. */
async function api(page: Page, name: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  const answer = await page.request.post(`/api/${name}`, { form, headers: { origin } });
  expect(answer.ok(), `${name}: ${await answer.text()}`).toBe(true);
  return answer.json();
}

/** A regular in the shop now, who may be introduced and show their links: their id and visit. */
async function regular(page: Page, nickname: string, fields: Record<string, string>) {
  const added = await api(page, "add_regular_and_check_in", { nickname, reading: "" });
  const id: number = added.CheckedIn.regular;
  const visit: number = added.CheckedIn.check_in.CheckedIn.visit;
  const saved = await api(page, "save_regular", {
    regular_id: String(id),
    nickname,
    reading: "",
    tagline: "",
    interests: "",
    offers: "",
    looking_for: "",
    links: "",
    notes: "",
    may_be_introduced: "on",
    may_show_links: "on",
    ...fields,
  });
  expect(saved.Saved, JSON.stringify(saved)).toBeTruthy();
  return { id, visit };
}

for (const locale of ["ja-JP", "en-GB"]) {
  for (const colorScheme of ["light", "dark"] as const) {
    test.describe(`accessibility ${locale} ${colorScheme}`, () => {
      test.use({ locale, colorScheme });

      test("every page has no serious or critical accessibility violation", async ({ page }, info) => {
        test.setTimeout(120_000);
        const checked: string[] = [];
        // The app's pages are checked once the browser has taken them over; the pages a phone
        // reaches by scanning, and the offline page, have no app script to wait for.
        const check = async (name: string, hydrated = true) => {
          if (hydrated) await waitForHydration(page);
          await page.screenshot({ path: `screenshots/${info.project.name}-${name}-${locale}-${colorScheme}.png`, fullPage: true });
          expect(await seriousViolations(page), `${name} at ${page.url()}`).toEqual([]);
          checked.push(name);
        };
        const tag = `${info.project.name === "phone" ? "📱" : ""}${locale.slice(0, 2)}${colorScheme === "dark" ? "🌙" : ""}`;

        await page.goto("/");
        await check("a11y-lock");
        await page.getByRole("button", { name: SHOP.owner, exact: true }).click();
        await tapPin(page, "1111");
        await page.getByRole("alert").waitFor();
        await check("a11y-keypad-wrong-pin");
        await tapPin(page, SHOP.ownerPin);
        await expect(page.getByRole("button", { name: /^(ロックする|Lock)$/ })).toBeVisible();

        // Tags of their own (pottery), so that they are suggested to nobody in the other flows.
        const potter = await regular(page, `陶芸のあや${tag}`, {
          tagline: "器を焼いています",
          offers: "陶芸",
          links: "ポートフォリオ https://example.com/aya\n@aya_pottery",
        });
        const cafe = await regular(page, `喫茶のけん${tag}`, { looking_for: "陶芸の器" });
        const [photographer, baker] = [potter.id, cafe.id];
        const introduced = await api(page, "introduce", { a: String(photographer), b: String(baker), note: "" });
        const introduction: number = introduced.Introduced.introduction;
        const card = await api(page, "get_regular", { regular_id: String(photographer) });

        await page.goto("/");
        await check("a11y-register");
        await page.goto(`/regulars/${photographer}`);
        await check("a11y-regular");
        await page.goto(`/regulars/${photographer}/edit`);
        await check("a11y-regular-edit");
        await page.goto(`/regulars/${photographer}/print`);
        await check("a11y-regular-print");
        await page.goto(`/regulars/${photographer}/data`);
        await check("a11y-regular-data");
        await page.goto(`/introduce?a=${photographer}`);
        await check("a11y-introduce");
        await page.goto(`/introduce?a=${photographer}&b=${baker}`);
        await check("a11y-introduce-pair");
        await page.goto(`/introductions/${introduction}`);
        await check("a11y-introduction");
        await page.goto("/settings");
        await check("a11y-settings");
        await page.goto("/settings/data");
        await check("a11y-data-care");
        await page.goto("/settings/audit");
        await check("a11y-audit");
        await page.goto("/insights");
        await check("a11y-insights");
        await page.goto("/privacy");
        await check("a11y-privacy");
        await page.goto("/no/such/page");
        await check("a11y-not-found");

        expect(card.public_card, JSON.stringify(card)).toBeTruthy();
        await page.goto(card.public_card);
        await check("a11y-public-card", false);
        await page.goto("/offline.html");
        await check("a11y-offline", false);
        expect(checked).toHaveLength(18);

        // They leave, so that "in the shop now" of the other flows stays theirs.
        await page.goto("/");
        for (const { visit } of [potter, cafe]) {
          expect(await api(page, "mark_left", { visit_id: String(visit) })).toBe(true);
        }
      });
    });
  }
}
