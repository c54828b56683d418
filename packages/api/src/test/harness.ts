import { randomBytes, randomUUID } from "node:crypto";
import { createAlertChannel, createAlertRule } from "@storeflow/alerts";
import { type TStripeClient } from "@storeflow/billing";
import { createConnection } from "@storeflow/connections";
import { createConnectorCatalog } from "@storeflow/connectors";
import { canarySecret, signedTestConnector } from "@storeflow/connectors/test";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { createMailer } from "@storeflow/mail";
import { type TDb } from "@storeflow/db";
import { createTestDatabase, seedTenants, type TestDatabase, type TestTenants } from "@storeflow/db/test";
import { installTemplate, startInstallationRun } from "@storeflow/installations";
import { createRunStore, executeStep, startRun, type TActionRegistry, type TRunStore, type TStepJob, type TStepPublisher } from "@storeflow/runs";
import { createTemplateCatalog, defineTemplate, literal } from "@storeflow/templates";
import { z } from "zod";
import { type AnyProcedure } from "@trpc/server";
import { afterAll, beforeAll } from "vitest";
import { type TAuthzTarget, type TProcedureMeta } from "../authz-meta";
import { createContext } from "../context";
import { appRouter, createCaller } from "../root";

/** Steps the API handed to the fleet; no worker runs in these tests. */
export const publishedSteps: TStepJob[] = [];
export const stepRecorder: TStepPublisher = {
  async publish(jobs) {
    publishedSteps.push(...jobs);
  },
};

export type TActorName = "anonymous" | "platform_admin" | "partner_owner" | "partner_admin" | "partner_operator" | "client_admin" | "client_viewer";
export const ACTOR_NAMES: TActorName[] = ["anonymous", "platform_admin", "partner_owner", "partner_admin", "partner_operator", "client_admin", "client_viewer"];

/** Every role that holds "approval.decide": the seeded approvals name them all. */
export const APPROVER_ROLES = ["partner_owner", "partner_admin", "partner_operator", "client_admin"];

const DAY = 86_400_000;

/** One approval step, then a step each way out of it. */
export function approvalWorkflow(assignees: { roles?: string[]; userIds?: string[] } = { roles: APPROVER_ROLES }) {
  return {
    key: "test.refund-approval",
    version: "1.0.0",
    start: "approve",
    steps: [
      { key: "approve", kind: "approval", title: "Refund over 100", assignees, expiresInMs: DAY, details: { order: "input.order" }, next: "refund", onReject: "declined" },
      { key: "refund", kind: "transform", expression: "'refunded ' & input.order" },
      { key: "declined", kind: "transform", expression: "'declined: ' & steps.approve.output.reason" },
    ],
  };
}

// No connector runs in these tests; a workflow that calls one fails clearly.
const noActions: TActionRegistry = { resolve: () => undefined };

/** Executes queued jobs in order, as a worker would, until only delayed ones (a parked step's timeout) are left. */
export async function runQueuedSteps(store: TRunStore, jobs: TStepJob[]): Promise<void> {
  const publisher: TStepPublisher = { publish: async (next) => void jobs.push(...next) };
  for (let index = jobs.findIndex((job) => !job.delayMs); index >= 0; index = jobs.findIndex((job) => !job.delayMs)) {
    const [job] = jobs.splice(index, 1);
    await executeStep({ store, publisher, job: job!, actions: noActions });
  }
}

/** Starts a run and executes it until it parks or ends. */
export async function startAndRun({ store, scope, definition = approvalWorkflow(), input = { order: "o-1001" }, correlationKey }: {
  store: TRunStore;
  scope: { partnerId: string; clientId: string };
  definition?: unknown;
  input?: unknown;
  correlationKey?: string;
}): Promise<string> {
  const jobs: TStepJob[] = [];
  const publisher: TStepPublisher = { publish: async (next) => void jobs.push(...next) };
  const { runId } = await startRun({ store, publisher, scope, definition, bindings: [], input, idempotencyKey: randomUUID(), correlationKey });
  await runQueuedSteps(store, jobs);
  return runId;
}

