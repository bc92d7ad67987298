import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/**
 * The production build (`node build/server.js`) as a child process on a port of its own, as the
 * benchmarks (bench/support.ts) and the built-server tests (tests/built/portal.ts) both run it.
 * Each adds its own bookkeeping: what stops the process, and how a failure is reported.
 */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

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

/** The last `keep` lines a process printed, to explain a failure or show its warnings. */
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

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export type BuiltPortal = { url: string; child: ChildProcess; output: string[] };

/**
 * Starts the build on a free port without waiting for it. `env` gives DATABASE_URL and whatever
 * else the run needs; this shell's Redis, administrator and Vitest variables are not passed on.
 * `preload` is a module for node's `--import`; with it, the portal gets an IPC channel.
 */
export async function launchPortal(env: Record<string, string>, { preload }: { preload?: string } = {}): Promise<BuiltPortal> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    SECURE_COOKIES: "false",
    AUTH_RATE_LIMIT_PER_MINUTE: "1000000",
    TRUST_PROXY: "0",
  };
  for (const name of ["REDIS_URL", "REDIS_PREFIX", "ADMIN_EMAIL", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete childEnv[name];
  Object.assign(childEnv, env);
  const args = preload ? ["--import", preload, "build/server.js"] : ["build/server.js"];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe", ...(preload ? ["ipc" as const] : [])] });
  return { url: `http://127.0.0.1:${port}`, child, output: captureOutput(child, 60) };
}

/** Waits until the portal answers /healthz; throws, with its last output, if it stops or takes over `timeoutMs`. */
export async function untilReady(portal: BuiltPortal, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(portal.child)) {
      throw new Error(
        `The portal stopped before it was ready (${portal.child.signalCode ?? `exit code ${portal.child.exitCode}`}):\n${portal.output.join("\n")}`,
      );
    }
    if (
      await fetch(`${portal.url}/healthz`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await sleep(50);
  }
  throw new Error(`The portal did not answer /healthz within ${timeoutMs / 1000} s:\n${portal.output.join("\n")}`);
}
