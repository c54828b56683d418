import { toConnection, type TConnectionArgs } from "./connection";
import {
  findVariantByInventoryItem,
  fromCents,
  fromGid,
  readQuantity,
  toCents,
  toGid,
  type TShopifyFulfillmentOrder,
  type TShopifyLevel,
  type TShopifyLineItem,
  type TShopifyOrder,
  type TShopifyRefund,
  type TShopifyState,
  type TShopifyTransaction,
} from "./state";

// The GraphQL objects resolvers return. Fields that take arguments are functions:
// graphql-js's default resolver calls them with the field's arguments.

function moneyBag(amount: string, currencyCode: string) {
  const money = { amount, currencyCode };
  return { shopMoney: money, presentmentMoney: money };
}

export function locationView(state: TShopifyState, locationId: number) {
  const location = state.locations.find((l) => l.id === locationId);
  return location ? { id: toGid("Location", location.id), name: location.name, isActive: true } : null;
}

function levelView(state: TShopifyState, level: TShopifyLevel) {
  return {
    id: `${toGid("InventoryLevel", level.locationId)}?inventory_item_id=${level.inventoryItemId}`,
    location: () => locationView(state, level.locationId),
    item: () => inventoryItemView(state, level.inventoryItemId),
    updatedAt: level.updatedAt,
    quantities: ({ names }: { names: string[] }) =>
      names.flatMap((name) => {
        const quantity = readQuantity(level, name);
        if (quantity === undefined) return [];
        return [{ id: `${toGid("InventoryQuantity", level.locationId)}?inventory_item_id=${level.inventoryItemId}&name=${name}`, name, quantity, updatedAt: level.updatedAt }];
      }),
  };
}

export function inventoryItemView(state: TShopifyState, inventoryItemId: number): Record<string, unknown> | null {
  const found = findVariantByInventoryItem(state, inventoryItemId);
  if (!found) return null;
  const levels = state.levels.filter((level) => level.inventoryItemId === inventoryItemId);
  return {
    id: toGid("InventoryItem", inventoryItemId),
    sku: found.variant.sku,
    tracked: true,
    variant: () => variantView(state, found.variant.id),
    inventoryLevels: (args: TConnectionArgs) => toConnection(levels.map((level) => levelView(state, level)), args),
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const level = levels.find((l) => l.locationId === fromGid("Location", locationId));
      return level ? levelView(state, level) : null;
    },
  };
}

export function variantView(state: TShopifyState, variantId: number): Record<string, unknown> | null {
  for (const product of state.products) {
    const variant = product.variants.find((v) => v.id === variantId);
    if (!variant) continue;
    const available = state.levels.filter((l) => l.inventoryItemId === variant.inventoryItemId).reduce((sum, l) => sum + l.quantities.available, 0);
    return {
      id: toGid("ProductVariant", variant.id),
      sku: variant.sku,
      title: variant.title,
      displayName: `${product.title} - ${variant.title}`,
      price: variant.price,
      compareAtPrice: variant.compareAtPrice ?? null,
      inventoryQuantity: available,
      product: { id: toGid("Product", product.id), title: product.title, handle: product.handle },
      inventoryItem: () => inventoryItemView(state, variant.inventoryItemId),
    };
  }
  return null;
}

function refundedQuantity(state: TShopifyState, order: TShopifyOrder, lineItemId: number): number {
  return state.refunds
    .filter((refund) => refund.orderId === order.id)
    .flatMap((refund) => refund.lineItems)
    .filter((item) => item.lineItemId === lineItemId)
    .reduce((sum, item) => sum + item.quantity, 0);
}

export function refundableQuantity(state: TShopifyState, order: TShopifyOrder, lineItem: TShopifyLineItem): number {
  return lineItem.quantity - refundedQuantity(state, order, lineItem.id);
}

function lineItemView(state: TShopifyState, order: TShopifyOrder, lineItem: TShopifyLineItem) {
  const refundable = refundableQuantity(state, order, lineItem);
  return {
    id: toGid("LineItem", lineItem.id),
    name: lineItem.name,
    sku: lineItem.sku,
    quantity: lineItem.quantity,
    currentQuantity: refundable,
    refundableQuantity: refundable,
    variant: () => (lineItem.variantId === null ? null : variantView(state, lineItem.variantId)),
    originalUnitPriceSet: moneyBag(lineItem.unitPrice, order.currencyCode),
  };
}

function transactionView(order: TShopifyOrder, transaction: TShopifyTransaction): Record<string, unknown> {
  const parent = transaction.parentId === null ? undefined : order.transactions.find((t) => t.id === transaction.parentId);
  return {
    id: toGid("OrderTransaction", transaction.id),
    kind: transaction.kind,
    status: transaction.status,
    gateway: transaction.gateway,
    amountSet: moneyBag(transaction.amount, order.currencyCode),
    parentTransaction: parent ? transactionView(order, parent) : null,
    createdAt: transaction.createdAt,
  };
}

