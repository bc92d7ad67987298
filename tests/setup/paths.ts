import path from "node:path";

/** Scratch folder for test databases; removed and recreated by each run. */
export const TEST_TMP_DIR = path.resolve("tests/.tmp");
/** A database migrated once per run, copied for each test file. */
export const TEMPLATE_DB = path.join(TEST_TMP_DIR, "template.db");
