// `npm run db:migration -- …`: writes migration SQL without Prisma's native schema engine.
//
// `prisma migrate dev/diff` need a native schema-engine binary that is downloaded on first use,
// and this machine cannot download it. The prisma CLI package does ship the same engine compiled
// to WebAssembly (node_modules/prisma/build/schema_engine_bg.wasm) but not its JS glue, which
// comes from the devDependency @prisma/schema-engine-wasm. This script runs that engine and asks
// it for the diff between two schemas. Diffing schemas needs no database: the SQLite connector
// never queries, and the PostgreSQL connector's one version probe is answered by a stub adapter.
// The SQL is applied by scripts/migrate.ts; see docs/decisions/003-migrations-without-the-schema-engine.md.
//
// Each provider has its own folder: prisma/migrations (SQLite) and prisma/migrations-postgresql,
// both written from the one schema (docs/decisions/012-postgresql-second-client.md).
//
//   npm run db:migration -- --from empty --to prisma/schema.prisma   (print the whole schema's SQL)
//   npm run db:migration -- --from-git HEAD --create add_thing       (write the next migration, into both folders)
//   npm run db:migration -- --from empty --provider postgresql       (print the PostgreSQL flavour)
//   npm run db:migration -- --provider postgresql --baseline         (rewrite prisma/migrations-postgresql
//                                                                     as one migration of the whole schema)
//
// --to defaults to prisma/schema.prisma; --provider defaults to the --to schema's datasource
// provider when printing, and to every provider with --create (both schemas are rewritten in
// memory to the chosen one).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import {
  ColumnTypeEnum,
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import type * as Glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { DiffTarget, SchemaContainer, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

const PROVIDERS = ["sqlite", "postgresql"] as const;
type Provider = (typeof PROVIDERS)[number];

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Each provider's migrations, written from the one schema; applied by app/utils/migrate.server.ts. */
const MIGRATIONS_DIRS: Record<Provider, string> = {
  sqlite: path.join(ROOT, "prisma", "migrations"),
  postgresql: path.join(ROOT, "prisma", "migrations-postgresql"),
};
const DEFAULT_SCHEMA = "prisma/schema.prisma";

const USAGE = `Usage: npx tsx scripts/migration-sql.ts (--from <empty|old.prisma> | --from-git <ref>)
         [--to <new.prisma>] [--provider sqlite|postgresql] [--create <name>]
       npx tsx scripts/migration-sql.ts --provider postgresql --baseline [--to <schema.prisma>]`;

/** A mistake the user can fix; printed as one sentence, exit code 1. */
class UserError extends Error {}

type Options = {
  from: { kind: "empty" } | { kind: "file"; file: string } | { kind: "git"; ref: string };
  to: string;
  provider: Provider | undefined;
  create: string | undefined;
  baseline: boolean;
};

function parseOptions(argv: string[]): Options | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: "string" },
        "from-git": { type: "string" },
        to: { type: "string" },
        provider: { type: "string" },
        create: { type: "string" },
        baseline: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // parseArgs says what is wrong in its first sentence ("Unknown option '--form'").
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(`${message.split(". ")[0]?.replace(/\.$/, "")}; see --help.`);
  }
  if (values.help) return "help";

  const fromGit = values["from-git"];
  const fromArg = values.from;
  const provider = values.provider;
  if (provider !== undefined && !isProvider(provider)) {
    throw new UserError(`--provider must be one of ${PROVIDERS.join(", ")}, not "${provider}".`);
  }
  const to = values.to ?? DEFAULT_SCHEMA;

  if (values.baseline) {
    // NOTE: only for PostgreSQL, whose folder has not been deployed yet; SQLite databases in use
    // have its migrations applied and would refuse a rewritten history.
    if (provider !== "postgresql") throw new UserError("--baseline is for --provider postgresql only.");
    if (fromGit !== undefined || fromArg !== undefined || values.create !== undefined) {
      throw new UserError("--baseline always starts from an empty database: leave out --from, --from-git and --create.");
    }
    return { from: { kind: "empty" }, to, provider, create: undefined, baseline: true };
  }

  if ((fromGit === undefined) === (fromArg === undefined)) {
    throw new UserError("Give exactly one of --from <empty|file> and --from-git <ref>; see --help.");
  }
  const from: Options["from"] =
    fromGit !== undefined
      ? { kind: "git", ref: fromGit }
      : fromArg === "empty" || fromArg === undefined
        ? { kind: "empty" }
        : { kind: "file", file: fromArg };

  const create = values.create;
  if (create !== undefined && !/^[a-z0-9_]+$/.test(create)) {
    throw new UserError(`The migration name "${create}" may only contain a-z, 0-9 and _.`);
  }
  return { from, to, provider, create, baseline: false };
}

