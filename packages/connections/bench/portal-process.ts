import { type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { relayOutput, runToEnd, spawnChild, stopChild } from "./children";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the production build is made from: the portal and every workspace package it compiles in. */
function newestSourceMs(root: string): number {
  const dirs = [join(root, "apps/portal/src"), ...readdirSync(join(root, "packages")).map((name) => join(root, "packages", name, "src"))];
  let newest = statSync(join(root, "apps/portal/next.config.ts")).mtimeMs;
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Builds the portal for production when it has no build, or one older than a source
 * it is built from, so the benchmark never measures code that is no longer there.
 */
export async function ensurePortalBuilt(root: string): Promise<void> {
  const buildId = join(root, "apps/portal/.next/BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceMs(root)) {
    console.log("portal: production build is up to date");
    return;
  }
  console.log(existsSync(buildId) ? "portal: sources changed since the last build; building (a few minutes)" : "portal: no production build; building (a few minutes)");
  await runToEnd("pnpm", ["--filter", "@storeflow/portal", "build"], { cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

// Another portal on the port would answer /healthz and be measured instead, with another database.
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () => reject(new Error(`port ${port} is in use; set BENCH_INGEST_PORT to a free one`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** Options for {@link startPortal}. */
export interface StartPortalOptions {
  root: string;
  port: number;
  /** The portal's whole environment (see apps/portal/src/env.ts). */
  env: NodeJS.ProcessEnv;
}

/** A running `next start`. */
export interface TPortal {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Output lines not shown (after the first few). */
  droppedLines(): number;
}

/** Starts the production portal on 127.0.0.1 and resolves once /healthz answers. */
export async function startPortal({ root, port, env }: StartPortalOptions): Promise<TPortal> {
  await assertPortFree(port);
  const portalDir = join(root, "apps/portal");
  const nextBin = createRequire(join(portalDir, "package.json")).resolve("next/dist/bin/next");
  const child = spawnChild(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: portalDir,
    env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = relayOutput(child, "[portal]");
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode} before /healthz answered`);
    if (Date.now() > deadline) throw new Error("the portal's /healthz did not answer within 60 s");
    const healthy = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    await sleep(200);
  }
  return { url, child, stop: () => stopChild(child), droppedLines: output.dropped };
}
