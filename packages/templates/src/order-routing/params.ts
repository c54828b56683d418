import { z } from "zod";

const ZStore = z.strictObject({
  location: z
    .string()
    .min(1)
    .max(100)
    .meta({ title: "Shopify location", description: "The store's location in Shopify, named exactly as Shopify shows it; its stock is what the store can pick." }),
  latitude: z.number().min(-90).max(90).meta({ title: "Latitude", description: "The store's position, in decimal degrees, to find the store nearest to a shipping address." }),
  longitude: z.number().min(-180).max(180).meta({ title: "Longitude", description: "The store's position, in decimal degrees." }),
  pickup: z.boolean().default(true).meta({ title: "Offers pickup", description: "Customers can collect web orders here (Shopify local pickup is set up for this location)." }),
  shipFromStore: z.boolean().default(true).meta({ title: "Ships from store", description: "Staff pick, pack and ship web orders from this store's stock." }),
  pickupCode: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({
      title: "Pickup shipping code",
      description: "The shipping line code a pickup order for this store carries. Shopify's local pickup writes the location's name there, which is the default; set this when the checkout labels it otherwise.",
    }),
  slackMention: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ title: "Slack mention", description: "Who in the store channel is pinged with each pick instruction, e.g. the store team's user group <!subteam^S0123ABC>." }),
});

export const ZOrderRoutingParams = z.object({
  stores: z
    .array(ZStore)
    .min(1)
    .max(50)
    .refine((stores) => new Set(stores.map((s) => s.location)).size === stores.length, "each Shopify location can be listed once")
    .meta({
      title: "Stores",
      description:
        "The Shopify locations orders may be routed to, with each store's position and services. Locations not listed (a warehouse Shopify fulfils from itself) are never chosen. When a shipping address has no coordinates, stores are preferred in the order listed here.",
    }),
  allowSplit: z.boolean().default(false).meta({
    title: "Split orders across stores",
    description: "When no single store holds every line of a shipped order, send parts of it from several stores (as few as possible, nearest first). Off: such an order goes to the exception queue. Pickup orders are never split.",
  }),
  pickSlaMinutes: z.int().min(5).max(1440).default(60).meta({
    title: "Pick SLA (minutes)",
    description:
      "How long a store has to pick its part of an order after being told. A shipped order not picked in time is moved once to the next nearest store holding all its lines; a pickup order, or one with no other store to go to, goes to the exception queue with its stock still reserved.",
  }),
});

export type TOrderRoutingParams = z.output<typeof ZOrderRoutingParams>;
export type TOrderRoutingStore = TOrderRoutingParams["stores"][number];
