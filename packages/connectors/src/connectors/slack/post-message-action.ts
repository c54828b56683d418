import { z } from "zod";
import { defineAction, type TActionContext } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";
import { describeErrorBody, readCappedText } from "../http/read-body";
import { type TSlackConfig, type TSlackSecrets } from "./config";
import { explainSlackError } from "./slack-errors";
import { checkSlackWebhookUrl } from "./webhook-url";

const MAX_ERROR_BYTES = 4096;

export const ZSlackPostMessageInput = z.strictObject({
  /** With blocks, the notification and screen-reader fallback; Slack cuts messages past 40,000 characters. */
  text: z.string().trim().min(1, "text is required (with blocks it is the notification fallback)").max(40_000),
  /** Block Kit blocks, passed through as given; Slack checks them and answers invalid_blocks. */
  blocks: z
    .array(z.looseObject({ type: z.string().min(1, "every block needs a type") }))
    .max(50, "Slack accepts at most 50 blocks per message")
    .optional(),
});

export const ZSlackPostMessageOutput = z.strictObject({
  ok: z.literal(true),
  channelLabel: z.string().optional(),
});

export const postMessageAction = defineAction({
  title: "Post a Slack message",
  capability: "chat.message.post",
  // Incoming webhooks keep no idempotency key: a retry after a lost answer can post
  // twice, which for a notification is accepted rather than dropping the message.
  idempotency: "natural",
  input: ZSlackPostMessageInput,
  output: ZSlackPostMessageOutput,
  async run(context: TActionContext<TSlackConfig, TSlackSecrets>, input) {
    const url = checkSlackWebhookUrl(context.secrets.webhookUrl, context.config.allowedBaseUrl);
    const response = await context.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ text: input.text, ...(input.blocks ? { blocks: input.blocks } : {}) }),
      redirect: "error",
      signal: context.signal,
    });
    if (!response.ok) {
      const { text } = await readCappedText(response, MAX_ERROR_BYTES);
      throw httpError("Slack", response, explainSlackError(describeErrorBody(text)));
    }
    await response.body?.cancel();
    return { ok: true as const, ...(context.config.channelLabel ? { channelLabel: context.config.channelLabel } : {}) };
  },
});
