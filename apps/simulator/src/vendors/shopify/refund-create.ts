import { type GraphQLResolveInfo } from "graphql";
import { runIdempotent } from "./idempotency";
import { type TShopifyResolverContext } from "./resolver-context";
import { findLevel, fromCents, fromGid, takeId, toCents, type TShopifyOrder, type TShopifyRefund, type TShopifyRestockType, type TShopifyState } from "./state";
import { orderView, refundableQuantity, refundView, sumTransactions } from "./views";
import { inventoryLevelPayload, refundPayload } from "./webhook-payloads";

interface TRefundInput {
  orderId: string;
  note?: string | null;
  currency?: string | null;
  allowOverRefunding?: boolean | null;
  refundLineItems?: { lineItemId: string; quantity: number; restockType?: TShopifyRestockType | null; locationId?: string | null }[] | null;
  shipping?: { amount?: string | null; fullRefund?: boolean | null } | null;
  transactions?: { amount: string; gateway: string; kind: string; orderId: string; parentId?: string | null }[] | null;
}

interface TUserError {
  field: (string | number)[] | null;
  message: string;
}

type TRefundLine = TShopifyRefund["lineItems"][number];

interface TRefundPayload {
  refund: object | null;
  order: object | null;
  userErrors: TUserError[];
}

type TOutcome = { payload: TRefundPayload; failed: boolean };

function failed(userErrors: TUserError[]): TOutcome {
  return { payload: { refund: null, order: null, userErrors }, failed: true };
}

function checkLineItems(state: TShopifyState, order: TShopifyOrder, input: TRefundInput, errors: TUserError[]): TRefundLine[] {
  const lines: TRefundLine[] = [];
  for (const [i, item] of (input.refundLineItems ?? []).entries()) {
    const lineItem = order.lineItems.find((l) => l.id === fromGid("LineItem", item.lineItemId));
    if (!lineItem) {
      errors.push({ field: ["refundLineItems", i, "lineItemId"], message: "Line item does not exist" });
      continue;
    }
    if (item.quantity < 1 || item.quantity > refundableQuantity(state, order, lineItem)) {
      errors.push({ field: ["refundLineItems", i, "quantity"], message: "Quantity cannot refund more items than were purchased" });
      continue;
    }
    const restockType = item.restockType ?? "NO_RESTOCK";
    const locationId = restockType === "NO_RESTOCK" ? null : item.locationId ? fromGid("Location", item.locationId) : order.fulfillmentOrders[0]?.locationId;
    if (locationId === undefined || (locationId !== null && !state.locations.some((l) => l.id === locationId))) {
      errors.push({ field: ["refundLineItems", i, "locationId"], message: "Location does not exist" });
      continue;
    }
    lines.push({ id: takeId(state), lineItemId: lineItem.id, quantity: item.quantity, restockType, locationId });
  }
  return lines;
}

function checkTransactions(order: TShopifyOrder, input: TRefundInput, errors: TUserError[]) {
  const transactions = input.transactions ?? [];
  for (const [i, transaction] of transactions.entries()) {
    const parent = order.transactions.find((t) => t.id === (transaction.parentId ? fromGid("OrderTransaction", transaction.parentId) : undefined));
    if (transaction.kind !== "REFUND") errors.push({ field: ["transactions", i, "kind"], message: "Kind must be refund" });
    else if (fromGid("Order", transaction.orderId) !== order.id) errors.push({ field: ["transactions", i, "orderId"], message: "Transaction does not belong to this order" });
    else if (!parent || parent.status !== "SUCCESS" || !["SALE", "CAPTURE"].includes(parent.kind)) errors.push({ field: ["transactions", i, "parentId"], message: "Parent transaction is not a successful sale or capture" });
    else if (!(toCents(transaction.amount) > 0)) errors.push({ field: ["transactions", i, "amount"], message: "Amount must be greater than 0" });
  }
  const requested = transactions.reduce((sum, t) => sum + toCents(t.amount), 0);
  const refundable = sumTransactions(order, ["SALE", "CAPTURE"]) - sumTransactions(order, ["REFUND"]);
  if (requested > refundable && !input.allowOverRefunding) {
    errors.push({ field: ["transactions"], message: `Amount to refund ${fromCents(requested)} is greater than net payment received ${fromCents(refundable)}` });
  }
  // The simulated orders charge no shipping, so there is none to give back.
  if (input.shipping?.amount && toCents(input.shipping.amount) > 0) errors.push({ field: ["shipping", "amount"], message: "Shipping refund amount exceeds the refundable shipping amount" });
}

function createRefund(context: TShopifyResolverContext, input: TRefundInput): TOutcome {
  const { state } = context;
  const order = state.orders.find((o) => o.id === fromGid("Order", input.orderId));
  if (!order) return failed([{ field: ["orderId"], message: "Order does not exist" }]);
  const errors: TUserError[] = [];
  if (input.currency && input.currency !== order.currencyCode) errors.push({ field: ["currency"], message: `Currency must be ${order.currencyCode}` });
  const lines = checkLineItems(state, order, input, errors);
  checkTransactions(order, input, errors);
  if (errors.length > 0) return failed(errors);

  const now = new Date().toISOString();
  const transactionIds = (input.transactions ?? []).map((t) => {
    const id = takeId(state);
    const parentId = fromGid("OrderTransaction", t.parentId ?? "") ?? null;
    const gateway = order.transactions.find((p) => p.id === parentId)?.gateway ?? t.gateway;
    order.transactions.push({ id, kind: "REFUND", status: "SUCCESS", gateway, amount: fromCents(toCents(t.amount)), parentId, createdAt: now });
    return id;
  });
  const refund: TShopifyRefund = { id: takeId(state), orderId: order.id, createdAt: now, note: input.note ?? null, lineItems: lines, transactionIds };
  state.refunds.push(refund);
  order.refundIds.push(refund.id);
  for (const line of lines) {
    const variantId = order.lineItems.find((l) => l.id === line.lineItemId)?.variantId;
    const inventoryItemId = state.products.flatMap((p) => p.variants).find((v) => v.id === variantId)?.inventoryItemId;
    const level = line.locationId === null || inventoryItemId === undefined ? undefined : findLevel(state, inventoryItemId, line.locationId);
    if (!level) continue;
    level.quantities.available += line.quantity;
    level.updatedAt = now;
    context.emit("inventory_levels/update", inventoryLevelPayload(level));
  }
  context.emit("refunds/create", refundPayload(state, refund));
  return { payload: { refund: refundView(state, refund), order: orderView(state, order), userErrors: [] }, failed: false };
}

export const refundMutationResolvers = {
  refundCreate: (args: { input: TRefundInput }, context: TShopifyResolverContext, info: GraphQLResolveInfo) =>
    runIdempotent({
      state: context.state,
      info,
      apiVersion: context.apiVersion,
      args,
      execute: () => createRefund(context, args.input),
      refuse: (_code, message): TRefundPayload => ({ refund: null, order: null, userErrors: [{ field: null, message }] }),
    }),
};
