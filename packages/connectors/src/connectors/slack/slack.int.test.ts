import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { startSimulator, type TSimulator } from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { slackSimulator, type TSlackSimulator } from "@storeflow/simulator";
import { webhookReceiverSimulator, type TWebhookReceiverSimulator } from "@storeflow/simulator";
import { invokeAction } from "../../sdk/invoke";
import { slackConnector, type TSlackConfig } from "./index";

let sim: TSimulator;
let slack: TSlackSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [slackSimulator, webhookReceiverSimulator] });
  slack = sim.vendor<TSlackSimulator>("slack");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function context(webhookUrl: string, config: TSlackConfig = { allowedBaseUrl: `${sim.url}/slack/services/` }) {
  return { config, secrets: { webhookUrl }, signal: new AbortController().signal, fetch };
}

function post(webhookUrl: string, input: unknown, config?: TSlackConfig) {
  return invokeAction(slackConnector, { operation: "postMessage", input, idempotencyKey: randomUUID(), ...context(webhookUrl, config) });
}

describe("slack connector: postMessage", () => {
  it("posts text and blocks to the webhook's channel", async () => {
    const webhook = slack.registerWebhook({ channel: "#store-alerts" });
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Low stock*: RED-42" } }];

    const output = await post(webhook.url, { text: "Low stock: RED-42", blocks }, { allowedBaseUrl: `${sim.url}/slack/services/`, channelLabel: "#store-alerts" });

    expect(output).toEqual({ ok: true, channelLabel: "#store-alerts" });
    expect(slack.messagesIn("#store-alerts")).toEqual([expect.objectContaining({ text: "Low stock: RED-42", blocks })]);
  });

  it("refuses a webhook URL that is not Slack's without sending anything", async () => {
    const receiver = sim.vendor<TWebhookReceiverSimulator>("webhook-receiver");
    const elsewhere = receiver.registerEndpoint("catch");

    await expect(post(elsewhere, { text: "hi" }, {})).rejects.toThrow("must start with https://hooks.slack.com/services/");
    await expect(post(elsewhere, { text: "hi" })).rejects.toThrow("not under the configured allowedBaseUrl");
    expect(receiver.state.deliveries).toHaveLength(0);
  });

  it("refuses empty text before calling Slack", async () => {
    const webhook = slack.registerWebhook();
    await expect(post(webhook.url, { text: "  " })).rejects.toThrow(/text is required/);
    expect(slack.state.messages).toHaveLength(0);
  });

  it("maps Slack's error bodies to non-retryable errors with an explanation", async () => {
    const webhook = slack.registerWebhook({ channel: "#old" });
    const removed = `${sim.url}/slack/services/T00000000/B00000000/${webhook.token}`;
    const revoked = webhook.url.replace(webhook.token, "wrong-token");

    await expect(post(removed, { text: "hi" })).rejects.toThrow("Slack answered 404: no_service (the webhook was removed");
    await expect(post(revoked, { text: "hi" })).rejects.toThrow("Slack answered 403: invalid_token");
    await expect(post(webhook.url, { text: "hi", blocks: [{ type: "carousel" }] })).rejects.toThrow("Slack answered 400: invalid_blocks");
    slack.archiveChannel("#old");
    const archived = await post(webhook.url, { text: "hi" }).catch((e: unknown) => e);
    expect(archived).toBeInstanceOf(NonRetryableError);
    expect((archived as Error).message).toBe("Slack answered 410: channel_is_archived (the webhook's channel is archived; unarchive it or create a new webhook)");
    expect(slack.state.messages).toHaveLength(0);
  });

  it("maps 429 with Retry-After and 500 rollup_error to retryable errors", async () => {
    const webhook = slack.registerWebhook();
    sim.faults.add({ vendor: "slack", status: 429, retryAfterS: 30 });
    const limited = await post(webhook.url, { text: "hi" }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(30_000);

    sim.faults.add({ vendor: "slack", status: 500, body: "rollup_error" });
    const failed = await post(webhook.url, { text: "hi" }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(RetryableError);
    expect((failed as Error).message).toContain("rollup_error (Slack had an internal error)");
  });
});

describe("slack connector: health", () => {
  it("checks a webhook with Slack's no_text answer and posts nothing", async () => {
    const webhook = slack.registerWebhook();
    expect(await slackConnector.health(context(webhook.url))).toEqual({ ok: true });
    expect(slack.state.messages).toHaveLength(0);

    const gone = `${sim.url}/slack/services/T00000000/B00000000/x`;
    expect(await slackConnector.health(context(gone))).toEqual({ ok: false, detail: expect.stringContaining("404: no_service") });
  });
});
