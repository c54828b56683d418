import { useTestTenants } from "@storeflow/db/test";
import { createGuardedFetch } from "@storeflow/outbound";
import { createRunStore, retryRun, startRun, type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { chatCompletionsSimulator, startSimulator, type TChatCompletionsSimulator, type TSimulator } from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClassifier, sweepExceptionTriage, type TModelSettings } from "./index";

const state = useTestTenants();
const fetch = createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] });
const publisher: TStepPublisher = { publish: async () => undefined };
let sim: TSimulator;
let ai: TChatCompletionsSimulator;
let store: TRunStore;
let system: pg.Pool;
let model: TModelSettings | undefined;
const classifier = createClassifier({ resolveModel: async () => model, fetch });

beforeAll(async () => {
  sim = await startSimulator({ vendors: [chatCompletionsSimulator] });
  ai = sim.vendor<TChatCompletionsSimulator>("openai");
  store = createRunStore({ url: state.t.appUrl, max: 4 });
  system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 4 });
});
afterAll(async () => {
  await sim?.close();
  await store?.close();
  await system?.end();
});
beforeEach(async () => {
  sim.reset();
  model = undefined;
  // Each test triages only the runs it failed.
  await state.t.adminDb.workflowRun.updateMany({ where: { status: "failed" }, data: { triage: { done: "by an earlier test" } } });
});

/** A run that failed on its "call" step with `reason`, as the executor records it. */
async function failedRun(reason: string, exception = false): Promise<string> {
  const definition = { key: "test.triage", version: "1.0.0", start: "call", steps: [{ key: "call", kind: "transform", expression: "1" }] };
  const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
  const { runId } = await startRun({ store, publisher, scope, definition, bindings: [], input: {}, idempotencyKey: randomUUID() });
  await state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { status: "failed", error: { step: "call", reason, exception }, finishedAt: new Date() } });
  return runId;
}

const triageOf = async (runId: string) => (await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } })).triage as Record<string, unknown> | null;

describe("exception triage", () => {
  it("sorts failed runs by cause with the rules, and asks a person when the error points two ways or nowhere", async () => {
    const outage = await failedRun('step "call" failed: Shopify getOrder failed (503): Service Unavailable');
    const key = await failedRun('step "call" failed: Square answered 401 Unauthorized: the access token is invalid');
    const purpose = await failedRun('step "reportShort" failed: cannot fulfil order #1001: lines TEE-BLK-M short', true);
    const mixed = await failedRun("429 and then 401");
    const vague = await failedRun("something odd happened");
    // Sent to the exception queue by the step's onError, but the cause is technical.
    const blocked = await failedRun('step "call" failed: Outbound request to "127.0.0.1" refused: is a loopback address', true);
    const results = await sweepExceptionTriage({ db: system, classifier });
    expect(results.map((r) => r.runId).sort()).toEqual([outage, key, purpose, mixed, vague, blocked].sort());
    expect(await triageOf(blocked)).toMatchObject({ label: "configuration" });
    expect(await triageOf(outage)).toMatchObject({ label: "vendor_unavailable", source: "rules", suggestedAction: expect.stringMatching(/Retry from the failed step/) });
    expect(await triageOf(key)).toMatchObject({ label: "credentials", suggestedAction: expect.stringMatching(/Replace the connection's secrets/) });
    expect(await triageOf(purpose)).toMatchObject({ label: "business_rule", rationale: expect.stringMatching(/opened this exception itself/) });
    expect(await triageOf(mixed)).toMatchObject({ label: "unknown", rationale: expect.stringMatching(/Not sure enough/) });
    expect(await triageOf(vague)).toMatchObject({ label: "unknown", confidence: 0 });
    // Nothing is triaged twice.
    expect(await sweepExceptionTriage({ db: system, classifier })).toEqual([]);
  });

  it("asks the partner's model when it has one, and records its rationale", async () => {
    model = { baseUrl: `${sim.url}/openai/v1`, model: "gpt-4.1-mini", apiKey: ai.state.apiKeys[0]! };
    const runId = await failedRun('step "post" failed: Business Central answered 400: the item "1896-S" is blocked');
    ai.script({ label: "bad_data", confidence: 0.88, rationale: "The item is blocked in the ERP; unblock it and retry." });
    await sweepExceptionTriage({ db: system, classifier });
    expect(await triageOf(runId)).toMatchObject({ label: "bad_data", confidence: 0.88, source: "model", model: "gpt-4.1-mini", rationale: "The item is blocked in the ERP; unblock it and retry." });
    expect(ai.state.requests[0]!.messages.at(-1)!.content).toContain("1896-S");
  });

  it("concurrent sweeps on two workers triage each run once; a retry clears it so a second failure is triaged afresh", async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => failedRun("fetch failed: ECONNREFUSED")));
    const [a, b] = await Promise.all([sweepExceptionTriage({ db: system, classifier, limit: 4 }), sweepExceptionTriage({ db: system, classifier, limit: 4 })]);
    const seen = [...a!, ...b!].map((r) => r.runId).filter((id) => runs.includes(id));
    expect(new Set(seen).size).toBe(seen.length);
    await sweepExceptionTriage({ db: system, classifier });
    const operator = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id } };
    await retryRun({ operator, publisher }, { runId: runs[0]! });
    expect(await triageOf(runs[0]!)).toBeNull();
  });
});
