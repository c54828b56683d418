import { acceptWebhook, createConnection, publishInboundWebhooks } from "@storeflow/connections";
import { createConnectorCatalog } from "@storeflow/connectors";
import { canarySecret, signBody, signedTestConnector } from "@storeflow/connectors/test";
import { useTestTenants } from "@storeflow/db/test";
import { ValidationError } from "@storeflow/errors";
import { createRunStore, decideApproval, executeStep, restartRun, type TRunStore, type TStepJob, type TStepPublisher } from "@storeflow/runs";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { createTemplateCatalog, defineTemplate, literal } from "@storeflow/templates";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createEventTriggerStarter,
  createInstallationResolvers,
  getInstallation,
  installForClients,
  installTemplate,
  listInstallations,
  previewUpgrade,
  setInstallationEnabled,
  startInstallationRun,
  uninstallInstallation,
  updateInstallation,
} from "./index";

const state = useTestTenants();
const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
const connectors = createConnectorCatalog([signedTestConnector]);
const webhookSecret = canarySecret("whsec");

/** Two versions of one template: v2 raises the default threshold, adds a parameter and says so in its output. */
function orderTemplate(version: "1.0.0" | "2.0.0") {
  const base = z.object({
    threshold: z.int().min(1).max(1000).default(version === "1.0.0" ? 10 : 20).meta({ title: "Threshold", description: "Orders above it wait for approval" }),
    cron: z.string().default("0 6 * * *").meta({ title: "Daily check", description: "When the daily check runs" }),
  });
  const params = version === "1.0.0" ? base : base.extend({ label: z.string().min(1).default("orders").meta({ title: "Label" }) });
  return defineTemplate({
    key: "test-orders",
    version,
    title: "Test orders",
    summary: "Approves big orders",
    description: "Holds orders for approval and says which version handled them.",
    category: "orders",
    params,
    bindings: { shop: { title: "Web shop", description: "Where orders come from", connectors: ["signed-test"] } },
    triggers: (p) => [
      // One run per order, however many deliveries report it.
      { kind: "event", binding: "shop", event: "order.created", idempotencyKey: "input.event.correlationKey" },
      { kind: "schedule", cron: p.cron, input: { mode: "daily" } },
    ],
    sla: { runDurationMs: 60_000, successRate: 0.99, windowMs: 86_400_000, maxBacklogAgeMs: 60_000 },
    kpis: [],
    changes: version === "2.0.0" ? "Raises the threshold and labels the output." : undefined,
    definition: (p) => ({
      key: "test-orders",
      version,
      start: "gate",
      steps: [
        { key: "gate", kind: "approval", title: "Approve the order", assignees: { roles: ["partner_owner"] }, expiresInMs: 3_600_000, next: "done" },
        { key: "done", kind: "transform", expression: `{ "version": ${literal(version)}, "threshold": ${literal(p.threshold)}, "input": input }` },
      ],
    }),
  });
}

const templates = createTemplateCatalog([orderTemplate("1.0.0"), orderTemplate("2.0.0")]);
let store: TRunStore;
let system: pg.Pool;
const jobs: TStepJob[] = [];
const publisher: TStepPublisher = { publish: async (next) => void jobs.push(...next) };

beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 4 });
  system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
});
afterAll(async () => {
  await store?.close();
  await system?.end();
});
beforeEach(() => {
  jobs.length = 0;
});

function owner(partner: "A" | "B" = "A") {
  const { partnerA, partnerB, usersA, ownerB } = state.tenants;
  return partner === "A"
    ? { db: state.t.db, scope: { partnerId: partnerA.id, userId: usersA.partner_owner.id }, role: "partner_owner" as const }
    : { db: state.t.db, scope: { partnerId: partnerB.id, userId: ownerB.id }, role: "partner_owner" as const };
}
const options = (partner: "A" | "B" = "A") => ({ actor: owner(partner), store, templates, connectors });

async function connect(clientId: string, name = `Shop ${randomBytes(3).toString("hex")}`) {
  return createConnection({ actor: owner(), catalog: connectors, ring, input: { clientId, connectorKey: "signed-test", name, config: { storeName: "Flagship" }, secrets: { apiKey: "key-12345678", webhookSecret } } });
}

async function drive() {
  const { workflows } = createInstallationResolvers(system);
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    const result = await executeStep({ store, publisher, job, actions: { resolve: () => undefined }, workflows });
    if (result.kind === "parked") jobs.splice(0, jobs.length, ...jobs.filter((j) => j.runId !== job!.runId));
  }
}

