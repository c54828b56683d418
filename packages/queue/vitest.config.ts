import { defineConfig } from "vitest/config";

// The fleet tests spawn worker processes and load both cores: one file at a time.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000, fileParallelism: false } });