function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Schemas

function readSchemaFile(file: string): SchemaContainer {
  try {
    return { path: file, content: readFileSync(file, "utf8") };
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
    throw new UserError(`Could not read the schema file ${file}${reason}.`);
  }
}

function readSchemaAtGitRef(ref: string): SchemaContainer {
  try {
    const content = execFileSync("git", ["show", `${ref}:./${DEFAULT_SCHEMA}`], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { path: `${ref}:${DEFAULT_SCHEMA}`, content };
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const firstLine = typeof stderr === "string" ? stderr.trim().split("\n")[0] : undefined;
    const reason = firstLine ? ` (${firstLine.replace(/^fatal: /, "").replace(/\.$/, "")})` : "";
    throw new UserError(`Could not read ${DEFAULT_SCHEMA} at git ref "${ref}"${reason}.`);
  }
}

const DATASOURCE_BLOCK = /datasource\s+\w+\s*\{[^}]*\}/;
const PROVIDER_LINE = /(\bprovider\s*=\s*")([^"]*)"/;

function datasourceBlock(schema: SchemaContainer): string {
  const block = DATASOURCE_BLOCK.exec(schema.content)?.[0];
  if (block === undefined || !PROVIDER_LINE.test(block)) {
    throw new UserError(`${schema.path} has no datasource block with a provider.`);
  }
  return block;
}

function datasourceProvider(schema: SchemaContainer): string {
  return PROVIDER_LINE.exec(datasourceBlock(schema))?.[2] ?? "";
}

/** The same schema with its datasource provider replaced (in memory only). */
function withProvider(schema: SchemaContainer, provider: Provider): SchemaContainer {
  const block = datasourceBlock(schema);
  const content = schema.content.replace(block, block.replace(PROVIDER_LINE, `$1${provider}"`));
  return { path: schema.path, content };
}

// ---------------------------------------------------------------------------------------------
// Adapters: the engine talks to databases only through a driver adapter.

/**
 * PostgreSQL without a server. Diffing two schemas only makes the connector probe the server
 * once (`SELECT EXISTS(… pg_namespace …), version(), current_setting('server_version_num')`);
 * answer that as a PostgreSQL 15 that has the schema. Anything else means the diff needed a
 * live database, which this script does not offer.
 */
function offlinePostgresFactory(): SqlMigrationAwareDriverAdapterFactory {
  const noDatabase = (what: string) =>
    Promise.reject(new Error(`${what} needs a live PostgreSQL database, which scripts/migration-sql.ts does not use.`));
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: "migration-sql-offline",
    queryRaw(query: SqlQuery): Promise<SqlResultSet> {
      if (!query.sql.includes("server_version_num")) return noDatabase(`The query ${query.sql}`);
      return Promise.resolve({
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 15.0", 150000]],
      });
    },
    executeRaw: (query) => noDatabase(`The statement ${query.sql}`),
    executeScript: () => noDatabase("Running a script"),
    startTransaction: () => noDatabase("A transaction"),
    dispose: () => Promise.resolve(),
  };
  return {
    provider: "postgres",
    adapterName: "migration-sql-offline",
    connect: () => Promise.resolve(adapter),
    connectToShadowDb: () => Promise.resolve(adapter),
  };
}

function adapterFactoryFor(provider: Provider): SqlMigrationAwareDriverAdapterFactory {
  // An in-memory SQLite database: the SQLite connector diffs schemas without querying it.
  return provider === "sqlite" ? new PrismaBetterSqlite3({ url: ":memory:" }) : offlinePostgresFactory();
}

