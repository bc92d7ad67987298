/**
 * Preloaded into the portal's server by bench/pages.ts (`node --import ./bench/count-queries.mjs
 * build/server.js`) to count the SQL statements the server sends to SQLite, without any change to
 * the app: it wraps better-sqlite3's `Database.prototype.prepare` (the Prisma driver adapter
 * prepares every statement it runs) and answers the parent's "queries" message over the IPC
 * channel with the running totals. BEGIN, COMMIT and ROLLBACK are counted apart from queries.
 */
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const Database = require("better-sqlite3");

let queries = 0;
let transactionStatements = 0;
const original = Database.prototype.prepare;
Database.prototype.prepare = function prepare(sql, ...rest) {
  if (/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(String(sql))) transactionStatements += 1;
  else queries += 1;
  return original.call(this, sql, ...rest);
};

if (process.send) {
  process.on("message", (message) => {
    if (message === "queries") process.send?.({ queries, transactionStatements });
  });
  // The channel must not keep the server alive on its own.
  process.channel?.unref();
}
