import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, expect, test } from "vitest";
import { freePort, ROOT } from "../../scripts/built-portal";
import { requireBuild, temporaryFolder } from "./portal";

/**
 * A production install, as docs/production.md describes it: the build made beforehand, copied with
 * what it needs at run time next to `npm ci --omit=dev`, then `npm start`, `npm run db:migrate`
 * and `npm run db:backup` with no dev dependency (no tsx, no Remix compiler, no Prisma generate),
 * reading `.env` for what the environment does not set.
 * The install needs the npm registry (or npm's cache) and compiles better-sqlite3 for this Node:
 * 1.5 to 2 minutes in all, so the test is opt-in: TEST_PRODUCTION_INSTALL=1 (.ci/run sets it).
 */
const enabled = process.env.TEST_PRODUCTION_INSTALL === "1";
if (!enabled) console.log("Skipping the production install test: set TEST_PRODUCTION_INSTALL=1 to run it (1.5 to 2 minutes).");

/** What a production machine receives: no sources, no tests, two scripts npm runs (postinstall, prestart). */
const SHIPPED = [
  "package.json",
  "package-lock.json",
  "build",
  "prisma/migrations",
  "prisma/migrations-postgresql",
  "scripts/build-if-needed.mjs",
  "scripts/prisma-generate.mjs",
];

const folder = temporaryFolder();
afterAll(() => folder.remove());

/** npm and node as this test's own Node (which may not be the machine's), native addons compiled against its headers. */
function npmEnvironment(): NodeJS.ProcessEnv {
  const nodeBin = path.dirname(process.execPath);
  const nodeDir = path.dirname(nodeBin);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ""}`, NODE_ENV: "production" };
  if (existsSync(path.join(nodeDir, "include", "node", "node.h"))) env.npm_config_nodedir = nodeDir;
  for (const name of ["REDIS_URL", "ADMIN_EMAIL", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID", "DATABASE_URL"]) delete env[name];
  return env;
}

/** Runs a command in the install's folder (not blocking: Vitest's worker must keep answering); its output, or why it failed. */
function run(command: string, args: string[], env = npmEnvironment()): Promise<{ output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: folder.dir, env, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve({ output, seconds: (Date.now() - started) / 1000 });
      else reject(new Error(`${command} ${args.join(" ")} failed (${code ?? signal}):\n${output.slice(-3000)}`));
    });
  });
}

test.skipIf(!enabled)(
  "npm ci --omit=dev next to the build: npm start answers /healthz, db:migrate and db:backup run, with no dev dependency",
  async () => {
    requireBuild();
    for (const entry of SHIPPED) {
      mkdirSync(path.dirname(path.join(folder.dir, entry)), { recursive: true });
      cpSync(path.join(ROOT, entry), path.join(folder.dir, entry), { recursive: true });
    }

    // With its install scripts, as a production machine runs it: better-sqlite3 compiles, and the
    // portal's postinstall finds no Prisma schema to generate from and says the build carries the client.
    const install = await run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"]);
    expect(install.output).toContain("Not generating the Prisma client");
    for (const devOnly of ["tsx", "@remix-run/dev", "vite", "vitest", "esbuild"]) {
      expect(existsSync(path.join(folder.dir, "node_modules", devOnly)), `${devOnly} installed`).toBe(false);
    }
    const megabytes = Number((await run("du", ["-sm", "node_modules"])).output.split(/\s/)[0]);
    console.log(`npm ci --omit=dev: ${install.seconds.toFixed(0)} s, node_modules ${megabytes} MB.`);

    // `.env` fills in what the environment leaves unset, and never overrides what it sets.
    writeFileSync(path.join(folder.dir, ".env"), "PORT=1\nDATABASE_URL=file:./data/from-env-file.db\n");

    const port = await freePort();
    const databaseUrl = `file:${path.join(folder.dir, "data", "portal.db")}`;
    // Its own process group, so that stopping npm stops the portal under it too.
    const server = spawn("npm", ["start"], {
      cwd: folder.dir,
      env: { ...npmEnvironment(), DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => server.once("exit", resolve));
    try {
      const deadline = Date.now() + 30_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline && server.exitCode === null) {
        healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.ok,
          () => false,
        );
        if (!healthy) await sleep(100);
      }
      expect(healthy, `the portal did not answer /healthz:\n${output}`).toBe(true);
      // prestart found the build and did not try to rebuild it.
      expect(output).not.toContain("Building the portal");
    } finally {
      if (server.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
      await exited;
    }

    const migrate = await run("npm", ["run", "db:migrate"], { ...npmEnvironment(), DATABASE_URL: databaseUrl });
    expect(migrate.output).toContain("The database is up to date.");
    const backup = path.join(folder.dir, "backups", "portal.db");
    const backedUp = await run("npm", ["run", "db:backup", "--", backup], { ...npmEnvironment(), DATABASE_URL: databaseUrl });
    expect(backedUp.output).toContain(`to ${backup}`);
    expect(existsSync(backup)).toBe(true);
    // Without DATABASE_URL in the environment, `.env`'s is used.
    expect((await run("npm", ["run", "db:migrate"])).output).toContain("Applied ");
    expect(existsSync(path.join(folder.dir, "data", "from-env-file.db"))).toBe(true);
  },
  360_000,
);
