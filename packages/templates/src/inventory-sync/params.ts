import { z } from "zod";

const ZStore = z.object({
  squareLocationId: z
    .string()
    .min(1)
    .meta({ title: "Square location ID", description: "The store's location ID in Square (Square Dashboard → Account & Settings → Locations)." }),
  name: z.string().min(1).max(100).meta({ title: "Store name", description: "How exceptions and reports name the store." }),
  shopifyLocation: z
    .string()
    .min(1)
    .meta({ title: "Shopify location", description: "The name of the Shopify location whose available quantity this store's stock sets, exactly as Shopify shows it." }),
});

export const ZInventorySyncParams = z.object({
  stores: z
    .array(ZStore)
    .min(1)
    .max(20)
    .refine((stores) => new Set(stores.map((s) => s.squareLocationId)).size === stores.length, "each Square location can feed one Shopify location only")
    .meta({
      title: "Stores",
      description: "The Square locations whose stock is sold online, each with the Shopify location it feeds. Stock moves at other locations are ignored.",
    }),
  safetyStock: z
    .int()
    .min(0)
    .max(10_000)
    .default(2)
    .meta({
      title: "Safety stock (units)",
      description: "Units of each SKU held back from the web shop, so the last pieces on a store's shelf (often display or damaged stock) are not sold online. Online quantity = store count − safety stock, never below 0.",
    }),
  driftTolerance: z
    .int()
    .min(0)
    .max(10_000)
    .default(1)
    .meta({
      title: "Drift tolerance (units)",
      description: "Reconciliation opens an exception only when counts differ by more than this: a sale landing between two reads of one pass should not page anyone.",
    }),
  reconciliationCron: z
    .string()
    .regex(/^\S+( \S+){4}$/, "write a five-field cron expression (minute hour day-of-month month day-of-week)")
    .default("0 * * * *")
    .meta({
      title: "Reconciliation schedule",
      description:
        "When to compare counts across Square, Shopify and Business Central (cron, in the client's time zone). Hourly by default: stock moves are published as they happen, so this pass is a safety net, and each SKU costs two Shopify calls from the rate budget live movements need.",
    }),
  skus: z
    .array(z.string().min(1))
    .max(1000)
    .default([])
    .meta({
      title: "SKUs",
      description: "Only these SKUs are synced and reconciled; all of Square's when empty. A reconciliation pass covers at most 1,000 SKUs.",
    }),
  compareErp: z
    .boolean()
    .default(true)
    .meta({
      title: "Compare with Business Central",
      description:
        "Reconciliation also compares Business Central's item inventory with the stores' total. Business Central reports one figure across all its locations, so turn this off if it also holds stock the stores do not (a warehouse).",
    }),
});

export type TInventorySyncParams = z.output<typeof ZInventorySyncParams>;
