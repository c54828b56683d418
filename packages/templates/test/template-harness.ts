import { createClassifier, type TModelSettings } from "@storeflow/ai";
import { createConnection, createConnectionActions } from "@storeflow/connections";
import { createBuiltInConnectors } from "@storeflow/connectors";
import { useTestTenants } from "@storeflow/db/test";
import { createGuardedFetch } from "@storeflow/outbound";
import {
  createRunStore,
  decideApproval,
  executeStep,
  prepareDefinition,
  publishEvent,
  startRun,
  type TRunStore,
  type TStepJob,
  type TStepPublisher,
  type TWorkflowResolver,
} from "@storeflow/runs";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import {
  startSimulator,
  type TBusinessCentralSimulator,
  type TShipBobSimulator,
  type TShopifySimulator,
  type TSimulator,
  type TSlackSimulator,
  type TSquareSimulator,
  type TVendorFactory,
} from "@storeflow/simulator";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type TAnyTemplate } from "../src/template";

/** A connection as the install wizard would create it: a connector, its settings and secrets. */
export interface TTestConnection {
  connectorKey: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** A finished or parked run as a test reads it. */
export interface TTestRun {
  id: string;
  status: string;
  error: unknown;
  /** Each step's latest recorded output (iteration 0 and forEach items alike: the last one wins). */
  outputs: Record<string, unknown>;
  /** Step keys in the order their attempts settled. */
  path: string[];
}

export interface TTemplateHarness {
  sim: TSimulator;
  store: TRunStore;
  tenants: ReturnType<typeof useTestTenants>["tenants"];
  /** The client every run here belongs to. */
  scope: { partnerId: string; clientId: string };
  /** Creates a connection for the client (secrets encrypted, as in production) and binds it. */
  bind(binding: string, connection: TTestConnection): Promise<string>;
  /** Ready-made connections to the simulated vendors. */
  connections: {
    shopify(): TTestConnection;
    square(): TTestConnection;
    businessCentral(): TTestConnection;
    shipbob(): TTestConnection;
    /** A Slack incoming webhook into `channel`. */
    slack(channel?: string): TTestConnection;
    /** A mailbox on an SMTP server the test started (the SMTP simulator), logged in as `login.username` and sending as `from`. */
    email(server: { host: string; port: number }, login: { username: string; password: string }, from?: string): TTestConnection;
  };
  /**
   * Starts a run of the template with `params` (parsed with the template's schema, defaults applied).
   * A start with an `idempotencyKey` an earlier one used returns that run, as a trigger delivered twice does.
   */
  start(template: TAnyTemplate, params: unknown, input: unknown, options?: { correlationKey?: string; idempotencyKey?: string; /** The client's time zone, as an install passes it. @defaultValue "UTC" */ timezone?: string }): Promise<string>;
  /**
   * Executes queued step jobs until the runs are finished or parked on a person
   * or an event. Waits and retry back-offs pass at once; a parked step's wake-up
   * (its expiry) does not, so an approval stays open until `decide`.
   */
  drive(): Promise<void>;
  /** Decides the run's open approval as the client's partner owner, then drives on. */
  decide(runId: string, decision: "approved" | "rejected", reason?: string): Promise<void>;
  /** Brings the run's parked step (an approval or an event wait) to its expiry now, then drives on. */
  expire(runId: string): Promise<void>;
  /**
   * Points ai.classify steps at a chat-completions model (the simulator's
   * "openai" vendor, say); undefined, the default, leaves them to the rules.
   */
  useModel(settings: TModelSettings | undefined): void;
  /** Publishes a business event for the client (what a webhook would), then drives on. */
  publish(event: string, correlationKey: string, payload: unknown): Promise<void>;
  run(runId: string): Promise<TTestRun>;
  /** The pending approval of a run, with what the approver sees. */
  approval(runId: string): Promise<{ id: string; title: string; details: unknown } | null>;
}

/**
 * Runs templates end to end as the worker would: the production executor, the
 * production connection actions (secrets decrypted per call, SSRF-guarded fetch
 * allowed only to the simulator's address) and the simulated vendors' APIs.
 * Call once per test file, at its top level.
 */
export function useTemplateHarness(vendors: TVendorFactory[]): TTemplateHarness {
  const state = useTestTenants();
  const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
  const catalog = createBuiltInConnectors({ resolveSmtpHost: async () => undefined });
  const bindings = new Map<string, string>();
  const jobs: TStepJob[] = [];
  /** Each parked run's own wake-up, held back until `expire`. */
  const wakeUps = new Map<string, TStepJob>();
  const publisher: TStepPublisher = { publish: async (next) => void jobs.push(...next) };
  const installed = new Map<string, { definition: unknown; bindings: string[] }>();
  const workflows: TWorkflowResolver = { resolve: async (_partnerId, _clientId, key) => installed.get(key) };
  let model: TModelSettings | undefined;
  const classifier = createClassifier({ resolveModel: async () => model, fetch: createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] }) });
  let system: pg.Pool;

  const harness = {
    tenants: state.tenants,
  } as TTemplateHarness;

  beforeAll(async () => {
    harness.sim = await startSimulator({ vendors });
    harness.store = createRunStore({ url: state.t.appUrl, max: 4 });
    system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
    Object.assign(harness, { tenants: state.tenants, scope: { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id } });
  });
  afterAll(async () => {
    await harness.sim?.close();
    await harness.store?.close();
    await system?.end();
  });
  beforeEach(() => {
    harness.sim.reset();
    bindings.clear();
    jobs.length = 0;
    wakeUps.clear();
    model = undefined;
  });

  const actions = () =>
    createConnectionActions({
      db: system,
      catalog,
      ring,
      fetch: createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] }),
      resolveBinding: async (run, name) => (run.clientId === harness.scope.clientId ? bindings.get(name) : undefined),
    });

  harness.bind = async (binding, connection) => {
    const actor = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
    const name = `${binding} ${randomBytes(4).toString("hex")}`;
    const { id } = await createConnection({ actor, catalog, ring, input: { clientId: harness.scope.clientId, name, ...connection } });
    bindings.set(binding, id);
    return id;
  };

  harness.connections = {
    shopify() {
      const shop = harness.sim.vendor<TShopifySimulator>("shopify");
      return { connectorKey: "shopify", config: { shopDomain: shop.state.shop.domain, baseUrl: `${harness.sim.url}/shopify` }, secrets: { accessToken: shop.state.credentials.accessToken } };
    },
    square() {
      const square = harness.sim.vendor<TSquareSimulator>("square");
      return {
        connectorKey: "square",
        config: { environment: "sandbox", baseUrl: `${harness.sim.url}/square`, locationId: square.state.locations[0]!.id },
        secrets: { accessToken: square.state.accessToken },
      };
    },
    businessCentral() {
      const bc = harness.sim.vendor<TBusinessCentralSimulator>("business-central");
      const { tenantId, environment, companyId, clients } = bc.state;
      return {
        connectorKey: "business-central",
        config: { tenantId, environment, companyId, baseUrl: `${harness.sim.url}/business-central`, tokenUrl: `${harness.sim.url}/business-central/${tenantId}/oauth2/v2.0/token` },
        secrets: { ...clients[0]! },
      };
    },
    shipbob() {
      const sb = harness.sim.vendor<TShipBobSimulator>("shipbob");
      return { connectorKey: "shipbob", config: { channelId: sb.state.channels[0]!.id, baseUrl: `${harness.sim.url}/shipbob` }, secrets: { personalAccessToken: sb.state.tokens[0]! } };
    },
    slack(channel = "#store-ops") {
      const slack = harness.sim.vendor<TSlackSimulator>("slack");
      const webhook = slack.registerWebhook({ channel });
      return { connectorKey: "slack", config: { allowedBaseUrl: `${harness.sim.url}/slack/services/` }, secrets: { webhookUrl: webhook.url } };
    },
    email(server, login, from = login.username) {
      return { connectorKey: "email", config: { host: server.host, port: server.port, secure: false, requireTls: false, from }, secrets: { ...login } };
    },
  };

  harness.start = async (template, params, input, options = {}) => {
    const definition = template.definition(template.params.parse(params), { timezone: options.timezone ?? "UTC" });
    const prepared = await prepareDefinition(harness.store, harness.scope.partnerId, definition, Object.keys(template.bindings));
    installed.set(template.key, { definition, bindings: Object.keys(template.bindings) });
    const { runId } = await startRun({
      store: harness.store,
      publisher,
      scope: harness.scope,
      prepared,
      input,
      idempotencyKey: options.idempotencyKey ?? randomBytes(8).toString("hex"),
      correlationKey: options.correlationKey ?? null,
    });
    await harness.drive();
    return runId;
  };

  harness.drive = async () => {
    const registry = actions();
    for (let rounds = 0; jobs.length > 0; rounds++) {
      if (rounds > 500) throw new Error("the runs did not settle within 500 steps");
      const job = jobs.shift()!;
      const before = jobs.length;
      const result = await executeStep({ store: harness.store, publisher, job, actions: registry, workflows, classifier });
      // A parked step's own wake-up is its expiry: hold it back for the test to decide or `expire`.
      if (result.kind === "parked") {
        for (const next of jobs.splice(before)) {
          if (next.runId === job.runId) wakeUps.set(next.runId, next);
          else jobs.push(next);
        }
      }
    }
  };

  harness.decide = async (runId, decision, reason) => {
    const approval = await harness.approval(runId);
    if (!approval) throw new Error(`run ${runId} has no pending approval`);
    await decideApproval({
      store: harness.store,
      publisher,
      scope: { partnerId: harness.scope.partnerId },
      userId: state.tenants.usersA.partner_owner.id,
      role: "partner_owner",
      approvalId: approval.id,
      decision,
      reason,
    });
    await harness.drive();
  };

  harness.useModel = (settings) => {
    model = settings;
  };

  harness.expire = async (runId) => {
    const wakeUp = wakeUps.get(runId);
    if (!wakeUp) throw new Error(`run ${runId} is not parked`);
    wakeUps.delete(runId);
    await system.query("update run_waits set expires_at = now() - interval '1 second' where run_id = $1 and status = 'open'", [runId]);
    await system.query("update approvals set expires_at = now() - interval '1 second' where run_id = $1 and status = 'pending'", [runId]);
    jobs.push(wakeUp);
    await harness.drive();
  };

  harness.publish = async (event, correlationKey, payload) => {
    await publishEvent({ store: harness.store, publisher, scope: harness.scope, event, correlationKey, payload: payload as never, idempotencyKey: randomBytes(8).toString("hex") });
    await harness.drive();
  };

  harness.run = async (runId) => {
    const run = await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } });
    const steps = await state.t.adminDb.stepRun.findMany({ where: { runId }, orderBy: [{ finishedAt: "asc" }, { id: "asc" }] });
    const outputs: Record<string, unknown> = {};
    for (const step of steps) if (step.status === "succeeded") outputs[step.stepKey] = step.output;
    return { id: run.id, status: run.status, error: run.error, outputs, path: steps.filter((s) => s.status === "succeeded").map((s) => s.stepKey) };
  };

  harness.approval = async (runId) => {
    const approval = await state.t.adminDb.approval.findFirst({ where: { runId, status: "pending" }, orderBy: { createdAt: "desc" } });
    return approval ? { id: approval.id, title: approval.title, details: approval.details } : null;
  };

  return harness;
}