/** The connectors the API tests know: one whose webhooks are signed, and nothing that calls out. */
export const testConnectors = createConnectorCatalog([signedTestConnector]);
/** A key ring of its own per test process. */
export const testKeyRing = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });

const testSla = { runDurationMs: 60_000, successRate: 0.99, windowMs: DAY, maxBacklogAgeMs: 60_000 };
const shopBinding = { shop: { title: "Web shop", description: "Where orders come from", connectors: [signedTestConnector.key] } };

/**
 * The templates the API tests know: "test-approval" is installed in every
 * seeded client; "test-notify" is left for the tests to install.
 */
export const testTemplates = createTemplateCatalog([
  defineTemplate({
    key: "test-approval",
    version: "1.0.0",
    title: "Test approval",
    summary: "Holds each order for approval",
    description: "An approval, then a summary naming the threshold.",
    category: "orders",
    params: z.object({ threshold: z.int().min(1).default(10).meta({ title: "Threshold", description: "Orders above it are held" }) }),
    bindings: shopBinding,
    triggers: () => [{ kind: "event", binding: "shop", event: "order.created" }],
    sla: testSla,
    kpis: [],
    definition: (p) => ({
      key: "test-approval",
      version: "1.0.0",
      start: "approve",
      steps: [
        { key: "approve", kind: "approval", title: "Order over the threshold", assignees: { roles: APPROVER_ROLES }, expiresInMs: DAY, next: "done" },
        { key: "done", kind: "transform", expression: literal(p.threshold) },
      ],
    }),
  }),
  defineTemplate({
    key: "test-notify",
    version: "1.0.0",
    title: "Test notify",
    summary: "Says hello",
    description: "One transform.",
    category: "customers",
    params: z.object({ greeting: z.string().min(1).default("hello").meta({ title: "Greeting" }) }),
    bindings: shopBinding,
    triggers: () => [{ kind: "manual" }],
    sla: testSla,
    kpis: [],
    definition: (p) => ({ key: "test-notify", version: "1.0.0", start: "say", steps: [{ key: "say", kind: "transform", expression: literal(p.greeting) }] }),
  }),
]);

/** The standard tenants, plus a run parked on a pending approval, a connection and an installation in each client. */
export interface TApiTestTenants extends TestTenants {
  pendingApprovalIds: { a1: string; a2: string; b1: string };
  connectionIds: { a1: string; a2: string; b1: string };
  installationIds: { a1: string; a2: string; b1: string };
  /** A failed run of each client's installation. */
  failedInstalledRunIds: { a1: string; a2: string; b1: string };
  /** Per client: a signed-webhook channel of its partner, a rule narrowed to the client sending to it, and an open alert of that rule about its installation. */
  alertChannelIds: { a1: string; a2: string; b1: string };
  alertRuleIds: { a1: string; a2: string; b1: string };
  alertIds: { a1: string; a2: string; b1: string };
}

