import { type TDb, withTenant } from "@storeflow/db";
import { type Mailer } from "@storeflow/mail";
import { type TKeyRing } from "@storeflow/secrets";
import type pg from "pg";
import { openChannelSecret } from "./channel-secret";
import { recordEvent } from "./alert-events";
import { type TNotificationPayload } from "./payload";
import { renderEmail, renderSlack, renderTeams, renderWebhook } from "./render";
import { DELIVERY_HEADER, signedWebhookHeaders } from "./signature";

type TFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** Options for {@link deliverAlertNotifications}. */
export interface DeliverAlertNotificationsOptions {
  /** storeflow_app pool in the system scope: claims and settles deliveries. */
  pool: pg.Pool;
  /** storeflow_app client: each partner's brand (the e-mail sender's name) is read in its own scope. */
  db: TDb;
  mailer: Mailer;
  /** The SSRF-guarded fetch (packages/outbound): channel URLs are the tenant's. */
  fetch: TFetch;
  ring: TKeyRing;
  /** The portal's public URL; notifications link to `${portalUrl}/alerts`. */
  portalUrl: string;
  /** @defaultValue the current time */
  now?: Date;
  /** Deliveries per pass. @defaultValue 20 */
  limit?: number;
  /** Attempts before a delivery is given up. @defaultValue 8 */
  maxAttempts?: number;
  /** The first retry's delay; each later one doubles it, up to an hour. @defaultValue 30000 */
  retryBaseMs?: number;
  /** @defaultValue 10000 */
  timeoutMs?: number;
}

/** What one attempt at one delivery came to. */
export interface TDeliveryOutcome {
  deliveryId: string;
  partnerId: string;
  channelId: string;
  attempt: number;
  status: "delivered" | "retrying" | "failed";
  /** Never the channel's URL or secret. */
  error?: string;
}

interface TClaimedDelivery {
  id: string;
  partner_id: string;
  channel_id: string;
  rule_id: string | null;
  recipient: string | null;
  alert_ids: string[];
  payload: TNotificationPayload;
  attempts: number;
  created_at: Date;
  kind: string;
  config: { url?: string; recipients?: string[] };
  archived_at: Date | null;
  kek_id: string | null;
  wrapped_key: Buffer | null;
  secret_ciphertext: Buffer | null;
}

/** Longer than any one attempt (its timeout), so a delivery in flight is not claimed twice; a worker that died mid-send is retried after it. */
const LEASE_MS = 120_000;
const MAX_DELAY_MS = 3_600_000;

async function claimDue(pool: pg.Pool, now: Date, limit: number): Promise<TClaimedDelivery[]> {
  const { rows } = await pool.query<TClaimedDelivery>({
    name: "alerts.claim-deliveries",
    text: `with due as (
             select id from alert_deliveries where status = 'pending' and next_attempt_at <= $1
             order by next_attempt_at, id limit $2 for update skip locked
           ), claimed as (
             update alert_deliveries d set attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + $3 * interval '1 millisecond'
             from due where d.id = due.id
             returning d.*
           )
           select claimed.*, ch.kind::text as kind, ch.config, ch.archived_at, ch.kek_id, ch.wrapped_key, ch.secret_ciphertext
           from claimed join alert_channels ch on ch.id = claimed.channel_id and ch.partner_id = claimed.partner_id`,
    values: [now, limit, LEASE_MS],
  });
  return rows;
}

class DeliveryRefused extends Error {}

function describeError(error: unknown, secrets: (string | undefined)[]): string {
  let message = error instanceof DeliveryRefused ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? (error.cause as Error & { code?: string }) : undefined;
  if (cause) message += ` (${cause.code ?? cause.message})`;
  // A Slack or Teams URL is the channel's credential: never in the stored error.
  for (const secret of secrets) if (secret) message = message.replaceAll(secret, "[redacted]");
  return message.slice(0, 500);
}

async function post(fetch: TFetch, url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "Storeflow-Alerts/1", ...headers },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new DeliveryRefused(`HTTP ${response.status}`);
}

function createBrandCache(db: TDb) {
  const names = new Map<string, Promise<string>>();
  return (partnerId: string) => {
    if (!names.has(partnerId)) {
      names.set(partnerId, withTenant(db, { partnerId }, (tx) => tx.partner.findUniqueOrThrow({ where: { id: partnerId }, select: { productName: true } })).then((p) => p.productName));
    }
    return names.get(partnerId)!;
  };
}

