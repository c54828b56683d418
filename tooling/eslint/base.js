import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Shared lint rules. `process.env` is banned outside env modules so that every
 * variable is validated at boot by a package's zod env schema.
 */
export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read variables through the package's validated env module." },
      ],
    },
  },
  {
    // The env package reads process.env by design; tests, benchmarks and configs set up environments.
    files: ["**/env.ts", "**/*.test.ts", "**/test/**", "**/bench/**", "**/*.config.ts", "**/*.config.mjs", "**/instrumentation.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
