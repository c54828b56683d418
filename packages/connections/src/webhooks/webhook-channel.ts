/**
 * The PostgreSQL channel notified as each new webhook is stored (at its commit),
 * so relays listening on it publish it at once instead of at their next look.
 */
export const INBOUND_WEBHOOKS_CHANNEL = "storeflow_inbound_webhooks";
