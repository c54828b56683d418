import { useTestTenants } from "@storeflow/db/test";
import { NonRetryableError, RateLimitedError } from "@storeflow/engine";
import { createGuardedFetch } from "@storeflow/outbound";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { chatCompletionsSimulator, startSimulator, type TChatCompletionsSimulator, type TSimulator } from "@storeflow/simulator";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { classifyWithModel, createClassifier, createPartnerModelResolver, getPartnerAiModel, removePartnerAiModel, setPartnerAiModel, type TModelSettings } from "./index";

const state = useTestTenants();
const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
const labels = ["damaged", "wrong_item", "changed_mind"];
const rules = { damaged: ["cracked", "broken"], wrong_item: ["wrong size"], changed_mind: ["changed my mind"] };
// Only the simulator's address may be reached, as the worker's guard allows in development.
const fetch = createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] });
let sim: TSimulator;
let ai: TChatCompletionsSimulator;
let system: pg.Pool;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [chatCompletionsSimulator] });
  ai = sim.vendor<TChatCompletionsSimulator>("openai");
  system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
});
afterAll(async () => {
  await sim?.close();
  await system?.end();
});
beforeEach(() => sim.reset());

const settings = (): TModelSettings => ({ baseUrl: `${sim.url}/openai/v1`, model: "gpt-4.1-mini", apiKey: ai.state.apiKeys[0]! });
const call = (input: unknown) => ({
  run: { id: randomUUID(), partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id },
  input,
  labels,
  rules,
  idempotencyKey: `${randomUUID()}:classify:0`,
  signal: AbortSignal.timeout(10_000),
});

describe("classifying with a chat-completions model", () => {
  it("asks with a strict JSON schema of the labels and returns the model's label, confidence and rationale", async () => {
    ai.script({ label: "damaged", confidence: 0.91, rationale: "The customer says the mug arrived cracked." });
    const asked = call({ reason: "Mug arrived cracked", order: "#1001" });
    expect(await classifyWithModel(settings(), asked, fetch)).toEqual({ label: "damaged", confidence: 0.91, rationale: "The customer says the mug arrived cracked.", source: "model", model: "gpt-4.1-mini" });
    const [request] = ai.state.requests;
    expect(request).toMatchObject({ model: "gpt-4.1-mini", schema: { properties: { label: { enum: labels } }, required: ["label", "confidence", "rationale"], additionalProperties: false } });
    expect(request!.headers).toMatchObject({ authorization: `Bearer ${settings().apiKey}`, "idempotency-key": asked.idempotencyKey });
    expect(request!.messages.at(-1)!.content).toContain("Mug arrived cracked");
  });

  it("an answer that breaks the schema comes back with no confidence, for a person to decide", async () => {
    ai.script({ raw: "I think it is damaged" });
    expect(await classifyWithModel(settings(), call("cracked"), fetch)).toMatchObject({ confidence: 0, source: "model", rationale: expect.stringMatching(/did not follow/) });
  });

  it("a rate limit is retried after the server's Retry-After; a refused key is final", async () => {
    sim.faults.add({ vendor: "openai", status: 429, retryAfterS: 7, body: { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } } });
    const limited = await classifyWithModel(settings(), call("x"), fetch).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);
    const refused = await classifyWithModel({ ...settings(), apiKey: "sk-revoked-000000" }, call("x"), fetch).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NonRetryableError);
    expect((refused as Error).message).toMatch(/401/);
  });
});

describe("the production classifier", () => {
  it("uses the rules when the partner has no model, and when its model refuses for good, saying so", async () => {
    const none = createClassifier({ resolveModel: async () => undefined, fetch });
    expect(await none.classify(call("The lid was broken and cracked"))).toMatchObject({ label: "damaged", source: "rules", confidence: 0.75 });
    const revoked = createClassifier({ resolveModel: async () => ({ ...settings(), apiKey: "sk-revoked-000000" }), fetch });
    const answer = await revoked.classify(call("wrong size sent"));
    expect(answer).toMatchObject({ label: "wrong_item", source: "rules" });
    expect(answer.rationale).toMatch(/The model could not answer.*401/);
  });

  it("never reaches a private address the guard does not allow", async () => {
    const guarded = createClassifier({ resolveModel: async () => settings(), fetch: createGuardedFetch({ allowPrivate: false, allowlist: [] }) });
    const answer = await guarded.classify(call("cracked"));
    expect(answer.source).toBe("rules");
    expect(answer.rationale).toMatch(/address is not allowed.*loopback/);
    expect(ai.state.requests).toHaveLength(0);
  });
});

describe("partner model settings", () => {
  const owner = () => ({ db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id } });

  it("stores the key sealed, shows only its hint, and the worker's resolver opens it for that partner alone", async () => {
    await expect(setPartnerAiModel(owner(), ring, { baseUrl: `${sim.url}/openai/v1`, model: "gpt-4.1-mini" })).rejects.toMatchObject({ issues: [{ path: ["apiKey"] }] });
    const key = ai.state.apiKeys[0]!;
    const saved = await setPartnerAiModel(owner(), ring, { baseUrl: `${sim.url}/openai/v1`, model: "gpt-4.1-mini", apiKey: key });
    expect(saved).toMatchObject({ model: "gpt-4.1-mini", apiKeyHint: `••••${key.slice(-4)}` });
    const [row] = await state.t.adminDb.$queryRaw<{ t: string }[]>`select row_to_json(m)::text as t from partner_ai_models m`;
    expect(row!.t).not.toContain(key);
    const audit = await state.t.adminDb.auditEvent.findMany({ where: { action: "ai_model.updated" } });
    expect(JSON.stringify(audit)).not.toContain(key);

    const resolve = createPartnerModelResolver({ db: system, ring });
    expect(await resolve(state.tenants.partnerA.id)).toEqual({ baseUrl: `${sim.url}/openai/v1`, model: "gpt-4.1-mini", apiKey: key });
    expect(await resolve(state.tenants.partnerB.id)).toBeUndefined();
    expect(await getPartnerAiModel({ db: state.t.db, scope: { partnerId: state.tenants.partnerB.id, userId: state.tenants.ownerB.id } })).toBeNull();

    // A model change without a key keeps the key, and the same resolver sees the change at once.
    await setPartnerAiModel(owner(), ring, { baseUrl: `${sim.url}/openai/v1`, model: "sim-classifier" });
    expect(await resolve(state.tenants.partnerA.id)).toMatchObject({ model: "sim-classifier", apiKey: key });
    expect(await removePartnerAiModel(owner())).toEqual({ removed: true });
    expect(await getPartnerAiModel(owner())).toBeNull();
    // Removed means the next classify step uses its rules, not a model the worker read a moment ago.
    expect(await resolve(state.tenants.partnerA.id)).toBeUndefined();
  });
});
