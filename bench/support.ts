/**
 * What the benchmarks share: reading their command line; child processes, a temporary folder and
 * other leftovers (a database, Redis keys) that never outlive a run (on any way out, Ctrl-C
 * included); the production build and the portal started from it (scripts/built-portal.ts), its
 * resident memory, percentiles and tables.
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { withoutPassword } from "../app/utils/env.server";
import { hasExited, launchPortal, ROOT, untilReady, type BuiltPortal } from "../scripts/built-portal";

export { hasExited, ROOT };

/** A failure to explain in one sentence, without a stack trace. */
export class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// The command line

/** The databases a benchmark can measure, with their names in the report. */
export const DATABASES = { sqlite: "SQLite", postgresql: "PostgreSQL" } as const;
export type Database = keyof typeof DATABASES;

/** Reading a benchmark's command line: a mistake is a BenchError that shows `usage` after it. */
export function commandLine(usage: string) {
  const mistake = (message: string) => new BenchError(`${message}\n${usage}`);
  return {
    mistake,
    /** node's parseArgs, strict. */
    parse<const O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
      try {
        return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
      } catch (error) {
        throw mistake(errorReason(error));
      }
    },
    wholeNumber(option: string, text: string, min: number) {
      const value = Number(text.trim());
      if (!Number.isInteger(value) || value < min) throw mistake(`${option} takes whole numbers of at least ${min} (got "${text}").`);
      return value;
    },
    /** The value of --database: sqlite and/or postgresql, each once. */
    databases(text: string): Database[] {
      const databases = [...new Set(text.split(",").map((part) => part.trim().toLowerCase()))];
      for (const database of databases) if (!(database in DATABASES)) throw mistake(`--database takes sqlite and/or postgresql (got "${database}").`);
      return databases as Database[];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes and the temporary folder: all of them go when the benchmark does.

const children = new Set<ChildProcess>();
let tempDir: string | undefined;
const undoings = new Set<() => Promise<void>>();
let interrupted = false;

export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export async function stop(child: ChildProcess) {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(force);
}

/**
 * The run's temporary folder, `portal-bench-<benchmark>-<pid>-…`, removed with it. Those that
 * runs of `benchmark` killed outright left behind go first.
 */
export function tempDirForRun(benchmark: string) {
  const prefix = `portal-bench-${benchmark}-`;
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(new RegExp(`^${prefix}(\\d+)-`).exec(name)?.[1]);
    if (pid && pid !== process.pid && processHasEnded(pid)) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
  tempDir = mkdtempSync(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
  return tempDir;
}

function removeTempDir() {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/**
 * Something the run made outside this machine's processes and folder (a database, Redis keys),
 * undone on every way out once the children have stopped. Returns a function that undoes it
 * now, for a run that is done with it early; it is not undone twice, and a way out that comes
 * while it is being undone waits for it. A failure is reported, not thrown.
 * NOTE: a process killed outright (SIGKILL) undoes nothing: a benchmark that makes such things
 * names them after its pid, so that a later run can remove those of runs no longer alive
 * (`processHasEnded`).
 */
export function undoneWithRun(what: string, undo: () => Promise<void>): () => Promise<void> {
  let undoing: Promise<void> | undefined;
  const once = () =>
    (undoing ??= (async () => {
      try {
        await undo();
      } catch (error) {
        console.error(`Could not remove ${what}; remove it by hand. ${errorReason(error)}`);
      } finally {
        undoings.delete(once);
      }
    })());
  undoings.add(once);
  return once;
}

/** An error's reason in a few words: a refused connection to every address is an AggregateError with no message. */
export function errorReason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorReason(error.errors[0]);
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}

/** Whether a process of this machine has ended: a leftover named after its pid may go. */
export function processHasEnded(pid: number) {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

let cleaning: Promise<void> | undefined;

/**
 * Stops the children, then undoes the rest. NOTE: one cleaning however many ask for it (the end of
 * `main` and a Ctrl-C may both), so that none of them exits while another is still at work.
 */
function cleanUp() {
  cleaning ??= (async () => {
    await Promise.all([...children].map(stop));
    for (const undo of [...undoings].reverse()) await undo();
    removeTempDir();
  })();
  return cleaning;
}

/**
 * Runs a benchmark's `main` and exits with its code, cleaning up on every way out. `stopping`
 * says, after Ctrl-C, what is being stopped.
 * NOTE: the npm scripts run benchmarks with `node --import tsx`, not the `tsx` command, whose
 * signal relay SIGKILLs a child that does not acknowledge a Ctrl-C within 60 ms, as a busy load
 * generator may not: it would leave everything behind.
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

/** A TypeScript file of this project in its own process (tsx loader, IPC channel), stopped with the run. */
export function forkTs(file: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  return track(fork(path.join(ROOT, file), args, { cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
}

/** What a forked worker sends before it exits 0; `what` names its work in a failure. */
export function resultOf<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let result: T | undefined;
    const timer = setTimeout(() => reject(new BenchError(`${what} took over ${timeoutMs / 1000} s.`)), timeoutMs);
    child.on("message", (message: T) => (result = message));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined && code === 0) resolve(result);
      else reject(new BenchError(`${what} failed (${signal ?? `exit code ${code}`}).`));
    });
  });
}

/** `text` if it is an address with a host and one of `protocols`; `name` is the option or variable it came from. */
export function serviceUrl(name: string, text: string, protocols: string[]) {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !protocols.includes(url.protocol) || !url.hostname) {
    const expected = protocols.map((protocol) => `${protocol}//`).join(" or ");
    throw new BenchError(`${name} takes a ${expected} address with a host (got "${withoutPassword(text)}").`);
  }
  return text;
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

// ---------------------------------------------------------------------------------------------
// The portal

/** The portal keeps its last lines of output, to explain a failure and show its warnings. */
export type Portal = BuiltPortal;

/**
 * The production build (`node build/server.js`) on a free port, once it answers /healthz, stopped
 * with the run. `env` gives DATABASE_URL and, for several instances, REDIS_URL and REDIS_PREFIX:
 * those of this shell are not passed on. `preload` is a module for node's `--import`; with it,
 * the portal gets an IPC channel.
 */
export async function startPortal(env: Record<string, string>, options: { preload?: string } = {}): Promise<Portal> {
  const portal = await launchPortal(env, options);
  track(portal.child);
  try {
    await untilReady(portal);
  } catch (error) {
    throw new BenchError(errorReason(error));
  }
  return portal;
}

/** What the portal printed beyond its start-up and stopping lines: warnings worth showing. */
export const warningsOf = (portal: Portal) =>
  portal.output.filter((line) => !/^(Partnership Portal is running|Database ready|SIGTERM received)/.test(line));

/** A process's resident set size (VmRSS) in kB; null without /proc or once it has ended. */
export function residentKb(pid: number | undefined): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

/** A table for the terminal: columns right-aligned but those in `leftAligned` (by default the first). */
export function printTable(rows: string[][], leftAligned: number[] = [0]) {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(
      row.map((cell, column) => (leftAligned.includes(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" │ "),
    );
    if (i === 0) console.log(widths.map((width) => "─".repeat(width)).join("─┼─"));
  }
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: number[], p: number) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
