/**
 * What the benchmarks share: child processes, a temporary folder and other resources (such as a
 * PostgreSQL database) that never outlive a run (on any way out, Ctrl-C included), the
 * production build, a free port, a server's last lines of output, and percentiles.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A failure to explain in one sentence, without a stack trace. */
export class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// Child processes and the temporary folder: all of them go when the benchmark does.

const children = new Set<ChildProcess>();
let tempDir: string | undefined;
const releases = new Set<() => Promise<void>>();
let interrupted = false;

export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function stop(child: ChildProcess) {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(force);
}

/** The run's temporary folder, removed with it. */
export function removedWithRun(dir: string) {
  tempDir = dir;
  return dir;
}

function removeTempDir() {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/**
 * Asynchronous work that must happen on every way out once the children have stopped, such as
 * dropping a database the run created. Returns a function that does it now, once: after that the
 * way out has nothing left to do. `release` reports its own failures; it should not throw.
 * NOTE: a process killed outright (SIGKILL) does none of this; a benchmark that creates such
 * resources names them after its pid, so that a later run can remove those of runs no longer alive.
 */
export function releasedWithRun(release: () => Promise<void>): () => Promise<void> {
  releases.add(release);
  return async () => {
    if (releases.delete(release)) await release();
  };
}

let cleaningUp: Promise<void> | undefined;

/** Once: after Ctrl-C, both the signal handler and the failing `main` wait for the same clean-up. */
function cleanUp() {
  cleaningUp ??= (async () => {
    await Promise.all([...children].map(stop));
    removeTempDir();
    for (const release of [...releases]) {
      releases.delete(release);
      await release().catch((error: unknown) => console.error(error));
    }
  })();
  return cleaningUp;
}

/**
 * Runs a benchmark's `main` and exits with its code, cleaning up on every way out. `stopping`
 * says, after Ctrl-C, what is being stopped.
 */
export async function runBenchmark(main: () => Promise<number>, stopping: string): Promise<never> {
  // Last resort, on any way out: nothing may outlive the benchmark.
  process.on("exit", () => {
    for (const child of children) child.kill("SIGKILL");
    removeTempDir();
  });
  // NOTE: `on`, not `once`: a Ctrl-C in a terminal reaches this process twice (from the terminal,
  // and forwarded by `npm run`), and a second signal without a listener would end it mid-clean-up.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal} received: ${stopping}.`);
      void cleanUp().finally(() => process.exit(128 + os.constants.signals[signal]));
    });
  }
  // An error outside `main` (e.g. EPIPE when the output is piped into `head`): clean up, then go.
  let failedOutside = false;
  process.on("uncaughtException", (error) => {
    if (!failedOutside && !interrupted) {
      failedOutside = true;
      try {
        console.error(error);
      } catch {
        // The error output may be what broke.
      }
    }
    void cleanUp().finally(() => process.exit(1));
  });
  let exitCode = 1;
  try {
    exitCode = await main();
  } catch (error) {
    // After Ctrl-C, the children stopping is expected, not a failure to report.
    if (!interrupted) console.error(error instanceof BenchError ? `\nThe benchmark failed: ${error.message}` : error);
  } finally {
    await cleanUp();
  }
  process.exit(exitCode);
}

// ---------------------------------------------------------------------------------------------

/** The last lines a server printed, to explain a failure or show its warnings. */
export function captureOutput(child: ChildProcess, keep = 40) {
  const lines: string[] = [];
  const add = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - keep));
  };
  child.stdout?.on("data", add);
  child.stderr?.on("data", add);
  return lines;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The production build to measure: the one there, or a fresh one; says which. */
export function ensureBuild(force: boolean) {
  if (!force && existsSync("build/server.js") && existsSync("build/server/index.js")) {
    return `build/server.js of ${statSync("build/server.js").mtime.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  }
  console.log("Building the production app (npm run build)…");
  const result = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new BenchError(`The production build failed (npm run build exited with ${result.status ?? result.signal}).`);
  return "a fresh build";
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: number[], p: number) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
