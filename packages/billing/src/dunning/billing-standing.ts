import { type TActor } from "@storeflow/accounts";
import { DunningStatus, withTenant } from "@storeflow/db";
import { z } from "zod";
import { dunningCaseSelect, ZDunningCase } from "./dunning-cases";

export const ZBillingStanding = z.object({
  /** The partner's own unpaid platform invoice; never shown to client users (RLS). */
  partner: ZDunningCase.nullable(),
  /** Unpaid client invoices: every client's for partner staff, their own for a client user. */
  clients: z.array(ZDunningCase.extend({ clientName: z.string() })),
});
export type TBillingStanding = z.infer<typeof ZBillingStanding>;

/** Open dunning cases in the actor's scope, for the portal's banners. */
export async function getBillingStanding(actor: TActor): Promise<TBillingStanding> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const open = await tx.dunningCase.findMany({
      where: { status: { not: DunningStatus.resolved } },
      orderBy: { failedAt: "asc" },
      select: { ...dunningCaseSelect, client: { select: { name: true } } },
    });
    const partner = open.find((c) => c.clientId === null);
    return {
      partner: partner ? withoutClient(partner) : null,
      clients: open.filter((c) => c.clientId !== null).map((c) => ({ ...withoutClient(c), clientName: c.client?.name ?? "" })),
    };
  });
}

export const ZListDunningCasesInput = z.object({ limit: z.int().min(1).max(200).default(50) }).default({ limit: 50 });

/** Dunning history, newest first, resolved cases included: what paused whom, and when it was paid. */
export async function listDunningCases(actor: TActor, input?: z.input<typeof ZListDunningCasesInput>) {
  const { limit } = ZListDunningCasesInput.parse(input);
  const rows = await withTenant(actor.db, actor.scope, (tx) =>
    tx.dunningCase.findMany({ orderBy: { failedAt: "desc" }, take: limit, select: { ...dunningCaseSelect, client: { select: { name: true } } } }),
  );
  return rows.map((c) => ({ ...withoutClient(c), clientName: c.client?.name ?? null }));
}

function withoutClient<T extends { client: unknown }>({ client: _client, ...rest }: T): Omit<T, "client"> {
  return rest;
}
