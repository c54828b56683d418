import { randomUUID } from "node:crypto";
import { hashInvitationToken } from "@storeflow/accounts";
import { useTestTenants } from "@storeflow/db/test";
import { DomainError } from "@storeflow/errors";
import { createMailer, listOutbox } from "@storeflow/mail";
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthConfig } from "./auth-config";
import { requestMagicLink } from "./auth-http";
import { acceptInvitation, getInvitationPreview } from "./invitations";
import { hashPassword } from "./password";
import { MAX_FAILED_SIGN_INS, signInWithPassword } from "./password-sign-in";
import { getSessionUser } from "./sessions";
import { createSignInLimiter } from "./sign-in-limiter";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const limiter = () => createSignInLimiter({ redis, prefix: `test:${randomUUID()}` });

const state = useTestTenants();
afterAll(async () => redis.quit());

async function userWithPassword(password: string) {
  const email = `pw-${randomUUID().slice(0, 8)}@example.test`;
  await state.t.adminDb.user.create({ data: { email, passwordHash: await hashPassword(password) } });
  return email;
}

async function domainCode(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  return null;
}

describe("password sign-in", () => {
  it("opens a database session for the right password, case-insensitively on the e-mail", async () => {
    const email = await userWithPassword("correct horse battery 9");
    const result = await signInWithPassword({ db: state.t.db, limiter: limiter(), ip: "10.0.0.1", input: { email: email.toUpperCase(), password: "correct horse battery 9" } });
    const user = await getSessionUser(state.t.db, result.sessionToken);
    expect(user?.email).toBe(email);
    expect(await state.t.adminDb.session.count({ where: { sessionToken: result.sessionToken } })).toBe(1);
  });

  it("answers a wrong password exactly like an unknown e-mail", async () => {
    const email = await userWithPassword("correct horse battery 9");
    const wrong = await domainCode(signInWithPassword({ db: state.t.db, limiter: limiter(), ip: "10.0.0.2", input: { email, password: "nope" } }));
    const unknown = await domainCode(signInWithPassword({ db: state.t.db, limiter: limiter(), ip: "10.0.0.2", input: { email: "ghost@example.test", password: "nope" } }));
    expect(wrong).toEqual({ code: "UNAUTHORIZED", message: "That e-mail and password do not match" });
    expect(unknown).toEqual(wrong);
  });

  it(`locks the account after ${MAX_FAILED_SIGN_INS} failures, even for the right password`, async () => {
    const email = await userWithPassword("correct horse battery 9");
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect((await domainCode(signInWithPassword({ db: state.t.db, limiter: limiter(), ip: "10.0.0.3", input: { email, password: `wrong-${i}` } })))?.code).toBe("UNAUTHORIZED");
    }
    const locked = await domainCode(signInWithPassword({ db: state.t.db, limiter: limiter(), ip: "10.0.0.3", input: { email, password: "correct horse battery 9" } }));
    expect(locked?.code).toBe("TOO_MANY_REQUESTS");
    const row = await state.t.adminDb.user.findUniqueOrThrow({ where: { email } });
    expect(row.failedSignIns).toBe(MAX_FAILED_SIGN_INS);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);
    expect(await state.t.adminDb.session.count({ where: { user: { email } } })).toBe(0);
  });

  it("rate-limits attempts per e-mail in Redis across callers", async () => {
    const email = await userWithPassword("correct horse battery 9");
    const shared = createSignInLimiter({ redis, prefix: `test:${randomUUID()}`, perEmail: 3 });
    for (let i = 0; i < 3; i++) await signInWithPassword({ db: state.t.db, limiter: shared, ip: `10.1.0.${i}`, input: { email, password: "correct horse battery 9" } });
    const fourth = await domainCode(signInWithPassword({ db: state.t.db, limiter: shared, ip: "10.1.0.9", input: { email, password: "correct horse battery 9" } }));
    expect(fourth?.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("invitations", () => {
  async function invite(email: string, overrides: { expiresAt?: Date } = {}) {
    const token = randomUUID() + randomUUID();
    await state.t.adminDb.invitation.create({
      data: { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id, email, role: "client_viewer", tokenHash: hashInvitationToken(token), expiresAt: overrides.expiresAt ?? new Date(Date.now() + 86_400_000) },
    });
    return token;
  }

  it("a new person sets a password, gets the membership, and the join is audited; the link then stops working", async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.test`;
    const token = await invite(email);
    expect(await getInvitationPreview(state.t.db, token)).toMatchObject({ email, status: "pending", hasAccount: false, clientName: state.tenants.clientA1.name });
    const { userId, membershipId } = await acceptInvitation({ db: state.t.db, input: { token, name: "New Person", password: "a-long-enough-passw0rd" } });
    const membership = await state.t.adminDb.membership.findUniqueOrThrow({ where: { id: membershipId } });
    expect(membership).toMatchObject({ userId, partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id, role: "client_viewer" });
    expect(await state.t.adminDb.auditEvent.count({ where: { action: "member.joined", targetId: membershipId } })).toBe(1);
    expect((await domainCode(acceptInvitation({ db: state.t.db, input: { token, name: "Again", password: "a-long-enough-passw0rd" } })))?.code).toBe("CONFLICT");
    expect((await getInvitationPreview(state.t.db, token))?.status).toBe("accepted");
  });

  it("refuses expired invitations and weak passwords without writing anything", async () => {
    const expired = await invite(`late-${randomUUID().slice(0, 8)}@example.test`, { expiresAt: new Date(Date.now() - 1000) });
    const users = await state.t.adminDb.user.count();
    expect((await domainCode(acceptInvitation({ db: state.t.db, input: { token: expired, name: "Late", password: "a-long-enough-passw0rd" } })))?.code).toBe("CONFLICT");
    const fresh = await invite(`weak-${randomUUID().slice(0, 8)}@example.test`);
    await expect(acceptInvitation({ db: state.t.db, input: { token: fresh, name: "Weak", password: "short" } })).rejects.toThrow(/12 characters/);
    expect(await state.t.adminDb.user.count()).toBe(users);
  });

  it("an invitation for one person cannot be accepted while signed in as another", async () => {
    const token = await invite(`someone-${randomUUID().slice(0, 8)}@example.test`);
    const result = await domainCode(acceptInvitation({ db: state.t.db, input: { token }, signedInUserId: state.tenants.usersA.partner_owner.id }));
    expect(result?.code).toBe("FORBIDDEN");
  });
});

describe("magic link through Auth.js", () => {
  it("mails a link to a known user and nothing to an unknown address", async () => {
    const mailer = createMailer({ db: state.t.db, transport: "outbox", from: "t@storeflow.test" });
    const config = createAuthConfig({ db: state.t.db, mailer, secret: "x".repeat(32), portalUrl: "http://localhost:3000", logger: { warn: () => {} } });
    const known = state.tenants.usersA.partner_operator.email;
    await requestMagicLink({ config, origin: "http://localhost:3000", email: known, callbackUrl: "/" });
    const [mail] = await listOutbox(state.t.db, { to: known });
    expect(mail?.text).toMatch(/http:\/\/localhost:3000\/api\/auth\/callback\/email\?/);
    expect(await state.t.adminDb.verificationToken.count({ where: { identifier: known } })).toBe(1);

    await requestMagicLink({ config, origin: "http://localhost:3000", email: "stranger@example.test", callbackUrl: "/" });
    expect(await listOutbox(state.t.db, { to: "stranger@example.test" })).toHaveLength(0);
    expect(await state.t.adminDb.user.count({ where: { email: "stranger@example.test" } })).toBe(0);
  });
});
