"use server";

import { acceptInvitation, createSession, deleteSession, requestMagicLink, sessionCookieName, signInWithPassword, SESSION_MAX_AGE_S } from "@storeflow/auth";
import { DomainError } from "@storeflow/errors";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z, ZodError } from "zod";
import { getDb, services } from "./services";
import { ACTIVE_MEMBERSHIP_COOKIE, getRequestContext, isSecurePortal, readSessionToken } from "./session";

export type TActionResult = { ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string> };

/** Only same-site paths: an open redirect would turn sign-in into a phishing aid. */
function safeCallback(callbackUrl: unknown): string {
  return typeof callbackUrl === "string" && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
}

function toActionError(error: unknown): TActionResult {
  if (error instanceof ZodError) {
    return { ok: false, message: "Check the highlighted fields", fieldErrors: Object.fromEntries(error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  if (error instanceof DomainError) return { ok: false, message: error.message, ...(error.field ? { fieldErrors: { [error.field]: error.message } } : {}) };
  throw error;
}

async function clientIp(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "local";
}

async function setSessionCookie(sessionToken: string, expires: Date) {
  const secure = isSecurePortal();
  (await cookies()).set(sessionCookieName(secure), sessionToken, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });
}

export async function signInWithPasswordAction(input: { email: string; password: string; callbackUrl?: string }): Promise<TActionResult> {
  try {
    const { sessionToken, expires } = await signInWithPassword({ db: getDb(), limiter: services().limiter, input, ip: await clientIp() });
    await setSessionCookie(sessionToken, expires);
  } catch (error) {
    return toActionError(error);
  }
  redirect(safeCallback(input.callbackUrl));
}

const ZMagicLinkInput = z.object({ email: z.email("Enter a valid e-mail address").max(200), callbackUrl: z.string().optional() });

export async function requestMagicLinkAction(input: { email: string; callbackUrl?: string }): Promise<TActionResult> {
  try {
    const { email, callbackUrl } = ZMagicLinkInput.parse(input);
    const waitS = await services().limiter.consume({ ip: await clientIp(), email });
    if (waitS !== null) return { ok: false, message: "Too many attempts. Try again in a few minutes." };
    const { env, authConfig } = services();
    await requestMagicLink({ config: authConfig, origin: env.PORTAL_URL, email: email.toLowerCase(), callbackUrl: safeCallback(callbackUrl) });
  } catch (error) {
    return toActionError(error);
  }
  redirect("/sign-in/check-email");
}

export async function signOutAction(): Promise<void> {
  const token = await readSessionToken();
  if (token) await deleteSession(getDb(), token);
  const jar = await cookies();
  jar.delete(sessionCookieName(isSecurePortal()));
  jar.delete(ACTIVE_MEMBERSHIP_COOKIE);
  redirect("/sign-in");
}

/** Remembers which membership to act under; the API re-checks it belongs to the user. */
export async function switchMembershipAction(membershipId: string): Promise<void> {
  const ctx = await getRequestContext();
  if (!ctx.session?.memberships.some((m) => m.id === membershipId)) redirect("/");
  (await cookies()).set(ACTIVE_MEMBERSHIP_COOKIE, membershipId, { httpOnly: true, sameSite: "lax", secure: isSecurePortal(), path: "/", maxAge: SESSION_MAX_AGE_S });
  redirect("/");
}

export async function acceptInvitationAction(input: { token: string; name?: string; password?: string }): Promise<TActionResult> {
  try {
    const ctx = await getRequestContext();
    const { userId, membershipId } = await acceptInvitation({ db: getDb(), input, signedInUserId: ctx.session?.user.id ?? null });
    if (!ctx.session) {
      const { sessionToken, expires } = await createSession(getDb(), userId);
      await setSessionCookie(sessionToken, expires);
    }
    (await cookies()).set(ACTIVE_MEMBERSHIP_COOKIE, membershipId, { httpOnly: true, sameSite: "lax", secure: isSecurePortal(), path: "/", maxAge: SESSION_MAX_AGE_S });
  } catch (error) {
    return toActionError(error);
  }
  redirect("/");
}
