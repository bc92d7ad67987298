import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { migrateDatabase } from "../../app/utils/migrate.server";
import { TEMPLATE_DB, TEST_TMP_DIR } from "./paths";

/** Migrates one template database per run; each test file works on its own copy. */
export default async function globalSetup() {
  // Only this runner's own files: the browser tests keep their databases in the same folder.
  mkdirSync(TEST_TMP_DIR, { recursive: true });
  for (const file of readdirSync(TEST_TMP_DIR)) {
    if (file.startsWith("template.db") || file.startsWith("test-")) rmSync(path.join(TEST_TMP_DIR, file), { force: true });
  }
  await migrateDatabase(`file:${TEMPLATE_DB}`);
}
