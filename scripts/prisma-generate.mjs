// Generates the Prisma client without Prisma's engine download.
// NOTE: every Prisma CLI command first tries to download the native schema engine, which these
// machines cannot reach; `generate` does not need it, so we point the CLI at a stand-in that only
// answers the version probe. See docs/decisions/003-migrations-without-the-schema-engine.md.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const standIn = path.join(tmpdir(), "partnership-portal-schema-engine");
if (!existsSync(standIn)) {
  mkdirSync(path.dirname(standIn), { recursive: true });
  writeFileSync(standIn, "#!/bin/sh\necho 'schema-engine-cli 0.0.0 (stand-in for prisma generate)'\n");
  chmodSync(standIn, 0o755);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? standIn,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync("npx", ["--no-install", "prisma", "generate", "--schema", "prisma/schema.prisma"], {
  env,
  stdio: "inherit",
});
if (result.status !== 0) {
  console.error("Could not generate the Prisma client (see the output above).");
  process.exit(result.status ?? 1);
}
