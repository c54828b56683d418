import { type TDb, withIdentity } from "@storeflow/db";
import { DomainError } from "@storeflow/errors";
import { z } from "zod";
import { burnPasswordCheck, verifyPassword } from "./password";
import { createSession } from "./sessions";
import { type SignInLimiter } from "./sign-in-limiter";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export const ZPasswordSignInInput = z.object({
  email: z.email().max(200).transform((e) => e.toLowerCase()),
  password: z.string().min(1, "Enter your password").max(200),
});

/** Options for {@link signInWithPassword}. */
export interface PasswordSignInOptions {
  db: TDb;
  limiter: SignInLimiter;
  input: z.input<typeof ZPasswordSignInInput>;
  ip: string;
}

const INVALID = "That e-mail and password do not match";

/**
 * Verifies an e-mail and password and opens a database session. After
 * MAX_FAILED_SIGN_INS consecutive failures the account locks for LOCKOUT_MS, even
 * for the right password; every answer for a wrong e-mail or password is the same.
 */
export async function signInWithPassword({ db, limiter, input, ip }: PasswordSignInOptions) {
  const { email, password } = ZPasswordSignInInput.parse(input);
  const waitS = await limiter.consume({ ip, email });
  if (waitS !== null) throw new DomainError("TOO_MANY_REQUESTS", `Too many attempts. Try again in ${Math.ceil(waitS / 60)} minute(s).`);

  const user = await withIdentity(db, (tx) =>
    tx.user.findFirst({
      where: { email: { equals: email, mode: "insensitive" } },
      select: { id: true, passwordHash: true, lockedUntil: true },
    }),
  );
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    throw new DomainError("UNAUTHORIZED", INVALID);
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new DomainError("TOO_MANY_REQUESTS", "This account is locked after repeated failed sign-ins. Try again later or use an e-mail link.");
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // Increment in SQL so concurrent failures all count.
    await withIdentity(db, (tx) =>
      tx.$executeRaw`update users set
        failed_sign_ins = failed_sign_ins + 1,
        locked_until = case when failed_sign_ins + 1 >= ${MAX_FAILED_SIGN_INS} then now() + make_interval(secs => ${LOCKOUT_MS / 1000}) else locked_until end
        where id = ${user.id}::uuid`,
    );
    throw new DomainError("UNAUTHORIZED", INVALID);
  }
  await withIdentity(db, (tx) => tx.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null } }));
  return { userId: user.id, ...(await createSession(db, user.id)) };
}
