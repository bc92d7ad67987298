import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "app/generated/", "node_modules/", "playwright-report/", "test-results/", "tests/.tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  // Accessibility of the markup (WCAG 2.2 AA); axe scans the pages in the browser tests.
  { ...jsxA11y.flatConfigs.recommended, files: ["app/**/*.tsx"] },
  {
    files: ["app/**/*.tsx"],
    rules: {
      // A scrolling region is focusable so that it can be scrolled by keyboard (axe: scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
    },
  },
  {
    // The portal's own Link passes its children through to the anchor.
    files: ["app/components/ui/link.tsx"],
    rules: { "jsx-a11y/anchor-has-content": "off" },
  },
  {
    // The portal's links are its own (decision 018).
    files: ["app/**/*.tsx"],
    ignores: ["app/components/ui/link.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@remix-run/react",
              importNames: ["Link", "NavLink"],
              message: "Use Link and NavLink from ~/components/ui/link (decision 018).",
            },
          ],
        },
      ],
    },
  },
  {
    // Writes in a transaction go through writeTransaction, which publishes their events after the
    // commit (the one door for events, app/utils/events.server.ts).
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts"],
    ignores: ["app/utils/db.server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name='$transaction']",
          message: "Use writeTransaction from ~/utils/db.server: it publishes the transaction's events once it commits.",
        },
      ],
    },
  },
  prettier,
);
