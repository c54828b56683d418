import { type AuthConfig } from "@auth/core";
import Nodemailer from "@auth/core/providers/nodemailer";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { type TDb, withIdentity } from "@storeflow/db";
import { type Mailer } from "@storeflow/mail";
import { SESSION_MAX_AGE_S, sessionCookieName } from "./sessions";

/** Options for {@link createAuthConfig}. */
export interface CreateAuthConfigOptions {
  db: TDb;
  mailer: Mailer;
  secret: string;
  portalUrl: string;
  /** Where Auth.js's own problems go (the process's pino logger); structural so auth needs no logging dependency. */
  logger: { warn(bindings: Record<string, unknown>, message: string): void };
}

/**
 * Auth.js only ever sees the identity scope: every adapter call runs in a
 * transaction with `app.identity` on, which row-level security allows for users,
 * sessions and verification tokens and nothing tenant-owned.
 */
function identityClient(db: TDb) {
  return db.$extends({
    query: {
      $allModels: {
        async $allOperations({ args, query }) {
          const [, result] = await db.$transaction([db.$executeRaw`select set_config('app.identity', 'on', true)`, query(args)]);
          return result;
        },
      },
    },
  });
}

/**
 * The Auth.js configuration: magic-link e-mail with database sessions. Password
 * sign-in is Storeflow's own route (Auth.js credentials cannot use database
 * sessions) writing the same session rows; per-partner OIDC providers are added to
 * `providers` without touching either.
 */
export function createAuthConfig({ db, mailer, secret, portalUrl, logger }: CreateAuthConfigOptions): AuthConfig {
  const secure = portalUrl.startsWith("https://");
  return {
    secret,
    basePath: "/api/auth",
    trustHost: true,
    useSecureCookies: secure,
    adapter: PrismaAdapter(identityClient(db) as never),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_S },
    cookies: { sessionToken: { name: sessionCookieName(secure), options: { httpOnly: true, sameSite: "lax", path: "/", secure } } },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    // One line per problem; an expired or reused link is a user mistake, not a stack trace.
    logger: {
      error(error) {
        logger.warn({ kind: error.name, detail: error.message.split("\n")[0]?.slice(0, 200) }, "auth");
      },
      warn(code) {
        logger.warn({ kind: code }, "auth");
      },
    },
    providers: [
      Nodemailer({
        id: "email",
        name: "E-mail link",
        server: {},
        maxAge: 15 * 60,
        async sendVerificationRequest({ identifier, url }) {
          await mailer.send({
            to: identifier,
            subject: "Your sign-in link",
            text: `Sign in by opening this link (valid for 15 minutes):\n\n${url}\n\nIf you did not ask for it, ignore this e-mail.`,
            html: `<p>Sign in by opening this link (valid for 15 minutes):</p><p><a href="${url}">Sign in</a></p><p>If you did not ask for it, ignore this e-mail.</p>`,
          });
        },
      }),
    ],
    callbacks: {
      // Only invited people have accounts: a link is never mailed to, nor an
      // account created for, an unknown address.
      async signIn({ user }) {
        if (!user.email) return false;
        const known = await withIdentity(db, (tx) =>
          tx.user.findFirst({ where: { email: { equals: user.email!, mode: "insensitive" } }, select: { id: true } }),
        );
        return known !== null;
      },
    },
  };
}
