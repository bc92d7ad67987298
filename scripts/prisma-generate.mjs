// Generates the Prisma clients without Prisma's engine download: the SQLite client from
// prisma/schema.prisma, and the PostgreSQL client from a copy of it that differs only in its
// provider and output (app/generated/schema.postgresql.prisma, written here; never edit it).
// NOTE: every Prisma CLI command first tries to download the native schema engine, which these
// machines cannot reach; `generate` does not need it, so we point the CLI at a stand-in that only
// answers the version probe. See docs/decisions/003-migrations-without-the-schema-engine.md
// and 012-postgresql-second-client.md.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const SCHEMA = "prisma/schema.prisma";
const POSTGRES_SCHEMA = "app/generated/schema.postgresql.prisma";

// A production install (`npm ci --omit=dev` next to a build, docs/production.md) needs no client:
// the build carries it (bundled from app/generated). There the schema or the Prisma CLI, a dev
// dependency, may be absent; say so and succeed, so that the install does.
const hasCli = (() => {
  try {
    createRequire(import.meta.url).resolve("prisma/package.json");
    return true;
  } catch {
    return false;
  }
})();
if (!existsSync(SCHEMA) || !hasCli) {
  console.log(
    `Not generating the Prisma client: ${existsSync(SCHEMA) ? "the Prisma CLI (a dev dependency) is not installed" : `there is no ${SCHEMA}`}. ` +
      "The build in build/ carries its own; `npm install` with the dev dependencies generates it for development.",
  );
  process.exit(0);
}

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

/** The one hand-written schema, with provider "postgresql" and output app/generated/prisma-pg. */
function postgresSchema(source) {
  const replaceOnce = (text, pattern, replacement, what) => {
    if (!pattern.test(text)) {
      console.error(`Could not derive the PostgreSQL schema: ${SCHEMA} has no ${what}.`);
      process.exit(1);
    }
    return text.replace(pattern, replacement);
  };
  let schema = replaceOnce(
    source,
    /(datasource\s+\w+\s*\{[^}]*\bprovider\s*=\s*")sqlite(")/,
    "$1postgresql$2",
    'datasource with provider = "sqlite"',
  );
  // Output paths are relative to the schema file, which sits in app/generated/.
  schema = replaceOnce(schema, /(generator\s+client\s*\{[^}]*\boutput\s*=\s*")[^"]*(")/, "$1./prisma-pg$2", "generator client with an output");
  return `// GENERATED from ${SCHEMA} by scripts/prisma-generate.mjs: do not edit, edit that file.\n\n${schema}`;
}

/** Runs `prisma generate` for one schema; resolves with whether it succeeded. */
function generate(schema) {
  return new Promise((resolve) => {
    const child = spawn("npx", ["--no-install", "prisma", "generate", "--schema", schema], { env, stdio: "inherit" });
    child.on("error", () => resolve(false));
    child.on("exit", (code) => {
      if (code !== 0) console.error(`Could not generate the Prisma client from ${schema} (see the output above).`);
      resolve(code === 0);
    });
  });
}

mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
writeFileSync(POSTGRES_SCHEMA, postgresSchema(readFileSync(SCHEMA, "utf8")));
// The two are independent: generate them side by side.
const results = await Promise.all([generate(SCHEMA), generate(POSTGRES_SCHEMA)]);
if (results.includes(false)) process.exit(1);
