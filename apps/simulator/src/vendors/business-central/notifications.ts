import { randomBytes, randomUUID } from "node:crypto";
import { type TSimulatorContext } from "../../vendor";
import { BcError } from "./errors";
import { asBody, nextTimestamp, readString, type TChangeSink } from "./fields";
import { type TBcState, type TBcSubscription } from "./state";

// Documented in "Working with webhooks": the entity sets that send notifications.
const WEBHOOK_ENTITY_SETS = new Set(["items", "vendors", "customers", "purchaseInvoices", "salesCreditMemos", "journals", "generalLedgerEntries"]);
const SUBSCRIPTION_LIFETIME_MS = 3 * 24 * 60 * 60_000;
// More changes than this within one delay window become one "collection" notification.
const MAX_NOTIFICATIONS_PER_SUBSCRIPTION = 1000;

interface TNotification {
  subscriptionId: string;
  clientState: string;
  expirationDateTime: string;
  resource: string;
  changeType: string;
  lastModifiedDateTime: string;
}

function normaliseResource(resource: string): string {
  return resource.replace(/^https?:\/\/[^/]+/, "").replace(/^\/+/, "").replace(/^v2\.0\/[^/]+\/[^/]+\//, "");
}

export function subscriptionToApi(subscription: TBcSubscription): Record<string, unknown> {
  return { ...subscription, userId: "00000000-0000-0000-0000-000000000001", timestamp: Date.parse(subscription.lastModifiedDateTime), systemCreatedAt: subscription.lastModifiedDateTime };
}

/** Subscriptions and the notifications they receive, batched per notification URL as Business Central batches them. */
export function createNotifier(state: TBcState, context: TSimulatorContext) {
  const queue = new Map<string, TNotification[]>();
  let timer: NodeJS.Timeout | undefined;

  async function handshake(notificationUrl: string): Promise<void> {
    const token = randomBytes(16).toString("hex");
    const url = new URL(notificationUrl);
    url.searchParams.set("validationToken", token);
    let answer: string;
    let status: number;
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "text/plain" }, signal: AbortSignal.timeout(10_000) });
      status = response.status;
      answer = await response.text();
    } catch (error) {
      throw new BcError(400, "BadRequest", `The subscription could not be created: the notification URL could not be reached (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (status !== 200 || answer !== token) throw new BcError(400, "BadRequest", "The subscription could not be created: the notification URL did not return the validation token.");
  }

  async function createSubscription(raw: unknown): Promise<TBcSubscription> {
    const body = asBody(raw, "Microsoft.NAV.subscriptions");
    const notificationUrl = readString(body, "notificationUrl", 2048) ?? "";
    const resource = readString(body, "resource", 2048) ?? "";
    const match = /^api\/v2\.0\/companies\(([^)]+)\)\/([A-Za-z]+)$/.exec(normaliseResource(resource));
    if (!match || match[1] !== state.companyId || !WEBHOOK_ENTITY_SETS.has(match[2]!)) throw new BcError(400, "BadRequest", `The resource '${resource}' does not support webhooks.`);
    await handshake(notificationUrl);
    const now = nextTimestamp(state);
    const subscription: TBcSubscription = {
      subscriptionId: randomUUID().replaceAll("-", ""),
      notificationUrl,
      resource,
      clientState: readString(body, "clientState", 2048) ?? "",
      expirationDateTime: new Date(Date.now() + SUBSCRIPTION_LIFETIME_MS).toISOString(),
      lastModifiedDateTime: now,
    };
    state.subscriptions.push(subscription);
    return subscription;
  }

  /** PATCH renews: the handshake again, then three more days. */
  async function renewSubscription(subscription: TBcSubscription): Promise<TBcSubscription> {
    await handshake(subscription.notificationUrl);
    subscription.expirationDateTime = new Date(Date.now() + SUBSCRIPTION_LIFETIME_MS).toISOString();
    subscription.lastModifiedDateTime = nextTimestamp(state);
    return subscription;
  }

  async function deliver(url: string, notifications: TNotification[]): Promise<void> {
    const delivery = await context.webhooks.send("business-central", url, {}, JSON.stringify({ value: notifications }));
    // Any answer but 2xx, 408, 429 or 5xx makes Business Central drop the subscription for good.
    const status = delivery.status;
    if (typeof status === "number" && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      state.subscriptions = state.subscriptions.filter((subscription) => subscription.notificationUrl !== url);
    }
  }

  function flush(): void {
    timer = undefined;
    const batches = [...queue.entries()];
    queue.clear();
    for (const [url, notifications] of batches) {
      const bySubscription = new Map<string, TNotification[]>();
      for (const notification of notifications) bySubscription.set(notification.subscriptionId, [...(bySubscription.get(notification.subscriptionId) ?? []), notification]);
      const value = [...bySubscription.values()].flatMap((group) => {
        if (group.length <= MAX_NOTIFICATIONS_PER_SUBSCRIPTION) return group;
        const first = group[0]!;
        const collection = first.resource.replace(/\([^)]*\)$/, "");
        return [{ ...first, changeType: "collection", resource: `${collection}?$filter=lastModifiedDateTime%20gt%20${first.lastModifiedDateTime}` }];
      });
      void deliver(url, value);
    }
  }

  const notify: TChangeSink = (entitySet, id, changeType) => {
    const now = Date.now();
    for (const subscription of state.subscriptions) {
      const match = /^api\/v2\.0\/companies\(([^)]+)\)\/([A-Za-z]+)$/.exec(normaliseResource(subscription.resource));
      if (match?.[2] !== entitySet || Date.parse(subscription.expirationDateTime) <= now) continue;
      const list = queue.get(subscription.notificationUrl) ?? [];
      list.push({
        subscriptionId: subscription.subscriptionId,
        clientState: subscription.clientState,
        expirationDateTime: subscription.expirationDateTime,
        resource: `api/v2.0/companies(${state.companyId})/${entitySet}(${id})`,
        changeType,
        lastModifiedDateTime: new Date(state.lastTimestampMs || now).toISOString(),
      });
      queue.set(subscription.notificationUrl, list);
    }
    if (queue.size && !timer) timer = setTimeout(flush, state.notificationDelayMs).unref();
  };

  function stop(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    queue.clear();
  }

  return { notify, createSubscription, renewSubscription, stop };
}