// ---------------------------------------------------------------------------------------------
// The engine

/** What wasm-bindgen's glue exports but its .d.ts does not declare. */
type GlueInternals = { __wbg_set_wasm(exports: WebAssembly.Exports): void };

/**
 * Instantiates node_modules/prisma/build/schema_engine_bg.wasm (the engine of the installed
 * prisma CLI) with the glue of @prisma/schema-engine-wasm, the way the glue's own entry point
 * does with its bundled copy.
 */
let loadedGlue: Promise<typeof Glue> | undefined;

/** The engine's glue, instantiated once per process (a second instantiation panics). */
function engineGlue(): Promise<typeof Glue> {
  loadedGlue ??= loadEngineGlue();
  return loadedGlue;
}

async function loadEngineGlue(): Promise<typeof Glue> {
  const require = createRequire(import.meta.url);
  let glue: typeof Glue;
  let wasmFile: string;
  try {
    glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    wasmFile = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm");
  } catch {
    throw new UserError("Could not find prisma and @prisma/schema-engine-wasm in node_modules; run npm install.");
  }
  let instance: WebAssembly.Instance;
  try {
    const imports = { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports };
    ({ instance } = await WebAssembly.instantiate(readFileSync(wasmFile), imports));
  } catch (error) {
    if (error instanceof WebAssembly.LinkError) {
      throw new UserError(
        `The schema engine in ${wasmFile} does not fit the installed @prisma/schema-engine-wasm glue ` +
          `(${error.message}); pin @prisma/schema-engine-wasm to the build matching prisma's engine.`,
      );
    }
    throw new UserError(`Could not load the schema engine from ${wasmFile}.`);
  }
  (glue as unknown as GlueInternals).__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/** Turns the engine's multi-line diagnostics ("error: …\n  -->  file:line") into one line. */
function engineErrorSentence(error: unknown): string {
  if (!(error instanceof Error)) return `The schema engine failed: ${String(error)}.`;
  const code = "code" in error && typeof error.code === "string" ? ` (${error.code})` : "";
  const problems: string[] = [];
  for (const line of error.message.split("\n")) {
    const problem = /^error: (.*)$/.exec(line.trim())?.[1];
    const where = /^-->\s*(.*)$/.exec(line.trim())?.[1];
    if (problem !== undefined) problems.push(problem.replace(/\.$/, ""));
    else if (where !== undefined && problems.length > 0) problems[problems.length - 1] += ` (${where})`;
  }
  const detail = problems.length > 0 ? problems.join("; ") : error.message.replace(/\s+/g, " ").trim();
  return `The schema engine rejected the diff${code}: ${detail.replace(/\.$/, "")}.`;
}

type Diff = { sql: string; empty: boolean };

async function diffSchemas(from: SchemaContainer | "empty", to: SchemaContainer, provider: Provider): Promise<Diff> {
  const glue = await engineGlue();
  const logs = (line: string) => {
    // The engine logs JSON lines; only warnings and errors are worth showing.
    try {
      const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
      if (entry.level === "WARN" || entry.level === "ERROR") {
        console.error(`schema engine ${entry.level.toLowerCase()}: ${entry.fields?.message ?? line}`);
      }
    } catch {
      /* not JSON: ignore */
    }
  };
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: [[to.path, to.content]] },
      logs,
      bindMigrationAwareSqlAdapterFactory(adapterFactoryFor(provider)),
    );
    const fromTarget: DiffTarget = from === "empty" ? { tag: "empty" } : { tag: "schemaDatamodel", files: [from] };
    const result = await engine.diff({
      from: fromTarget,
      to: { tag: "schemaDatamodel", files: [to] },
      script: true,
      exitCode: true, // exitCode 2 = the schemas differ, 0 = nothing to migrate
      filters: { externalTables: [], externalEnums: [] },
    });
    return { sql: result.stdout ?? "", empty: result.exitCode === 0 };
  } catch (error) {
    throw new UserError(engineErrorSentence(error));
  } finally {
    engine?.free();
  }
}

// ---------------------------------------------------------------------------------------------
// --create and --baseline

function utcTimestamp(date = new Date()): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14); // YYYYMMDDHHMMSS
}

