import { type TWorkflowDefinition, ZWorkflowDefinition } from "@storeflow/engine";
import DataLoader from "dataloader";
import pg from "pg";
import { claimSteps, type TClaimedRow, type TClaimKey } from "./run-context";
import { type SettleStepOptions, settleSteps } from "./settle";
import { insertRuns, type TRunInsert } from "./start-run";
import { traceQuery } from "./trace-query";

/**
 * The run executor's connection pool and definition cache.
 *
 * A step costs at most two statements (a claim, for the first step a job
 * runs, and its share of a settle), each a single-statement transaction, and
 * a run's start one more; under load each is a share of a batched statement.
 * Setting tenant settings per transaction would cost four round trips per
 * statement, so these connections carry the system scope from their start-up
 * options instead, and every statement names the run's partner and client in
 * its WHERE clause or VALUES. Nothing here serves a user request.
 *
 * Statements that find a run by id compare its tenant columns and its status
 * as text (`partner_id::text = $2`, `status::text = 'running'`): they are
 * checks on the row, never a way to reach it. Compared as they are, a table
 * without statistics yet (a new database, a fresh partition) ties the primary
 * key with the (partner, client, created) index, and the planner may pick the
 * latter and scan every run of the client on each step: quadratic in the
 * client's run count. Statistics taken before a backlog (a client's flood of
 * starts, all running) count few running runs, so the planner ANDs the
 * primary key with the (status, due) index and reads every running run's
 * entry on each claim and settle: one client's backlog slows every client's
 * steps.
 */
export interface TRunStore {
  pool: pg.Pool;
  /** Parsed definitions by (partner, hash); immutable, so cached for the process. */
  loadDefinition(partnerId: string, hash: string): Promise<TWorkflowDefinition>;
  /** Records a definition once per process (and once per partner in the database). */
  saveDefinition(partnerId: string, hash: string, definition: TWorkflowDefinition): Promise<void>;
  /**
   * Settles an executed step (see settleSteps), committed lazily. Settles that
   * arrive while the pool already has SETTLE_STATEMENTS of them in flight wait
   * for one to finish and then go together, in one statement: under load a
   * step costs a share of a round trip and a commit; when idle, no wait.
   */
  settle(options: SettleStepOptions): Promise<string | null>;
  /**
   * Records a new run (see insertRuns), committed durably; starts that arrive
   * together go in one statement, as settles do. A batch that fails is tried
   * again one start at a time, so a start fails only for its own sake.
   * @returns false when the run was not inserted (its idempotency key was taken, or its client or definition is missing)
   */
  recordRun(run: TRunInsert): Promise<boolean>;
  /** Reads a step's claim (see claimSteps); claims that arrive together go in one statement. */
  claimStep(key: TClaimKey): Promise<TClaimedRow | null>;
  close(): Promise<void>;
}

/** A run that started or ended, as live views are told of it: ids, the tenant and the new status, never the run's contents. */
export interface TRunChange {
  runId: string;
  partnerId: string;
  clientId: string;
  status: "running" | "succeeded" | "failed";
}

/** Options for {@link createRunStore}. */
export interface CreateRunStoreOptions {
  /** storeflow_app URL (row-level security applies; the system scope is set per connection). */
  url: string;
  /** Connections for all but the batched starts, claims and settles, which keep a few of their own. @defaultValue 10 */
  max?: number;
  /**
   * Tells live views of the runs the batched starts and settles start or end,
   * after their commits, instead of the workflow_runs triggers' NOTIFY (see the
   * run_events_announced migration): PostgreSQL holds one global lock from a
   * notifying transaction's commit until its WAL is flushed, so at hundreds of
   * starts a second every commit in the database queues behind the last
   * durable start's fsync. Those statements run on their own connections,
   * whose sessions the triggers skip. Without it, the triggers notify.
   */
  announce?: (changes: readonly TRunChange[]) => void;
}

const MAX_CACHED_DEFINITIONS = 500;
/** Settle statements a pool runs at once; the rest of its connections stay free for claims and the like. */
const SETTLE_STATEMENTS = 4;
const MAX_SETTLES_PER_STATEMENT = 64;
/** Start statements a pool runs at once: each waits for its commit to reach disk, so a few overlap that wait. */
const START_STATEMENTS = 3;
const MAX_STARTS_PER_STATEMENT = 64;
const CLAIM_STATEMENTS = 3;
const MAX_CLAIMS_PER_STATEMENT = 64;

/**
 * Gathers the calls that arrive while `statements` of the same kind are in
 * flight into one statement of up to `maxBatch`; when fewer are in flight a
 * call goes at the next tick, so an idle pool adds no wait. A batch that fails
 * is run again one call at a time when `isolate` is set, so one bad call fails
 * alone rather than taking its batch-mates with it.
 */
