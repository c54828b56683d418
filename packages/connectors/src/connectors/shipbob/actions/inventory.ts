import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { apiUrl, sbListAll, type TSbActionContext, type TSbContext } from "../client";
import { parseShipBob, type TSbInventoryLevel, ZSbInventoryLevel } from "../schemas";

const PAGE_SIZE = 250;
// SearchBy matches names and SKUs by substring; a common word could match thousands of items.
const MAX_SCANNED = 5000;

/** The inventory item whose SKU is exactly `sku`; ShipBob's search only narrows the list. */
export async function findInventoryBySku(context: TSbContext, sku: string): Promise<TSbInventoryLevel> {
  const url = apiUrl(context.config, "inventory-level", { SearchBy: sku, PageSize: PAGE_SIZE });
  const { items } = await sbListAll(context, url, MAX_SCANNED);
  const match = parseShipBob(z.array(ZSbInventoryLevel), items, "inventory levels").find((item) => item.sku === sku);
  if (!match) throw new NonRetryableError(`ShipBob has no inventory item with SKU "${sku}"`);
  return match;
}

export const getInventoryAction = defineAction({
  title: "Get inventory for a SKU",
  capability: "inventory.read",
  idempotency: "read",
  input: z.strictObject({ sku: z.string().min(1) }),
  output: ZSbInventoryLevel,
  async run(context: TSbActionContext, input) {
    return findInventoryBySku(context, input.sku);
  },
});
