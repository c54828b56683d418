import "server-only";
import { getSessionUser, sessionCookieName } from "@storeflow/auth";
import { createCaller, createContext, type TContext } from "@storeflow/api";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb, getUnsafeAdminDb, services } from "./services";

/** Cookie holding the membership the user switched to (a preference, not a grant). */
export const ACTIVE_MEMBERSHIP_COOKIE = "sf-membership";

export function isSecurePortal(): boolean {
  return services().env.PORTAL_URL.startsWith("https://");
}

export async function readSessionToken(): Promise<string | undefined> {
  return (await cookies()).get(sessionCookieName(isSecurePortal()))?.value;
}

/** The tRPC context for this request, from its cookies; one per request. */
export const getRequestContext = cache(async (): Promise<TContext> => {
  const { mailer, stepPublisher, runStore, env, connectors, keyRing, templates, stripe } = services();
  const jar = await cookies();
  const user = await getSessionUser(getDb(), jar.get(sessionCookieName(isSecurePortal()))?.value);
  return createContext({
    db: getDb(),
    unsafeAdminDb: getUnsafeAdminDb(),
    mailer,
    stepPublisher,
    runStore,
    portalUrl: env.PORTAL_URL,
    connectors,
    keyRing,
    templates,
    stripe,
    user,
    preferredMembershipId: jar.get(ACTIVE_MEMBERSHIP_COOKIE)?.value ?? null,
  });
});

/** Server components call procedures directly, through the same ladder as HTTP. */
export async function getServerApi() {
  return createCaller(await getRequestContext());
}
