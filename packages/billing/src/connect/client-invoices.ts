import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { clientInvoiceSelect, type TClientInvoice, toClientInvoice } from "./client-invoice-dto";

export const ZListClientInvoicesInput = z.object({ clientId: z.uuid().optional(), limit: z.int().min(1).max(200).default(50) }).default({ limit: 50 });

/** Client invoices newest period first: a partner's for every client (or one), a client user's for their own. */
export async function listClientInvoices(actor: TActor, input?: z.input<typeof ZListClientInvoicesInput>): Promise<(TClientInvoice & { clientName: string })[]> {
  const { clientId, limit } = ZListClientInvoicesInput.parse(input);
  const rows = await withTenant(actor.db, actor.scope, async (tx) => {
    // A client outside the scope is not found, rather than a client with no invoices.
    if (clientId && !(await tx.client.findFirst({ where: { id: clientId }, select: { id: true } }))) throw new NotFoundError("The client");
    return tx.clientInvoice.findMany({
      where: clientId ? { clientId } : {},
      orderBy: [{ period: "desc" }, { createdAt: "desc" }],
      take: limit,
      select: { ...clientInvoiceSelect, client: { select: { name: true } } },
    });
  });
  return rows.map(({ client, ...row }) => ({ ...toClientInvoice(row), clientName: client.name }));
}
