// Starts the built portal for the browser tests on a fresh database file.
import { rmSync } from "node:fs";

const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
if (file) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
await import("../build/server.js");