async function send(delivery: TClaimedDelivery, options: DeliverAlertNotificationsOptions & { productName: (partnerId: string) => Promise<string>; secret: { url?: string; signingSecret?: string } }) {
  const alertsUrl = `${options.portalUrl.replace(/\/+$/, "")}/alerts`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  // The same id on every attempt: receivers dedupe on it.
  const idHeader = { [DELIVERY_HEADER]: delivery.id };
  switch (delivery.kind) {
    case "email": {
      if (!delivery.recipient) throw new DeliveryRefused("no recipient");
      await options.mailer.send({ to: delivery.recipient, ...renderEmail(delivery.payload, alertsUrl), fromName: await options.productName(delivery.partner_id) });
      return;
    }
    case "slack":
    case "teams": {
      const message = delivery.kind === "slack" ? renderSlack(delivery.payload, alertsUrl) : renderTeams(delivery.payload, alertsUrl);
      await post(options.fetch, options.secret.url!, JSON.stringify(message), idHeader, timeoutMs);
      return;
    }
    case "webhook": {
      const body = JSON.stringify(renderWebhook(delivery.payload, { deliveryId: delivery.id, createdAt: delivery.created_at, alertsUrl }));
      // Signed at send time, not with the pass's clock: receivers check the timestamp against theirs.
      const headers = signedWebhookHeaders({ secret: options.secret.signingSecret!, deliveryId: delivery.id, sentAt: new Date(), body });
      await post(options.fetch, delivery.config.url!, body, headers, timeoutMs);
      return;
    }
    default:
      throw new DeliveryRefused(`unknown channel kind ${delivery.kind}`);
  }
}

async function settle(pool: pg.Pool, delivery: TClaimedDelivery, outcome: TDeliveryOutcome, { now, retryBaseMs }: { now: Date; retryBaseMs: number }) {
  if (outcome.status === "delivered") {
    await pool.query({
      name: "alerts.delivered",
      text: "update alert_deliveries set status = 'delivered', delivered_at = $3, last_error = null where id = $1 and attempts = $2",
      values: [delivery.id, delivery.attempts, now],
    });
    return;
  }
  if (outcome.status === "retrying") {
    const delay = Math.min(retryBaseMs * 2 ** (delivery.attempts - 1), MAX_DELAY_MS);
    await pool.query({
      name: "alerts.retry-later",
      text: "update alert_deliveries set next_attempt_at = $3, last_error = $4 where id = $1 and attempts = $2",
      values: [delivery.id, delivery.attempts, new Date(now.getTime() + delay), outcome.error],
    });
    return;
  }
  const { rowCount } = await pool.query({
    name: "alerts.give-up",
    text: "update alert_deliveries set status = 'failed', last_error = $3 where id = $1 and attempts = $2",
    values: [delivery.id, delivery.attempts, outcome.error],
  });
  if (rowCount && delivery.rule_id) {
    for (const alertId of delivery.alert_ids) {
      await recordEvent(pool, { partnerId: delivery.partner_id, ruleId: delivery.rule_id, alertId, kind: "delivery_failed", at: now, data: { deliveryId: delivery.id, channelId: delivery.channel_id, error: outcome.error } });
    }
  }
}

/**
 * Sends due deliveries from the outbox, on every worker: each is claimed with
 * a lease (so two workers never send it at once), sent, and settled as
 * delivered, retried with exponential backoff, or given up after
 * `maxAttempts`. A failing endpoint only delays its own deliveries.
 */
export async function deliverAlertNotifications(options: DeliverAlertNotificationsOptions): Promise<TDeliveryOutcome[]> {
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const productName = createBrandCache(options.db);
  const outcomes: TDeliveryOutcome[] = [];
  for (const delivery of await claimDue(options.pool, now, options.limit ?? 20)) {
    let secret: { url?: string; signingSecret?: string } = {};
    let outcome: TDeliveryOutcome;
    const base = { deliveryId: delivery.id, partnerId: delivery.partner_id, channelId: delivery.channel_id, attempt: delivery.attempts };
    try {
      if (delivery.archived_at) throw new DeliveryRefused("the channel was removed");
      if (delivery.kek_id && delivery.wrapped_key && delivery.secret_ciphertext) {
        secret = openChannelSecret(options.ring, delivery.partner_id, delivery.channel_id, { kekId: delivery.kek_id, wrappedKey: delivery.wrapped_key, ciphertext: delivery.secret_ciphertext });
      }
      await send(delivery, { ...options, now, productName, secret });
      outcome = { ...base, status: "delivered" };
    } catch (error) {
      const permanent = error instanceof DeliveryRefused && error.message === "the channel was removed";
      outcome = { ...base, status: permanent || delivery.attempts >= maxAttempts ? "failed" : "retrying", error: describeError(error, [secret.url, secret.signingSecret]) };
    }
    await settle(options.pool, delivery, outcome, { now, retryBaseMs });
    outcomes.push(outcome);
  }
  return outcomes;
}
