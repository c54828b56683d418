import { useTestTenants } from "@storeflow/db/test";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type TActionHandler, type TActionRegistry } from "../src/actions";
import { executeStep, type ExecuteStepOptions } from "../src/execute-step";
import { createRunStore, type TRunStore } from "../src/run-store";
import { type TStepResult } from "../src/settle";
import { startRun } from "../src/start-run";
import { type TStepJob, type TStepPublisher } from "../src/step-job";
import { type TWorkflowResolver } from "../src/steps/step-run";

/**
 * The run executor against the real PostgreSQL (a database of the file's own,
 * with the standard two-partner tenants), the queue replaced by a recorder:
 * each test delivers the recorded jobs itself, so it can deliver one twice,
 * early, or not at all. Handlers and installed workflows reset before each test.
 */
export function useRunHarness() {
  const state = useTestTenants();
  let store: TRunStore | undefined;
  let published: TStepJob[] = [];
  let handlers: Record<string, TActionHandler> = {};
  let workflows: Record<string, TWorkflowDefinitionInput> = {};
  const publisher: TStepPublisher = {
    async publish(jobs) {
      published.push(...jobs);
    },
  };
  const actions: TActionRegistry = { resolve: (connection, operation) => handlers[`${connection}.${operation}`] };
  const resolver: TWorkflowResolver = {
    async resolve(_partnerId, _clientId, key) {
      const definition = workflows[key];
      return definition && { definition, bindings: [] };
    },
  };
  const scopeA = () => ({ partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id });
  const deliver = (job: TStepJob, options: Pick<ExecuteStepOptions, "goOn" | "onStep" | "delivery"> = {}): Promise<TStepResult> =>
    executeStep({ store: store!, publisher, job, actions, workflows: resolver, ...options });

  beforeAll(() => {
    store = createRunStore({ url: state.t.appUrl, max: 4 });
  });
  afterAll(() => store?.close());
  beforeEach(() => {
    published = [];
    handlers = {};
    workflows = {};
  });

  return {
    state,
    publisher,
    actions,
    scopeA,
    deliver,
    get store() {
      return store!;
    },
    /** Jobs published and not yet delivered, in order. */
    get published() {
      return published;
    },
    /** Action handlers by "connection.operation". */
    get handlers() {
      return handlers;
    },
    /** Definitions the emit resolver finds by workflow key. */
    get workflows() {
      return workflows;
    },
    start(definition: TWorkflowDefinitionInput, input: unknown = {}, bindings: string[] = []) {
      return startRun({ store: store!, publisher, scope: scopeA(), definition, bindings, input, idempotencyKey: crypto.randomUUID() });
    },
    /** Delivers published jobs in order until none is left, leaving delayed ones (a parked step's timeout) queued. */
    async drain(): Promise<TStepResult[]> {
      const results: TStepResult[] = [];
      for (let index = published.findIndex((job) => !job.delayMs); index >= 0; index = published.findIndex((job) => !job.delayMs)) {
        const [job] = published.splice(index, 1);
        results.push(await deliver(job!));
      }
      return results;
    },
    /** Takes the one delayed job queued for the run. */
    takeDelayed(runId: string): TStepJob {
      const index = published.findIndex((job) => job.runId === runId && job.delayMs);
      if (index < 0 || published.some((job, i) => i !== index && job.runId === runId && job.delayMs)) throw new Error(`expected one delayed job for run ${runId}`);
      return published.splice(index, 1)[0]!;
    },
    run: (id: string) => state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id } }),
    attempts: (runId: string) => state.t.adminDb.stepRun.findMany({ where: { runId }, orderBy: [{ finishedAt: "asc" }, { id: "asc" }] }),
  };
}
