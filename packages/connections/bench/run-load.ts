import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnChild, waitForExit } from "./children";
import { type TLoadOutcome } from "./load-outcome";
import { processCpuSeconds } from "./process-cpu";

/** How every target is loaded, so the baseline and the product see the same load. */
export interface TLoadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Every n-th request is a redelivery; 0 sends none. */
  duplicateEvery: number;
}

/** Options for {@link runLoadPhases}. */
export interface RunLoadPhasesOptions {
  /** The webhook URL the deliveries are posted to. */
  url: string;
  /** GET the URL instead, with no body: what the server costs before any work of ours. */
  plainGet?: boolean;
  secret: string;
  shopDomain: string;
  /** Unique per target and run; each phase adds its own suffix. */
  idPrefix: string;
  settings: TLoadSettings;
  /** The server under load, whose CPU time over the measured phase is reported. */
  serverPid: number;
}

/** Both phases, and the server's CPU seconds over the measured one. */
export interface TLoadPhases {
  warmup: TLoadOutcome;
  measured: TLoadOutcome;
  serverCpuSeconds: number;
}

const packageDir = join(import.meta.dirname, "..");

async function runLoad(options: RunLoadPhasesOptions, phase: string, seconds: number): Promise<TLoadOutcome> {
  const out = join(tmpdir(), `${options.idPrefix}-${phase}.json`);
  const child = spawnChild(process.execPath, ["--import", "tsx", join(import.meta.dirname, "load.ts")], {
    cwd: packageDir,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      LOAD_URL: options.url,
      LOAD_SECRET: options.secret,
      LOAD_SHOP_DOMAIN: options.shopDomain,
      LOAD_ID_PREFIX: `${options.idPrefix}-${phase}`,
      LOAD_SECONDS: String(seconds),
      LOAD_CONNECTIONS: String(options.settings.connections),
      LOAD_DUPLICATE_EVERY: String(options.settings.duplicateEvery),
      LOAD_OUT: out,
      LOAD_PLAIN_GET: options.plainGet ? "1" : "",
    },
  });
  const code = await waitForExit(child);
  if (code !== 0) throw new Error(`the load generator (${phase}) exited with ${code}`);
  try {
    return JSON.parse(readFileSync(out, "utf8")) as TLoadOutcome;
  } finally {
    rmSync(out, { force: true });
  }
}

/**
 * A warm-up (connections opened, code paths compiled and optimised, statements
 * prepared), then the measured phase, each from a fresh generator process.
 */
export async function runLoadPhases(options: RunLoadPhasesOptions): Promise<TLoadPhases> {
  const warmup = await runLoad(options, "warmup", options.settings.warmupSeconds);
  // Includes the generator's start-up (signing the pool), during which the server idles.
  const cpuBefore = processCpuSeconds(options.serverPid);
  const measured = await runLoad(options, "measured", options.settings.seconds);
  return { warmup, measured, serverCpuSeconds: processCpuSeconds(options.serverPid) - cpuBefore };
}
