import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hasExited, launchPortal, ROOT, untilReady, type BuiltPortal } from "../../scripts/built-portal";
import type * as Fixtures from "../fixtures";

/**
 * The production build (`node build/server.js`) as a child process on a database of the test's
 * own, started as the benchmarks start it (scripts/built-portal.ts). These tests run after `npm run build`
 * (`npm run test:built`); nothing outlives them.
 */

export function requireBuild() {
  for (const file of ["build/server.js", "build/server/index.js"]) {
    if (!existsSync(path.join(ROOT, file))) {
      throw new Error(`${file} is missing: these tests start the production build, so run \`npm run build\` first.`);
    }
  }
}

/** A temporary folder for the test's databases, removed with `remove()`. */
export function temporaryFolder() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portal-built-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Portal = BuiltPortal & {
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM: a graceful stop. */
  stop(): Promise<void>;
  /** SIGKILL: `kill -9`, no chance to finish anything. */
  kill(): Promise<void>;
};

const running = new Set<ChildProcess>();
process.on("exit", () => running.forEach((child) => child.kill("SIGKILL")));

/** Starts the built server without waiting for it to be ready. */
export async function spawnPortal(env: Record<string, string>): Promise<Portal> {
  const { url, child, output } = await launchPortal({ AUTH_RATE_LIMIT_PER_MINUTE: "100000", ...env });
  running.add(child);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve(signal ?? code ?? -1);
    }),
  );
  const end = async (signal: NodeJS.Signals) => {
    if (!hasExited(child)) child.kill(signal);
    await exited;
  };
  return { url, child, output, exited, stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}

/** Starts the built server and waits until /healthz answers. */
export async function startPortal(env: Record<string, string>, timeoutMs = 30_000): Promise<Portal> {
  const portal = await spawnPortal(env);
  try {
    await untilReady(portal, timeoutMs);
  } catch (error) {
    await portal.kill();
    throw error;
  }
  return portal;
}

/** What a seed of the built tests writes with: the test fixtures and a session cookie for anyone. */
export type Seeding = typeof Fixtures & { cookieFor: (userId: string) => Promise<string> };

/**
 * Writes a test's data through the app's own modules into `databaseUrl` (migrated first), before
 * the server is started on it; `cookieFor` gives the session cookie a person's browser would send.
 * NOTE: the modules read DATABASE_URL when first imported, so one database per test file.
 */
export async function seedThrough<T>(databaseUrl: string, write: (seeding: Seeding) => Promise<T>): Promise<T> {
  const { migrateDatabase } = await import("~/utils/migrate.server");
  await migrateDatabase(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  const fixtures = await import("../fixtures");
  const { createSessionCookie } = await import("~/utils/auth.server");
  const { prisma } = await import("~/utils/db.server");
  const cookieFor = async (userId: string) => (await createSessionCookie(userId, "built tests")).split(";")[0]!;
  try {
    return await write({ ...fixtures, cookieFor });
  } finally {
    // The server is the one writing from now on.
    await prisma.$disconnect();
  }
}

/** A lead and members of one initiative, with the session cookies their browsers would send. */
export function seedInitiative(databaseUrl: string, members = 1) {
  return seedThrough(databaseUrl, async ({ addMember, createInitiative, createUser, cookieFor }) => {
    const lead = await createUser();
    const initiative = await createInitiative(lead);
    const people: Array<{ id: string; cookie: string }> = [];
    for (let i = 0; i < members; i++) {
      const member = await createUser();
      await addMember(initiative.id, member, "member");
      people.push({ id: member.id, cookie: await cookieFor(member.id) });
    }
    return { initiativeId: initiative.id, lead: { id: lead.id, cookie: await cookieFor(lead.id) }, members: people };
  });
}

/** One post to an initiative's feed, as the browser's form sends it; the new post's id, or why not. */
export async function postUpdate(portal: Portal, initiativeId: string, cookie: string, body: string) {
  const response = await fetch(`${portal.url}/initiatives/${initiativeId}/updates?index`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: portal.url },
    body: new URLSearchParams({ intent: "post", category: "information", body }),
  });
  const text = await response.text();
  const postId = /#post-([A-Za-z0-9]+)$/.exec(response.headers.get("location") ?? "")?.[1];
  if (response.status !== 302 || !postId) return { ok: false as const, status: response.status, text: text.slice(0, 300) };
  return { ok: true as const, postId };
}
