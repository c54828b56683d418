/**
 * The authorization matrix, generated from the router: every procedure × every
 * actor × a target in the actor's own client, a sibling client of the same
 * partner, and a client of another partner. Expectations come from the declared
 * ladder rung and the PERMISSIONS table; a procedure added later is picked up here
 * automatically (and fails until it declares a `sample`). Allowed mutations must
 * leave an audit event; refused calls must leave none. Billing calls go to the
 * local Stripe server through the real SDK; partner A can invoice its clients.
 */
import { can, isPartnerRole } from "@storeflow/accounts";
import { createTestDatabase, type TestDatabase } from "@storeflow/db/test";
import { createRunStore, type TRunStore } from "@storeflow/runs";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTOR_NAMES, callerFor, listProcedures, seedApiTenants, targetsOf, type TActorName, type TProcedureEntry } from "./test/harness";
import { seedClientBilling, useStripeSimulator } from "./test/stripe";

const stripeSim = useStripeSimulator();

let t: TestDatabase;
let store: TRunStore;
let platformAdmin: { id: string; email: string };

beforeAll(async () => {
  t = await createTestDatabase();
  store = createRunStore({ url: t.appUrl, max: 4 });
  platformAdmin = await t.adminDb.user.create({ data: { email: "platform@matrix.test" }, select: { id: true, email: true } });
  await t.adminDb.membership.create({ data: { userId: platformAdmin.id, role: "platform_admin" } });
});
afterAll(async () => {
  await store?.close();
  await t?.drop();
});

type TTargetName = "own" | "sibling" | "other";

function expectedAllowed(proc: TProcedureEntry, actor: TActorName, target: TTargetName, inputNamesTarget: boolean): boolean {
  const { kind, permission } = proc.meta;
  if (kind === "public") return true;
  if (actor === "anonymous") return false;
  if (kind === "authed") return true;
  if (kind === "platform") return actor === "platform_admin";
  if (actor === "platform_admin" || !permission) return false;
  if (!can(actor, permission)) return false;
  if (kind === "partner" && !isPartnerRole(actor)) return false;
  if (!inputNamesTarget) return true;
  if (target === "other") return false;
  if (target === "sibling") return isPartnerRole(actor);
  return true;
}

const procedures = listProcedures();

describe("authorization matrix", () => {
  it("covers every procedure, each with a ladder rung and a sample input", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(15);
    for (const proc of procedures) {
      expect(proc.meta.kind, `${proc.path} has no ladder rung`).toBeDefined();
      expect(proc.meta.sample, `${proc.path} declares no meta.sample for the authorization matrix`).toBeTypeOf("function");
      if (proc.meta.kind === "partner" || proc.meta.kind === "client") expect(proc.meta.permission, proc.path).toBeDefined();
    }
  });

  for (const proc of procedures) {
    describe(proc.path, () => {
      for (const actor of ACTOR_NAMES) {
        it(`as ${actor}`, async () => {
          // Fresh tenants per row: mutations allowed on one target must not change another row's premise.
          const tenants = await seedApiTenants(t.adminDb, store);
          await seedClientBilling({ adminDb: t.adminDb, ...stripeSim, partnerId: tenants.partnerA.id, clientIds: [tenants.clientA1.id, tenants.clientA2.id] });
          const targets = targetsOf(tenants);
          const call = await callerFor({ db: t.db, adminDb: t.adminDb, store, stripe: stripeSim.stripe, tenants, actor, platformAdmin });
          const sample = proc.meta.sample!;
          // Does the input point at a tenant's row (an id), or only carry data for the caller's own scope?
          const ownInput = JSON.stringify(sample(targets.own)) ?? "";
          const inputNamesTarget = Object.values(targets.own).some((id) => ownInput.includes(id));
          for (const target of ["other", "sibling", "own"] as const) {
            const allowed = expectedAllowed(proc, actor, target, inputNamesTarget);
            const label = `${proc.path} as ${actor} on ${target}`;
            let result: unknown;
            let error: unknown;
            const auditBefore = await t.adminDb.auditEvent.count();
            try {
              result = await call(proc.path, sample(targets[target]));
            } catch (e) {
              error = e;
            }
            if (allowed) {
              expect(error, `${label} should be allowed`).toBeUndefined();
              // Every successful mutation leaves an audit event; reads leave none.
              const written = (await t.adminDb.auditEvent.count()) - auditBefore;
              if (proc.type === "mutation") expect(written, `${label} wrote no audit event`).toBeGreaterThan(0);
              else expect(written, `${label} is a query but wrote audit`).toBe(0);
            } else {
              expect(error, `${label} should be refused`).toBeInstanceOf(TRPCError);
              const code = (error as TRPCError).code;
              expect(actor === "anonymous" ? ["UNAUTHORIZED"] : ["FORBIDDEN", "NOT_FOUND"], `${label} → ${code}: ${(error as Error).message}`).toContain(code);
              expect(await t.adminDb.auditEvent.count(), `${label} was refused but wrote audit`).toBe(auditBefore);
            }
            const seen = JSON.stringify({ result, message: (error as Error | undefined)?.message });
            if (proc.meta.kind !== "platform") {
              for (const marker of tenants.partnerBMarkers) expect(seen.includes(marker), `${label} leaked ${marker}`).toBe(false);
              if (actor === "client_admin" || actor === "client_viewer") {
                for (const marker of tenants.clientA2Markers) expect(seen.includes(marker), `${label} leaked sibling ${marker}`).toBe(false);
              }
            }
          }
        });
      }
    });
  }
});
