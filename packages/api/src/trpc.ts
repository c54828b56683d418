import { type TPermission } from "@storeflow/accounts";
import { DomainError, ValidationError } from "@storeflow/errors";
import { ATTR_CLIENT_ID, ATTR_PARTNER_ID, ATTR_USER_ID, SpanKind, SpanStatusCode, withContextAttributes, withSpan } from "@storeflow/telemetry";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { type TProcedureMeta } from "./authz-meta";
import { type TContext } from "./context";
import { tenantActorOf } from "./tenant-actor";

const t = initTRPC
  .context<TContext>()
  .meta<TProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      const domain = error.cause instanceof DomainError ? error.cause : null;
      return {
        ...shape,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          /** Field-level problems, for forms: one entry per invalid field. */
          issues: zod
            ? zod.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code }))
            : domain instanceof ValidationError
              ? domain.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: "custom" }))
              : domain?.field
                ? [{ path: [domain.field], message: domain.message, code: "custom" }]
                : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors and late zod errors become typed tRPC errors; nothing else leaks. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input", cause });
  }
  return result;
});

/**
 * A `trpc.<path>` span per call, with the caller's partner, client and user
 * ids (carried onto every span under it, such as a run a call starts). Never
 * the input, the output or an error's message: only the error's code.
 */
const tracing = t.middleware(({ path, type, ctx, next }) => {
  const active = ctx.session?.active;
  const caller = {
    ...(active?.partnerId ? { [ATTR_PARTNER_ID]: active.partnerId } : {}),
    ...(active?.clientId ? { [ATTR_CLIENT_ID]: active.clientId } : {}),
    ...(ctx.session ? { [ATTR_USER_ID]: ctx.session.user.id } : {}),
  };
  return withContextAttributes(caller, () =>
    withSpan(
      `trpc.${path}`,
      { "rpc.system": "trpc", "rpc.method": path, "storeflow.trpc.type": type },
      async (span) => {
        const result = await next();
        if (!result.ok) {
          span.setAttribute("error.type", result.error.code);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return result;
      },
      { kind: SpanKind.SERVER, errorMessages: false },
    ),
  );
});

export const publicProcedure = t.procedure.use(tracing).use(domainErrors).meta({ kind: "public" });

export const authedProcedure = publicProcedure
  .meta({ kind: "authed" })
  .use(({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
    return next({ ctx: { session: ctx.session } });
  });

/**
 * A tenant procedure acts for the active membership: scope from the membership
 * (never from input), permission from the role. Row-level security then limits
 * every query to that scope.
 */
function tenantProcedure(permission: TPermission, partnerOnly: boolean) {
  return authedProcedure
    .meta({ kind: partnerOnly ? "partner" : "client", permission })
    .use(({ ctx, next }) => next({ ctx: { actor: tenantActorOf(ctx, permission, partnerOnly) } }));
}

/** For partner staff only (all of a partner's clients). */
export const partnerProcedure = (permission: TPermission) => tenantProcedure(permission, true);
/** For partner staff and for client users, who are narrowed to their own client. */
export const clientProcedure = (permission: TPermission) => tenantProcedure(permission, false);

/** The platform operator; the only rung allowed to use the owner connection. */
export const platformAdminProcedure = authedProcedure
  .meta({ kind: "platform" })
  .use(({ ctx, next }) => {
    if (!ctx.session.memberships.some((m) => m.role === "platform_admin")) throw new TRPCError({ code: "FORBIDDEN", message: "Platform operators only" });
    return next();
  });
