/**
 * `npm run screenshots`: the pictures of the README and the user guide (docs/user-guide.md),
 * taken in Debian's Chromium from the built portal on a fresh demo database. Run `npm run build`
 * first. Each is written as a palette PNG (at most 256 colours, through sharp's libimagequant):
 * the text stays sharp and the files are a fraction of Chromium's full-colour PNGs.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";

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
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-GB", timezoneId: "Europe/London" });
  mkdirSync(outDir, { recursive: true });
  const shoot = async (name: string, fullPage = true) => save(name, await page.screenshot({ fullPage }));
  const shootPart = async (name: string, part: Locator) => save(name, await part.screenshot());

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
    page
      .getByRole("region", { name: /Open now/ })
      .getByRole("link")
      .first()
      .getAttribute("href"),
    page
      .getByRole("table", { name: /Closed rounds/ })
      .getByRole("link")
      .first()
      .getAttribute("href"),
  ]);
  await page.goto(`${base}${lastClosed}`);
  await page.getByRole("heading", { name: "Each success factor" }).waitFor();
  await shoot("assessment-results", false);
  const concern = page.getByRole("article", { name: "Time to develop relationships" });
  await concern.getByRole("link", { name: /Create an action/ }).click();
  await concern.getByLabel("Action", { exact: true }).waitFor();
  await shootPart("assessment-concern-action", concern);
  await page.goto(`${base}${lastClosed}?view=agencies`);
  await shootPart("assessment-agencies", page.getByRole("region", { name: "Agencies side by side" }));
  await page.goto(`${base}${lastClosed}?view=trend`);
  await shootPart("assessment-trend", page.getByRole("region", { name: "Change over time" }));
  // Results, and the evidence beside them, are shown only once a round has closed (decision 010).
  await page.goto(`${base}${lastClosed}`);
  await shootPart("assessment-evidence", page.getByRole("article", { name: "Leadership and drive" }));
  await page.goto(`${base}${openRound}/respond`);
  await shoot("assessment-form", false);
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

  const visitor = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-GB", timezoneId: "Europe/London" });
  await visitor.goto(invitationLink);
  await save("invitation", await visitor.screenshot({ fullPage: true }));

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

/** Chromium's PNG reduced to a palette of at most 256 colours, which keeps text crisp. */
async function save(name: string, png: Buffer) {
  const file = path.join(outDir, `${name}.png`);
  await sharp(png).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toFile(file);
  console.log(path.relative(process.cwd(), file));
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
