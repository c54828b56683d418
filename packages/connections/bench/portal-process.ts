import { type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import { relayOutput, runToEnd, spawnChild, stopChild } from "./children";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The newest source the production build is made from: the portal and every workspace package it compiles in. */
function newestSource(root: string): { path: string; mtimeMs: number } {
  const dirs = [join(root, "apps/portal/src"), ...readdirSync(join(root, "packages")).map((name) => join(root, "packages", name, "src"))];
  let newest = { path: join(root, "apps/portal/next.config.ts"), mtimeMs: statSync(join(root, "apps/portal/next.config.ts")).mtimeMs };
  for (const dir of dirs.filter((d) => existsSync(d))) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      // Generated code is rewritten on every install with the same content; tests are not built in.
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name) || entry.parentPath.includes("/generated")) continue;
      const path = join(entry.parentPath, entry.name);
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}

/**
 * Builds the portal for production when it has no build, or when `rebuild` asks.
 * A build older than its sources is only reported: `next build` empties .next
 * first, so a rebuild that fails on a file someone is halfway through editing
 * would take away the build everyone else in the checkout runs.
 */
export async function ensurePortalBuilt(root: string, rebuild: boolean): Promise<void> {
  const buildId = join(root, "apps/portal/.next/BUILD_ID");
  if (existsSync(buildId) && !rebuild) {
    const newest = newestSource(root);
    const builtMs = statSync(buildId).mtimeMs;
    if (newest.mtimeMs > builtMs) {
      console.log(`portal: WARNING the production build predates ${relative(root, newest.path)} (changed ${Math.round((newest.mtimeMs - builtMs) / 60_000)} min after it); BENCH_INGEST_REBUILD=1 rebuilds first`);
    } else console.log("portal: production build is up to date");
    return;
  }
  console.log(rebuild ? "portal: building (BENCH_INGEST_REBUILD; a few minutes)" : "portal: no production build; building (a few minutes)");
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
  /** Writes a V8 CPU profile of the portal there when it stops. */
  profileDir?: string;
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
export async function startPortal({ root, port, env, profileDir }: StartPortalOptions): Promise<TPortal> {
  await assertPortFree(port);
  const portalDir = join(root, "apps/portal");
  const nextBin = createRequire(join(portalDir, "package.json")).resolve("next/dist/bin/next");
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawnChild(process.execPath, [...profile, nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
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