export async function seedApiTenants(adminDb: TDb, store: TRunStore): Promise<TApiTestTenants> {
  const tenants = await seedTenants(adminDb);
  const pendingApproval = async (partnerId: string, clientId: string) => {
    const runId = await startAndRun({ store, scope: { partnerId, clientId } });
    return (await adminDb.approval.findFirstOrThrow({ where: { runId, status: "pending" }, select: { id: true } })).id;
  };
  const pendingApprovalIds = {
    a1: await pendingApproval(tenants.partnerA.id, tenants.clientA1.id),
    a2: await pendingApproval(tenants.partnerA.id, tenants.clientA2.id),
    b1: await pendingApproval(tenants.partnerB.id, tenants.clientB1.id),
  };
  const connection = async (owner: { id: string }, partnerId: string, clientId: string) => {
    const actor = { db: adminDb, scope: { partnerId, userId: owner.id }, role: "partner_owner" as const };
    const input = { clientId, connectorKey: signedTestConnector.key, name: `Seeded store ${randomUUID().slice(0, 8)}`, config: { storeName: "Seeded" }, secrets: { apiKey: canarySecret("api-key"), webhookSecret: canarySecret("whsec") } };
    return (await createConnection({ actor, catalog: testConnectors, ring: testKeyRing, input })).id;
  };
  const connectionIds = {
    a1: await connection(tenants.usersA.partner_owner, tenants.partnerA.id, tenants.clientA1.id),
    a2: await connection(tenants.usersA.partner_owner, tenants.partnerA.id, tenants.clientA2.id),
    b1: await connection(tenants.ownerB, tenants.partnerB.id, tenants.clientB1.id),
  };
  const installed = async (owner: { id: string }, partnerId: string, clientId: string, connectionId: string) => {
    const actor = { db: adminDb, scope: { partnerId, userId: owner.id }, role: "partner_owner" as const };
    const installation = await installTemplate({ actor, store, templates: testTemplates, connectors: testConnectors }, { clientId, templateKey: "test-approval", bindings: { shop: connectionId } });
    const { runId } = await startInstallationRun({ actor, store, publisher: stepRecorder }, { installationId: installation.id, input: { order: "A-9" } });
    await adminDb.workflowRun.update({ where: { id: runId }, data: { status: "failed", error: { step: "approve", reason: "seeded failure", exception: true }, finishedAt: new Date() } });
    return { installationId: installation.id, runId };
  };
  const a1 = await installed(tenants.usersA.partner_owner, tenants.partnerA.id, tenants.clientA1.id, connectionIds.a1);
  const a2 = await installed(tenants.usersA.partner_owner, tenants.partnerA.id, tenants.clientA2.id, connectionIds.a2);
  const b1 = await installed(tenants.ownerB, tenants.partnerB.id, tenants.clientB1.id, connectionIds.b1);
  const installationIds = { a1: a1.installationId, a2: a2.installationId, b1: b1.installationId };
  const failedInstalledRunIds = { a1: a1.runId, a2: a2.runId, b1: b1.runId };
  const alerting = async (owner: { id: string }, partnerId: string, clientId: string, installationId: string) => {
    const actor = { db: adminDb, scope: { partnerId, userId: owner.id }, role: "partner_owner" as const };
    const tag = randomUUID().slice(0, 8);
    const { channel } = await createAlertChannel(actor, testKeyRing, { kind: "webhook", name: `Pager ${tag}`, url: "https://hooks.example.test/alerts" });
    const rule = await createAlertRule(actor, { name: `Failing ${tag}`, clientId, condition: { kind: "failure_rate", threshold: 0.5, windowMs: 3_600_000 }, channelIds: [channel.id] });
    const now = new Date();
    const alert = await adminDb.alert.create({
      data: { partnerId, clientId, ruleId: rule.id, subjectType: "installation", subjectId: installationId, subjectLabel: `Seeded ${tag}`, summary: "3 of 5 runs failed", raisedAt: now, lastSeenAt: now, notifyAt: now },
      select: { id: true },
    });
    return { channelId: channel.id, ruleId: rule.id, alertId: alert.id };
  };
  const alertA1 = await alerting(tenants.usersA.partner_owner, tenants.partnerA.id, tenants.clientA1.id, a1.installationId);
  const alertA2 = await alerting(tenants.usersA.partner_owner, tenants.partnerA.id, tenants.clientA2.id, a2.installationId);
  const alertB1 = await alerting(tenants.ownerB, tenants.partnerB.id, tenants.clientB1.id, b1.installationId);
  const alertChannelIds = { a1: alertA1.channelId, a2: alertA2.channelId, b1: alertB1.channelId };
  const alertRuleIds = { a1: alertA1.ruleId, a2: alertA2.ruleId, b1: alertB1.ruleId };
  const alertIds = { a1: alertA1.alertId, a2: alertA2.alertId, b1: alertB1.alertId };
  return {
    alertChannelIds,
    alertRuleIds,
    alertIds,
    ...tenants,
    pendingApprovalIds,
    connectionIds,
    installationIds,
    failedInstalledRunIds,
    partnerBMarkers: [...tenants.partnerBMarkers, pendingApprovalIds.b1, connectionIds.b1, installationIds.b1, alertChannelIds.b1, alertRuleIds.b1, alertIds.b1],
    clientA2Markers: [...tenants.clientA2Markers, pendingApprovalIds.a2, connectionIds.a2, installationIds.a2, alertIds.a2],
  };
}

