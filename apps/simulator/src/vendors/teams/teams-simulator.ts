import { Hono } from "hono";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";
import { checkTeamsPayload } from "./teams-payload";

export interface TTeamsWebhook {
  workflowId: string;
  /** The `sig` query parameter: what makes the URL a secret. */
  sig: string;
  channel: string;
  url: string;
}

export interface TTeamsMessage {
  channel: string;
  workflowId: string;
  /** The Adaptive Cards, in attachment order. */
  cards: Record<string, unknown>[];
  payload: Record<string, unknown>;
  receivedAt: string;
}

export interface TTeamsState {
  webhooks: TTeamsWebhook[];
  messages: TTeamsMessage[];
}

export interface TTeamsSimulator extends TVendorSimulator<TTeamsState> {
  /** A new Workflows webhook posting to `channel` (default "General"). */
  registerWebhook(options?: { channel?: string }): TTeamsWebhook;
  messagesIn(channel: string): TTeamsMessage[];
}

const ZRegisterWebhook = z.strictObject({ channel: z.string().min(1).max(80).default("General") });

/**
 * Teams Workflows webhooks, shaped like Power Automate's trigger URLs:
 * `POST /teams/workflows/:id/triggers/manual/paths/invoke?api-version=…&sig=…`.
 * Answers 202 with no body, or `{ error: { code, message } }` as Logic Apps does.
 */
export const teamsSimulator: TVendorFactory = (context): TTeamsSimulator => {
  const state: TTeamsState = { webhooks: [], messages: [] };
  const routes = new Hono();

  function registerWebhook(options: { channel?: string } = {}): TTeamsWebhook {
    const { channel } = ZRegisterWebhook.parse(options);
    const workflowId = randomUUID().replaceAll("-", "");
    const sig = randomBytes(32).toString("base64url");
    const query = new URLSearchParams({ "api-version": "2016-06-01", sp: "/triggers/manual/run", sv: "1.0", sig });
    const webhook = { workflowId, sig, channel, url: `${context.baseUrl()}/teams/workflows/${workflowId}/triggers/manual/paths/invoke?${query}` };
    state.webhooks.push(webhook);
    return webhook;
  }

  routes.post("/_webhooks", async (c) => {
    const parsed = ZRegisterWebhook.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    return c.json(registerWebhook(parsed.data), 201);
  });

  routes.post("/workflows/:workflowId/triggers/manual/paths/invoke", async (c) => {
    const workflowId = c.req.param("workflowId");
    const webhook = state.webhooks.find((w) => w.workflowId === workflowId);
    const error = (code: string, message: string, status: 400 | 401 | 404) => c.json({ error: { code, message } }, status);
    if (!webhook) return error("WorkflowNotFound", `The workflow '${workflowId}' could not be found.`, 404);
    if (c.req.query("sig") !== webhook.sig) return error("DirectApiInvalidAuthorizationSignature", "The provided authorization signature is not valid.", 401);
    const check = checkTeamsPayload(await c.req.text());
    if (!check.ok) return error(check.code, check.message, 400);
    state.messages.push({ channel: webhook.channel, workflowId, cards: check.cards, payload: check.payload, receivedAt: new Date().toISOString() });
    return c.body(null, 202);
  });

  return {
    key: "teams",
    routes,
    state,
    registerWebhook,
    messagesIn: (channel) => state.messages.filter((m) => m.channel === channel),
    reset() {
      state.webhooks.length = 0;
      state.messages.length = 0;
    },
  };
};
