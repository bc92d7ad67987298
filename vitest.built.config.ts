import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

/**
 * Tests that start the production build (`node build/server.js`) as child processes: they run
 * after `npm run build` in `npm test`, as `npm run test:built`. One file at a time, so that the
 * servers they start do not compete for the machine's cores.
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ["tests/built/**/*.test.ts"],
      pool: "forks",
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
