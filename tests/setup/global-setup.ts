import { mkdirSync, rmSync } from "node:fs";
import { migrateDatabase } from "../../app/utils/migrate.server";
import { TEMPLATE_DB, TEST_TMP_DIR } from "./paths";

/** Migrates one template database per run; each test file works on its own copy. */
export default async function globalSetup() {
  rmSync(TEST_TMP_DIR, { recursive: true, force: true });
  mkdirSync(TEST_TMP_DIR, { recursive: true });
  await migrateDatabase(`file:${TEMPLATE_DB}`);
}
