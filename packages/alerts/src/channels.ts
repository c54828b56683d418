import { randomUUID } from "node:crypto";
import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { isUniqueViolation, type TTx, withTenant } from "@storeflow/db";
import { ConflictError, NotFoundError, ValidationError } from "@storeflow/errors";
import { maskSecret, type TKeyRing } from "@storeflow/secrets";
import { z } from "zod";
import { sealChannelSecret } from "./channel-secret";
import { type TAlertChannelDto, type TAlertDeliveryDto } from "./dto";
import { type TNotificationPayload } from "./payload";
import { generateSigningSecret } from "./signature";

const ZName = z.string().trim().min(1, "Name the channel").max(100);
const ZUrl = z.url({ protocol: /^https?$/, message: "Enter the webhook's http(s) URL" }).max(2000);
const ZRecipients = z.array(z.email("Enter e-mail addresses").max(320)).min(1, "Add at least one recipient").max(20, "At most 20 recipients");

export const ZCreateAlertChannelInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("email"), name: ZName, recipients: ZRecipients }),
  z.object({ kind: z.literal("slack"), name: ZName, url: ZUrl }),
  z.object({ kind: z.literal("teams"), name: ZName, url: ZUrl }),
  z.object({ kind: z.literal("webhook"), name: ZName, url: ZUrl }),
]);
export const ZUpdateAlertChannelInput = z.object({
  channelId: z.uuid(),
  name: ZName.optional(),
  /** E-mail channels only. */
  recipients: ZRecipients.optional(),
  /** Slack, Teams and webhook channels; left out, the stored one stays. */
  url: ZUrl.optional(),
});
export const ZAlertChannelIdInput = z.object({ channelId: z.uuid() });

const select = { id: true, name: true, kind: true, config: true, secretHint: true, createdAt: true, updatedAt: true } as const;
type TChannelRow = { id: string; name: string; kind: TAlertChannelDto["kind"]; config: unknown; secretHint: string | null; createdAt: Date; updatedAt: Date };

function toDto(row: TChannelRow): TAlertChannelDto {
  const config = (row.config ?? {}) as { recipients?: string[]; url?: string };
  return { id: row.id, name: row.name, kind: row.kind, recipients: config.recipients ?? [], url: row.kind === "webhook" ? (config.url ?? null) : null, secretHint: row.secretHint, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

const urlHint = (url: string) => `${new URL(url).host} ${maskSecret(url)}`;
const lower = (emails: string[]) => [...new Set(emails.map((e) => e.toLowerCase()))];

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error)) throw new ConflictError("Another channel has that name", "name");
  throw error;
}

async function findLive(tx: TTx, channelId: string) {
  const row = await tx.alertChannel.findFirst({ where: { id: channelId, archivedAt: null }, select });
  if (!row) throw new NotFoundError("Alert channel");
  return row;
}

/**
 * Adds a channel. Slack and Teams URLs carry their credential and are sealed;
 * a signed webhook gets a signing secret generated here, sealed, and returned
 * this once.
 */
export async function createAlertChannel(actor: TActor, ring: TKeyRing, input: z.input<typeof ZCreateAlertChannelInput>): Promise<{ channel: TAlertChannelDto; signingSecret: string | null }> {
  const parsed = ZCreateAlertChannelInput.parse(input);
  const { partnerId } = actor.scope;
  const id = randomUUID();
  const signingSecret = parsed.kind === "webhook" ? generateSigningSecret() : null;
  const sealed =
    parsed.kind === "slack" || parsed.kind === "teams"
      ? { ...sealChannelSecret(ring, partnerId, id, { url: parsed.url }), secretHint: urlHint(parsed.url) }
      : signingSecret
        ? { ...sealChannelSecret(ring, partnerId, id, { signingSecret }), secretHint: maskSecret(signingSecret) }
        : {};
  const config = parsed.kind === "email" ? { recipients: lower(parsed.recipients) } : parsed.kind === "webhook" ? { url: parsed.url } : {};
  return withTenant(actor.db, actor.scope, async (tx) => {
    const row = await tx.alertChannel.create({ data: { id, partnerId, name: parsed.name, kind: parsed.kind, config, ...sealed }, select }).catch(nameTaken);
    await recordAudit({ tx, scope: actor.scope, action: "alert_channel.created", target: { type: "alert_channel", id }, data: { name: parsed.name, kind: parsed.kind } });
    return { channel: toDto(row as TChannelRow), signingSecret };
  });
}

