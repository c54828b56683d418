import { type TDb, withIdentity } from "@storeflow/db";

/** The development outbox, newest first. Only reachable when MAIL_TRANSPORT=outbox. */
export async function listOutbox(db: TDb, { to, limit = 50 }: { to?: string; limit?: number } = {}) {
  return withIdentity(db, (tx) =>
    tx.outboxEmail.findMany({
      where: to ? { to: to.toLowerCase() } : {},
      orderBy: { createdAt: "desc" },
      take: limit,
      select: { id: true, to: true, subject: true, text: true, html: true, createdAt: true },
    }),
  );
}
