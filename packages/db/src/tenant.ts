import { type Prisma } from "./generated/prisma/client";
import { type TDb } from "./client";

/** The transaction client handed to scoped work. */
export type TTx = Prisma.TransactionClient;

/**
 * Who a unit of work acts for. Row-level security reads these as per-transaction
 * settings: a partner scope sees every client of that partner; adding clientId
 * narrows it to one client.
 */
export interface TTenantScope {
  partnerId: string;
  clientId?: string | null;
  userId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertUuid(name: string, value: string | null | undefined) {
  if (value != null && !UUID.test(value)) throw new TypeError(`${name} must be a UUID`);
}

/**
 * Runs `work` in one transaction whose row-level-security settings are `scope`.
 * The settings are transaction-local (`set_config(..., true)`), so a pooled
 * connection never carries one tenant's scope into another's request.
 */
export async function withTenant<T>(db: TDb, scope: TTenantScope, work: (tx: TTx) => Promise<T>): Promise<T> {
  assertUuid("partnerId", scope.partnerId);
  assertUuid("clientId", scope.clientId);
  assertUuid("userId", scope.userId);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select set_config('app.partner_id', ${scope.partnerId}, true),
      set_config('app.client_id', ${scope.clientId ?? ""}, true),
      set_config('app.user_id', ${scope.userId ?? ""}, true)`;
    return work(tx);
  });
}

/**
 * The identity scope: users, sessions, verification tokens and invitations are
 * readable across tenants. Only sign-in and invitation acceptance use it, because
 * they must find a person before any tenant is known.
 */
export async function withIdentity<T>(db: TDb, work: (tx: TTx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select set_config('app.identity', 'on', true)`;
    return work(tx);
  });
}

/** Row-level security for one signed-in user's own rows (their sessions, profile). */
export async function withUser<T>(db: TDb, userId: string, work: (tx: TTx) => Promise<T>): Promise<T> {
  assertUuid("userId", userId);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select set_config('app.user_id', ${userId}, true)`;
    return work(tx);
  });
}
