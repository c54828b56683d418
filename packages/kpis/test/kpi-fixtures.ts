import { type TestDatabase } from "@storeflow/db/test";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { createTemplateCatalog, defineTemplate, reportedKpi } from "@storeflow/templates";
import { randomUUID } from "node:crypto";
import { z } from "zod";

export const TEST_TEMPLATE_KEY = "test-kpis";

const definition: TWorkflowDefinitionInput = {
  key: TEST_TEMPLATE_KEY,
  version: "1.0.0",
  start: "record",
  steps: [{ key: "record", kind: "transform", expression: "input" }],
};

/** A template whose runs report a refund count, a cycle time per store, and a figure that is not a number. */
export const testTemplates = createTemplateCatalog([
  defineTemplate({
    key: TEST_TEMPLATE_KEY,
    version: "1.0.0",
    title: "KPI test",
    summary: "",
    description: "",
    category: "returns",
    params: z.object({}),
    bindings: {},
    triggers: () => [],
    sla: { runDurationMs: 60_000, successRate: 0.9, windowMs: 3_600_000, maxBacklogAgeMs: 60_000 },
    kpis: [
      { key: "refunds", title: "Refunds", unit: "count", description: "", value: reportedKpi("refunds") },
      { key: "cycleMs", title: "Cycle time", unit: "ms", description: "", value: `steps.record.output.cycles.{ "value": ms, "dimension": store }`, dimension: "store" },
      { key: "label", title: "Broken", unit: "count", description: "", value: "steps.record.output.label" },
    ],
    definition: () => definition,
  }),
]);

/** An installation of the test template for a client, with its definition stored. */
export async function installTestTemplate(t: TestDatabase, scope: { partnerId: string; clientId: string }): Promise<{ installationId: string; hash: string }> {
  const hash = `kpi-test-${randomUUID()}`;
  await t.adminDb.workflowDefinition.create({ data: { partnerId: scope.partnerId, hash, key: TEST_TEMPLATE_KEY, version: "1.0.0", definition: definition as object } });
  const installation = await t.adminDb.installation.create({
    data: { partnerId: scope.partnerId, clientId: scope.clientId, templateKey: TEST_TEMPLATE_KEY, templateVersion: "1.0.0", definitionHash: hash, params: {}, bindings: {} },
    select: { id: true },
  });
  return { installationId: installation.id, hash };
}

/** A run of the installation that finished at `finishedAt` with `output` as its one step's output. */
export async function insertFinishedRun(t: TestDatabase, options: { partnerId: string; clientId: string; installationId: string; hash: string; finishedAt: Date; output: unknown; status?: "succeeded" | "failed" }): Promise<string> {
  const runId = randomUUID();
  const { partnerId, clientId, installationId, hash, finishedAt, output, status = "succeeded" } = options;
  await t.adminDb.$executeRaw`insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, definition_hash, input, status, idempotency_key, installation_id, created_at, updated_at, finished_at)
    values (${runId}::uuid, ${partnerId}::uuid, ${clientId}::uuid, ${TEST_TEMPLATE_KEY}, '1.0.0', ${hash}, ${JSON.stringify(output)}::jsonb, ${status}::"RunStatus", ${runId}, ${installationId}::uuid, ${finishedAt}, ${finishedAt}, ${finishedAt})`;
  await t.adminDb.$executeRaw`insert into step_runs (id, partner_id, client_id, run_id, step_key, attempt, status, output, started_at, finished_at)
    values (${randomUUID()}::uuid, ${partnerId}::uuid, ${clientId}::uuid, ${runId}::uuid, 'record', 1, 'succeeded', ${JSON.stringify(output)}::jsonb, ${finishedAt}, ${finishedAt})`;
  return runId;
}

export const HOUR = 3_600_000;
/** Start of the current UTC hour. */
export const thisHour = () => Math.floor(Date.now() / HOUR) * HOUR;
