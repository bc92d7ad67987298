/**
 * Preloaded into the portal's server by bench/pages.ts (`node --import ./bench/count-queries.mjs
 * build/server.js`) to count the SQL statements the server sends to its database, without any
 * change to the app, and answers the parent's "queries" message over the IPC channel with the
 * running totals. BEGIN, COMMIT, ROLLBACK and savepoints are counted apart from queries.
 *
 * - SQLite: wraps better-sqlite3's `Database.prototype.prepare` (the Prisma driver adapter
 *   prepares every statement it runs).
 * - PostgreSQL: wraps pg's `Client.prototype.query`. @prisma/adapter-pg sends every statement,
 *   transaction control included, through `query` of its `pg.Pool` or of a client checked out of
 *   it; the pool hands each to its client's `query`, so each statement is counted once.
 *
 * The package is the server's own copy (resolved from the working directory): pg's ESM entry
 * re-exports its CommonJS one, so the server's `import pg from "pg"` sees the same classes.
 */
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));

let queries = 0;
let transactionStatements = 0;
function count(sql) {
  if (/^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|SET\s+TRANSACTION)\b/i.test(String(sql))) transactionStatements += 1;
  else queries += 1;
}

const Database = require("better-sqlite3");
const originalPrepare = Database.prototype.prepare;
Database.prototype.prepare = function prepare(sql, ...rest) {
  count(sql);
  return originalPrepare.call(this, sql, ...rest);
};

const pg = require("pg");
const originalQuery = pg.Client.prototype.query;
// `query(text | { text, values, … } | submittable, values?, callback?)`
pg.Client.prototype.query = function query(config, ...rest) {
  count(typeof config === "string" ? config : config?.text);
  return originalQuery.call(this, config, ...rest);
};

if (process.send) {
  process.on("message", (message) => {
    if (message === "queries") process.send?.({ queries, transactionStatements });
  });
  // The channel must not keep the server alive on its own.
  process.channel?.unref();
}
