import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const databaseFile = path.resolve(`tests/.tmp/e2e-${PORT}.db`);

/**
 * Browser tests against the production build, on Debian's Chromium (Playwright's own browser
 * download is unreachable here). The server starts on its own fresh database.
 */
export default defineConfig({
  testDir: "tests/e2e",
  // After the server has started: the administrator, as the portal's first account (from this machine).
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  // A loaded CI machine can take a few seconds to answer a form: wait for what a person would.
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      DATABASE_URL: `file:${databaseFile}`,
      NODE_ENV: "production",
      SECURE_COOKIES: "false",
      // The tests sign up and sign in more often than a person would.
      AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    },
  },
});