const relative = (file: string) => path.relative(process.cwd(), file);

function migrationFolders(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((entry) => /^\d{14}_/.test(entry))
        .sort()
    : [];
}

/** Creates the provider's folder and lock file, or checks that the lock file names the provider. */
function prepareMigrationsDir(provider: Provider): string {
  const dir = MIGRATIONS_DIRS[provider];
  const lockFile = path.join(dir, "migration_lock.toml");
  if (existsSync(lockFile)) {
    const locked = /^provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockFile, "utf8"))?.[1];
    if (locked !== provider) {
      const lockedTo = locked ?? "an unknown provider";
      throw new UserError(`${relative(dir)} is for ${lockedTo}, not ${provider}; print to stdout instead.`);
    }
  } else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      lockFile,
      "# Please do not edit this file manually\n" +
        "# It should be added in your version-control system (e.g., Git)\n" +
        `provider = "${provider}"\n`,
    );
  }
  return dir;
}

/** Writes <provider's folder>/<timestamp>_<name>/migration.sql and returns its path. */
function writeMigration(name: string, timestamp: string, diff: Diff, provider: Provider): string {
  const dir = prepareMigrationsDir(provider);
  const sameName = migrationFolders(dir).find((entry) => entry.replace(/^\d{14}_/, "") === name);
  if (sameName !== undefined) throw new UserError(`There is already a migration called ${name}: ${sameName}.`);

  const migrationDir = path.join(dir, `${timestamp}_${name}`);
  if (existsSync(migrationDir)) throw new UserError(`${relative(migrationDir)} already exists.`);
  mkdirSync(migrationDir);
  const file = path.join(migrationDir, "migration.sql");
  writeFileSync(file, diff.sql);
  return file;
}

/**
 * Replaces every migration in the provider's folder with one, <timestamp>_baseline, holding the
 * whole schema. Its timestamp is that of the newest SQLite migration, so the two folders stay in
 * step: the next migration written with --create sorts after it in both.
 */
function writeBaseline(diff: Diff, provider: Provider): string {
  const newestSqlite = migrationFolders(MIGRATIONS_DIRS.sqlite).at(-1);
  const timestamp = newestSqlite?.slice(0, 14) ?? utcTimestamp();
  const dir = prepareMigrationsDir(provider);
  for (const entry of migrationFolders(dir)) rmSync(path.join(dir, entry), { recursive: true });
  return writeMigration("baseline", timestamp, diff, provider);
}

// ---------------------------------------------------------------------------------------------

async function main(argv: string[]) {
  const options = parseOptions(argv);
  if (options === "help") {
    console.log(USAGE);
    return;
  }

  const to = readSchemaFile(options.to);
  const declared = datasourceProvider(to);
  const from =
    options.from.kind === "empty" ? "empty" : options.from.kind === "git" ? readSchemaAtGitRef(options.from.ref) : readSchemaFile(options.from.file);
  const diffFor = (provider: Provider) => diffSchemas(from === "empty" ? from : withProvider(from, provider), withProvider(to, provider), provider);

  if (options.create !== undefined) {
    // Every provider's folder gets the migration, with one timestamp, unless one was named.
    const providers = options.provider ? [options.provider] : [...PROVIDERS];
    const diffs = new Map<Provider, Diff>();
    for (const provider of providers) diffs.set(provider, await diffFor(provider));
    if ([...diffs.values()].every((diff) => diff.empty)) {
      throw new UserError("Nothing to migrate: the two schemas give the same database.");
    }
    const timestamp = utcTimestamp();
    for (const [provider, diff] of diffs) console.log(relative(writeMigration(options.create, timestamp, diff, provider)));
    return;
  }

  const provider = options.provider ?? declared;
  if (!isProvider(provider)) {
    const supported = PROVIDERS.join(" and ");
    throw new UserError(`${to.path} uses the provider "${provider}"; this script supports ${supported}.`);
  }
  const diff = await diffFor(provider);
  if (options.baseline) {
    console.log(relative(writeBaseline(diff, provider)));
  } else {
    process.stdout.write(diff.sql);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  console.error(error.message);
  process.exit(1);
}
