import { type TestDatabase } from "@storeflow/db/test";
import { createTemplateCatalog, defineTemplate } from "@storeflow/templates";
import { randomUUID } from "node:crypto";
import { z } from "zod";

export const TEST_TEMPLATE_KEY = "test-sla";
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export const testDefinition = { key: TEST_TEMPLATE_KEY, version: "1.0.0", start: "work", steps: [{ key: "work", kind: "transform" as const, expression: "input" }] };

/** Runs should take under a minute, wait under two to start, succeed 90% over an hour, and succeed every 15 minutes. */
export const TEST_SLA = { runDurationMs: MINUTE, successRate: 0.9, windowMs: HOUR, maxBacklogAgeMs: 2 * MINUTE, cadenceMs: 15 * MINUTE };

export const testTemplates = createTemplateCatalog([
  defineTemplate({
    key: TEST_TEMPLATE_KEY,
    version: "1.0.0",
    title: "SLA test",
    summary: "",
    description: "",
    category: "inventory",
    params: z.object({}),
    bindings: {},
    triggers: () => [],
    sla: TEST_SLA,
    kpis: [],
    definition: () => testDefinition,
  }),
]);

export interface TInstalled {
  partnerId: string;
  clientId: string;
  installationId: string;
  hash: string;
}

/** An installation of the test template, created at `createdAt` (the cadence's first anchor). */
export async function installTestTemplate(t: TestDatabase, scope: { partnerId: string; clientId: string }, createdAt: Date): Promise<TInstalled> {
  const hash = `sla-test-${randomUUID()}`;
  await t.adminDb.workflowDefinition.create({ data: { partnerId: scope.partnerId, hash, key: TEST_TEMPLATE_KEY, version: "1.0.0", definition: testDefinition } });
  const installation = await t.adminDb.installation.create({
    data: { partnerId: scope.partnerId, clientId: scope.clientId, templateKey: TEST_TEMPLATE_KEY, templateVersion: "1.0.0", definitionHash: hash, params: {}, bindings: {}, createdAt },
    select: { id: true },
  });
  return { ...scope, installationId: installation.id, hash };
}

/**
 * A run created at `createdAt` with the deadline its start would have given it
 * (created + the test target); finished at `finishedAt` in `status`, or still
 * running. `started` records a settled first step (the run no longer waits to start).
 */
export async function insertRun(
  t: TestDatabase,
  installed: TInstalled,
  options: { createdAt: Date; finishedAt?: Date; status?: "running" | "succeeded" | "failed" | "cancelled"; started?: boolean; deadlineMs?: number | null },
): Promise<string> {
  const runId = randomUUID();
  const { createdAt, finishedAt = null, status = finishedAt ? "succeeded" : "running", started = true, deadlineMs = TEST_SLA.runDurationMs } = options;
  const deadline = deadlineMs === null ? null : new Date(createdAt.getTime() + deadlineMs);
  await t.adminDb.$executeRaw`insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, definition_hash, input, status, idempotency_key, installation_id, created_at, updated_at, finished_at, sla_deadline, current_step)
    values (${runId}::uuid, ${installed.partnerId}::uuid, ${installed.clientId}::uuid, ${TEST_TEMPLATE_KEY}, '1.0.0', ${installed.hash}, '{}'::jsonb, ${status}::"RunStatus", ${runId},
      ${installed.installationId}::uuid, ${createdAt}, ${createdAt}, ${finishedAt}, ${deadline}, ${finishedAt ? null : "work"})`;
  if (started) {
    await t.adminDb.$executeRaw`insert into step_runs (id, partner_id, client_id, run_id, step_key, attempt, status, input, output, started_at, finished_at)
      values (${randomUUID()}::uuid, ${installed.partnerId}::uuid, ${installed.clientId}::uuid, ${runId}::uuid, 'work', 1, 'succeeded', '{"order":"A-1"}'::jsonb, '{"ok":true}'::jsonb, ${createdAt}, ${finishedAt ?? createdAt})`;
  }
  return runId;
}

/** Finishes a running run at `finishedAt`, as its last settle would. */
export async function finishRun(t: TestDatabase, runId: string, finishedAt: Date, status: "succeeded" | "failed" = "succeeded") {
  await t.adminDb.$executeRaw`update workflow_runs set status = ${status}::"RunStatus", finished_at = ${finishedAt}, current_step = null where id = ${runId}::uuid`;
}
