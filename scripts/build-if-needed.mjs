// Before `npm start`: builds the portal when there is no build yet or the sources are newer,
// so that a fresh clone needs only `npm install && npm start`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const output = "build/server.js";
const sources = ["app", "server", "public", "package.json", "vite.config.ts"];

function newestModification(entry) {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "node_modules") continue;
    newest = Math.max(newest, newestModification(path.join(entry, child)));
  }
  return newest;
}

const builtAt = existsSync(output) && existsSync("build/server/index.js") ? statSync(output).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestModification));
if (builtAt < changedAt) {
  console.log("Building the portal (about 15 seconds)…");
  const result = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
