import { type TWorkflowDefinition, ZWorkflowDefinition } from "@storeflow/engine";
import pg from "pg";

/**
 * The run executor's connection pool and definition cache.
 *
 * A step costs two statements (claim, settle), each a single-statement
 * transaction. Setting tenant settings per transaction would cost four round
 * trips per statement, so these connections carry the system scope from their
 * start-up options instead, and every statement names the run's partner and
 * client in its WHERE clause or VALUES. Nothing here serves a user request.
 *
 * Statements that find a run by id compare its tenant columns as text
 * (`partner_id::text = $2`): the tenant is a check on the row, never a way to
 * reach it. Compared as uuids, a table without statistics yet (a new database,
 * a fresh partition) ties the primary key with the (partner, client, created)
 * index, and the planner may pick the latter and scan every run of the client
 * on each step: quadratic in the client's run count.
 */
export interface TRunStore {
  pool: pg.Pool;
  /** Parsed definitions by (partner, hash); immutable, so cached for the process. */
  loadDefinition(partnerId: string, hash: string): Promise<TWorkflowDefinition>;
  /** Records a definition once per process (and once per partner in the database). */
  saveDefinition(partnerId: string, hash: string, definition: TWorkflowDefinition): Promise<void>;
  close(): Promise<void>;
}

/** Options for {@link createRunStore}. */
export interface CreateRunStoreOptions {
  /** storeflow_app URL (row-level security applies; the system scope is set per connection). */
  url: string;
  /** @defaultValue 10 */
  max?: number;
}

const MAX_CACHED_DEFINITIONS = 500;

export function createRunStore({ url, max = 10 }: CreateRunStoreOptions): TRunStore {
  const pool = new pg.Pool({ connectionString: url, max, options: "-c app.system=on" });
  // Idle connections that drop (server restart) must not crash the process.
  pool.on("error", () => {});
  const parsed = new Map<string, Promise<TWorkflowDefinition>>();
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
    close: () => pool.end(),
  };
}
