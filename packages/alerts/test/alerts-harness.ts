import { randomBytes, randomUUID } from "node:crypto";
import { type TActor } from "@storeflow/accounts";
import { createMailer } from "@storeflow/mail";
import { createGuardedFetch } from "@storeflow/outbound";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { type TestDatabase, type TestTenants, useTestTenants } from "@storeflow/db/test";
import { startSimulator, startSmtpSimulator, slackSimulator, teamsSimulator, webhookReceiverSimulator, type TSimulator, type TSmtpSimulator } from "@storeflow/simulator";
import pg from "pg";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { sweepAlerts, type SweepAlertsOptions } from "../src";

export const PORTAL = "https://portal.example.test";
const MINUTE = 60_000;
const TEST_KEK = parseKek(`test-1:${randomBytes(32).toString("base64")}`);

/**
 * A file-wide database with the standard tenants, a system-scope pool, the
 * simulator (Slack, Teams, a webhook receiver) and an SMTP sink; each test
 * starts with no alerting rows. The clock is the test's: `at(minutes)` from a
 * base time taken when the file starts, handed to every pass.
 */
export function useAlertsHarness() {
  const tenants = useTestTenants();
  const h = {
    get t(): TestDatabase {
      return tenants.t;
    },
    get tenants(): TestTenants {
      return tenants.tenants;
    },
    pool: undefined as unknown as pg.Pool,
    sim: undefined as unknown as TSimulator,
    smtp: undefined as unknown as TSmtpSimulator,
    kek: TEST_KEK,
    ring: createKeyRing({ current: TEST_KEK }),
    base: Math.ceil(Date.now() / MINUTE) * MINUTE + MINUTE,
    at(minutes: number) {
      return new Date(h.base + minutes * MINUTE);
    },
    /** A partner admin of partner A (or B). */
    admin(partner: "A" | "B" = "A"): TActor {
      const { partnerA, partnerB, usersA, ownerB } = h.tenants;
      return partner === "A"
        ? { db: h.t.db, role: "partner_admin", scope: { partnerId: partnerA.id, userId: usersA.partner_admin.id } }
        : { db: h.t.db, role: "partner_owner", scope: { partnerId: partnerB.id, userId: ownerB.id } };
    },
    /** One pass at `now`: the guard lets the simulator and local test servers (127.0.0.1) through, nothing else private. */
    async sweep(now: Date, options: Partial<SweepAlertsOptions> = {}) {
      const result = await sweepAlerts({
        pool: h.pool,
        db: h.t.db,
        mailer: createMailer({ db: h.t.db, transport: "smtp", smtpUrl: `smtp://127.0.0.1:${h.smtp.port}`, from: "Storeflow <alerts@storeflow.test>" }),
        fetch: createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] }),
        ring: h.ring,
        portalUrl: PORTAL,
        retryBaseMs: MINUTE,
        now,
        ...options,
      });
      if (result.failed.length) throw result.failed[0]!.error;
      return result;
    },
    /** An enabled installation of client `clientId`, last changed at `at(0)`, with an SLA cadence when given. */
    async installation(partnerId: string, clientId: string, { cadenceMs }: { cadenceMs?: number } = {}) {
      const hash = `alerts-${randomUUID()}`;
      await h.t.adminDb.workflowDefinition.create({ data: { partnerId, hash, key: "test.sync", version: "1.0.0", definition: { key: "test.sync", version: "1.0.0", start: "a", steps: [] } } });
      const installation = await h.t.adminDb.installation.create({
        data: { partnerId, clientId, templateKey: `inventory-sync-${randomUUID().slice(0, 6)}`, templateVersion: "1.0.0", definitionHash: hash, params: {}, bindings: {}, updatedAt: h.at(0), createdAt: h.at(0) },
        select: { id: true, templateKey: true, definitionHash: true },
      });
      if (cadenceMs) {
        await h.t.adminDb.slaTarget.create({
          data: { installationId: installation.id, partnerId, clientId, templateKey: installation.templateKey, templateVersion: "1.0.0", runDurationMs: 60_000, successRate: 0.99, windowMs: 3_600_000, maxBacklogAgeMs: 600_000, cadenceMs },
        });
      }
      return { ...installation, partnerId, clientId };
    },
    async run(installation: { id: string; partnerId: string; clientId: string; definitionHash: string }, { status, at }: { status: "running" | "succeeded" | "failed"; at: Date }) {
      return h.t.adminDb.workflowRun.create({
        data: {
          id: randomUUID(),
          partnerId: installation.partnerId,
          clientId: installation.clientId,
          installationId: installation.id,
          workflowKey: "test.sync",
          workflowVersion: "1.0.0",
          definitionHash: installation.definitionHash,
          input: {},
          status,
          idempotencyKey: randomUUID(),
          createdAt: at,
          updatedAt: at,
          finishedAt: status === "running" ? null : at,
        },
        select: { id: true },
      });
    },
    events: (alertId?: string) => h.t.adminDb.alertEvent.findMany({ where: alertId ? { alertId } : {}, orderBy: [{ at: "asc" }, { id: "asc" }] }),
  };

  beforeAll(async () => {
    h.pool = new pg.Pool({ connectionString: h.t.appUrl, options: "-c app.system=on", max: 4 });
    h.sim = await startSimulator({ vendors: [slackSimulator, teamsSimulator, webhookReceiverSimulator] });
    h.smtp = await startSmtpSimulator();
  });
  afterAll(async () => {
    await Promise.allSettled([h.pool?.end(), h.sim?.close(), h.smtp?.close()]);
  });
  beforeEach(async () => {
    const db = h.t.adminDb;
    await db.alertDelivery.deleteMany();
    await db.alertEvent.deleteMany();
    await db.alert.deleteMany();
    await db.alertRule.deleteMany();
    await db.alertChannel.deleteMany();
    await db.slaBreach.deleteMany();
    h.sim.reset();
    h.smtp.messages.length = 0;
  });
  return h;
}
