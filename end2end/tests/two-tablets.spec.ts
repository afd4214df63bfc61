import { Browser, expect, Locator, Page, test } from "@playwright/test";
import { unlockAsOwner, waitForHydration } from "./helpers";

// "The list that never lies": two tablets at one register, each doing 200 random things a
// shift does (a check-in of a regular found by search, "left" on a row of the list, an undo
// right after a check-in, now and then a reload), interleaved and sometimes at the same
// moment. At each quiet moment both tablets' "in the shop now" must be what the server says.
//
// The random choices come from a seeded generator; the seed is printed, and
// `JOREN_SEED=<seed>` replays the same choices (what the other tablet's live update has
// shown by then may still differ from run to run: that timing is what is being tested).
test.use({ locale: "ja-JP" });

/** Things each tablet does. */
const ACTIONS = 200;
/** A quiet moment, and the lists compared, after every this many things done at either tablet. */
const QUIET_EVERY = 20;
/** The register lists the newest 50 of the people in the shop (`PRESENT_SHOWN`). */
const SHOWN = 50;

/** This test's regulars: twelve, so that the shop stays well under the 50 the list shows. */
const READINGS = ["ねずみ", "うし", "とら", "うさぎ", "たつ", "へび", "うま", "ひつじ", "さる", "とり", "いぬ", "いのしし"];

/** mulberry32: a small generator of numbers in [0, 1) that a seed replays exactly. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const katakana = (hiragana: string) => hiragana.replace(/[ぁ-ゖ]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

const search = (page: Page) => page.getByLabel("お名前か読みで探す（ひらがな・カタカナ・ローマ字）");
const inTheShop = (page: Page) => page.getByRole("region", { name: /いま店内/ });
const busy = (where: Page | Locator) => where.locator('[aria-busy="true"]');

interface Regular {
  nickname: string;
  reading: string;
}

interface Tablet {
  name: string;
  page: Page;
  done: number;
  /** Whom the last thing this tablet did checked in anew: that check-in can be undone. */
  mayUndo: string | null;
}

/** What `get_register` answers: who is in the shop, newest first. */
interface RegisterView {
  present: { visit: number; regular: number; nickname: string }[];
  in_the_shop: number;
  stamps_per_card: number;
}

/** A server function called from the tablet's own context (its cookie), as the page calls it. */
async function call(page: Page, endpoint: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  const response = await page.request.post(`${origin}/api/${endpoint}`, {
    form,
    // The page's own calls ask for data; a plain form post (asking for HTML) would be
    // redirected to the register instead.
    headers: { origin, accept: "application/json" },
    maxRedirects: 0,
  });
  expect(response.status(), `${endpoint}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** The truth: everyone in the shop, read through the server function the list uses. */
const truth = (page: Page): Promise<RegisterView> => call(page, "get_register", { everyone: "true" });

/** The names the tablet lists in "in the shop now", top to bottom: each row's first link is
 * the person's name (the other link a row may have, "introduce", is named after them). */
const shownNames = (page: Page): Promise<string[]> =>
  inTheShop(page)
    .getByRole("listitem")
    .evaluateAll((rows) => rows.map((row) => row.querySelector("a")?.textContent?.trim() ?? "(a row without a name)"));

/** The count beside the heading: everyone in the shop, shown or not. */
async function shownCount(page: Page): Promise<number> {
  const heading = (await inTheShop(page).getByRole("heading", { name: /いま店内/ }).textContent()) ?? "";
  return Number(heading.match(/(\d+)\s*$/)?.[1] ?? NaN);
}

async function openTablet(browser: Browser, baseURL: string, name: string): Promise<Tablet> {
  const context = await browser.newContext({
    baseURL,
    locale: "ja-JP",
    viewport: { width: 1280, height: 800 },
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto("/");
  await waitForHydration(page);
  await unlockAsOwner(page);
  await expect(inTheShop(page).getByRole("heading", { name: /いま店内/ })).toBeVisible();
  return { name, page, done: 0, mayUndo: null };
}

/**
 * A quiet moment: nothing is pending at either tablet; then, once the live updates have
 * arrived, both list exactly what the server says.
 *
 * The whole list is compared, not only this test's regulars: a list that shows someone who
 * left (or misses someone who is there) lies whoever it is, and the tests run one at a time,
 * so nothing else changes the shop meanwhile. Others' regulars that earlier files left in
 * the shop are simply part of the truth. The timeout is well under the register's 30-second
 * re-read, so it is the live update (or the tablet's own re-read) that must bring a change.
 */
async function expectListsTrue(tablets: Tablet[], moment: string) {
  for (const tablet of tablets) {
    await expect(busy(tablet.page), `${tablet.name}: nothing pending ${moment}`).toHaveCount(0);
  }
  await expect(async () => {
    for (const tablet of tablets) {
      const server = await truth(tablet.page);
      expect(server.present.length, "the server's list is everyone in the shop").toBe(server.in_the_shop);
      const expected = server.present.slice(0, SHOWN).map((line) => line.nickname);
      expect(await shownNames(tablet.page), `${tablet.name}'s いま店内 ${moment}`).toEqual(expected);
      expect(await shownCount(tablet.page), `${tablet.name}'s count ${moment}`).toBe(server.in_the_shop);
    }
  }).toPass({ timeout: 8_000, intervals: [100, 250, 500, 1_000] });
}

