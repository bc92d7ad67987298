/**
 * `npm run screenshots`: the README tour's pictures, taken in Debian's Chromium from the built
 * portal on a fresh demo database. Run `npm run build` first.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";

const PORT = 3290;
const base = `http://localhost:${PORT}`;
const databaseFile = path.resolve("tests/.tmp/screenshots.db");
const outDir = path.resolve("docs/screenshots");
const env = { ...process.env, DATABASE_URL: `file:${databaseFile}`, PORT: String(PORT), SECURE_COOKIES: "false" };

mkdirSync(path.dirname(databaseFile), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) rmSync(`${databaseFile}${suffix}`, { force: true });
const seeded = spawnSync("npx", ["tsx", "prisma/seed-demo.ts"], { env, stdio: "ignore" });
if (seeded.status !== 0) throw new Error("Could not seed the demo database.");

const server = spawn("node", ["build/server.js"], { env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
try {
  await waitForHealth();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  mkdirSync(outDir, { recursive: true });
  const shoot = async (name: string, fullPage = true) => {
    await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage });
    console.log(`docs/screenshots/${name}.png`);
  };

  await page.goto(`${base}/`);
  await shoot("start");
  await page.goto(`${base}/sign-up`);
  await shoot("sign-up");

  await signIn(page, "priya.shah@northshire.example.gov.uk");
  await shoot("my-initiatives");
  await page.getByRole("link", { name: "Northshire SEND Early Help Partnership" }).click();
  await page.getByRole("heading", { level: 1, name: "Northshire SEND Early Help Partnership" }).waitFor();
  await shoot("initiative-dashboard");
  const initiativeUrl = page.url().replace(/\?.*$/, "");
  await page.goto(`${initiativeUrl}/updates`);
  await page.getByRole("heading", { name: "Latest updates" }).waitFor();
  await shoot("updates");
  await page.goto(`${initiativeUrl}/roles`);
  await shoot("roles-register");
  await page.getByRole("link", { name: "Hold the pooled budget" }).click();
  await page.getByRole("heading", { name: /Change the responsibility/ }).waitFor();
  await shoot("responsibility-form", false);
  await page.emulateMedia({ media: "print" });
  await page.goto(`${initiativeUrl}/roles`);
  await shoot("roles-register-print");
  await page.emulateMedia({ media: "screen" });
  await page.goto(`${initiativeUrl}/meetings`);
  await shoot("meetings");
  await page.getByRole("link", { name: "SEND strategic group" }).first().click();
  await page.getByRole("heading", { name: "Agenda" }).waitFor();
  await shoot("meeting-upcoming");
  await page.goto(`${initiativeUrl}/meetings`);
  await page.getByRole("region", { name: "Past meetings" }).getByRole("link").first().click();
  await page.getByRole("heading", { name: "Attendance" }).waitFor();
  await shoot("meeting-past");
  await page.goto(`${initiativeUrl}/actions`);
  await shoot("actions");
  await page.goto(`${initiativeUrl}/funding`);
  await shoot("funding-budget");
  await page.goto(`${initiativeUrl}/funding/spending/new`);
  await shoot("funding-spending-form", false);
  await page.goto(`${initiativeUrl}/assessment`);
  await shoot("assessment-rounds");
  const [openRound, lastClosed] = await Promise.all([
    page.getByRole("region", { name: /Open now/ }).getByRole("link").first().getAttribute("href"),
    page.getByRole("table", { name: /Closed rounds/ }).getByRole("link").first().getAttribute("href"),
  ]);
  await page.goto(`${base}${lastClosed}`);
  await page.getByRole("heading", { name: "Each success factor" }).waitFor();
  await shoot("assessment-results", false);
  const concern = page.getByRole("article", { name: "Time to develop relationships" });
  await concern.getByRole("link", { name: /Create an action/ }).click();
  await concern.getByLabel("Action", { exact: true }).waitFor();
  await concern.screenshot({ path: path.join(outDir, "assessment-concern-action.png") });
  await page.goto(`${base}${lastClosed}?view=agencies`);
  await page.getByRole("region", { name: "Agencies side by side" }).screenshot({ path: path.join(outDir, "assessment-agencies.png") });
  await page.goto(`${base}${lastClosed}?view=trend`);
  await page.getByRole("region", { name: "Change over time" }).screenshot({ path: path.join(outDir, "assessment-trend.png") });
  // Results, and the evidence beside them, are shown only once a round has closed (decision 010).
  await page.goto(`${base}${lastClosed}`);
  await page.getByRole("article", { name: "Leadership and drive" }).screenshot({ path: path.join(outDir, "assessment-evidence.png") });
  await page.goto(`${base}${openRound}/respond`);
  await shoot("assessment-form", false);
  console.log("docs/screenshots/assessment-{agencies,trend,concern-action,evidence}.png");
  await page.goto(`${base}/calendar`);
  await shoot("calendar", false);
  await page.goto(`${initiativeUrl}/members`);
  await shoot("members");
  await page.goto(`${initiativeUrl}/members/invite`);
  await page.getByLabel("Their work email address").fill("kate.morris@northshire.example.gov.uk");
  await page.getByRole("radio", { name: /^Member/ }).check();
  await page.getByLabel("The agency they represent").selectOption({ label: "Northshire Community Health NHS Trust" });
  await page.getByRole("button", { name: "Create invitation" }).click();
  await page.getByText("Invitation ready for").waitFor();
  const invitationLink = await page.getByLabel("Invitation link", { exact: true }).inputValue();
  await shoot("invite");
  await page.goto(`${initiativeUrl}/settings`);
  await shoot("settings", false);
  await page.goto(`${initiativeUrl}/audit`);
  await shoot("audit-log");
  await signIn(page, "tom.hughes@northshire.example.gov.uk", true);
  await page.goto(`${base}/my-actions`);
  await shoot("my-actions");
  await page.goto(`${base}/mentions`);
  await shoot("mentions");
  await signIn(page, "priya.shah@northshire.example.gov.uk", true);
  await page.goto(`${base}/account`);
  await shoot("account");
  await page.goto(`${base}/initiatives/new`);
  await page.getByRole("button", { name: "Create initiative" }).click();
  await page.getByText("There is a problem").waitFor();
  await shoot("create-initiative-errors", false);

  const visitor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await visitor.goto(invitationLink);
  await visitor.screenshot({ path: path.join(outDir, "invitation.png"), fullPage: true });
  console.log("docs/screenshots/invitation.png");

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "jo.whitaker@northshire.example.gov.uk");
  await page.goto(`${base}/admin/agencies`);
  await shoot("admin-agencies");
  await page.goto(`${base}/admin/people`);
  await shoot("admin-people");
  await page.goto(`${base}/admin/audit`);
  await shoot("admin-audit-log");
  await page.goto(`${base}/activity`);
  await shoot("activity");

  await browser.close();
} finally {
  server.kill("SIGTERM");
}

async function signIn(page: Page, email: string, signOutFirst = false) {
  if (signOutFirst) await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("partnership-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/initiatives`);
}

async function waitForHealth() {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The portal did not start.");
}