/** @throws ValidationError for a field the channel's kind does not have */
export async function updateAlertChannel(actor: TActor, ring: TKeyRing, input: z.input<typeof ZUpdateAlertChannelInput>): Promise<TAlertChannelDto> {
  const { channelId, name, recipients, url } = ZUpdateAlertChannelInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const current = (await findLive(tx, channelId)) as TChannelRow;
    const issues = [
      ...(recipients && current.kind !== "email" ? [{ path: ["recipients"], message: "Only e-mail channels have recipients" }] : []),
      ...(url && current.kind === "email" ? [{ path: ["url"], message: "E-mail channels have no URL" }] : []),
    ];
    if (issues.length) throw new ValidationError(issues);
    const config = current.kind === "email" && recipients ? { config: { recipients: lower(recipients) } } : current.kind === "webhook" && url ? { config: { url } } : {};
    const sealed = url && (current.kind === "slack" || current.kind === "teams") ? { ...sealChannelSecret(ring, actor.scope.partnerId, channelId, { url }), secretHint: urlHint(url) } : {};
    const row = await tx.alertChannel.update({ where: { id: channelId }, data: { ...(name ? { name } : {}), ...config, ...sealed, updatedAt: new Date() }, select }).catch(nameTaken);
    await recordAudit({
      tx,
      scope: actor.scope,
      action: "alert_channel.updated",
      target: { type: "alert_channel", id: channelId },
      data: { name: row.name, recipientsChanged: Boolean(recipients), urlReplaced: Boolean(url) },
    });
    return toDto(row as TChannelRow);
  });
}

/** A new signing secret for a signed webhook, returned this once; the old one stops verifying at once. */
export async function rotateAlertChannelSecret(actor: TActor, ring: TKeyRing, input: z.input<typeof ZAlertChannelIdInput>): Promise<{ channel: TAlertChannelDto; signingSecret: string }> {
  const { channelId } = ZAlertChannelIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findLive(tx, channelId);
    if (current.kind !== "webhook") throw new ValidationError([{ path: ["channelId"], message: "Only signed webhooks have a signing secret" }]);
    const signingSecret = generateSigningSecret();
    const row = await tx.alertChannel.update({
      where: { id: channelId },
      data: { ...sealChannelSecret(ring, actor.scope.partnerId, channelId, { signingSecret }), secretHint: maskSecret(signingSecret), updatedAt: new Date() },
      select,
    });
    await recordAudit({ tx, scope: actor.scope, action: "alert_channel.secret_rotated", target: { type: "alert_channel", id: channelId }, data: { name: row.name } });
    return { channel: toDto(row as TChannelRow), signingSecret };
  });
}

/** Removes a channel (kept for its deliveries' history); rules that name it stop sending to it. */
export async function archiveAlertChannel(actor: TActor, input: z.input<typeof ZAlertChannelIdInput>): Promise<{ archived: true }> {
  const { channelId } = ZAlertChannelIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const current = await findLive(tx, channelId);
    await tx.alertChannel.update({ where: { id: channelId }, data: { archivedAt: new Date(), updatedAt: new Date() } });
    await recordAudit({ tx, scope: actor.scope, action: "alert_channel.archived", target: { type: "alert_channel", id: channelId }, data: { name: current.name } });
    return { archived: true as const };
  });
}

export async function listAlertChannels(actor: TActor): Promise<TAlertChannelDto[]> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const rows = await tx.alertChannel.findMany({ where: { archivedAt: null }, orderBy: { createdAt: "asc" }, select });
    return rows.map((row) => toDto(row as TChannelRow));
  });
}

const TEST_PAYLOAD: TNotificationPayload = { type: "alert.test", rule: null, alerts: [] };

/**
 * Queues a test alert on the channel, through the same outbox and worker as
 * real ones (so it proves the whole path, the SSRF guard included); its
 * delivery shows in {@link listAlertDeliveries}.
 */
export async function sendTestAlert(actor: TActor, input: z.input<typeof ZAlertChannelIdInput>): Promise<{ deliveryIds: string[] }> {
  const { channelId } = ZAlertChannelIdInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const channel = (await findLive(tx, channelId)) as TChannelRow;
    const recipients = channel.kind === "email" ? toDto(channel).recipients : [null];
    const now = new Date();
    const deliveryIds: string[] = [];
    for (const recipient of recipients) {
      const row = await tx.alertDelivery.create({
        data: { partnerId: actor.scope.partnerId, channelId, recipient, alertIds: [], payload: TEST_PAYLOAD as object, nextAttemptAt: now, createdAt: now },
        select: { id: true },
      });
      deliveryIds.push(row.id);
    }
    await recordAudit({ tx, scope: actor.scope, action: "alert_channel.tested", target: { type: "alert_channel", id: channelId }, data: { deliveries: deliveryIds.length } });
    return { deliveryIds };
  });
}

export const ZListAlertDeliveriesInput = z.object({ channelId: z.uuid().optional(), limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 });

/** The newest deliveries, of one channel or all: what was sent, what is being retried and why. */
export async function listAlertDeliveries(actor: TActor, input: z.input<typeof ZListAlertDeliveriesInput>): Promise<TAlertDeliveryDto[]> {
  const { channelId, limit } = ZListAlertDeliveriesInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    if (channelId && !(await tx.alertChannel.findFirst({ where: { id: channelId }, select: { id: true } }))) throw new NotFoundError("Alert channel");
    return tx.alertDelivery.findMany({
      where: channelId ? { channelId } : {},
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, channelId: true, ruleId: true, recipient: true, status: true, attempts: true, nextAttemptAt: true, lastError: true, deliveredAt: true, createdAt: true },
    });
  });
}
