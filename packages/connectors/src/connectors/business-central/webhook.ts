import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { type TDomainEvent, type TInboundWebhook, type TWebhookTrigger } from "../../sdk/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../sdk/errors";
import { type TBusinessCentralConfig, type TBusinessCentralSecrets } from "./config";

// https://learn.microsoft.com/dynamics365/business-central/dev-itpro/api-reference/v2.0/dynamics-subscriptions
const ZNotification = z.object({
  subscriptionId: z.string(),
  clientState: z.string().optional(),
  expirationDateTime: z.string().optional(),
  resource: z.string(),
  // Kept open: refusing a change type Microsoft adds later would answer 401, and any 4xx but 408/429 makes Business Central delete the subscription.
  changeType: z.string(),
  lastModifiedDateTime: z.string(),
});
const ZNotificationBody = z.object({ value: z.array(ZNotification).min(1) });
type TNotification = z.output<typeof ZNotification>;

// Entity sets Business Central sends notifications for, in our dotted event names.
const ENTITY_EVENT_NAMES: Record<string, string> = {
  items: "item",
  vendors: "vendor",
  customers: "customer",
  purchaseInvoices: "purchase.invoice",
  salesInvoices: "sales.invoice",
  salesOrders: "sales.order",
  salesCreditMemos: "sales.credit_memo",
  journals: "journal",
  generalLedgerEntries: "ledger.entry",
};
const CHANGE_TYPES = ["created", "updated", "deleted", "collection"] as const;

export const BUSINESS_CENTRAL_EVENTS: readonly string[] = [
  ...Object.values(ENTITY_EVENT_NAMES).flatMap((entity) => CHANGE_TYPES.map((change) => `${entity}.${change}`)),
  "records.changed",
];

/**
 * Business Central's handshake: creating or renewing a subscription makes it call
 * the notification URL with `?validationToken=…`, and the subscription only exists
 * if that request is answered 200 with the token, as plain text, as the body. The
 * handshake carries no clientState, so the ingress must answer it before `verify`
 * (and store nothing); this returns the token to echo, or undefined.
 */
export function readValidationToken(request: Pick<TInboundWebhook, "url">): string | undefined {
  const token = new URL(request.url).searchParams.get("validationToken");
  return token || undefined;
}

function parseBody(rawBody: string): z.output<typeof ZNotificationBody> | undefined {
  try {
    const parsed = ZNotificationBody.safeParse(JSON.parse(rawBody));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

// Digests first, so the comparison takes the same time whatever the lengths.
function sameSecret(received: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(received), digest(expected));
}

/** `api/v2.0/companies(…)/items(26814998-…)` → { entitySet: "items", id: "26814998-…" }; a collection has no id. */
function parseResource(resource: string): { entitySet: string; id: string | undefined } {
  const path = resource.split("?")[0] ?? "";
  const last = path.split("/").filter(Boolean).at(-1) ?? "";
  const match = /^([A-Za-z]+)(?:\(([^)]*)\))?$/.exec(last);
  return { entitySet: match?.[1] ?? last, id: match?.[2] || undefined };
}

function eventName(notification: TNotification): string {
  const { entitySet } = parseResource(notification.resource);
  const entity = Object.hasOwn(ENTITY_EVENT_NAMES, entitySet) ? ENTITY_EVENT_NAMES[entitySet] : undefined;
  return entity && (CHANGE_TYPES as readonly string[]).includes(notification.changeType) ? `${entity}.${notification.changeType}` : "records.changed";
}

/**
 * Notifications are unsigned; the clientState we chose when subscribing is echoed
 * in every one, so every entry must carry it. There is no timestamp to bound replays:
 * a replayed notification only repeats "this record changed", and the ingress
 * stores each deliveryId once.
 */
function verify(request: TInboundWebhook, context: { config: TBusinessCentralConfig; secrets: TBusinessCentralSecrets }): void {
  const expected = context.secrets.webhookClientState;
  if (!expected) throw new WebhookVerificationError("this Business Central connection has no webhook clientState to check notifications against");
  const body = parseBody(request.rawBody);
  if (!body) throw new WebhookVerificationError("not a Business Central notification");
  for (const notification of body.value) {
    if (notification.clientState === undefined || !sameSecret(notification.clientState, expected)) {
      throw new WebhookVerificationError("a Business Central notification carries the wrong clientState");
    }
  }
}

/**
 * One request holds a batch of notifications (Business Central gathers changes for
 * about 30 seconds). They become one event: typed after the change when the batch
 * is all one kind (e.g. "item.updated"), else "records.changed". The notifications
 * are thin (record id and change type); a workflow reads the record to see what changed.
 */
function normalise(request: TInboundWebhook): TDomainEvent {
  const body = parseBody(request.rawBody);
  if (!body) throw new WebhookPayloadError("the Business Central notification body does not have the documented shape");
  const changes = body.value.map((notification) => {
    const { entitySet, id } = parseResource(notification.resource);
    // clientState is our secret: it never reaches the stored payload.
    return { entitySet, id: id ?? null, changeType: notification.changeType, resource: notification.resource, lastModifiedDateTime: notification.lastModifiedDateTime, subscriptionId: notification.subscriptionId };
  });
  const names = new Set(body.value.map(eventName));
  const type = names.size === 1 ? [...names][0]! : "records.changed";
  // Retries resend the same notifications; derived from their content, not the bytes, the id survives re-serialisation.
  const identity = changes.map((change) => [change.subscriptionId, change.resource, change.changeType, change.lastModifiedDateTime].join("|")).sort();
  const occurredAt = changes.map((change) => change.lastModifiedDateTime).sort().at(-1)!;
  const ids = new Set(changes.map((change) => change.id));
  return {
    deliveryId: createHash("sha256").update(identity.join("\n")).digest("hex"),
    type,
    occurredAt: Number.isNaN(Date.parse(occurredAt)) ? request.receivedAt.toISOString() : new Date(occurredAt).toISOString(),
    ...(ids.size === 1 && changes[0]?.id ? { correlationKey: changes[0].id } : {}),
    payload: { changes },
  };
}

export const businessCentralWebhook: TWebhookTrigger<TBusinessCentralConfig, TBusinessCentralSecrets> = {
  handshake: readValidationToken,
  events: BUSINESS_CENTRAL_EVENTS,
  verify,
  normalise,
};