/**
 * A file-wide database with the API's tenants and a run store on it, created
 * before the file's tests and dropped after. Read the fields inside tests.
 */
export function useApiTenants(): { t: TestDatabase; store: TRunStore; tenants: TApiTestTenants } {
  const state = {} as { t: TestDatabase; store: TRunStore; tenants: TApiTestTenants };
  beforeAll(async () => {
    state.t = await createTestDatabase();
    state.store = createRunStore({ url: state.t.appUrl, max: 4 });
    state.tenants = await seedApiTenants(state.t.adminDb, state.store);
  });
  afterAll(async () => {
    await state.store?.close();
    await state.t?.drop();
  });
  return state;
}

export interface TProcedureEntry {
  path: string;
  type: "query" | "mutation" | "subscription";
  meta: TProcedureMeta;
}

/** Every procedure of the router, read from the router itself. */
export function listProcedures(): TProcedureEntry[] {
  const record = (appRouter._def as unknown as { procedures: Record<string, AnyProcedure> }).procedures;
  return Object.entries(record).map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    meta: (procedure._def.meta ?? {}) as TProcedureMeta,
  }));
}

export function targetsOf(tenants: TApiTestTenants): Record<"own" | "sibling" | "other", TAuthzTarget> {
  const target = (partnerId: string, clientId: string, key: "a1" | "a2" | "b1"): TAuthzTarget => ({
    partnerId,
    clientId,
    viewerMembershipId: tenants.viewerMembershipIds[key],
    invitationId: tenants.invitationIds[key],
    failedRunId: tenants.failedRunIds[key],
    pendingApprovalId: tenants.pendingApprovalIds[key],
    connectionId: tenants.connectionIds[key],
    installationId: tenants.installationIds[key],
    failedInstalledRunId: tenants.failedInstalledRunIds[key],
    alertChannelId: tenants.alertChannelIds[key],
    alertRuleId: tenants.alertRuleIds[key],
    alertId: tenants.alertIds[key],
  });
  return {
    own: target(tenants.partnerA.id, tenants.clientA1.id, "a1"),
    sibling: target(tenants.partnerA.id, tenants.clientA2.id, "a2"),
    other: target(tenants.partnerB.id, tenants.clientB1.id, "b1"),
  };
}

/**
 * The API's context for `user` (null: signed out), with the test's database and run store and the step recorder;
 * billing is not configured unless a test hands it a Stripe client (see ./stripe).
 */
export function contextFor({ db, adminDb, store, user, stripe = null }: { db: TDb; adminDb: TDb; store: TRunStore; user: { id: string; email: string } | null; stripe?: TStripeClient | null }) {
  return createContext({
    db,
    unsafeAdminDb: adminDb,
    mailer: createMailer({ db, transport: "outbox", from: "test@storeflow.test" }),
    stepPublisher: stepRecorder,
    runStore: store,
    portalUrl: "http://localhost:3000",
    connectors: testConnectors,
    keyRing: testKeyRing,
    templates: testTemplates,
    stripe,
    user: user && { ...user, name: null },
  });
}

/** A typed tRPC caller acting as `user`. */
export async function callerAs(state: { t: TestDatabase; store: TRunStore; stripe?: TStripeClient | null }, user: { id: string; email: string } | null) {
  return createCaller(await contextFor({ db: state.t.db, adminDb: state.t.adminDb, store: state.store, user, stripe: state.stripe }));
}

/** A tRPC caller by procedure path, acting as `actor` of partner A (client roles on client A1). */
export async function callerFor({ db, adminDb, store, stripe, tenants, actor, platformAdmin }: { db: TDb; adminDb: TDb; store: TRunStore; stripe?: TStripeClient | null; tenants: TestTenants; actor: TActorName; platformAdmin: { id: string; email: string } }) {
  const user = actor === "anonymous" ? null : actor === "platform_admin" ? platformAdmin : tenants.usersA[actor];
  const caller = createCaller(await contextFor({ db, adminDb, store, stripe, user: user && { id: user.id, email: user.email } }));
  return (path: string, input: unknown): Promise<unknown> => {
    const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
    return fn(input);
  };
}