type Move =
  | { kind: "check-in"; regular: Regular; typed: string }
  | { kind: "left"; pick: number }
  | { kind: "undo" }
  | { kind: "reload" };

/** The next thing a tablet does. Every random number is drawn here, before anything is
 * awaited, so the same seed makes the same choices whichever tablet's page answers first. */
function nextMove(tablet: Tablet, regulars: Regular[], random: () => number): Move {
  const roll = random();
  const pick = random();
  const spelling = random();
  if (tablet.mayUndo && roll < 0.3) {
    return { kind: "undo" };
  }
  if (roll < 0.6) {
    const regular = regulars[Math.floor(pick * regulars.length)];
    return { kind: "check-in", regular, typed: spelling < 0.5 ? regular.reading : katakana(regular.reading) };
  }
  if (roll < 0.93) {
    return { kind: "left", pick };
  }
  return { kind: "reload" };
}

/** Does `move` at `tablet` as staff would, and says what came of it. */
async function perform(tablet: Tablet, move: Move, regulars: Regular[]): Promise<string> {
  const page = tablet.page;
  switch (move.kind) {
    case "check-in": {
      const nickname = move.regular.nickname;
      tablet.mayUndo = null;
      await search(page).fill(move.typed);
      await page
        .getByRole("list", { name: "見つかった常連さん" })
        .getByRole("button", { name: new RegExp(escaped(nickname)) })
        .click();
      // The search is emptied the moment the answer is shown.
      await expect(search(page)).toHaveValue("");
      const welcome = `${nickname}さん、いらっしゃいませ`;
      const already = `${nickname}さんはもうチェックイン済みです`;
      const status = page.getByRole("status").filter({ hasText: new RegExp(`${escaped(welcome)}|${escaped(already)}`) });
      await expect(status).toBeVisible();
      const fresh = (await status.textContent())!.includes(welcome);
      tablet.mayUndo = fresh ? nickname : null;
      return `check-in ${nickname} (typed ${move.typed}): ${fresh ? "welcome" : "already here"}`;
    }
    case "undo": {
      const nickname = tablet.mayUndo!;
      tablet.mayUndo = null;
      const status = page.getByRole("status").filter({ hasText: `${nickname}さん、いらっしゃいませ` });
      await status.getByRole("button", { name: "取り消す" }).click();
      await expect(status).toContainText("チェックインを取り消しました。記録には取り消しとして残ります。");
      return `undo ${nickname}`;
    }
    case "left": {
      tablet.mayUndo = null;
      const ours = new Set(regulars.map((regular) => regular.nickname));
      const here = (await shownNames(page)).filter((name) => ours.has(name));
      if (here.length === 0) {
        return "left: none of ours listed";
      }
      const nickname = here[Math.floor(move.pick * here.length)];
      const left = inTheShop(page).getByRole("button", { name: `${nickname}さんが帰った`, exact: true });
      try {
        await left.click({ timeout: 2_000 });
      } catch (error) {
        // The other tablet's "left" (or undo) took the row away between the look and the tap.
        if ((await left.count()) === 0) {
          return `left ${nickname}: the row went before the tap`;
        }
        throw error;
      }
      await expect(busy(inTheShop(page))).toHaveCount(0);
      return `left ${nickname}`;
    }
    case "reload": {
      // Often at the same moment as the other tablet's check-in or "left": a change made
      // while this page loads must show on it too, not only the changes after.
      tablet.mayUndo = null;
      await page.reload();
      await waitForHydration(page);
      await expect(page.getByRole("button", { name: "ロックする" })).toBeVisible();
      await expect(inTheShop(page).getByRole("heading", { name: /いま店内/ })).toBeVisible();
      return "reload";
    }
  }
}

