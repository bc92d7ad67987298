import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { migrateDatabase, readMigrations } from "~/utils/migrate.server";
import { postUpdate, requireBuild, seedInitiative, spawnPortal, startPortal, temporaryFolder, type Portal } from "./portal";

/**
 * Durability of the embedded database (docs/decisions/013-redis-for-several-instances.md and
 * docs/operations.md, "Durability and backups"): the server runs SQLite in WAL mode with
 * synchronous=FULL, and migrates in one transaction per migration. `kill -9` the production
 * build while it works, start it again on the same file, and nothing it acknowledged is lost
 * and no migration is left half-applied.
 */
const folder = temporaryFolder();
const portals: Portal[] = [];
const started = (portal: Portal) => (portals.push(portal), portal);

beforeAll(() => requireBuild());

afterAll(async () => {
  await Promise.all(portals.map((portal) => portal.kill()));
  folder.remove();
});

/** The database's tables, indexes and triggers, as SQL: two databases with equal schemas give equal lists. */
function schemaOf(file: string) {
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
  } finally {
    db.close();
  }
}

function inspect<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true, timeout: 5_000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

type MigrationRow = { migration_name: string; finished_at: string | null };
const migrationRows = (db: Database.Database) =>
  db.prepare("SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name").all() as MigrationRow[];

test("kill -9 during the start-up migrations leaves only whole migrations, and the next start finishes them", async () => {
  const migrations = readMigrations();
  // What the schema is after the first k migrations, k = 0…n, migrated in this process.
  const expected: unknown[][] = [];
  for (let k = 0; k <= migrations.length; k++) {
    const file = path.join(folder.dir, `reference-${k}.db`);
    await migrateDatabase(`file:${file}`, migrations.slice(0, k));
    expected.push(schemaOf(file));
  }

  const killedAfter: number[] = [];
  for (let round = 0; round < 2; round++) {
    const file = path.join(folder.dir, `migrating-${round}.db`);
    const env = { DATABASE_URL: `file:${file}` };
    const portal = started(await spawnPortal(env));
    // Kill as soon as 1, 2, 3… migrations are recorded: in the middle of the next one, if we are quick enough.
    const target = 1 + (round % (migrations.length - 1));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && portal.child.exitCode === null) {
      let finished = -1;
      try {
        finished = inspect(file, (db) => migrationRows(db).filter((row) => row.finished_at !== null).length);
      } catch {
        // Not created yet, or busy: look again.
      }
      if (finished >= target) break;
      await sleep(1);
    }
    await portal.kill();

    // Whole migrations only: every recorded one finished, in order, and the schema is exactly theirs.
    const { rows, integrity } = inspect(file, (db) => {
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = '_prisma_migrations'").get();
      return { rows: hasTable ? migrationRows(db) : null, integrity: db.pragma("integrity_check", { simple: true }) };
    });
    expect(integrity).toBe("ok");
    if (rows === null) {
      expect(schemaOf(file)).toEqual([]);
    } else {
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
      expect(rows.map((row) => row.migration_name)).toEqual(migrations.slice(0, rows.length).map((m) => m.name));
      expect(schemaOf(file)).toEqual(expected[rows.length]);
    }
    killedAfter.push(rows?.length ?? -1);

    // The next start applies the rest and serves.
    const restarted = started(await startPortal(env));
    await restarted.stop();
    const after = inspect(file, migrationRows);
    expect(after.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(after.every((row) => row.finished_at !== null)).toBe(true);
    expect(schemaOf(file)).toEqual(expected[migrations.length]);
  }
  console.log(`Killed during start-up with ${killedAfter.join(", ")} of ${migrations.length} migrations recorded.`);
});

test("under a steady stream of posts, kill -9 and restart: every acknowledged post is there", async () => {
  const file = path.join(folder.dir, "writes.db");
  const env = { DATABASE_URL: `file:${file}` };
  const { initiativeId, lead } = await seedInitiative(env.DATABASE_URL);

  const acknowledged: string[] = [];
  const refused: string[] = [];
  let lostInFlight = 0;
  let portal = started(await startPortal(env));

  for (let round = 0; round < 2; round++) {
    const target = acknowledged.length + 25;
    let writing = true;
    // Four browsers posting one after another, as fast as the server answers.
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let i = 0; writing; i++) {
        try {
          const result = await postUpdate(portal, initiativeId, lead.cookie, `Round ${round}, writer ${writer}, post ${i}`);
          if (result.ok) acknowledged.push(result.postId);
          else refused.push(`${result.status}: ${result.text}`);
        } catch {
          // The server died with this request in flight: not acknowledged, so no promise was made.
          lostInFlight += 1;
          return;
        }
      }
    });
    const deadline = Date.now() + 10_000;
    while (acknowledged.length < target && Date.now() < deadline) await sleep(5);
    await portal.kill();
    writing = false;
    await Promise.all(writers);

    portal = started(await startPortal(env));
    const missing = inspect(file, (db) => {
      const present = new Set((db.prepare("SELECT id FROM Post").all() as { id: string }[]).map((row) => row.id));
      return acknowledged.filter((id) => !present.has(id));
    });
    expect(missing).toEqual([]);
    expect(inspect(file, (db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");
  }
  expect(refused).toEqual([]);
  expect(acknowledged.length).toBeGreaterThanOrEqual(50);
  // The file stays in WAL mode (a property of the file, set at migration).
  expect(inspect(file, (db) => db.pragma("journal_mode", { simple: true }))).toBe("wal");
  // And the restarted server takes posts as before.
  expect((await postUpdate(portal, initiativeId, lead.cookie, "After two crashes")).ok).toBe(true);
  await portal.stop();
  console.log(`${acknowledged.length} acknowledged posts all present after 2 × kill -9; ${lostInFlight} requests were in flight at the kills.`);
});
