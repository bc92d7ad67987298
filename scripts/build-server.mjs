// Bundles server/ (the Node entry) into build/server.js, and the database commands
// (`npm run db:migrate`, `npm run db:backup`) into build/migrate.js and build/backup.js, so that
// a production install runs them with plain node (no tsx, a dev dependency). Packages stay in
// node_modules; the generated Prisma client (app/generated) is bundled in.
import { build } from "esbuild";

await build({
  entryPoints: [
    { in: "server/index.ts", out: "server" },
    { in: "scripts/migrate.ts", out: "migrate" },
    { in: "scripts/backup.ts", out: "backup" },
  ],
  outdir: "build",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  tsconfig: "tsconfig.json",
});
