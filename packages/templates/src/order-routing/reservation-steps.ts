import { type TWorkflowDefinitionInput } from "@storeflow/engine";

type TStep = TWorkflowDefinitionInput["steps"][number];

/**
 * The ledger entry a reservation's `reserved` changes name. Shopify refuses its own
 * GIDs there, so it is ours: one per order and store, the same on hold and release.
 */
export function reservationUri(orderId: string, locationId: string): string {
  return `"gid://storeflow/OrderRouting/" & $substringAfter(${orderId}, "gid://shopify/Order/") & "/" & $substringAfter(${locationId}, "gid://shopify/Location/")`;
}

/** One adjustment of every line of a part at its store: `sign` 1 or -1 times the line's quantity. */
function adjustment(o: { key: string; part: string; orderId: string; name: "available" | "reserved"; sign: 1 | -1; reason: string; next: string }): TStep {
  // Shopify takes a ledger document for every quantity name but available, and refuses one there.
  const ledger = o.name === "reserved" ? `, "ledgerDocumentUri": $part.reservationUri` : "";
  return {
    key: o.key,
    kind: "action",
    connection: "shop",
    operation: "adjustInventoryQuantities",
    input: {
      name: JSON.stringify(o.name),
      reason: JSON.stringify(o.reason),
      referenceDocumentUri: o.orderId,
      changes: `( $part := ${o.part}; [$part.lines.{ "inventoryItemId": inventoryItemId, "locationId": $part.locationId, "delta": ${o.sign} * quantity${ledger} }] )`,
    },
    onError: { action: "exception" },
    next: o.next,
  };
}

/**
 * Moves a part's units from available to reserved at its store (`hold`) or back
 * (`release`), so the web shop stops (or resumes) selling them there while on_hand
 * stays as counted. Two adjustments, since one names a single quantity; each goes
 * first in the direction that can only under-sell if the second never happens:
 * available down before reserved up, reserved down before available up.
 * Steps `<prefix>Available` and `<prefix>Reserved`, then `next`.
 */
export function reservationSteps(o: { prefix: string; direction: "hold" | "release"; part: string; orderId: string; next: string }): TStep[] {
  const available = `${o.prefix}Available`;
  const reserved = `${o.prefix}Reserved`;
  const common = { part: o.part, orderId: o.orderId };
  if (o.direction === "hold") {
    return [
      adjustment({ ...common, key: available, name: "available", sign: -1, reason: "reservation_created", next: reserved }),
      adjustment({ ...common, key: reserved, name: "reserved", sign: 1, reason: "reservation_created", next: o.next }),
    ];
  }
  return [
    adjustment({ ...common, key: reserved, name: "reserved", sign: -1, reason: "reservation_deleted", next: available }),
    adjustment({ ...common, key: available, name: "available", sign: 1, reason: "reservation_deleted", next: o.next }),
  ];
}