test("two tablets, 200 random actions each: いま店内 always shows who is in the shop", async ({ browser, baseURL }, info) => {
  // About two minutes on a quiet machine; the rest is room for a busy one.
  test.setTimeout(240_000);
  const seed = process.env.JOREN_SEED ? Number(process.env.JOREN_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`two tablets: seed ${seed} (JOREN_SEED=${seed} replays it)`);
  info.annotations.push({ type: "seed", description: String(seed) });
  const random = mulberry32(seed);

  // Names of this run's own (🎲, the project, a tag from the seed), so that no other test's
  // regular, nor another run's in the same database, is ever mistaken for one of these.
  const tag = `${info.project.name === "phone" ? "📱" : ""}${seed.toString(36).slice(-2)}`;
  const regulars: Regular[] = READINGS.map((reading) => ({ nickname: `${reading}🎲${tag}`, reading }));

  const tablets = [await openTablet(browser, baseURL!, "tablet A"), await openTablet(browser, baseURL!, "tablet B")];
  // The regulars are added, and so checked in, through the server function the register's
  // "+ new regular" form calls; the tablets' lists learn of them by their live updates.
  for (const regular of regulars) {
    const outcome = await call(tablets[0].page, "add_regular_and_check_in", { ...regular });
    expect(outcome, `${regular.nickname} added`).toHaveProperty("CheckedIn");
  }
  await expectListsTrue(tablets, "after the regulars came in");

  const log: string[] = [];
  let total = 0;
  try {
    while (tablets.some((tablet) => tablet.done < ACTIONS)) {
      const going = tablets.filter((tablet) => tablet.done < ACTIONS);
      // Sometimes both tablets at the same moment, else one of them.
      const movers = going.length === 2 && random() < 0.4 ? going : [going[Math.floor(random() * going.length)]];
      const moves = movers.map((tablet) => ({ tablet, move: nextMove(tablet, regulars, random) }));
      const outcomes = await Promise.all(moves.map(({ tablet, move }) => perform(tablet, move, regulars)));
      moves.forEach(({ tablet }, index) => {
        tablet.done += 1;
        total += 1;
        log.push(`${total}. ${tablet.name}${movers.length === 2 ? " (together)" : ""}: ${outcomes[index]}`);
      });
      if (Math.floor(total / QUIET_EVERY) !== Math.floor((total - movers.length) / QUIET_EVERY)) {
        await expectListsTrue(tablets, `after ${total} actions`);
      }
    }
    await expectListsTrue(tablets, `after all ${total} actions`);
  } catch (error) {
    console.log(`two tablets failed with seed ${seed}; the last actions:\n${log.slice(-40).join("\n")}`);
    throw error;
  } finally {
    await info.attach("actions", { body: `seed ${seed}\n${log.join("\n")}`, contentType: "text/plain" });
    for (const tablet of tablets) {
      await tablet.page.context().close();
    }
  }
  const tally = (pattern: RegExp) => log.filter((line) => pattern.test(line)).length;
  console.log(
    `two tablets: seed ${seed}: ${total} actions; check-ins ${tally(/: welcome$/)} new and ` +
      `${tally(/: already here$/)} already here, ${tally(/: left [^:]*$/)} left ` +
      `(${tally(/the row went before the tap$/)} rows gone before the tap, ${tally(/none of ours listed$/)} with nobody to tap), ` +
      `${tally(/: undo /)} undone, ${tally(/: reload$/)} reloads, ${tally(/\(together\)/)} done at the same moment`,
  );
});
