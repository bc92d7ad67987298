import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ["app/**/*.test.{ts,tsx}", "tests/integration/**/*.test.ts", "tests/security/**/*.test.ts", "server/**/*.test.ts"],
      globalSetup: ["tests/setup/global-setup.ts"],
      setupFiles: ["tests/setup/setup-test-env.ts"],
      pool: "forks",
      restoreMocks: true,
      testTimeout: 20_000,
    },
  }),
);
