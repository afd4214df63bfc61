import { defineConfig, devices } from "@playwright/test";

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Playwright starts the release binary that `scripts/test` built, on a port and a database
// of its own, so a shop's real data is never touched, and stops it afterwards. The binary is
// first copied into an empty folder and started there, as a shop installs it: the site (wasm,
// JS, CSS, icons) must come from inside it, not from target/site or a hash file beside it.
const port = Number(process.env.JOREN_E2E_PORT ?? 3917);
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(__dirname, "..");
const binary = process.env.JOREN_BIN ?? path.join(root, "target/release/joren");
// The config is read again in each worker: the first reading makes the folder, and the
// workers (started with its environment) find it.
const dataDir = (process.env.JOREN_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), "joren-e2e-")));
const installDir = path.join(dataDir, "install");
const installed = path.join(installDir, "joren");
if (!fs.existsSync(installed)) {
  fs.mkdirSync(installDir, { recursive: true });
  fs.copyFileSync(binary, installed);
  fs.chmodSync(installed, 0o755);
}

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    actionTimeout: 10_000,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not available here.
      executablePath: process.env.JOREN_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `"${installed}"`,
    cwd: installDir,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      JOREN_ADDR: `127.0.0.1:${port}`,
      JOREN_DATABASE_URL: `sqlite://${path.join(dataDir, "joren.db")}`,
      JOREN_LOG: "warn",
      // QR codes carry short links to this server, so tests can follow them as a phone does.
      JOREN_PUBLIC_URL: baseURL,
    },
  },
  projects: [
    {
      name: "setup",
      testMatch: /first-start\.setup\.ts/,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, hasTouch: true },
    },
    {
      name: "tablet",
      dependencies: ["setup"],
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        hasTouch: true,
      },
    },
    {
      name: "phone",
      dependencies: ["setup"],
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
      },
    },
  ],
});
