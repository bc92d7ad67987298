// Before `npm start`, `npm run db:migrate` and `npm run db:backup`: builds the portal when there
// is no build yet or the sources are newer, so that a fresh clone needs only `npm install && npm start`.
// A production install (`npm ci --omit=dev` next to a build made beforehand, docs/production.md)
// has no build tools: there the build present is used as it is, whatever the files' dates.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const outputs = ["build/server.js", "build/server/index.js", "build/migrate.js", "build/backup.js"];
const sources = ["app", "server", "public", "scripts/migrate.ts", "scripts/backup.ts", "package.json", "vite.config.ts"];

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

const built = outputs.every((file) => existsSync(file));
// The build needs the dev dependencies (Remix's compiler, Vite, esbuild) and the sources.
const canBuild = existsSync("node_modules/@remix-run/dev/package.json") && existsSync("app") && existsSync("server");

if (!canBuild) {
  if (!built) {
    console.error(
      "There is no build in build/, and this install cannot make one (it has no dev dependencies or no sources): " +
        "run `npm run build` where they are installed and copy build/ here (docs/production.md).",
    );
    process.exit(1);
  }
} else {
  const builtAt = built ? statSync(outputs[0]).mtimeMs : 0;
  if (builtAt < Math.max(...sources.map(newestModification))) {
    console.log("Building the portal (about 15 seconds)…");
    const result = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
