import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import { backupDatabase } from "~/utils/backup.server";
import { prisma } from "~/utils/db.server";
import { TEST_TMP_DIR } from "../setup/paths";
import { createInitiative, createUser } from "../fixtures";

const destination = path.join(TEST_TMP_DIR, `test-backup-${process.pid}-${Date.now()}.db`);
afterAll(() => ["", "-wal", "-shm"].forEach((suffix) => rmSync(`${destination}${suffix}`, { force: true })));

// The online backup is SQLite's; on PostgreSQL, pg_dump does it (docs/operations.md, Running at scale).
const onSqlite = (process.env.DATABASE_URL ?? "").startsWith("file:");

test.skipIf(!onSqlite)("a backup taken while the portal writes is a whole, consistent database; an existing file is never overwritten", async () => {
  const lead = await createUser();
  await createInitiative(lead);
  // Writes going on during the backup.
  const writing = Promise.all(Array.from({ length: 20 }, () => createUser()));
  const { pages } = await backupDatabase(process.env.DATABASE_URL!, destination);
  await writing;
  expect(pages).toBeGreaterThan(0);

  const copy = new Database(destination, { readonly: true, fileMustExist: true });
  try {
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const copied = copy.prepare("SELECT count(*) AS n FROM User").get() as { n: number };
    expect(copied.n).toBeGreaterThanOrEqual(1);
    expect(copied.n).toBeLessThanOrEqual(await prisma.user.count());
    expect(copy.prepare("SELECT id FROM Initiative").all()).toContainEqual({ id: expect.any(String) });
  } finally {
    copy.close();
  }
  await expect(backupDatabase(process.env.DATABASE_URL!, destination)).rejects.toThrow(/already exists; choose a new file/);
});
