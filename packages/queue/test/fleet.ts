/**
 * Harness for the fleet tests: a workflow of ledger steps, the ledger tables a
 * far end would keep, worker processes to spawn and kill, and the checks that
 * every run finished with each step applied once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type TDb } from "@storeflow/db";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { createRunStore, startRun } from "@storeflow/runs";
import { build } from "esbuild";
import { createQueuePublisher } from "../src/step-fleet";

const here = path.dirname(fileURLToPath(import.meta.url));

export function ledgerWorkflow(steps: readonly string[]): TWorkflowDefinitionInput {
  return {
    key: "test.ledger",
    version: "1.0.0",
    start: steps[0]!,
    steps: steps.map((key, i) => ({
      key,
      kind: "action" as const,
      connection: "ledger",
      operation: "apply",
      input: { step: `"${key}"` },
      retry: { attempts: 5, initialDelayMs: 50, maxDelayMs: 500 },
      ...(steps[i + 1] ? { next: steps[i + 1] } : {}),
    })),
  };
}

/** Starts `count` runs through the production path, spreading them over `scopes`. */
export async function startLedgerRuns({ appUrl, redisUrl, prefix, scopes, steps, count, keyPrefix }: {
  appUrl: string;
  redisUrl: string;
  prefix: string;
  scopes: readonly { partnerId: string; clientId: string }[];
  steps: readonly string[];
  count: number;
  keyPrefix: string;
}): Promise<string[]> {
  const store = createRunStore({ url: appUrl, max: 2 });
  const { publisher, close } = createQueuePublisher({ redisUrl, prefix });
  try {
    const definition = ledgerWorkflow(steps);
    const runIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const scope = scopes[i % scopes.length]!;
      runIds.push((await startRun({ store, publisher, scope, definition, bindings: ["ledger"], input: { n: i }, idempotencyKey: `${keyPrefix}-${i}` })).runId);
    }
    return runIds;
  } finally {
    await close();
    await store.close();
  }
}

/** `test_ledger` deduplicates by idempotency key as a far end would; `test_ledger_calls` counts every call. */
export async function createLedger(adminDb: TDb): Promise<void> {
  await adminDb.$executeRawUnsafe(`create table test_ledger (key text primary key, step text not null, applied_at timestamptz default now())`);
  await adminDb.$executeRawUnsafe(`create table test_ledger_calls (key text not null)`);
  await adminDb.$executeRawUnsafe(`grant select, insert on test_ledger, test_ledger_calls to storeflow_app`);
}

/**
 * Bundles the ledger worker into one file: it then starts in a few hundred
 * milliseconds instead of seconds, so the crash harness can kill often.
 */
export function bundleLedgerWorker(): Promise<string> {
  return bundleTestWorker("ledger-worker.ts");
}

/** Bundles a worker entry point (relative to this folder) into one file (see {@link bundleLedgerWorker}). */
export async function bundleTestWorker(entry: string): Promise<string> {
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), "sf-worker-")), path.basename(entry).replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [path.join(here, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    // Bundled CommonJS dependencies call require().
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: "warning",
  });
  return outfile;
}

/** A worker process running the production step fleet; `ready` resolves once it takes work. */
export function spawnLedgerWorker(bundle: string, env: NodeJS.ProcessEnv): { process: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [bundle], { env, stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.once("exit", () => reject(new Error("worker exited before it was ready")));
  });
  ready.catch(() => {});
  return { process: child, ready };
}

export async function countTerminal(adminDb: TDb, runIds: string[]): Promise<number> {
  return adminDb.workflowRun.count({ where: { id: { in: runIds }, status: { in: ["succeeded", "failed", "cancelled"] } } });
}

export async function waitUntil(check: () => Promise<boolean>, { timeoutMs, everyMs = 250 }: { timeoutMs: number; everyMs?: number }): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}

/** What the database and the ledger hold after the runs: the tests assert on it. */
export async function ledgerOutcome(adminDb: TDb, runIds: string[]) {
  const byStatus = await adminDb.workflowRun.groupBy({ by: ["status"], where: { id: { in: runIds } }, _count: true });
  const [completed] = await adminDb.$queryRaw<{ n: bigint; distinct_steps: bigint }[]>`
    select count(*) as n, count(distinct (run_id, step_key, iteration)) as distinct_steps from step_runs where status = 'succeeded'`;
  const ledgerKeys = (await adminDb.$queryRaw<{ key: string }[]>`select key from test_ledger`).map((r) => r.key);
  const [calls] = await adminDb.$queryRaw<{ n: bigint }[]>`select count(*) as n from test_ledger_calls`;
  return {
    statuses: Object.fromEntries(byStatus.map((s) => [s.status, s._count])),
    stepsCompleted: Number(completed!.n),
    distinctStepsCompleted: Number(completed!.distinct_steps),
    ledgerKeys,
    calls: Number(calls!.n),
  };
}
