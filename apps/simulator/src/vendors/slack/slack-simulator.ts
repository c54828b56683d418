import { Hono } from "hono";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";
import { checkSlackPayload } from "./slack-payload";

export interface TSlackWebhook {
  team: string;
  bot: string;
  /** The last path segment: what makes the URL a secret. */
  token: string;
  channel: string;
  url: string;
}

export interface TSlackMessage {
  channel: string;
  /** `/services/T…/B…/…` of the webhook it came through. */
  webhookPath: string;
  text: string | undefined;
  blocks: Record<string, unknown>[] | undefined;
  payload: Record<string, unknown>;
  receivedAt: string;
}

export interface TSlackState {
  webhooks: TSlackWebhook[];
  archivedChannels: string[];
  messages: TSlackMessage[];
}

export interface TSlackSimulator extends TVendorSimulator<TSlackState> {
  /** A new incoming webhook posting to `channel` (default "#general"). */
  registerWebhook(options?: { channel?: string }): TSlackWebhook;
  /** Webhooks into an archived channel answer 410 channel_is_archived. */
  archiveChannel(channel: string): void;
  messagesIn(channel: string): TSlackMessage[];
}

const ZRegisterWebhook = z.strictObject({ channel: z.string().min(1).max(80).default("#general") });

function randomId(prefix: string, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return prefix + [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

function randomToken(): string {
  return randomBytes(18).toString("base64url").replace(/[-_]/g, "x");
}

/**
 * Slack incoming webhooks: `POST /slack/services/:team/:bot/:token` accepts only
 * registered webhooks and answers as Slack does: `ok` as text, or an error string
 * (`no_service`, `invalid_token`, `invalid_payload`, `no_text`, `channel_is_archived`…).
 */
export const slackSimulator: TVendorFactory = (context): TSlackSimulator => {
  const state: TSlackState = { webhooks: [], archivedChannels: [], messages: [] };
  const routes = new Hono();

  function registerWebhook(options: { channel?: string } = {}): TSlackWebhook {
    const { channel } = ZRegisterWebhook.parse(options);
    const team = randomId("T", 8);
    const bot = randomId("B", 10);
    const token = randomToken();
    const webhook = { team, bot, token, channel, url: `${context.baseUrl()}/slack/services/${team}/${bot}/${token}` };
    state.webhooks.push(webhook);
    return webhook;
  }

  routes.post("/_webhooks", async (c) => {
    const parsed = ZRegisterWebhook.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    return c.json(registerWebhook(parsed.data), 201);
  });

  routes.post("/services/:team/:bot/:token", async (c) => {
    const { team, bot, token } = c.req.param();
    const webhook = state.webhooks.find((w) => w.team === team && w.bot === bot);
    const text = (body: string, status: 200 | 400 | 403 | 404 | 410) => c.body(body, status, { "content-type": "text/html" });
    if (!webhook) return text("no_service", 404);
    if (webhook.token !== token) return text("invalid_token", 403);
    if (state.archivedChannels.includes(webhook.channel)) return text("channel_is_archived", 410);
    const check = checkSlackPayload(await c.req.text(), c.req.header("content-type") ?? "");
    if (!check.ok) return text(check.error, 400);
    state.messages.push({
      channel: webhook.channel,
      webhookPath: `/services/${team}/${bot}/${token}`,
      text: check.text,
      blocks: check.blocks,
      payload: check.payload,
      receivedAt: new Date().toISOString(),
    });
    return text("ok", 200);
  });

  return {
    key: "slack",
    routes,
    state,
    registerWebhook,
    archiveChannel(channel) {
      if (!state.archivedChannels.includes(channel)) state.archivedChannels.push(channel);
    },
    messagesIn: (channel) => state.messages.filter((m) => m.channel === channel),
    reset() {
      state.webhooks.length = 0;
      state.archivedChannels.length = 0;
      state.messages.length = 0;
    },
  };
};
