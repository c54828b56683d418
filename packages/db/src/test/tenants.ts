import { randomUUID } from "node:crypto";
import { type Role } from "../generated/prisma/client";
import { type TDb } from "../client";

type TTenantRoleName = Exclude<Role, "platform_admin">;

/**
 * Two partners: A with clients A1 and A2, B with client B1; one user per tenant
 * role in A (client roles on A1, plus a client admin of A2) and an owner in B.
 * Names carry a random suffix so a response can be searched for foreign data.
 */
export interface TestTenants {
  partnerA: { id: string; name: string };
  partnerB: { id: string; name: string };
  clientA1: { id: string; name: string };
  clientA2: { id: string; name: string };
  clientB1: { id: string; name: string };
  /** Users of partner A by role; client roles belong to client A1. */
  usersA: Record<TTenantRoleName, { id: string; email: string; membershipId: string }>;
  clientAdminA2: { id: string; email: string; membershipId: string };
  ownerB: { id: string; email: string; membershipId: string };
  clientAdminB1: { id: string; email: string; membershipId: string };
  /** A client-viewer membership and a pending invitation on each client. */
  viewerMembershipIds: { a1: string; a2: string; b1: string };
  invitationIds: { a1: string; a2: string; b1: string };
  /** A failed run on each client (workflow "seed.refund", failed on its "refund" step). */
  failedRunIds: { a1: string; a2: string; b1: string };
  /** Strings that only exist in B's rows: if a response for A contains one, it leaked. */
  partnerBMarkers: string[];
  /** Strings that only exist in A2's rows. */
  clientA2Markers: string[];
}

export async function seedTenants(adminDb: TDb): Promise<TestTenants> {
  const tag = randomUUID().slice(0, 8);
  const partner = (name: string) =>
    adminDb.partner.create({
      data: { slug: `${name.toLowerCase()}-${tag}`, name: `${name} ${tag}`, productName: `${name} Cloud`, supportEmail: `help@${name.toLowerCase()}-${tag}.test` },
      select: { id: true, name: true },
    });
  const partnerA = await partner("PartnerA");
  const partnerB = await partner("PartnerB");
  const client = (partnerId: string, name: string) =>
    adminDb.client.create({ data: { partnerId, slug: `${name.toLowerCase()}-${tag}`, name: `${name} ${tag}` }, select: { id: true, name: true } });
  const clientA1 = await client(partnerA.id, "ClientA1");
  const clientA2 = await client(partnerA.id, "ClientA2");
  const clientB1 = await client(partnerB.id, "ClientB1");
  for (const [c, p] of [[clientA1, partnerA], [clientA2, partnerA], [clientB1, partnerB]] as const) {
    await adminDb.store.create({ data: { partnerId: p.id, clientId: c.id, code: `S-${c.name}`, name: `Store of ${c.name}` } });
  }
  const member = async (label: string, role: Role, partnerId: string, clientId: string | null) => {
    const email = `${label}-${tag}@example.test`;
    const user = await adminDb.user.create({ data: { email, name: `${label} ${tag}` }, select: { id: true } });
    const membership = await adminDb.membership.create({ data: { userId: user.id, partnerId, clientId, role }, select: { id: true } });
    return { id: user.id, email, membershipId: membership.id };
  };
  const usersA = {
    partner_owner: await member("owner-a", "partner_owner", partnerA.id, null),
    partner_admin: await member("admin-a", "partner_admin", partnerA.id, null),
    partner_operator: await member("operator-a", "partner_operator", partnerA.id, null),
    client_admin: await member("cadmin-a1", "client_admin", partnerA.id, clientA1.id),
    client_viewer: await member("viewer-a1", "client_viewer", partnerA.id, clientA1.id),
  };
  const clientAdminA2 = await member("cadmin-a2", "client_admin", partnerA.id, clientA2.id);
  const ownerB = await member("owner-b", "partner_owner", partnerB.id, null);
  const clientAdminB1 = await member("cadmin-b1", "client_admin", partnerB.id, clientB1.id);
  const viewerA2 = await member("viewer-a2", "client_viewer", partnerA.id, clientA2.id);
  const viewerB1 = await member("viewer-b1", "client_viewer", partnerB.id, clientB1.id);
  const invitation = async (partnerId: string, clientId: string) =>
    (
      await adminDb.invitation.create({
        data: { partnerId, clientId, email: `pending-${randomUUID().slice(0, 8)}@example.test`, role: "client_viewer", tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000) },
        select: { id: true },
      })
    ).id;
  // One failed run per client, on a one-step workflow, for the exception-queue actions.
  const failedRun = async (partnerId: string, clientId: string) => {
    const definition = { key: "seed.refund", version: "1.0.0", start: "refund", steps: [{ key: "refund", kind: "action", connection: "payments", operation: "refund", input: {} }] };
    const hash = `seed-${tag}`;
    await adminDb.workflowDefinition.upsert({ where: { partnerId_hash: { partnerId, hash } }, create: { partnerId, hash, key: definition.key, version: definition.version, definition }, update: {} });
    const run = await adminDb.workflowRun.create({
      data: {
        id: randomUUID(),
        partnerId,
        clientId,
        workflowKey: definition.key,
        workflowVersion: definition.version,
        definitionHash: hash,
        input: { order: `o-${tag}` },
        status: "failed",
        currentStep: "refund",
        idempotencyKey: `seed-${randomUUID()}`,
        error: { step: "refund", reason: "card processor said no", exception: true },
        finishedAt: new Date(),
      },
      select: { id: true },
    });
    return run.id;
  };
  const failedRunIds = { a1: await failedRun(partnerA.id, clientA1.id), a2: await failedRun(partnerA.id, clientA2.id), b1: await failedRun(partnerB.id, clientB1.id) };
  return {
    failedRunIds,
    viewerMembershipIds: { a1: usersA.client_viewer.membershipId, a2: viewerA2.membershipId, b1: viewerB1.membershipId },
    invitationIds: { a1: await invitation(partnerA.id, clientA1.id), a2: await invitation(partnerA.id, clientA2.id), b1: await invitation(partnerB.id, clientB1.id) },
    partnerA,
    partnerB,
    clientA1,
    clientA2,
    clientB1,
    usersA,
    clientAdminA2,
    ownerB,
    clientAdminB1,
    partnerBMarkers: [partnerB.id, partnerB.name, clientB1.id, clientB1.name, ownerB.id, ownerB.email, clientAdminB1.email, viewerB1.email, failedRunIds.b1],
    clientA2Markers: [clientA2.id, clientA2.name, clientAdminA2.email, viewerA2.email, failedRunIds.a2],
  };
}
