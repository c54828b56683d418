import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@storeflow/audit";
import { Role, withTenant, type TTx } from "@storeflow/db";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { type TActor } from "./actor";
import { grantableRoles, isClientRole, isPartnerRole, ZTenantRole, type TRole } from "./roles";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const ZInviteMemberInput = z.object({
  email: z.email().max(200).transform((e) => e.toLowerCase()),
  role: ZTenantRole,
  clientId: z.uuid().nullish(),
});
export const ZChangeMemberRoleInput = z.object({ membershipId: z.uuid(), role: ZTenantRole });
export const ZMembershipIdInput = z.object({ membershipId: z.uuid() });
export const ZInvitationIdInput = z.object({ invitationId: z.uuid() });

/** Invitation tokens are stored only as this hash. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function assertMayGrant(actor: TActor, role: TRole) {
  if (!grantableRoles(actor.role).includes(role as never)) {
    throw new ForbiddenError(`Your role cannot grant the ${role.replace("_", " ")} role`);
  }
}

export async function listMembers(actor: TActor) {
  return withTenant(actor.db, actor.scope, async (tx) => {
    // One after the other: a transaction's queries share its one connection.
    const memberships = await tx.membership.findMany({
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        role: true,
        clientId: true,
        createdAt: true,
        client: { select: { name: true } },
        user: { select: { id: true, email: true, name: true } },
      },
    });
    const invitations = await tx.invitation.findMany({
      where: { acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "asc" },
      select: { id: true, email: true, role: true, clientId: true, expiresAt: true, createdAt: true, client: { select: { name: true } } },
    });
    return {
      members: memberships.map(({ client, ...m }) => ({ ...m, clientName: client?.name ?? null })),
      invitations: invitations.map(({ client, ...i }) => ({ ...i, clientName: client?.name ?? null, expired: i.expiresAt < new Date() })),
    };
  });
}

/** Creates a pending invitation and returns the one-time token for the e-mail link. */
export async function inviteMember(actor: TActor, input: z.input<typeof ZInviteMemberInput>) {
  const { email, role, clientId } = ZInviteMemberInput.parse(input);
  assertMayGrant(actor, role);
  const targetClientId = isClientRole(role) ? (clientId ?? actor.scope.clientId ?? null) : null;
  if (isClientRole(role) && !targetClientId) throw new DomainError("BAD_REQUEST", "Choose the client this person belongs to", "clientId");
  if (isPartnerRole(role) && clientId) throw new DomainError("BAD_REQUEST", "Partner roles apply to every client; leave the client empty", "clientId");
  const token = randomBytes(32).toString("base64url");
  const invitation = await withTenant(actor.db, actor.scope, async (tx) => {
    if (targetClientId) {
      const client = await tx.client.findFirst({ where: { id: targetClientId }, select: { status: true } });
      if (!client) throw new NotFoundError("Client");
      if (client.status === "archived") throw new ConflictError("Archived clients cannot get new members", "clientId");
    }
    const existing = await tx.membership.findFirst({ where: { user: { email }, clientId: targetClientId }, select: { id: true } });
    if (existing) throw new ConflictError("That person is already a member", "email");
    const pending = await tx.invitation.findFirst({ where: { email: { equals: email, mode: "insensitive" }, acceptedAt: null, revokedAt: null }, select: { id: true } });
    if (pending) await tx.invitation.update({ where: { id: pending.id }, data: { revokedAt: new Date() } });
    const created = await tx.invitation.create({
      data: {
        partnerId: actor.scope.partnerId,
        clientId: targetClientId,
        email,
        role,
        tokenHash: hashInvitationToken(token),
        invitedById: actor.scope.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
      select: { id: true, email: true, role: true, clientId: true, expiresAt: true, client: { select: { name: true } } },
    });
    await recordAudit({ tx, scope: actor.scope, action: "member.invited", target: { type: "invitation", id: created.id }, clientId: targetClientId, data: { email, role, replacedInvitation: pending?.id ?? null } });
    const { client, ...rest } = created;
    return { ...rest, clientName: client?.name ?? null };
  });
  return { invitation, token };
}

async function loadManagedMembership(tx: TTx, actor: TActor, membershipId: string) {
  const membership = await tx.membership.findFirst({ where: { id: membershipId }, select: { id: true, role: true, userId: true, clientId: true } });
  if (!membership) throw new NotFoundError("Member");
  if (membership.userId === actor.scope.userId) throw new ForbiddenError("You cannot change your own membership");
  assertMayGrant(actor, membership.role);
  return membership;
}

async function assertNotLastOwner(tx: TTx, role: TRole) {
  if (role !== Role.partner_owner) return;
  const owners = await tx.membership.count({ where: { role: Role.partner_owner } });
  if (owners <= 1) throw new ConflictError("A partner must keep at least one owner");
}

export async function changeMemberRole(actor: TActor, input: z.input<typeof ZChangeMemberRoleInput>) {
  const { membershipId, role } = ZChangeMemberRoleInput.parse(input);
  assertMayGrant(actor, role);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const membership = await loadManagedMembership(tx, actor, membershipId);
    if (isClientRole(membership.role) !== isClientRole(role)) {
      throw new DomainError("BAD_REQUEST", "Switching between partner and client roles needs a new invitation", "role");
    }
    if (membership.role === role) return { id: membership.id, role };
    await assertNotLastOwner(tx, membership.role);
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit({ tx, scope: actor.scope, action: "member.role_changed", target: { type: "membership", id: membership.id }, clientId: membership.clientId, data: { userId: membership.userId, from: membership.role, to: role } });
    return { id: membership.id, role };
  });
}

export async function removeMember(actor: TActor, input: z.input<typeof ZMembershipIdInput>) {
  const { membershipId } = ZMembershipIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const membership = await loadManagedMembership(tx, actor, membershipId);
    await assertNotLastOwner(tx, membership.role);
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit({ tx, scope: actor.scope, action: "member.removed", target: { type: "membership", id: membership.id }, clientId: membership.clientId, data: { userId: membership.userId, role: membership.role } });
    return { id: membership.id };
  });
}

export async function revokeInvitation(actor: TActor, input: z.input<typeof ZInvitationIdInput>) {
  const { invitationId } = ZInvitationIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, acceptedAt: null, revokedAt: null }, select: { id: true, role: true, clientId: true, email: true } });
    if (!invitation) throw new NotFoundError("Invitation");
    assertMayGrant(actor, invitation.role);
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await recordAudit({ tx, scope: actor.scope, action: "member.invitation_revoked", target: { type: "invitation", id: invitation.id }, clientId: invitation.clientId, data: { email: invitation.email } });
    return { id: invitation.id };
  });
}
