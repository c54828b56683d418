import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const main = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");
const tsx = path.join(path.dirname(fileURLToPath(import.meta.url)), "../node_modules/.bin/tsx");

describe("worker start-up", () => {
  it("refuses a bad environment with a message naming each variable", async () => {
    const failure = await run(tsx, [main], {
      env: { PATH: process.env.PATH, REDIS_URL: "not a url", WORKER_PORT: "99999", DATABASE_URL: "postgresql://u@h/db" },
    }).catch((error: { code: number; stderr: string }) => error);
    expect("code" in failure && failure.code).toBe(1);
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toMatch(/APP_DATABASE_URL: /);
    expect(stderr).toMatch(/REDIS_URL: /);
    expect(stderr).toMatch(/WORKER_PORT: /);
  });
});
