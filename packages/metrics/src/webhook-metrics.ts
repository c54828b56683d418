import { Counter, type Registry } from "prom-client";

/** Reasons are snake_case enum values (see TWebhookRejection in @storeflow/connections); anything else is "other". */
const REASON = /^[a-z][a-z_]{0,39}$/;

/** Counts refused webhook deliveries for `storeflow_webhook_rejects_total{reason}`. */
export interface TWebhookMetrics {
  rejected(reason: string): void;
}

/** @param reasons the known reasons, exported at 0 from the start so a rate is defined before a first refusal */
export function createWebhookMetrics(registry: Registry, reasons: readonly string[] = []): TWebhookMetrics {
  const rejects = new Counter({
    name: "storeflow_webhook_rejects_total",
    help: "Inbound webhook deliveries refused with nothing stored, by reason (unknown URL, bad signature, bad payload, too large).",
    labelNames: ["reason"],
    registers: [registry],
  });
  const label = (reason: string) => (REASON.test(reason) ? reason : "other");
  for (const reason of reasons) rejects.inc({ reason: label(reason) }, 0);
  return { rejected: (reason) => rejects.inc({ reason: label(reason) }) };
}
