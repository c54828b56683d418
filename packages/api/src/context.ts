import { type TStripeClient } from "@storeflow/billing";
import { type TConnectorCatalog } from "@storeflow/connectors";
import { type TDb } from "@storeflow/db";
import { type TKeyRing } from "@storeflow/secrets";
import { type Mailer } from "@storeflow/mail";
import { type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { type TTemplateCatalog } from "@storeflow/templates";
import { listUserMemberships, pickActiveMembership, type TMembershipSummary, type TSessionUser } from "@storeflow/auth";

export interface TSessionContext {
  user: TSessionUser;
  memberships: TMembershipSummary[];
  /** The membership this request acts under; null for a user without any. */
  active: TMembershipSummary | null;
}

/** Everything a procedure may use; the tenant comes only from `session.active`. */
export interface TContext {
  db: TDb;
  /** The owner connection: only platform-admin procedures may touch it. */
  unsafeAdminDb: TDb;
  mailer: Mailer;
  /** Hands run steps to the worker fleet (operator actions that move runs on). */
  stepPublisher: TStepPublisher;
  /**
   * The run executor's pool, in the system scope: approval decisions and events
   * move runs through it. Those calls name the actor's tenant from the session in
   * every statement, and the API first finds their target under row-level security.
   */
  runStore: TRunStore;
  portalUrl: string;
  /** The connectors this build speaks, by key. */
  connectors: TConnectorCatalog;
  /** Encrypts connection secrets as they are typed; nothing the API returns is ever decrypted. */
  keyRing: TKeyRing;
  /** The workflow templates this build offers, every version of each. */
  templates: TTemplateCatalog;
  /**
   * The platform's Stripe client, made once per process from the environment;
   * null when STRIPE_SECRET_KEY is unset: billing reads still answer, billing
   * actions refuse with PRECONDITION_FAILED (see requireStripe).
   */
  stripe: TStripeClient | null;
  session: TSessionContext | null;
}

/** Options for {@link createContext}. */
export interface CreateContextOptions {
  db: TDb;
  unsafeAdminDb: TDb;
  mailer: Mailer;
  stepPublisher: TStepPublisher;
  runStore: TRunStore;
  portalUrl: string;
  connectors: TConnectorCatalog;
  keyRing: TKeyRing;
  templates: TTemplateCatalog;
  /** The platform's Stripe client; null when billing is not configured. */
  stripe: TStripeClient | null;
  /** The signed-in user resolved from the session cookie, if any. */
  user: TSessionUser | null;
  /** Membership id the user last switched to (a cookie); ignored unless it is theirs. */
  preferredMembershipId?: string | null;
}

export async function createContext({ user, preferredMembershipId, ...deps }: CreateContextOptions): Promise<TContext> {
  if (!user) return { ...deps, session: null };
  const memberships = await listUserMemberships(deps.db, user.id);
  return { ...deps, session: { user, memberships, active: pickActiveMembership(memberships, preferredMembershipId) } };
}
