import { type TTx } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";

/**
 * A client an input names must be visible under row-level security: another
 * partner's, or a sibling of a client user's own, is not found rather than
 * matching nothing.
 */
export async function assertClientInScope(tx: TTx, clientId: string): Promise<void> {
  if (!(await tx.client.findUnique({ where: { id: clientId }, select: { id: true } }))) throw new NotFoundError("The client");
}
