import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
  plugins: [
    tailwindcss(),
    // Vitest loads this file too; the Remix plugin has no business in a unit test run.
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          // Off: the whole route manifest, cached, instead of matching every parent path per page (decision 018).
          v3_lazyRouteDiscovery: false,
          v3_routeConfig: true,
        },
      }),
  ],
});
