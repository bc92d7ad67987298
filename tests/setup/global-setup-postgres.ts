import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../app/utils/migrate.server";
import { createDatabase, dropDatabases, newRunId, templateName, testDatabases } from "./postgres";

/**
 * The integration tests on PostgreSQL (vitest.postgres.config.ts): migrates one template
 * database per run; each test file works on its own copy (tests/setup/test-database.ts).
 */
export default async function globalSetup(project: TestProject) {
  await dropDatabases(await testDatabases("stale"));
  const runId = newRunId();
  const template = templateName(runId);
  const url = await createDatabase(template);
  await migrateDatabase(url);
  project.provide("postgresTemplate", { runId, template });

  return async () => {
    await dropDatabases(await testDatabases({ runId }));
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Set on PostgreSQL runs only. */
    postgresTemplate: { runId: string; template: string } | undefined;
  }
}
