import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { APIRequestContext, expect, request, test } from "@playwright/test";
import { SHOP, unlockAsOwner, waitForHydration, waitUntilUp } from "./helpers";

// The follow-up comes to the register: a regular introduced two weeks ago checks in, and the
// check-in's result asks what the introduction led to; one tap records it.
//
// Two weeks ago is made by a second server on the same database whose clock runs 14 days
// behind (`faketime`, installed with the test tools): it introduces the two. The register is
// then used on the usual server, today.

const PAST_PORT = Number(process.env.JOREN_E2E_PORT ?? 3917) + 23;
const pastUrl = `http://127.0.0.1:${PAST_PORT}`;

const texts = {
  "ja-JP": {
    search: "お名前か読みで探す（ひらがな・カタカナ・ローマ字）",
    found: "見つかった常連さん",
    welcome: (name: string) => `${name}さん、いらっしゃいませ`,
    question: (name: string) => new RegExp(`^\\d+月\\d+日にご紹介した${name}さんとは、その後いかがですか？$`),
    workedTogether: "一緒に仕事をした",
    recorded: "記録しました：一緒に仕事をした",
  },
  "en-US": {
    search: "Find by name or reading (kana or romaji)",
    found: "Regulars found",
    welcome: (name: string) => `Welcome, ${name}`,
    question: (name: string) => new RegExp(`^Last time you met ${name} \\(\\d+ \\w+\\)\\. Did it lead to anything\\?$`),
    workedTogether: "Worked together",
    recorded: "Recorded: Worked together. Thank you!",
  },
} as const;

for (const locale of ["ja-JP", "en-US"] as const) {
  test.describe(`the follow-up at the register (${locale})`, () => {
    test.use({ locale });

    test("a check-in asks what an introduction of two weeks ago led to, and one tap records it", async ({ page }, info) => {
      const t = texts[locale];
      const tag = `${locale.slice(0, 2)}${info.project.name === "phone" ? "📱" : ""}`;
      const yuki = `Yuki${tag}`;
      const hanako = `Hanako${tag}`;

      const past = startPastServer();
      let yukiId: number;
      try {
        await waitUntilUp(`${pastUrl}/healthz`);
        const api = await request.newContext({ baseURL: pastUrl, extraHTTPHeaders: { origin: pastUrl } });
        try {
          yukiId = await introduceTwoWeeksAgo(api, yuki, hanako);
        } finally {
          await api.dispose();
        }
      } finally {
        past.kill("SIGTERM");
      }

      await page.goto("/");
      await waitForHydration(page);
      await unlockAsOwner(page);
      await page.getByLabel(t.search).fill(yuki);
      await page.getByRole("list", { name: t.found }).getByRole("button", { name: new RegExp(`^${yuki}`) }).click();
      const result = page.getByRole("status").filter({ hasText: t.welcome(yuki) });
      await expect(result).toBeVisible();

      const ask = result.getByRole("group", { name: t.question(hanako) });
      await expect(ask).toBeVisible();
      await page.screenshot({ path: `screenshots/${info.project.name}-follow-up-${locale}.png`, fullPage: true });
      await ask.getByRole("button", { name: t.workedTogether, exact: true }).click();
      await expect(result.getByText(t.recorded)).toBeVisible();
      await expect(ask).toBeHidden();

      // Kept with the introduction, on Yuki's card.
      await page.goto(`/regulars/${yukiId!}`);
      await expect(page.getByRole("listitem").filter({ hasText: hanako })).toContainText(t.workedTogether);
    });
  });
}

/** On the server of two weeks ago: Yuki and Hanako, who agree to be introduced, introduced. */
async function introduceTwoWeeksAgo(api: APIRequestContext, yuki: string, hanako: string): Promise<number> {
  const kiosk = await (await api.post("/api/get_kiosk")).json();
  const owner = kiosk.staff.find((member: { name: string }) => member.name === SHOP.owner).id;
  const unlocked = await api.post("/api/unlock", { form: { staff_id: String(owner), pin: SHOP.ownerPin } });
  expect(await unlocked.json()).toBe("Unlocked");
  const save = async (nickname: string): Promise<number> => {
    const form = { nickname, reading: "", tagline: "", interests: "", offers: "", looking_for: "", links: "", notes: "", may_be_introduced: "yes" };
    const saved = await (await api.post("/api/save_regular", { form })).json();
    expect(saved.Saved, JSON.stringify(saved)).toBeTruthy();
    return saved.Saved.regular;
  };
  const a = await save(yuki);
  const b = await save(hanako);
  const introduced = await (await api.post("/api/introduce", { form: { a: String(a), b: String(b), note: "" } })).json();
  expect(introduced.Introduced, JSON.stringify(introduced)).toBeTruthy();
  return a;
}

/**
 * The installed server, its clock 14 days behind; the same database as the usual one. libfaketime
 * is loaded into the server itself (the `faketime` command would stay between, and a signal to
 * it would not stop the server).
 */
function startPastServer(): ChildProcess {
  const dataDir = process.env.JOREN_E2E_DATA!;
  const env = { ...process.env };
  delete env.JOREN_PUBLIC_URL;
  const library = execFileSync("dpkg", ["-L", "libfaketime"], { encoding: "utf8" })
    .split("\n")
    .find((file) => file.endsWith("/libfaketimeMT.so.1"));
  if (!library) throw new Error("libfaketime is not installed (Debian package faketime)");
  return spawn(path.join(dataDir, "install", "joren"), [], {
    stdio: "ignore",
    env: {
      ...env,
      LD_PRELOAD: library,
      FAKETIME: "-14d",
      // Only the calendar moves: timers keep the real monotonic clock.
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
      JOREN_ADDR: `127.0.0.1:${PAST_PORT}`,
      JOREN_DATABASE_URL: `sqlite://${path.join(dataDir, "joren.db")}`,
      JOREN_LOG: "warn",
    },
  });
}
