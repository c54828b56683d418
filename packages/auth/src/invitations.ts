import { hashInvitationToken } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { type TDb, withIdentity } from "@storeflow/db";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { hashPassword, ZNewPassword } from "./password";

export const ZAcceptInvitationInput = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1, "Enter your name").max(120).optional(),
  password: ZNewPassword.optional(),
});

/** What the invitation page shows before anyone signs in; never the token hash or ids. */
export async function getInvitationPreview(db: TDb, token: string) {
  if (token.length < 20 || token.length > 200) return null;
  const invitation = await withIdentity(db, async (tx) => {
    const row = await tx.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(token) },
      select: { email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, partner: { select: { name: true, productName: true } }, client: { select: { name: true } } },
    });
    if (!row) return null;
    const account = await tx.user.findFirst({ where: { email: { equals: row.email, mode: "insensitive" } }, select: { passwordHash: true } });
    return { ...row, hasAccount: account !== null, hasPassword: Boolean(account?.passwordHash) };
  });
  if (!invitation) return null;
  const status = invitation.acceptedAt ? "accepted" : invitation.revokedAt ? "revoked" : invitation.expiresAt < new Date() ? "expired" : "pending";
  return {
    email: invitation.email,
    role: invitation.role,
    partnerName: invitation.partner.name,
    productName: invitation.partner.productName,
    clientName: invitation.client?.name ?? null,
    status,
    hasAccount: invitation.hasAccount,
    hasPassword: invitation.hasPassword,
  } as const;
}

/** Options for {@link acceptInvitation}. */
export interface AcceptInvitationOptions {
  db: TDb;
  input: z.input<typeof ZAcceptInvitationInput>;
  /** The signed-in user, if any: they must be the invited person. */
  signedInUserId?: string | null;
}

/**
 * Turns a pending invitation into a membership in one transaction. The link itself
 * proves control of the invited address, so a new person sets their password here;
 * an existing person with a password must be signed in as themselves.
 */
export async function acceptInvitation({ db, input, signedInUserId }: AcceptInvitationOptions): Promise<{ userId: string; membershipId: string }> {
  const { token, name, password } = ZAcceptInvitationInput.parse(input);
  const passwordHash = password ? await hashPassword(password) : null;
  return withIdentity(db, async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
    if (!invitation) throw new NotFoundError("Invitation");
    if (invitation.acceptedAt) throw new ConflictError("This invitation has already been used");
    if (invitation.revokedAt) throw new ConflictError("This invitation was withdrawn; ask for a new one");
    if (invitation.expiresAt < new Date()) throw new ConflictError("This invitation has expired; ask for a new one");

    let user = await tx.user.findFirst({ where: { email: { equals: invitation.email, mode: "insensitive" } }, select: { id: true, passwordHash: true } });
    if (signedInUserId && user?.id !== signedInUserId) throw new ForbiddenError(`This invitation is for ${invitation.email}; sign out and open the link again`);
    if (!user) {
      if (!passwordHash) throw new DomainError("BAD_REQUEST", "Choose a password", "password");
      if (!name) throw new DomainError("BAD_REQUEST", "Enter your name", "name");
      user = await tx.user.create({ data: { email: invitation.email, name, passwordHash, emailVerified: new Date() }, select: { id: true, passwordHash: true } });
    } else if (!signedInUserId) {
      if (user.passwordHash) throw new ForbiddenError(`Sign in as ${invitation.email} first, then open the link again`);
      if (!passwordHash) throw new DomainError("BAD_REQUEST", "Choose a password", "password");
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, emailVerified: new Date(), ...(name ? { name } : {}) } });
    }

    // From here on the same transaction also acts inside the inviting tenant, so
    // the membership and audit rows pass that tenant's row-level security.
    await tx.$executeRaw`select set_config('app.partner_id', ${invitation.partnerId}, true), set_config('app.user_id', ${user.id}, true)`;
    const scope = { partnerId: invitation.partnerId, userId: user.id };
    const existing = await tx.membership.findFirst({ where: { userId: user.id, partnerId: invitation.partnerId, clientId: invitation.clientId }, select: { id: true } });
    const membership = existing ?? (await tx.membership.create({ data: { userId: user.id, partnerId: invitation.partnerId, clientId: invitation.clientId, role: invitation.role }, select: { id: true } }));
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    await recordAudit({ tx, scope, action: "member.joined", target: { type: "membership", id: membership.id }, clientId: invitation.clientId, data: { email: invitation.email, role: invitation.role, invitationId: invitation.id } });
    return { userId: user.id, membershipId: membership.id };
  });
}
