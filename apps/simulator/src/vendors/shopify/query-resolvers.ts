import { type TConnectionArgs, toConnection } from "./connection";
import { type TShopifyResolverContext } from "./resolver-context";
import { fromGid, toGid } from "./state";
import { inventoryItemView, orderView, variantView } from "./views";

// `sku:ABC` or `sku:"A B"`; Shopify matches SKUs case-insensitively.
const SKU_TERM = /sku:(?:"((?:[^"\\]|\\.)*)"|(\S+))/gi;

function skusIn(query: string): string[] {
  return [...query.matchAll(SKU_TERM)].map((m) => (m[1] ?? m[2] ?? "").replace(/\\(.)/g, "$1").toLowerCase());
}

export const queryResolvers = {
  shop: (_args: unknown, { state }: TShopifyResolverContext) => ({
    id: toGid("Shop", 1),
    name: state.shop.name,
    myshopifyDomain: state.shop.domain,
    currencyCode: state.shop.currencyCode,
  }),

  productVariants: (args: TConnectionArgs & { query?: string | null }, { state }: TShopifyResolverContext) => {
    const skus = args.query ? skusIn(args.query) : [];
    const variants = state.products.flatMap((p) => p.variants).filter((v) => skus.length === 0 || skus.includes(v.sku.toLowerCase()));
    return toConnection(variants.map((v) => variantView(state, v.id)), args);
  },

  inventoryItem: ({ id }: { id: string }, { state }: TShopifyResolverContext) => {
    const itemId = fromGid("InventoryItem", id);
    return itemId === undefined ? null : inventoryItemView(state, itemId);
  },

  order: ({ id }: { id: string }, { state }: TShopifyResolverContext) => {
    const order = state.orders.find((o) => o.id === fromGid("Order", id));
    return order ? orderView(state, order) : null;
  },

  location: ({ id }: { id?: string | null }, { state }: TShopifyResolverContext) => {
    // Without an id Shopify answers the shop's primary location.
    const location = id ? state.locations.find((l) => l.id === fromGid("Location", id)) : state.locations[0];
    return location ? { id: toGid("Location", location.id), name: location.name, isActive: true } : null;
  },
};
