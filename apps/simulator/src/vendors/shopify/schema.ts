import { buildSchema } from "graphql";

/**
 * The subset of Shopify's GraphQL Admin API (2026-01) the connectors use, with Shopify's
 * own type, field and argument names so a query written against the real API runs here.
 */
export const shopifySchema = buildSchema(/* GraphQL */ `
  "Shopify's duplicate-request protection on inventory and refund mutations (2026-01 on)."
  directive @idempotent(key: String!) on FIELD

  scalar DateTime
  scalar Decimal
  scalar Money
  scalar URL

  enum CurrencyCode { USD EUR GBP CAD AUD NZD JPY }
  enum OrderDisplayFinancialStatus { PENDING AUTHORIZED PARTIALLY_PAID PARTIALLY_REFUNDED VOIDED PAID REFUNDED EXPIRED }
  enum OrderDisplayFulfillmentStatus { UNFULFILLED PARTIALLY_FULFILLED FULFILLED RESTOCKED PENDING_FULFILLMENT OPEN IN_PROGRESS ON_HOLD SCHEDULED REQUEST_DECLINED }
  enum OrderTransactionKind { SALE CAPTURE AUTHORIZATION VOID REFUND CHANGE EMV_AUTHORIZATION SUGGESTED_REFUND }
  enum OrderTransactionStatus { SUCCESS FAILURE PENDING ERROR AWAITING_RESPONSE UNKNOWN }
  enum FulfillmentOrderStatus { OPEN IN_PROGRESS CANCELLED INCOMPLETE CLOSED SCHEDULED ON_HOLD }
  enum RefundLineItemRestockType { NO_RESTOCK CANCEL RETURN LEGACY_RESTOCK }
  enum WebhookSubscriptionTopic { INVENTORY_LEVELS_UPDATE ORDERS_CREATE REFUNDS_CREATE RETURNS_REQUEST }
  enum WebhookSubscriptionFormat { JSON XML }
  enum InventoryErrorCode {
    CHANGE_FROM_QUANTITY_STALE COMPARE_QUANTITY_REQUIRED COMPARE_QUANTITY_STALE IDEMPOTENCY_CONCURRENT_REQUEST
    IDEMPOTENCY_KEY_PARAMETER_MISMATCH IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED INVALID_INVENTORY_ITEM INVALID_LOCATION
    INVALID_NAME INVALID_QUANTITY_NEGATIVE INVALID_REASON ITEM_NOT_STOCKED_AT_LOCATION
  }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }

  type Shop { id: ID! name: String! myshopifyDomain: String! currencyCode: CurrencyCode! }
  type Location { id: ID! name: String! isActive: Boolean! }
  type Product { id: ID! title: String! handle: String! }

  type ProductVariant {
    id: ID! sku: String title: String! displayName: String! price: Money! compareAtPrice: Money inventoryQuantity: Int
    product: Product! inventoryItem: InventoryItem!
  }
  type ProductVariantEdge { cursor: String! node: ProductVariant! }
  type ProductVariantConnection { nodes: [ProductVariant!]! edges: [ProductVariantEdge!]! pageInfo: PageInfo! }

  type InventoryQuantity { id: ID! name: String! quantity: Int! updatedAt: DateTime }
  type InventoryLevel { id: ID! location: Location! item: InventoryItem! quantities(names: [String!]!): [InventoryQuantity!]! updatedAt: DateTime! }
  type InventoryLevelEdge { cursor: String! node: InventoryLevel! }
  type InventoryLevelConnection { nodes: [InventoryLevel!]! edges: [InventoryLevelEdge!]! pageInfo: PageInfo! }
  type InventoryItem {
    id: ID! sku: String tracked: Boolean! variant: ProductVariant!
    inventoryLevels(first: Int, after: String): InventoryLevelConnection!
    inventoryLevel(locationId: ID!): InventoryLevel
  }

  type LineItem {
    id: ID! name: String! sku: String quantity: Int! currentQuantity: Int! refundableQuantity: Int!
    variant: ProductVariant originalUnitPriceSet: MoneyBag!
  }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { nodes: [LineItem!]! edges: [LineItemEdge!]! pageInfo: PageInfo! }

  type OrderTransaction {
    id: ID! kind: OrderTransactionKind! status: OrderTransactionStatus! gateway: String amountSet: MoneyBag!
    parentTransaction: OrderTransaction createdAt: DateTime!
  }
  type OrderTransactionEdge { cursor: String! node: OrderTransaction! }
  type OrderTransactionConnection { nodes: [OrderTransaction!]! edges: [OrderTransactionEdge!]! pageInfo: PageInfo! }

  type FulfillmentOrderAssignedLocation { name: String! location: Location }
  type FulfillmentOrderLineItem { id: ID! sku: String totalQuantity: Int! remainingQuantity: Int! lineItem: LineItem! }
  type FulfillmentOrderLineItemEdge { cursor: String! node: FulfillmentOrderLineItem! }
  type FulfillmentOrderLineItemConnection { nodes: [FulfillmentOrderLineItem!]! edges: [FulfillmentOrderLineItemEdge!]! pageInfo: PageInfo! }
  type FulfillmentOrder {
    id: ID! status: FulfillmentOrderStatus! createdAt: DateTime! updatedAt: DateTime!
    assignedLocation: FulfillmentOrderAssignedLocation! lineItems(first: Int, after: String): FulfillmentOrderLineItemConnection!
  }
  type FulfillmentOrderEdge { cursor: String! node: FulfillmentOrder! }
  type FulfillmentOrderConnection { nodes: [FulfillmentOrder!]! edges: [FulfillmentOrderEdge!]! pageInfo: PageInfo! }

  type RefundLineItem { id: ID! quantity: Int! restockType: RefundLineItemRestockType! restocked: Boolean! lineItem: LineItem! location: Location }
  type RefundLineItemEdge { cursor: String! node: RefundLineItem! }
  type RefundLineItemConnection { nodes: [RefundLineItem!]! edges: [RefundLineItemEdge!]! pageInfo: PageInfo! }
  type Refund {
    id: ID! createdAt: DateTime note: String totalRefundedSet: MoneyBag! order: Order!
    refundLineItems(first: Int, after: String): RefundLineItemConnection!
    transactions(first: Int, after: String): OrderTransactionConnection!
  }

  type Order {
    id: ID! name: String! email: String createdAt: DateTime! currencyCode: CurrencyCode!
    displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    totalPriceSet: MoneyBag! totalRefundedSet: MoneyBag!
    lineItems(first: Int, after: String): LineItemConnection!
    transactions(first: Int): [OrderTransaction!]!
    fulfillmentOrders(first: Int, after: String): FulfillmentOrderConnection!
    refunds(first: Int): [Refund!]!
  }

  type UserError { field: [String!] message: String! }
  enum ProductVariantsBulkUpdateUserErrorCode {
    GREATER_THAN_OR_EQUAL_TO INVALID_INPUT MUST_BE_FOR_THIS_PRODUCT NEGATIVE_PRICE_VALUE PRODUCT_DOES_NOT_EXIST
    PRODUCT_VARIANT_DOES_NOT_EXIST PRODUCT_VARIANT_ID_MISSING
  }
  type ProductVariantsBulkUpdateUserError { field: [String!] message: String! code: ProductVariantsBulkUpdateUserErrorCode }
  type ProductVariantsBulkUpdatePayload { product: Product productVariants: [ProductVariant!] userErrors: [ProductVariantsBulkUpdateUserError!]! }
  input ProductVariantsBulkInput { id: ID price: Money compareAtPrice: Money }
  type InventoryUserError { field: [String!] message: String! code: InventoryErrorCode }

  type InventoryChange {
    name: String! delta: Int! quantityAfterChange: Int ledgerDocumentUri: String item: InventoryItem location: Location
  }
  type InventoryAdjustmentGroup {
    id: ID! createdAt: DateTime! reason: String! referenceDocumentUri: String
    changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
  }
  type InventorySetQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventoryUserError!]! }
  type InventoryAdjustQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventoryUserError!]! }
  type RefundCreatePayload { refund: Refund order: Order userErrors: [UserError!]! }
  type WebhookSubscription { id: ID! topic: WebhookSubscriptionTopic! uri: String! }
  type WebhookSubscriptionCreatePayload { webhookSubscription: WebhookSubscription userErrors: [UserError!]! }

  input InventoryQuantityInput { inventoryItemId: ID! locationId: ID! quantity: Int! changeFromQuantity: Int compareQuantity: Int }
  input InventorySetQuantitiesInput {
    name: String! reason: String! referenceDocumentUri: String quantities: [InventoryQuantityInput!]! ignoreCompareQuantity: Boolean
  }
  input InventoryChangeInput { inventoryItemId: ID! locationId: ID! delta: Int! changeFromQuantity: Int ledgerDocumentUri: String }
  input InventoryAdjustQuantitiesInput { name: String! reason: String! referenceDocumentUri: String changes: [InventoryChangeInput!]! }

  input RefundLineItemInput { lineItemId: ID! quantity: Int! restockType: RefundLineItemRestockType locationId: ID }
  input ShippingRefundInput { amount: Money fullRefund: Boolean }
  input OrderTransactionInput { amount: Money! gateway: String! kind: OrderTransactionKind! orderId: ID! parentId: ID }
  input RefundInput {
    orderId: ID! note: String notify: Boolean currency: CurrencyCode allowOverRefunding: Boolean
    refundLineItems: [RefundLineItemInput!] shipping: ShippingRefundInput transactions: [OrderTransactionInput!]
  }
  input WebhookSubscriptionInput { uri: String callbackUrl: URL format: WebhookSubscriptionFormat }

  type Query {
    shop: Shop!
    productVariants(first: Int, after: String, query: String): ProductVariantConnection!
    inventoryItem(id: ID!): InventoryItem
    order(id: ID!): Order
    location(id: ID): Location
  }

  type Mutation {
    inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
    inventoryAdjustQuantities(input: InventoryAdjustQuantitiesInput!): InventoryAdjustQuantitiesPayload
    refundCreate(input: RefundInput!): RefundCreatePayload
    productVariantsBulkUpdate(productId: ID!, variants: [ProductVariantsBulkInput!]!, allowPartialUpdates: Boolean = false): ProductVariantsBulkUpdatePayload
    webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
  }
`);
