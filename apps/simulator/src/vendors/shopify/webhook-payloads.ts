import { fromCents, toCents, toGid, type TShopifyLevel, type TShopifyOrder, type TShopifyRefund, type TShopifyState } from "./state";
import { sumTransactions } from "./views";

// Webhook bodies are the REST resource of the topic (snake_case, numeric ids), not GraphQL objects.

export function inventoryLevelPayload(level: TShopifyLevel) {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: level.updatedAt,
    admin_graphql_api_id: `${toGid("InventoryLevel", level.locationId)}?inventory_item_id=${level.inventoryItemId}`,
  };
}

export function orderPayload(order: TShopifyOrder) {
  const total = order.lineItems.reduce((sum, item) => sum + toCents(item.unitPrice) * item.quantity, 0);
  const refunded = sumTransactions(order, ["REFUND"]);
  return {
    id: order.id,
    admin_graphql_api_id: toGid("Order", order.id),
    name: order.name,
    email: order.email,
    created_at: order.createdAt,
    currency: order.currencyCode,
    total_price: fromCents(total),
    financial_status: refunded >= total && total > 0 ? "refunded" : refunded > 0 ? "partially_refunded" : "paid",
    line_items: order.lineItems.map((item) => ({
      id: item.id,
      admin_graphql_api_id: toGid("LineItem", item.id),
      variant_id: item.variantId,
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      price: item.unitPrice,
    })),
  };
}

export function refundPayload(state: TShopifyState, refund: TShopifyRefund) {
  const order = state.orders.find((o) => o.id === refund.orderId);
  return {
    id: refund.id,
    admin_graphql_api_id: toGid("Refund", refund.id),
    order_id: refund.orderId,
    created_at: refund.createdAt,
    note: refund.note,
    refund_line_items: refund.lineItems.map((item) => ({
      id: item.id,
      line_item_id: item.lineItemId,
      quantity: item.quantity,
      restock_type: item.restockType.toLowerCase(),
      location_id: item.locationId,
    })),
    transactions: (order?.transactions ?? [])
      .filter((t) => refund.transactionIds.includes(t.id))
      .map((t) => ({ id: t.id, order_id: refund.orderId, kind: "refund", gateway: t.gateway, status: "success", amount: t.amount, currency: order?.currencyCode, parent_id: t.parentId })),
  };
}