function createStatementBatcher<K, V>(run: (keys: readonly K[]) => Promise<V[]>, { statements, maxBatch, isolate }: { statements: number; maxBatch: number; isolate?: boolean }) {
  let inFlight = 0;
  const held: (() => void)[] = [];
  const runIsolated = async (keys: readonly K[]): Promise<(V | Error)[]> => {
    try {
      return await run(keys);
    } catch (error) {
      if (!isolate || keys.length === 1) throw error;
      return Promise.all(keys.map((key) => run([key]).then(([value]) => value!, (alone: unknown) => (alone instanceof Error ? alone : new Error(String(alone))))));
    }
  };
  return new DataLoader<K, V>(
    async (keys) => {
      inFlight++;
      try {
        return await runIsolated(keys);
      } finally {
        inFlight--;
        held.shift()?.();
      }
    },
    {
      cache: false,
      maxBatchSize: maxBatch,
      // A batch goes as soon as a statement is free; until then it gathers whatever calls arrive.
      batchScheduleFn: (dispatch) => (inFlight < statements ? process.nextTick(dispatch) : held.push(dispatch)),
    },
  );
}

function openPool(url: string, max: number, options: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, options });
  // Idle connections that drop (server restart) must not crash the process.
  pool.on("error", () => {});
  return pool;
}

const SYSTEM_SCOPE = "-c app.system=on";
/**
 * For the batched starts, claims and settles only: each reaches its rows by
 * primary key whatever its parameters, yet a custom plan, costed on the exact
 * batch, always looks cheaper than the generic one, so PostgreSQL would plan
 * every execution afresh (about a quarter of its CPU at a paced 500 runs/s).
 */
const GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan";

export function createRunStore({ url, max = 10, announce }: CreateRunStoreOptions): TRunStore {
  const pool = openPool(url, max, SYSTEM_SCOPE);
  const batched = openPool(
    url,
    SETTLE_STATEMENTS + START_STATEMENTS + CLAIM_STATEMENTS,
    [SYSTEM_SCOPE, GENERIC_PLANS, ...(announce ? ["-c storeflow.run_events=announced"] : [])].join(" "),
  );
  const parsed = new Map<string, Promise<TWorkflowDefinition>>();
  const settles = createStatementBatcher<SettleStepOptions, string | null>(
    async (batch) => {
      const settled = await settleSteps(batched, batch, { lazy: true });
      if (announce) {
        // A settle that kept its run going changed no status a view shows.
        const ended = batch.filter(({ transition }, i) => settled[i] !== null && transition.status !== "running");
        if (ended.length > 0) announce(ended.map(({ job, transition }) => ({ runId: job.runId, partnerId: job.partnerId, clientId: job.clientId, status: transition.status })));
      }
      return settled;
    },
    { statements: SETTLE_STATEMENTS, maxBatch: MAX_SETTLES_PER_STATEMENT },
  );
  const starts = createStatementBatcher<TRunInsert, boolean>(
    async (batch) => {
      const inserted = await insertRuns(batched, batch);
      const started = batch.filter((_, i) => inserted[i]);
      if (announce && started.length > 0) announce(started.map((run) => ({ runId: run.id, partnerId: run.partner_id, clientId: run.client_id, status: "running" })));
      return inserted;
    },
    { statements: START_STATEMENTS, maxBatch: MAX_STARTS_PER_STATEMENT, isolate: true },
  );
  const claims = createStatementBatcher<TClaimKey, TClaimedRow | null>((batch) => claimSteps(batched, batch), { statements: CLAIM_STATEMENTS, maxBatch: MAX_CLAIMS_PER_STATEMENT });
  const saved = new Set<string>();

  const remember = (key: string, definition: Promise<TWorkflowDefinition>) => {
    if (parsed.size >= MAX_CACHED_DEFINITIONS) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, definition);
  };

  return {
    pool,
    loadDefinition(partnerId, hash) {
      const key = `${partnerId}/${hash}`;
      const cached = parsed.get(key);
      if (cached) return cached;
      const loading = pool
        .query<{ definition: unknown }>({
          name: "runs.load-definition",
          text: "select definition from workflow_definitions where partner_id = $1 and hash = $2",
          values: [partnerId, hash],
        })
        .then(({ rows: [row] }) => {
          if (!row) throw new Error(`definition ${hash} of partner ${partnerId} is missing`);
          return ZWorkflowDefinition.parse(row.definition);
        });
      remember(key, loading);
      loading.catch(() => parsed.delete(key));
      return loading;
    },
    async saveDefinition(partnerId, hash, definition) {
      const key = `${partnerId}/${hash}`;
      if (saved.has(key)) return;
      await pool.query({
        name: "runs.save-definition",
        text: `insert into workflow_definitions (partner_id, hash, key, version, definition)
               values ($1, $2, $3, $4, $5) on conflict do nothing`,
        values: [partnerId, hash, definition.key, definition.version, JSON.stringify(definition)],
      });
      saved.add(key);
      remember(key, Promise.resolve(definition));
    },
    settle: (options) => traceQuery("runs.settle-steps", () => settles.load(options)),
    recordRun: (run) => traceQuery("runs.start", () => starts.load(run)),
    claimStep: (key) => traceQuery("runs.claim-step", () => claims.load(key)),
    close: async () => {
      await Promise.all([pool.end(), batched.end()]);
    },
  };
}