async function approve(runId: string) {
  const approval = await state.t.adminDb.approval.findFirstOrThrow({ where: { runId, status: "pending" } });
  await decideApproval({ store, publisher, scope: { partnerId: state.tenants.partnerA.id }, userId: state.tenants.usersA.partner_owner.id, role: "partner_owner", approvalId: approval.id, decision: "approved" });
  await drive();
}

const outputOf = async (runId: string) => (await state.t.adminDb.stepRun.findFirstOrThrow({ where: { runId, stepKey: "done" } })).output as { version: string; threshold: number };

describe("installing a template", () => {
  it("names every wrong parameter and unbound or unfit binding, and installs nothing", async () => {
    const { clientA1, clientA2 } = state.tenants;
    const theirs = await connect(clientA2.id);
    const attempts: { params: Record<string, unknown>; bindings: Record<string, string>; paths: string[]; message?: RegExp }[] = [
      { params: { threshold: 0, cron: 7 }, bindings: {}, paths: ["params.threshold", "params.cron", "bindings.shop"] },
      { params: {}, bindings: { shop: theirs.id }, paths: ["bindings.shop"], message: /not one of this client's connections/ },
      { params: {}, bindings: { shop: "not-a-uuid", pos: theirs.id }, paths: ["bindings.pos", "bindings.shop"], message: /no "pos" binding/ },
      { params: { cron: "61 * * * *" }, bindings: { shop: (await connect(clientA1.id)).id }, paths: ["params"] },
    ];
    for (const attempt of attempts) {
      const error = await installTemplate(options(), { clientId: clientA1.id, templateKey: "test-orders", params: attempt.params, bindings: attempt.bindings }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path.join(".")).sort()).toEqual([...attempt.paths].sort());
      if (attempt.message) expect((error as ValidationError).message).toMatch(attempt.message);
    }
    await expect(installTemplate(options(), { clientId: clientA1.id, templateKey: "nope", bindings: {} })).rejects.toMatchObject({ issues: [{ path: ["templateKey"] }] });
    await expect(installTemplate(options(), { clientId: clientA1.id, templateKey: "test-orders", version: "9.9.9", bindings: {} })).rejects.toMatchObject({ issues: [{ path: ["version"] }] });
    expect(await state.t.adminDb.installation.count()).toBe(0);
    expect(await state.t.adminDb.workflowSchedule.count({ where: { installationId: { not: null } } })).toBe(0);
  });

  it("installs with the client's time zone on its schedules, refuses a second copy, and hides it from other tenants", async () => {
    const { clientA2 } = state.tenants;
    await state.t.adminDb.client.update({ where: { id: clientA2.id }, data: { timezone: "Europe/Amsterdam" } });
    const shop = await connect(clientA2.id);
    const installed = await installTemplate(options(), { clientId: clientA2.id, templateKey: "test-orders", params: { threshold: 50 }, bindings: { shop: shop.id } });
    expect(installed).toMatchObject({
      templateVersion: "2.0.0",
      upgradeTo: null,
      params: { threshold: 50, cron: "0 6 * * *", label: "orders" },
      bindings: [{ binding: "shop", title: "Web shop", connectionId: shop.id, connectionName: shop.name, connectorKey: "signed-test" }],
      eventTriggers: [{ connectionId: shop.id, event: "order.created" }],
      schedules: [{ cron: "0 6 * * *", timezone: "Europe/Amsterdam", enabled: true }],
    });
    const schedule = await state.t.adminDb.workflowSchedule.findFirstOrThrow({ where: { installationId: installed.id } });
    expect(schedule.input).toEqual({ trigger: "schedule", mode: "daily" });
    await expect(installTemplate(options(), { clientId: clientA2.id, templateKey: "test-orders", bindings: { shop: shop.id } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(getInstallation(options("B"), { installationId: installed.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateInstallation(options("B"), { installationId: installed.id, params: { threshold: 1 } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listInstallations(options("B"), {})).toEqual([]);
    await expect(installTemplate(options("B"), { clientId: clientA2.id, templateKey: "test-orders", bindings: { shop: shop.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await state.t.adminDb.auditEvent.findFirstOrThrow({ where: { action: "installation.created", targetId: installed.id } });
    expect(audit.clientId).toBe(clientA2.id);
    await uninstallInstallation(options(), { installationId: installed.id });
  });
});

describe("upgrading and uninstalling", () => {
  it("runs in flight finish on the version they started with; runs after the upgrade use the new one, and history stays", async () => {
    const { clientA1 } = state.tenants;
    const shop = await connect(clientA1.id);
    const installed = await installTemplate(options(), { clientId: clientA1.id, templateKey: "test-orders", version: "1.0.0", bindings: { shop: shop.id } });
    expect(installed).toMatchObject({ templateVersion: "1.0.0", upgradeTo: "2.0.0" });

    const preview = await previewUpgrade(options(), { installationId: installed.id });
    expect(preview).toMatchObject({ from: "1.0.0", to: "2.0.0", changes: "Raises the threshold and labels the output.", issues: [], newBindings: [] });
    expect(preview.params).toEqual(
      expect.arrayContaining([
        { name: "threshold", change: "changed", title: "Threshold", detail: "default 10 → 20" },
        { name: "label", change: "added", title: "Label", detail: 'default "orders"' },
      ]),
    );

    const before = await startInstallationRun({ actor: owner(), store, publisher }, { installationId: installed.id, input: { order: "A-1" } });
    await drive();
    expect((await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: before.runId } })).status).toBe("running");

    const upgraded = await updateInstallation(options(), { installationId: installed.id, version: "2.0.0" });
    // The installed parameters carry over; the old default stays what was installed.
    expect(upgraded).toMatchObject({ templateVersion: "2.0.0", params: { threshold: 10, label: "orders" }, upgradeTo: null });
    const after = await startInstallationRun({ actor: owner(), store, publisher }, { installationId: installed.id, input: { order: "A-2" } });
    await drive();
    await approve(before.runId);
    await approve(after.runId);

    expect(await outputOf(before.runId)).toMatchObject({ version: "1.0.0", threshold: 10 });
    expect(await outputOf(after.runId)).toMatchObject({ version: "2.0.0", threshold: 10 });
    const history = await state.t.adminDb.workflowRun.findMany({ where: { installationId: installed.id }, orderBy: { createdAt: "asc" } });
    expect(history.map((r) => [r.workflowVersion, r.status])).toEqual([["1.0.0", "succeeded"], ["2.0.0", "succeeded"]]);
    expect(await state.t.adminDb.auditEvent.count({ where: { action: "installation.upgraded", targetId: installed.id } })).toBe(1);

    const removed = await uninstallInstallation(options(), { installationId: installed.id });
    expect(removed).toMatchObject({ enabled: false, schedules: [] });
    expect(removed.uninstalledAt).toBeInstanceOf(Date);
    expect(await state.t.adminDb.workflowRun.count({ where: { installationId: installed.id } })).toBe(2);
    expect((await listInstallations(options(), { clientId: clientA1.id })).map((i) => i.id)).not.toContain(installed.id);
    expect((await listInstallations(options(), { clientId: clientA1.id, includeUninstalled: true })).map((i) => i.id)).toContain(installed.id);
    await expect(startInstallationRun({ actor: owner(), store, publisher }, { installationId: installed.id })).rejects.toMatchObject({ code: "CONFLICT" });
    // Installing again starts a new installation; the old one keeps its history.
    const again = await installTemplate(options(), { clientId: clientA1.id, templateKey: "test-orders", bindings: { shop: shop.id } });
    expect(again.id).not.toBe(installed.id);
    await uninstallInstallation(options(), { installationId: again.id });
  });

  it("an upgrade that leaves a parameter invalid is refused naming it, and the installation stays as it was", async () => {
    const { clientA1 } = state.tenants;
    const shop = await connect(clientA1.id);
    const installed = await installTemplate(options(), { clientId: clientA1.id, templateKey: "test-orders", version: "1.0.0", bindings: { shop: shop.id } });
    await expect(updateInstallation(options(), { installationId: installed.id, version: "2.0.0", params: { threshold: 5, label: "" } })).rejects.toMatchObject({ issues: [{ path: ["params", "label"] }] });
    expect(await getInstallation(options(), { installationId: installed.id })).toMatchObject({ templateVersion: "1.0.0", params: { threshold: 10 } });
    expect((await state.t.adminDb.installation.findUniqueOrThrow({ where: { id: installed.id } })).templateVersion).toBe("1.0.0");
    await uninstallInstallation(options(), { installationId: installed.id });
  });

  it("a failed run restarts from the start on the installation's current version", async () => {
    const { clientA1 } = state.tenants;
    const shop = await connect(clientA1.id);
    const installed = await installTemplate(options(), { clientId: clientA1.id, templateKey: "test-orders", version: "1.0.0", bindings: { shop: shop.id } });
    const { runId } = await startInstallationRun({ actor: owner(), store, publisher }, { installationId: installed.id, input: { order: "A-3" } });
    await drive();
    await state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { status: "failed", error: { step: "gate", reason: "simulated", exception: true } } });
    await updateInstallation(options(), { installationId: installed.id, version: "2.0.0", params: { threshold: 30 } });
    const restarted = await restartRun({ operator: owner(), publisher }, { runId });
    await drive();
    await approve(restarted.runId);
    expect(await outputOf(restarted.runId)).toMatchObject({ version: "2.0.0", threshold: 30, input: { order: "A-3" } });
    expect(await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "resolved" });
    expect(await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: restarted.runId } })).toMatchObject({ parentRunId: runId, installationId: installed.id });
    await uninstallInstallation(options(), { installationId: installed.id });
  });
});

describe("triggers and bindings at run time", () => {
  it("a webhook starts one run per enabled installation, however often it is relayed, with the event as input", async () => {
    const { clientA1 } = state.tenants;
    const shop = await connect(clientA1.id);
    const installed = await installTemplate(options(), { clientId: clientA1.id, templateKey: "test-orders", bindings: { shop: shop.id } });
    const token = shop.webhookPath!.split("/").pop()!;
    const deliver = async (id: string, order = `order-${id}`) => {
      const rawBody = JSON.stringify({ id, order });
      await acceptWebhook({ db: system, catalog: connectors, ring, token, request: { headers: { "x-test-signature": signBody(rawBody, webhookSecret) }, rawBody, url: "http://portal.test/api/hooks/x", receivedAt: new Date() } });
    };
    const startRuns = createEventTriggerStarter({ store, publisher });
    await deliver("w-1");
    await deliver("w-1");
    // The same order again under another delivery id: the template's key says it is the same event.
    await deliver("w-1-again", "order-w-1");
    await publishInboundWebhooks({ store, publisher, startRuns });
    // The relay died after starting the run but before marking the webhook: it goes again.
    await state.t.adminDb.inboundWebhook.updateMany({ where: { connectionId: shop.id }, data: { publishedAt: null } });
    await publishInboundWebhooks({ store, publisher, startRuns });
    const runs = await state.t.adminDb.workflowRun.findMany({ where: { installationId: installed.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: "webhook", correlationKey: "order-w-1", idempotencyKey: `event:${installed.id}:order-w-1`, input: { trigger: "event", event: { type: "order.created", deliveryId: "w-1", correlationKey: "order-w-1", payload: { id: "w-1", order: "order-w-1" } } } });

    const { resolveBinding, workflows } = createInstallationResolvers(system);
    const run = { id: runs[0]!.id, partnerId: state.tenants.partnerA.id, clientId: clientA1.id };
    expect(await resolveBinding(run, "shop")).toBe(shop.id);
    expect(await resolveBinding(run, "erp")).toBeUndefined();
    expect(await resolveBinding({ ...run, partnerId: state.tenants.partnerB.id }, "shop")).toBeUndefined();
    expect(await workflows.resolve(run.partnerId, clientA1.id, "test-orders")).toMatchObject({ bindings: ["shop"], installationId: installed.id });

    await setInstallationEnabled(options(), { installationId: installed.id, enabled: false });
    expect(await state.t.adminDb.workflowSchedule.findMany({ where: { installationId: installed.id }, select: { enabled: true } })).toEqual([{ enabled: false }]);
    await deliver("w-2");
    await publishInboundWebhooks({ store, publisher, startRuns });
    expect(await state.t.adminDb.workflowRun.count({ where: { installationId: installed.id } })).toBe(1);
    expect(await workflows.resolve(run.partnerId, clientA1.id, "test-orders")).toBeUndefined();
    await uninstallInstallation(options(), { installationId: installed.id });
  });

  it("installs for many clients at once, binding each client's only fitting connection, and reports the ones it could not", async () => {
    const { clientA1, clientA2 } = state.tenants;
    await state.t.adminDb.connection.updateMany({ where: { clientId: clientA2.id }, data: { archivedAt: new Date() } });
    await state.t.adminDb.connection.updateMany({ where: { clientId: clientA1.id }, data: { archivedAt: new Date() } });
    const shop = await connect(clientA1.id);
    const results = await installForClients(options(), { templateKey: "test-orders", params: { threshold: 99 }, clients: [{ clientId: clientA1.id, bindings: {} }, { clientId: clientA2.id, bindings: {} }] });
    expect(results).toMatchObject([
      { clientId: clientA1.id, ok: true, installation: { params: { threshold: 99 }, bindings: [{ connectionId: shop.id }] } },
      { clientId: clientA2.id, ok: false, issues: [{ path: ["bindings", "shop"] }] },
    ]);
  });
});