function fulfillmentOrderView(state: TShopifyState, order: TShopifyOrder, fulfillmentOrder: TShopifyFulfillmentOrder) {
  const location = locationView(state, fulfillmentOrder.locationId);
  return {
    id: toGid("FulfillmentOrder", fulfillmentOrder.id),
    status: fulfillmentOrder.status,
    createdAt: fulfillmentOrder.createdAt,
    updatedAt: fulfillmentOrder.createdAt,
    assignedLocation: { name: location?.name ?? "", location },
    lineItems: (args: TConnectionArgs) =>
      toConnection(
        fulfillmentOrder.lineItems.map((item) => {
          const lineItem = order.lineItems.find((l) => l.id === item.lineItemId);
          return {
            id: toGid("FulfillmentOrderLineItem", item.id),
            sku: lineItem?.sku ?? null,
            totalQuantity: item.totalQuantity,
            remainingQuantity: item.remainingQuantity,
            lineItem: lineItem ? lineItemView(state, order, lineItem) : null,
          };
        }),
        args,
      ),
  };
}

export function sumTransactions(order: TShopifyOrder, kinds: readonly TShopifyTransaction["kind"][]): number {
  return order.transactions.filter((t) => t.status === "SUCCESS" && kinds.includes(t.kind)).reduce((sum, t) => sum + toCents(t.amount), 0);
}

export function refundView(state: TShopifyState, refund: TShopifyRefund): Record<string, unknown> {
  const order = state.orders.find((o) => o.id === refund.orderId);
  if (!order) throw new Error(`refund ${refund.id} names a missing order`);
  const transactions = order.transactions.filter((t) => refund.transactionIds.includes(t.id));
  const total = transactions.reduce((sum, t) => sum + toCents(t.amount), 0);
  return {
    id: toGid("Refund", refund.id),
    createdAt: refund.createdAt,
    note: refund.note,
    totalRefundedSet: moneyBag(fromCents(total), order.currencyCode),
    order: () => orderView(state, order),
    refundLineItems: (args: TConnectionArgs) =>
      toConnection(
        refund.lineItems.map((item) => {
          const lineItem = order.lineItems.find((l) => l.id === item.lineItemId);
          return {
            id: toGid("RefundLineItem", item.id),
            quantity: item.quantity,
            restockType: item.restockType,
            restocked: item.restockType !== "NO_RESTOCK",
            lineItem: lineItem ? lineItemView(state, order, lineItem) : null,
            location: item.locationId === null ? null : locationView(state, item.locationId),
          };
        }),
        args,
      ),
    transactions: (args: TConnectionArgs) => toConnection(transactions.map((t) => transactionView(order, t)), args),
  };
}

function financialStatus(order: TShopifyOrder): string {
  const paid = sumTransactions(order, ["SALE", "CAPTURE"]);
  const refunded = sumTransactions(order, ["REFUND"]);
  if (paid > 0 && refunded >= paid) return "REFUNDED";
  if (refunded > 0) return "PARTIALLY_REFUNDED";
  return paid > 0 ? "PAID" : "PENDING";
}

export function orderView(state: TShopifyState, order: TShopifyOrder): Record<string, unknown> {
  const total = order.lineItems.reduce((sum, item) => sum + toCents(item.unitPrice) * item.quantity, 0);
  const allClosed = order.fulfillmentOrders.length > 0 && order.fulfillmentOrders.every((fo) => fo.status === "CLOSED");
  return {
    id: toGid("Order", order.id),
    name: order.name,
    email: order.email,
    createdAt: order.createdAt,
    currencyCode: order.currencyCode,
    displayFinancialStatus: financialStatus(order),
    displayFulfillmentStatus: allClosed ? "FULFILLED" : "UNFULFILLED",
    totalPriceSet: moneyBag(fromCents(total), order.currencyCode),
    totalRefundedSet: moneyBag(fromCents(sumTransactions(order, ["REFUND"])), order.currencyCode),
    lineItems: (args: TConnectionArgs) => toConnection(order.lineItems.map((item) => lineItemView(state, order, item)), args),
    transactions: ({ first }: { first?: number | null }) => order.transactions.slice(0, first ?? undefined).map((t) => transactionView(order, t)),
    fulfillmentOrders: (args: TConnectionArgs) => toConnection(order.fulfillmentOrders.map((fo) => fulfillmentOrderView(state, order, fo)), args),
    refunds: ({ first }: { first?: number | null }) =>
      state.refunds
        .filter((refund) => refund.orderId === order.id)
        .slice(0, first ?? undefined)
        .map((refund) => refundView(state, refund)),
  };
}
