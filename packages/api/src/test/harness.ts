import { createMailer } from "@storeflow/mail";
import { type TDb } from "@storeflow/db";
import { type TestTenants } from "@storeflow/db/test";
import { type TStepJob, type TStepPublisher } from "@storeflow/runs";
import { type AnyProcedure } from "@trpc/server";
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

export function targetsOf(tenants: TestTenants): Record<"own" | "sibling" | "other", TAuthzTarget> {
  return {
    own: { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, viewerMembershipId: tenants.viewerMembershipIds.a1, invitationId: tenants.invitationIds.a1, failedRunId: tenants.failedRunIds.a1 },
    sibling: { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id, viewerMembershipId: tenants.viewerMembershipIds.a2, invitationId: tenants.invitationIds.a2, failedRunId: tenants.failedRunIds.a2 },
    other: { partnerId: tenants.partnerB.id, clientId: tenants.clientB1.id, viewerMembershipId: tenants.viewerMembershipIds.b1, invitationId: tenants.invitationIds.b1, failedRunId: tenants.failedRunIds.b1 },
  };
}

/** A tRPC caller acting as `actor` of partner A (client roles on client A1). */
export async function callerFor({ db, adminDb, tenants, actor, platformAdmin }: { db: TDb; adminDb: TDb; tenants: TestTenants; actor: TActorName; platformAdmin: { id: string; email: string } }) {
  const user =
    actor === "anonymous" ? null : actor === "platform_admin" ? { ...platformAdmin, name: null } : { id: tenants.usersA[actor].id, email: tenants.usersA[actor].email, name: null };
  const ctx = await createContext({
    db,
    unsafeAdminDb: adminDb,
    mailer: createMailer({ db, transport: "outbox", from: "test@storeflow.test" }),
    stepPublisher: stepRecorder,
    portalUrl: "http://localhost:3000",
    user,
  });
  const caller = createCaller(ctx);
  return (path: string, input: unknown): Promise<unknown> => {
    const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
    return fn(input);
  };
}
