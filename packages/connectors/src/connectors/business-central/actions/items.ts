import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { bcList, type TBcActionContext, type TBcContext, companyUrl } from "../client";
import { odataAnd, odataString, ZCode } from "../odata";
import { parseRecords, ZBcItem } from "../schemas";

const ZItemNumber = ZCode(20);

const ZItemInventory = z.object({ number: z.string(), displayName: z.string(), inventory: z.number(), baseUnitOfMeasureCode: z.string() });

export const ZListItemsInput = z.strictObject({
  numberStartsWith: ZCode(20).optional(),
  /** Only items changed at or after this instant. */
  modifiedSince: z.iso.datetime({ offset: true }).optional(),
  limit: z.int().min(1).max(5000).default(500),
});

async function findItem<T extends z.ZodType>(context: TBcContext, number: string, schema: T, select?: string): Promise<z.output<T>> {
  const url = companyUrl(context.config, "items", { $filter: `number eq ${odataString(number)}`, $select: select });
  const { value } = await bcList(context, url, 1);
  const [item] = parseRecords(schema, value, "items");
  if (item === undefined) throw new NonRetryableError(`Business Central has no item with number "${number}"`);
  return item;
}

export const listItemsAction = defineAction({
  title: "List items",
  capability: "catalog.items.read",
  idempotency: "read",
  input: ZListItemsInput,
  output: z.object({ items: z.array(ZBcItem), truncated: z.boolean() }),
  async run(context: TBcActionContext, input) {
    const $filter = odataAnd([
      input.numberStartsWith ? `startswith(number,${odataString(input.numberStartsWith)})` : undefined,
      input.modifiedSince ? `lastModifiedDateTime ge ${new Date(input.modifiedSince).toISOString()}` : undefined,
    ]);
    const { value, truncated } = await bcList(context, companyUrl(context.config, "items", { $filter, $orderby: "number asc" }), input.limit);
    return { items: parseRecords(ZBcItem, value, "items"), truncated };
  },
});

export const getItemAction = defineAction({
  title: "Get an item by number",
  capability: "catalog.items.read",
  idempotency: "read",
  input: z.strictObject({ number: ZItemNumber }),
  output: ZBcItem,
  async run(context: TBcActionContext, input) {
    return findItem(context, input.number, ZBcItem);
  },
});

export const getItemInventoryAction = defineAction({
  title: "Get an item's inventory",
  capability: "inventory.read",
  idempotency: "read",
  input: z.strictObject({ number: ZItemNumber }),
  output: z.object({ number: z.string(), displayName: z.string(), inventory: z.number(), unitOfMeasureCode: z.string() }),
  async run(context: TBcActionContext, input) {
    const item = await findItem(context, input.number, ZItemInventory, "number,displayName,inventory,baseUnitOfMeasureCode");
    return { number: item.number, displayName: item.displayName, inventory: item.inventory, unitOfMeasureCode: item.baseUnitOfMeasureCode };
  },
});
