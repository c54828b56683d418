import { can, isPartnerRole, type TActor, type TPermission } from "@storeflow/accounts";
import { TRPCError } from "@trpc/server";
import { type TContext } from "./context";

/**
 * The one mapping from a session to a tenant: scope from the active membership
 * (never from input), permission from its role. Procedures reach it through
 * the ladder in trpc.ts; the live event stream calls it directly, so both
 * refuse and scope the same way. Throws UNAUTHORIZED or FORBIDDEN.
 */
export function tenantActorOf(ctx: Pick<TContext, "db" | "session">, permission: TPermission, partnerOnly: boolean): TActor {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const active = ctx.session.active;
  if (!active?.partnerId || active.role === "platform_admin") throw new TRPCError({ code: "FORBIDDEN", message: "This needs a partner or client membership" });
  if (!can(active.role, permission) || (partnerOnly && !isPartnerRole(active.role))) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow that" });
  }
  return { db: ctx.db, role: active.role, scope: { partnerId: active.partnerId, clientId: active.clientId, userId: ctx.session.user.id } };
}
