import { type TSbInventory, type TSbSeed, type TSbState } from "./state";

function inventory(inventory_id: number, sku: string, name: string, onHand: number): TSbInventory {
  return {
    inventory_id,
    name,
    sku,
    total_on_hand_quantity: onHand,
    total_committed_quantity: 0,
    total_fulfillable_quantity: onHand,
    total_sellable_quantity: onHand,
    total_awaiting_quantity: 0,
    total_backordered_quantity: 0,
    total_exception_quantity: 0,
    total_internal_transfer_quantity: 0,
  };
}

/** One merchant with a write channel, two fulfillment centers and a few SKUs in stock. */
export function defaultShipBobSeed(): TSbSeed {
  return {
    tokens: ["sim-shipbob-pat"],
    channels: [{ id: 100102, name: "Storeflow", application_name: "SMA", scopes: ["orders_read", "orders_write", "returns_read", "returns_write", "inventory_read", "webhooks_write"] }],
    fulfillmentCenters: [
      { id: 22, name: "Cicero (IL)" },
      { id: 31, name: "Moreno Valley (CA)" },
    ],
    inventory: [inventory(9557855, "LIGHT-ROAST", "Light Roast Coffee", 120), inventory(9557856, "DARK-ROAST", "Dark Roast Coffee", 40), inventory(9557857, "MUG-BLUE", "Blue Mug", 0)],
    // The Standard Webhooks example secret from ShipBob's webhook documentation.
    webhookSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  };
}

export function createShipBobState(seed: TSbSeed): TSbState {
  return {
    ...structuredClone(seed),
    orders: [],
    returns: [],
    subscriptions: [],
    simulations: [],
    rateLimitPerMinute: 150,
    requestLog: new Map(),
    defaultPageSize: 50,
    maxPageSize: 250,
    nextId: 700000001,
  };
}
