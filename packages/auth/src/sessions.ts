import { randomBytes } from "node:crypto";
import { type TDb, withIdentity } from "@storeflow/db";

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

/**
 * Auth.js's own cookie name for database sessions, so password sign-in and magic
 * links share one session table and one cookie.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-authjs.session-token" : "authjs.session-token";
}

export async function createSession(db: TDb, userId: string): Promise<{ sessionToken: string; expires: Date }> {
  const sessionToken = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
  await withIdentity(db, (tx) => tx.session.create({ data: { sessionToken, userId, expires } }));
  return { sessionToken, expires };
}

export interface TSessionUser {
  id: string;
  email: string;
  name: string | null;
}

export async function getSessionUser(db: TDb, sessionToken: string | undefined | null): Promise<TSessionUser | null> {
  if (!sessionToken || sessionToken.length > 200) return null;
  const session = await withIdentity(db, (tx) =>
    tx.session.findUnique({
      where: { sessionToken },
      select: { expires: true, user: { select: { id: true, email: true, name: true } } },
    }),
  );
  if (!session || session.expires < new Date()) return null;
  return session.user;
}

export async function deleteSession(db: TDb, sessionToken: string): Promise<void> {
  await withIdentity(db, (tx) => tx.session.deleteMany({ where: { sessionToken } }));
}
